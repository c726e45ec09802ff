"""Runs the rules over a draft and returns a Report: the library's one entry point."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from reviewer import suppression
from reviewer.anatomy import Anatomy, dissect
from reviewer.config import Config
from reviewer.findings import Finding, Severity, Source
from reviewer.pipeline import get_pipeline
from reviewer.rules import ALL_RULES, DocumentRule, Draft, Rule
from reviewer.textutil import LineIndex, normalise_quotes

DEFAULT_CONFIG = Config()
DOCUMENT_CODES = frozenset(r.code for r in ALL_RULES if isinstance(r, DocumentRule))


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
            yield normalise_quotes(suppression.parse(text)[0])

    def checked(texts_in: Iterator[str]) -> Iterator[str]:
        for text in texts_in:
            if len(text) > nlp.max_length:
                raise ValueError(f"text of {len(text):,} characters is longer than the pipeline's limit of {nlp.max_length:,}")
            yield text

    for doc in nlp.pipe(checked(normalised()), batch_size=batch_size):
        yield review_doc(originals.pop(0), doc, config)


def max_length(config: Config = DEFAULT_CONFIG) -> int:
    """RETURNS (int): the longest text (in characters) the configured pipeline accepts."""
    return get_pipeline(config.pipeline).max_length


def review_doc(text: str, doc: Doc, config: Config = DEFAULT_CONFIG) -> Report:
    """Review a draft already processed by the review pipeline."""
    _, suppressed = suppression.parse(text)
    anatomy = dissect(doc)
    draft = Draft(doc, anatomy, config)
    lines = LineIndex(text)
    rules = [
        r for r in ALL_RULES
        if config.is_enabled(r.code, r.name, r.family) and (config.use_model or r.source is not Source.MODEL)
    ]
    findings: list[Finding] = []
    for stage in (0, 1, 2):
        if stage == 2:
            findings = _merge_overlaps(findings)  # rules built on findings see merged ones
        for rule in (r for r in rules if r.stage == stage):
            findings.extend(_finding(rule, hit, text, lines, config) for hit in rule.check(draft, list(findings)))
    findings = [f for f in _merge_overlaps(findings) if not suppressed.hides(f.code, f.name, f.family, f.start)]
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
        source=rule.source,
        confidence=hit.confidence,
        evidence=hit.evidence,
    )


class _Intervals:
    """Non-overlapping findings of one family, sorted by start, for fast overlap lookups."""

    def __init__(self):
        self.starts: list[int] = []
        self.items: list[Finding] = []

    def overlapping(self, finding: Finding) -> list[int]:
        i = bisect.bisect_right(self.starts, finding.start)
        hits = [i - 1] if i > 0 and self.items[i - 1].end > finding.start else []
        while i < len(self.items) and self.items[i].start < finding.end:
            hits.append(i)
            i += 1
        return hits

    def add(self, finding: Finding) -> None:
        i = bisect.bisect_right(self.starts, finding.start)
        self.starts.insert(i, finding.start)
        self.items.insert(i, finding)


def _merge_overlaps(findings: list[Finding]) -> list[Finding]:
    """One finding per place and family: rule findings absorb overlapping model findings
    (becoming rule+model), and of two overlapping rule findings the longer is kept.
    Document-level findings (metrics) are never merged."""
    document = [f for f in findings if f.code in DOCUMENT_CODES]
    spans = [f for f in findings if f.code not in DOCUMENT_CODES]
    kept: dict[str, _Intervals] = {}
    rule_findings = [f for f in spans if f.source is not Source.MODEL]
    for finding in sorted(rule_findings, key=lambda f: (f.end - f.start, -f.start), reverse=True):
        family = kept.setdefault(finding.family, _Intervals())
        if not family.overlapping(finding):
            family.add(finding)
    extra: list[Finding] = []
    for m in (f for f in spans if f.source is Source.MODEL):
        family = kept.setdefault(m.family, _Intervals())
        twins = family.overlapping(m)
        for i in twins:
            family.items[i] = replace(family.items[i], source=Source.RULE_AND_MODEL, confidence=m.confidence, evidence=m.evidence)
        if not twins:
            extra.append(m)
    return [f for family in kept.values() for f in family.items] + extra + document


def anatomy_of(report: Report) -> Anatomy:
    """RETURNS (Anatomy): the parts of the reviewed note."""
    return report.extras["anatomy"]
