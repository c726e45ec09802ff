"""The rule registry: every rule of every family, in code order."""

from __future__ import annotations

from reviewer.rules import apology, explanation, hedging, length, spelling, structure
from reviewer.rules.base import DocumentRule, Draft, Examples, Hit, ModelRule, PhraseRule, Rule, Stage
from reviewer.rules.families import FAMILIES, Family

# One module per family, in the order of FAMILIES (a test checks they agree).
FAMILY_MODULES = (apology, explanation, hedging, length, structure, spelling)
ALL_RULES: tuple[Rule, ...] = tuple(rule for module in FAMILY_MODULES for rule in module.RULES)
BY_CODE = {rule.code: rule for rule in ALL_RULES}
PHRASE_RULES: tuple[PhraseRule, ...] = tuple(r for r in ALL_RULES if isinstance(r, PhraseRule))
DOCUMENT_CODES = frozenset(r.code for r in ALL_RULES if isinstance(r, DocumentRule))
PHRASE_FAMILIES = tuple(f.name for f in FAMILIES if f.takes_phrases)


def find_rule(key: str) -> Rule | None:
    """RETURNS (Rule | None): the rule with this code or name."""
    key = key.strip()
    return BY_CODE.get(key.upper()) or next((r for r in ALL_RULES if r.name == key), None)


__all__ = [
    "ALL_RULES", "BY_CODE", "DOCUMENT_CODES", "FAMILIES", "FAMILY_MODULES", "PHRASE_FAMILIES", "PHRASE_RULES",
    "DocumentRule", "Draft", "Examples", "Family", "Hit", "ModelRule", "PhraseRule", "Rule", "Stage", "find_rule",
]
