"""Runs the rules over a draft and returns a Report: the library's one entry point."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc

from reviewer.anatomy import Anatomy, dissect
from reviewer.config import Config
from reviewer.findings import Finding, Severity
from reviewer.pipeline import get_pipeline
from reviewer.rules import ALL_RULES, Draft, Rule
from reviewer.textutil import LineIndex, normalise_quotes

DEFAULT_CONFIG = Config()


@dataclass(frozen=True)
class Report:
    """The result of reviewing one draft."""

    findings: tuple[Finding, ...]
    body_words: int
    units: int
    extras: dict = field(default_factory=dict)  # e.g. the suggested rewrite

    def counts_by_family(self) -> dict[str, int]:
        """RETURNS (dict): number of findings per rule family."""
        return dict(Counter(f.family for f in self.findings))

    def fails(self, fail_on: Severity) -> bool:
        """Whether any finding is at or above the failing severity."""
        return any(f.severity >= fail_on for f in self.findings)


def review(text: str, config: Config = DEFAULT_CONFIG) -> Report:
    """Review one draft.

    text (str): the draft as the user wrote it.
    config (Config): settings; defaults follow GUIDANCE.md.
    RETURNS (Report): findings with offsets into `text`.
    """
    return next(review_many([text], config))


def review_many(texts: Iterable[str], config: Config = DEFAULT_CONFIG, batch_size: int = 64) -> Iterator[Report]:
    """Review many drafts lazily, in order, through one `nlp.pipe` stream."""
    nlp = get_pipeline(config.pipeline)
    originals: list[str] = []

    def normalised() -> Iterator[str]:
        for text in texts:
            originals.append(text)
            yield normalise_quotes(text)

    for doc in nlp.pipe(normalised(), batch_size=batch_size):
        yield review_doc(originals.pop(0), doc, config)


def review_doc(text: str, doc: Doc, config: Config = DEFAULT_CONFIG) -> Report:
    """Review a draft already processed by the review pipeline."""
    anatomy = dissect(doc)
    draft = Draft(doc, anatomy, config)
    lines = LineIndex(text)
    rules = [r for r in ALL_RULES if config.is_enabled(r.code, r.name, r.family)]
    findings: list[Finding] = []
    for rule in sorted(rules, key=lambda r: r.after_findings):
        for hit in rule.check(draft, list(findings)):
            findings.append(_finding(rule, hit, text, lines, config))
    findings = _merge_overlaps(findings)
    findings.sort(key=lambda f: (f.start, -f.severity, f.code))
    return Report(tuple(findings), anatomy.body_words, len(anatomy.units), {"anatomy": anatomy})


def _finding(rule: Rule, hit, text: str, lines: LineIndex, config: Config) -> Finding:
    line, column = lines.position(hit.start)
    return Finding(
        code=rule.code,
        name=rule.name,
        family=rule.family,
        severity=config.severity_for(rule.code, rule.name, rule.severity),
        start=hit.start,
        end=hit.end,
        line=line,
        column=column,
        text=text[hit.start : hit.end],
        message=rule.message.replace("{detail}", hit.detail),
        fix=rule.fix,
        confidence=hit.confidence,
    )


def _merge_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep one finding where two of the same family cover overlapping text."""
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.end - f.start), reverse=True):
        if any(
            k.family == finding.family and k.start < finding.end and finding.start < k.end and k.code[:4] != "RN40"
            and k.code != "RN202"
            for k in kept
        ):
            continue
        kept.append(finding)
    return kept


def anatomy_of(report: Report) -> Anatomy:
    """RETURNS (Anatomy): the parts of the reviewed note."""
    return report.extras["anatomy"]
