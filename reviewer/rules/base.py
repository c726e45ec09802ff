"""Rule kinds: phrase rules (spaCy Matcher patterns) and document rules (metrics, custom)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from reviewer.anatomy import Anatomy, Part
from reviewer.config import Config
from reviewer.errors import ConfigError
from reviewer.findings import Finding, Severity, Source
from reviewer.rules.patterns import PhraseList, builtin_matches, phrase_pattern

# Findings of these families are about the interview mistake (apologies and excuses).
MISTAKE_FAMILIES = ("apology", "over-explanation")
NEGATORS = frozenset({"no", "not", "n't", "never", "nothing", "without", "nobody", "none"})
OTHER_PEOPLE = frozenset({"you", "he", "she", "they", "someone", "everyone", "who", "nobody"})
_SKIPPABLE_BEFORE_VERB = frozenset({"also", "kindly", "already", "even", "again", "really", "profusely", "did", "had", "have", "has", "to"})


@dataclass(frozen=True)
class Hit:
    """Where a rule fired; `detail` fills the `{detail}` slot of its message."""

    start: int
    end: int
    detail: str = ""
    confidence: float = 1.0
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draft:
    """Everything a rule may look at."""

    doc: Doc
    anatomy: Anatomy
    config: Config


@dataclass(frozen=True)
class Examples:
    """Texts a rule must flag and texts it must leave alone; run by the test suite."""

    flag: tuple[str, ...]
    ok: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Rule:
    """A rule's identity and its documentation (ruff's fixed sections)."""

    code: str
    name: str
    family: str
    severity: Severity
    summary: str  # what it does
    why: str  # why is this bad (from GUIDANCE.md)
    fix: str  # what to do instead
    message: str  # one line shown with each finding; may hold "{detail}"
    examples: Examples
    after_findings: bool = field(default=False)  # needs the other rules' findings
    source: Source = Source.RULE

    @property
    def stage(self) -> int:
        """Run order: phrase and metric rules, then the model, then rules built on findings."""
        return 2 if self.after_findings else int(self.source is Source.MODEL)

    def check(self, draft: Draft, earlier: list[Finding]) -> Iterable[Hit]:
        """Yield the places where the draft breaks the rule."""
        raise NotImplementedError


@dataclass(frozen=True, eq=False)
class PhraseRule(Rule):
    """Flags phrases from a PhraseList, minus exceptions, negated and quoted uses."""

    phrase_list: str = ""  # the name of its data file in rules/data
    skip_negated: bool = False
    skip_other_subject: bool = False
    one_per_sentence: bool = False
    takes_extra_phrases: bool = False  # the family's general rule: config's extra phrases go here
    parts: tuple[Part, ...] = (Part.SUBJECT, Part.BODY, Part.SIGNOFF)

    def extra_matcher(self, doc: Doc, extra: PhraseList) -> Matcher:
        """RETURNS (Matcher): a matcher for the config's extra and allowed phrases, built once."""
        key = (id(doc.vocab), extra)
        cache = self.__dict__.setdefault("_matchers", {})
        if key not in cache:
            matcher = Matcher(doc.vocab)
            try:
                if extra.flag:
                    matcher.add("flag", [phrase_pattern(p) for p in extra.flag])
                if extra.allow:
                    matcher.add("allow", [phrase_pattern(p) for p in extra.allow])
            except ValueError as exc:
                bad = ", ".join(repr(p) for p in extra.flag + extra.allow)
                raise ConfigError(f"{self.code}: cannot use phrases {bad}: {str(exc).splitlines()[0]}") from None
            cache[key] = matcher
        return cache[key]

    def check(self, draft: Draft, earlier: list[Finding]) -> Iterable[Hit]:
        extra = _extra_phrases(draft.config, self.family if self.takes_extra_phrases else None)
        key = ("review_note_hits", self.code, extra)
        hits = draft.doc.user_data.get(key)
        if hits is None:  # the rules and the classifier's cue features share one run
            hits = draft.doc.user_data[key] = list(self._find(draft, extra))
        return hits

    def _find(self, draft: Draft, extra: PhraseList) -> Iterable[Hit]:
        doc = draft.doc
        found = builtin_matches(doc)
        flagged = list(found.get(self.phrase_list, ()))
        allowed = list(found.get("!" + self.phrase_list, ()))
        if extra.flag or extra.allow:
            strings = doc.vocab.strings
            for key, s, e in self.extra_matcher(doc, extra)(doc):
                (allowed if strings[key] == "allow" else flagged).append((s, e))
        spans = [doc[s:e] for s, e in flagged]
        seen_sentences: set[int] = set()
        for span in sorted(filter_spans(spans), key=lambda s: s.start):
            if any(s < span.end and span.start < e for s, e in allowed):
                continue
            unit = draft.anatomy.unit_at(span.start_char)
            if unit is None or unit.part not in self.parts:
                continue
            if draft.anatomy.is_quoted(span.start_char, span.end_char):
                continue
            if self.skip_negated and is_negated(span, unit.span.start):
                continue
            if self.skip_other_subject and has_other_subject(span, unit.span.start):
                continue
            if self.one_per_sentence:
                if unit.start in seen_sentences:
                    continue
                seen_sentences.add(unit.start)
            yield Hit(span.start_char, span.end_char)


