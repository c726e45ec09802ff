"""Runs the rules over a draft and returns a Report: the library's one entry point."""

from __future__ import annotations

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

    for doc in nlp.pipe(normalised(), batch_size=batch_size):
        yield review_doc(originals.pop(0), doc, config)


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
    for rule in sorted(rules, key=lambda r: r.stage):
        if rule.stage == 2 and rules and not hasattr(draft, "_merged"):
            findings = _merge_overlaps(findings)
            object.__setattr__(draft, "_merged", True)
        for hit in rule.check(draft, list(findings)):
            findings.append(_finding(rule, hit, text, lines, config))
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


def _merge_overlaps(findings: list[Finding]) -> list[Finding]:
    """One finding per place and family: rule findings absorb overlapping model findings
    (becoming rule+model), and of two overlapping rule findings the longer is kept.
    Document-level findings (metrics) are never merged."""
    document = [f for f in findings if f.code in DOCUMENT_CODES]
    model = [f for f in findings if f.source is Source.MODEL]
    kept: list[Finding] = []
    rule_findings = [f for f in findings if f.code not in DOCUMENT_CODES and f.source is not Source.MODEL]
    for finding in sorted(rule_findings, key=lambda f: (f.end - f.start, -f.start), reverse=True):
        if not any(_overlap(k, finding) for k in kept):
            kept.append(finding)
    for m in model:
        twins = [i for i, k in enumerate(kept) if _overlap(k, m)]
        for i in twins:
            kept[i] = replace(kept[i], source=Source.RULE_AND_MODEL, confidence=m.confidence, evidence=m.evidence)
        if not twins:
            kept.append(m)
    return kept + document


def _overlap(a: Finding, b: Finding) -> bool:
    return a.family == b.family and a.start < b.end and b.start < a.end


def anatomy_of(report: Report) -> Anatomy:
    """RETURNS (Anatomy): the parts of the reviewed note."""
    return report.extras["anatomy"]
