"""Settings: the user's options resolved once against the rule registry.

Options (a Config: what the user wrote in TOML or flags) become Settings here, as in ruff:
rule selectors are checked against the registry (an unknown code, name or family is a
ConfigError with a "did you mean" hint), severities and thresholds are checked, and the
extra phrases are compiled. Rules see Settings, never raw options.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from reviewer.config import Config
from reviewer.errors import ConfigError
from reviewer.findings import FailOn, Severity
from reviewer.model import LABELS
from reviewer.phrases import ExtraPhrases, compile_extra


class RuleId(Protocol):
    """What selection needs to know of a rule."""

    code: str
    name: str
    family: str


@dataclass(frozen=True)
class Settings:
    """Resolved, validated settings for a review."""

    enabled: frozenset[str]  # codes of the selected rules
    severities: tuple[tuple[str, Severity], ...]  # code -> configured severity (overrides only)
    fail_on: FailOn
    min_words: int
    max_words: int
    max_sentence_words: int
    max_addendum_sentences: int
    max_subject_words: int
    pipeline: str
    use_model: bool
    thresholds: tuple[tuple[str, float], ...]  # label -> threshold (overrides only)
    extra: ExtraPhrases
    max_bytes: int

    def severity_for(self, code: str, default: Severity) -> Severity:
        """RETURNS (Severity): the configured severity of a rule, or its default."""
        return dict(self.severities).get(code, default)

    @property
    def threshold_overrides(self) -> dict[str, float]:
        """RETURNS (dict): label -> threshold the user set."""
        return dict(self.thresholds)


def specificity(entries: Iterable[str], rule: RuleId) -> int:
    """RETURNS (int): how specifically `entries` name a rule; -1 when none does.

    ALL < family < code prefix (longer is more specific) < rule name.
    """
    score = -1
    for entry in entries:
        entry = entry.strip()
        if entry.upper() == "ALL":
            score = max(score, 0)
        elif entry == rule.family:
            score = max(score, 1)
        elif entry == rule.name:
            score = max(score, 100)
        elif entry[:1].isalpha() and rule.code.upper().startswith(entry.upper()):
            score = max(score, len(entry))
    return score


def is_selected(select: Sequence[str], ignore: Sequence[str], rule: RuleId) -> bool:
    """Whether a rule is on: the most specific select/ignore entry wins, ignore on a tie."""
    selected = specificity(select, rule) if select else 0
    return selected >= 0 and specificity(ignore, rule) < selected


def check_selector(entry: str, rules: Sequence[RuleId], where: str) -> None:
    """Raise ConfigError unless `entry` names at least one rule (or is ALL)."""
    if entry.strip().upper() != "ALL" and not any(specificity([entry], r) >= 0 for r in rules):
        raise unknown_rule(entry, rules, where)


def unknown_rule(entry: str, rules: Sequence[RuleId], where: str) -> ConfigError:
    """RETURNS (ConfigError): "no rule called X", with the closest code, name or family as a hint."""
    known = sorted({r.code for r in rules} | {r.name for r in rules} | {r.family for r in rules})
    close = difflib.get_close_matches(entry.strip(), known, n=1, cutoff=0.6) or difflib.get_close_matches(
        entry.strip().upper(), known, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else "; see --list-rules"
    return ConfigError(f"{where}: no rule, code prefix or family called '{entry.strip()}'{hint}")


def resolve(config: Config, rules: Sequence[RuleId], phrase_families: Iterable[str]) -> Settings:
    """Check a Config against the registry and resolve it into Settings.

    rules (Sequence): every registered rule. phrase_families: families that take extra phrases.
    RETURNS (Settings). Raises ConfigError naming the bad entry.
    """
    origin = f"{config.source}: " if config.source else ""
    for key, entries in (("select", config.select), ("ignore", config.ignore)):
        for entry in entries:
            check_selector(entry, rules, f"{origin}{key}")
    by_key = {r.code: r for r in rules} | {r.name: r for r in rules}
    severities = []
    for key, severity in config.severity_overrides:
        rule = by_key.get(key.strip()) or by_key.get(key.strip().upper())
        if rule is None:  # a severity is set per rule: a code or a name
            raise unknown_rule(key, rules, f"{origin}severity")
        severities.append((rule.code, severity))
    for label, _ in config.model_thresholds:
        if label not in LABELS:
            raise ConfigError(f"{origin}thresholds: unknown label '{label}' (labels: {', '.join(LABELS)})")
    families = tuple(phrase_families)
    for family, _ in config.extra_phrases:
        if family not in families:
            raise ConfigError(f"{origin}extra-phrases: unknown family '{family}' (families with phrases: {', '.join(families)})")
    extra = ExtraPhrases(config.extra_phrases, config.allow_phrases)
    if extra:
        from spacy.vocab import Vocab

        try:
            compile_extra(Vocab(), extra)
        except ValueError as exc:
            raise ConfigError(f"{origin}extra-phrases/allow-phrases: {exc}") from None
    return Settings(
        enabled=frozenset(r.code for r in rules if is_selected(config.select, config.ignore, r)),
        severities=tuple(severities),
        fail_on=config.fail_on,
        min_words=config.min_words,
        max_words=config.max_words,
        max_sentence_words=config.max_sentence_words,
        max_addendum_sentences=config.max_addendum_sentences,
        max_subject_words=config.max_subject_words,
        pipeline=config.pipeline,
        use_model=config.use_model,
        thresholds=config.model_thresholds,
        extra=extra,
        max_bytes=config.max_bytes,
    )
