"""Runs the rules over a draft and returns a Report: the library's one entry point.

Per draft, the engine builds everything rules read exactly once (the Doc, its anatomy,
the phrase hits, what each unit does, every phrase rule's hits and the classifier's unit
scores) and hands it to every rule on a Draft. A Report is plain data.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TypeVar

from spacy.tokens import Doc

from reviewer import suppression
from reviewer.anatomy import Anatomy, dissect
from reviewer.config import Config
from reviewer.findings import Finding, Source
from reviewer.model.scoring import score_units
from reviewer.phrases import Cues, match, unit_cues
from reviewer.pipeline import get_pipeline
from reviewer.rules import ALL_RULES, DOCUMENT_CODES, PHRASE_FAMILIES, PHRASE_RULES, Draft, ModelRule, PhraseRule, Rule, Stage
from reviewer.rules.base import Hit, PhraseFinding
from reviewer.settings import Settings, resolve, specificity
from reviewer.textutil import REVIEW_LIMIT, LineIndex, normalise_quotes, review_extent

DEFAULT_CONFIG = Config()
Context = TypeVar("Context")


@dataclass(frozen=True)
class Report:
    """The result of reviewing one draft: plain data, no spaCy objects."""

    findings: tuple[Finding, ...]
    anatomy: Anatomy  # the note's parts, offsets into the draft
    cues: tuple[Cues, ...] = ()  # what each unit of the anatomy does
    unreviewed: int = 0  # characters at the end past the review limit, not reviewed (RN405 says so)

    @property
    def body_words(self) -> int:
        return self.anatomy.body_words

    @property
    def units(self) -> int:
        return len(self.anatomy.units)

    def counts_by_family(self) -> dict[str, int]:
        """RETURNS (dict): number of findings per rule family."""
        return dict(Counter(f.family for f in self.findings))

    def fails(self, fail_on: int) -> bool:
        """Whether any finding is at or above the failing level."""
        return any(f.severity >= fail_on for f in self.findings)


@functools.lru_cache(maxsize=16)
def settings_for(config: Config = DEFAULT_CONFIG) -> Settings:
    """RETURNS (Settings): the options checked against the rule registry (ConfigError if bad)."""
    return resolve(config, ALL_RULES, PHRASE_FAMILIES)


def review(text: str, config: Config = DEFAULT_CONFIG) -> Report:
    """Review one draft.

    text (str): the draft as the user wrote it.
    config (Config): options; the defaults follow the career advice.
    RETURNS (Report): findings with offsets into `text`.
    """
    return next(review_many([text], config))


def review_many(texts: Iterable[str], config: Config = DEFAULT_CONFIG, batch_size: int = 64) -> Iterator[Report]:
    """Review many drafts lazily, in order, through one `nlp.pipe` stream."""
    for report, _ in review_pairs(((check_text(text), None) for text in texts), config, batch_size):
        yield report


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(text: str | None, missing_ok: bool = False) -> str | None:
    """The API's door: RETURNS `text` if it is a str without lone surrogates, else raises a
    TypeError (bytes, None, a number...) or ValueError (a lone surrogate) saying so."""
    if text is None and missing_ok:
        return None
    if not isinstance(text, str):
        hint = "; decode bytes first, e.g. data.decode('utf-8')" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"a draft must be a str, not {type(text).__name__}{hint}")
    surrogate = _SURROGATE.search(text)
    if surrogate:
        raise ValueError(f"a draft must be valid Unicode: lone surrogate U+{ord(surrogate.group()):04X} at offset {surrogate.start()}")
    return text


def review_pairs(pairs: Iterable[tuple[str | None, Context]], config: Config = DEFAULT_CONFIG,
                 batch_size: int = 64) -> Iterator[tuple[Report | None, Context]]:
    """The one batch mechanism: review (text, context) pairs lazily and in order, through one
    `nlp.pipe` stream; a pair whose text is None (a file that could not be read) passes
    through as (None, context) in its place."""
    settings = settings_for(config)
    nlp = get_pipeline(settings.pipeline)

    limit = min(REVIEW_LIMIT, nlp.max_length)

    def prepared() -> Iterator[tuple[str, tuple]]:
        for text, context in pairs:
            if check_text(text, missing_ok=True) is None:
                yield "", (None, None, None, context)
                continue
            stripped, suppressed = suppression.parse(text)
            # Past the limit only the start is reviewed (RN405 says so): bounded time and memory.
            reviewed = normalise_quotes(stripped[: review_extent(stripped, limit)])
            yield reviewed, (text, reviewed, suppressed, context)

    for doc, (text, reviewed, suppressed, context) in nlp.pipe(prepared(), as_tuples=True, batch_size=batch_size):
        yield (None if text is None else _review_doc(text, doc, settings, suppressed, reviewed)), context


def prepare(config: Config = DEFAULT_CONFIG) -> None:
    """Load everything a review uses (pipeline, classifier, compiled phrase lists) by reviewing
    a short note, so worker processes forked afterwards start warm and share it."""
    review("Thank you for meeting with me today. I just wanted to add that I led the team.", config)


def review_doc(text: str, doc: Doc, config: Config = DEFAULT_CONFIG) -> Report:
    """Review a draft already processed by the review pipeline (`doc` may hold only the start
    of `text`, as the engine's review limit gives it)."""
    return _review_doc(text, doc, settings_for(config), suppression.parse(text)[1])


def build_draft(doc: Doc, settings: Settings, unreviewed: str = "", doc_text: str | None = None) -> Draft:
    """RETURNS (Draft): what every rule reads, built once: anatomy, phrase hits, unit cues,
    every phrase rule's hits (whatever the selection) and, when a model rule is on, the
    classifier's unit scores.

    unreviewed (str): the draft's text after `doc`'s, left out by the review limit.
    doc_text (str): doc.text, when the caller has it.
    """
    doc_text = doc.text if doc_text is None else doc_text
    anatomy = dissect(doc, doc_text)
    hits = match(doc, anatomy.sentences, settings.extra)
    draft = Draft(doc, anatomy, settings, hits, unit_cues(doc, anatomy, hits), doc.has_annotation("DEP"), doc_text,
                  unreviewed=unreviewed)
    found = sorted(
        (PhraseFinding(hit.start, hit.end, rule.code, rule.family) for rule in PHRASE_RULES for hit in rule.check(draft, [])),
        key=lambda p: (p.start, p.code),
    )
    scores = None
    shown = {r.label for r in ALL_RULES if isinstance(r, ModelRule) and r.code in settings.enabled}
    if settings.use_model and shown:
        scores = score_units(doc, anatomy, settings.threshold_overrides, explain=shown, doc_text=doc_text)
    return replace(draft, phrase_findings=tuple(found), scores=scores)


def _review_doc(text: str, doc: Doc, settings: Settings, suppressed: suppression.Suppressions,
                doc_text: str | None = None) -> Report:
    doc_text = doc.text if doc_text is None else doc_text
    draft = build_draft(doc, settings, text[len(doc_text):], doc_text)
    lines = LineIndex(text)
    findings: list[Finding] = []
    for stage, rules in _rules_by_stage(settings):
        if stage is Stage.FINDINGS:
            findings = _merge_overlaps(findings)  # rules built on findings see merged ones
        for rule in rules:
            findings.extend(_finding(rule, hit, text, lines, settings) for hit in _hits(rule, draft, findings))
    findings = [f for f in _merge_overlaps(findings) if not _suppressed(f, suppressed)]
    findings.sort(key=lambda f: (f.start, -f.severity, f.code))
    return Report(tuple(findings), draft.anatomy, draft.cues, len(draft.unreviewed))


@functools.lru_cache(maxsize=16)
def _rules_by_stage(settings: Settings) -> tuple[tuple[Stage, tuple[Rule, ...]], ...]:
    """RETURNS (tuple): each stage with the rules the settings run in it, in registry order."""
    rules = [r for r in ALL_RULES if r.code in settings.enabled and (settings.use_model or r.source is not Source.MODEL)]
    return tuple((stage, tuple(r for r in rules if r.stage is stage)) for stage in Stage)


def _hits(rule: Rule, draft: Draft, findings: list[Finding]) -> Iterable[Hit]:
    if not rule.applies(draft):
        return []
    if isinstance(rule, PhraseRule):  # already found for the classifier's features
        return [Hit(p.start, p.end, edits=rule.edits(draft, p.start, p.end)) for p in draft.phrase_findings if p.code == rule.code]
    return rule.check(draft, list(findings))


def _suppressed(finding: Finding, suppressed: suppression.Suppressions) -> bool:
    """Whether a draft's own comments switch a finding off (the selection resolver of --ignore)."""
    return any(a <= finding.start < b for a, b in suppressed.off_ranges) or specificity(suppressed.ignored, finding) >= 0


def _finding(rule: Rule, hit: Hit, text: str, lines: LineIndex, settings: Settings) -> Finding:
    line, column = lines.position(hit.start)
    return Finding(
        code=rule.code,
        name=rule.name,
        family=rule.family,
        severity=settings.severity_for(rule.code, rule.severity),
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
        edits=tuple(replace(e, code=rule.code) for e in hit.edits),
        scope=rule.scope,
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
