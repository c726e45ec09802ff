"""The rule registry: every rule of every family, in code order."""

from __future__ import annotations

from reviewer.rules import apology, explanation, hedging, length, structure
from reviewer.rules.base import DocumentRule, Draft, Examples, Hit, ModelRule, PhraseRule, Rule

FAMILY_MODULES = (apology, explanation, hedging, length, structure)
ALL_RULES: tuple[Rule, ...] = tuple(rule for module in FAMILY_MODULES for rule in module.RULES)
FAMILIES: tuple[str, ...] = tuple(module.FAMILY for module in FAMILY_MODULES)
BY_CODE = {rule.code: rule for rule in ALL_RULES}


def find_rule(key: str) -> Rule | None:
    """RETURNS (Rule | None): the rule with this code or name."""
    key = key.strip()
    return BY_CODE.get(key.upper()) or next((r for r in ALL_RULES if r.name == key), None)


__all__ = ["ALL_RULES", "BY_CODE", "FAMILIES", "DocumentRule", "Draft", "Examples", "Hit", "ModelRule", "PhraseRule", "Rule", "find_rule"]
