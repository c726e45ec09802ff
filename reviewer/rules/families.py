"""The rule families: one row each, the one place a family is declared."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    """A group of rules sharing a code prefix and a topic."""

    name: str
    prefix: str  # every code of the family starts with it ("RN1")
    label: str | None  # the classifier label of the sentences it flags (see reviewer.model.LABELS)
    about_mistake: bool  # its findings are about the interview mistake (apologies, excuses)
    takes_phrases: bool  # `[extra-phrases]` in the config may add phrases to it
    colour: str  # highlight colour in the HTML report


APOLOGY = Family("apology", "RN1", "apology", True, True, "#ffd6d6")
OVER_EXPLANATION = Family("over-explanation", "RN2", "over_explanation", True, True, "#ffe4bf")
HEDGING = Family("hedging", "RN3", "hedging", False, True, "#fff5b3")
LENGTH = Family("length", "RN4", None, False, False, "#dbe9ff")
STRUCTURE = Family("structure", "RN5", None, False, False, "#e6dcff")
SPELLING = Family("spelling", "RN6", None, False, False, "#d7f5dd")

FAMILIES: tuple[Family, ...] = (APOLOGY, OVER_EXPLANATION, HEDGING, LENGTH, STRUCTURE, SPELLING)
BY_NAME = {f.name: f for f in FAMILIES}
MISTAKE_FAMILIES = frozenset(f.name for f in FAMILIES if f.about_mistake)
FAMILY_LABELS = {f.name: f.label for f in FAMILIES if f.label}
