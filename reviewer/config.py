"""Review settings: one frozen object, built from defaults, files or the command line."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from reviewer.findings import Severity


@dataclass(frozen=True)
class Config:
    """Settings for a review; every field has a default taken from GUIDANCE.md."""

    select: tuple[str, ...] = ()  # codes, code prefixes, rule names or families; empty = all
    ignore: tuple[str, ...] = ()
    severity_overrides: tuple[tuple[str, Severity], ...] = ()
    fail_on: Severity = Severity.WARNING
    min_words: int = 50  # ideal body length (Boomerang 2016: 50-125 words)
    max_words: int = 125
    max_sentence_words: int = 40
    max_addendum_sentences: int = 2
    pipeline: str = "blank"
    use_model: bool = True
    model_thresholds: tuple[tuple[str, float], ...] = ()
    max_bytes: int = 2_000_000
    extra_phrases: tuple[tuple[str, str], ...] = field(default=())  # (family, phrase)
    allow_phrases: tuple[str, ...] = ()

    def with_changes(self, **changes) -> "Config":
        """RETURNS (Config): a copy with some fields changed (None values are skipped)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def is_enabled(self, code: str, name: str, family: str) -> bool:
        """Whether a rule is on: the most specific select/ignore entry wins, ignore on a tie."""
        selected = _specificity(self.select, code, name, family) if self.select else 0
        return selected >= 0 and _specificity(self.ignore, code, name, family) < selected

    def severity_for(self, code: str, name: str, default: Severity) -> Severity:
        """RETURNS (Severity): the configured severity of a rule, or its default."""
        for key, severity in self.severity_overrides:
            if key in (code, name):
                return severity
        return default

    def threshold_for(self, label: str, default: float) -> float:
        """RETURNS (float): the classifier threshold for a label."""
        return dict(self.model_thresholds).get(label, default)


def _specificity(entries: tuple[str, ...], code: str, name: str, family: str) -> int:
    """RETURNS (int): how specifically `entries` name a rule; -1 when none does."""
    score = -1
    for entry in entries:
        entry = entry.strip()
        if entry.upper() == "ALL":
            score = max(score, 0)
        elif entry == family:
            score = max(score, 1)
        elif entry == name:
            score = max(score, 100)
        elif entry[:1].isalpha() and code.upper().startswith(entry.upper()):
            score = max(score, len(entry))
    return score


FIELD_NAMES = tuple(f.name for f in fields(Config))