@dataclass(frozen=True, eq=False)
class DocumentRule(Rule):
    """A rule computed by a function over the whole draft (metrics and custom checks)."""

    function: Callable[[Draft, list[Finding]], Iterable[Hit]] = lambda draft, earlier: ()

    def check(self, draft: Draft, earlier: list[Finding]) -> Iterable[Hit]:
        return self.function(draft, earlier)


def _extra_phrases(config: Config, family: str | None) -> PhraseList:
    flag = tuple(phrase for fam, phrase in config.extra_phrases if fam == family)
    return PhraseList(flag, config.allow_phrases)


def _parsed(doc: Doc) -> bool:
    if "review_note_parsed" not in doc.user_data:
        doc.user_data["review_note_parsed"] = doc.has_annotation("DEP")
    return doc.user_data["review_note_parsed"]


def is_negated(span: Span, sent_start: int) -> bool:
    """Whether a match is negated ("no need to apologise", "don't apologise")."""
    window = span.doc[max(sent_start, span.start - 3) : span.start]
    if any(t.lower_ in NEGATORS for t in window):
        return True
    if _parsed(span.doc):
        for token in (span.root, span.root.head):
            if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in token.children):
                return True
    return False


def has_other_subject(span: Span, sent_start: int) -> bool:
    """Whether someone other than the writer does the apologising ("you apologised")."""
    doc = span.doc
    if _parsed(doc):
        subjects = [c for c in span.root.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects[0].lower_ not in ("i", "we")
    i = span.start - 1
    while i >= sent_start and doc[i].lower_ in _SKIPPABLE_BEFORE_VERB:
        i -= 1
    return i >= sent_start and doc[i].lower_ in OTHER_PEOPLE


@dataclass(frozen=True, eq=False)
class ModelRule(Rule):
    """Flags units that the sentence classifier labels `label` (thresholds set on dev)."""

    label: str = ""
    source: Source = Source.MODEL
    # A skill statement is an excuse only when it defends a mistake: in a note where nothing
    # else (no apology or excuse phrase, no apology by the model, no excuse that is not also a
    # skill statement, as the classifier's skills_addendum label says) mentions one, it is the
    # addendum. Decided whatever rules are selected.
    skills_need_a_mistake: bool = False

    def check(self, draft: Draft, earlier: list[Finding]) -> Iterable[Hit]:
        from reviewer.model.predict import classify_units

        found = classify_units(draft, earlier, self.label)
        if self.skills_need_a_mistake and found and not _mentions_mistake(draft, earlier):
            skills = {unit.start for unit, _, _ in classify_units(draft, earlier, "skills_addendum")}
            if all(unit.start in skills for unit, _, _ in found):
                found = []
        for unit, probabilities, evidence in found:
            yield Hit(unit.start, unit.end, f"{probabilities:.0%}", probabilities, evidence)


def _mentions_mistake(draft: Draft, earlier: list[Finding]) -> bool:
    """Whether an apology or excuse phrase, or the model's apology label, is anywhere in the note."""
    from reviewer.model.predict import classify_units
    from reviewer.rules import BY_CODE, phrase_hits

    return any(BY_CODE[code].family in MISTAKE_FAMILIES for _, code in phrase_hits(draft)) or bool(
        classify_units(draft, earlier, "apology")
    )
