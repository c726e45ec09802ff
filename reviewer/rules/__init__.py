"""The rule registry: every rule of every family, in code order."""

from __future__ import annotations

from reviewer.rules import apology, explanation, hedging, length, structure
from reviewer.rules.base import DocumentRule, Draft, Examples, Hit, ModelRule, PhraseRule, Rule

FAMILY_MODULES = (apology, explanation, hedging, length, structure)
ALL_RULES: tuple[Rule, ...] = tuple(rule for module in FAMILY_MODULES for rule in module.RULES)
FAMILIES: tuple[str, ...] = tuple(module.FAMILY for module in FAMILY_MODULES)
BY_CODE = {rule.code: rule for rule in ALL_RULES}


def phrase_hits(draft: Draft) -> list[tuple[int, str]]:
    """RETURNS (list): (start, code) of every phrase-rule match, whatever the selection, sorted.
    The classifier's cue features and RN203's "does the note mention a mistake" read these."""
    return sorted((hit.start, rule.code) for rule in ALL_RULES if isinstance(rule, PhraseRule) for hit in rule.check(draft, []))


def find_rule(key: str) -> Rule | None:
    """RETURNS (Rule | None): the rule with this code or name."""
    key = key.strip()
    return BY_CODE.get(key.upper()) or next((r for r in ALL_RULES if r.name == key), None)


__all__ = ["ALL_RULES", "BY_CODE", "FAMILIES", "DocumentRule", "Draft", "Examples", "Hit", "ModelRule", "PhraseRule", "Rule", "find_rule", "phrase_hits"]
