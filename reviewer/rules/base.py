"""Rule kinds: phrase rules (phrase lists), document rules (metrics, custom) and model rules
(the classifier's labels). Rules read a Draft, which the engine builds once per draft."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

import re

from reviewer.anatomy import Anatomy, Part, Unit
from reviewer.findings import Edit, Finding, Scope, Severity, Source
from reviewer.fixes import delete_hedge
from reviewer.model.scoring import UnitScores
from reviewer.phrases import EXTRA_ALLOW, Cues, PhraseHits, extra_key
from reviewer.rules.families import MISTAKE_FAMILIES
from reviewer.settings import Settings

NEGATORS = frozenset({"no", "not", "n't", "never", "nothing", "without", "nobody", "none"})
OTHER_PEOPLE = frozenset({"you", "he", "she", "they", "someone", "everyone", "who", "nobody"})
_SKIPPABLE_BEFORE_VERB = frozenset({"also", "kindly", "already", "even", "again", "really", "profusely", "did", "had", "have", "has", "to"})


class Stage(enum.IntEnum):
    """When a rule runs: each stage sees the findings of the ones before."""

    TEXT = 0  # phrase and metric rules
    MODEL = 1  # the classifier's labels
    FINDINGS = 2  # rules built on the other rules' findings


@dataclass(frozen=True)
class Hit:
    """Where a rule fired; `detail` fills the `{detail}` slot of its message."""

    start: int
    end: int
    detail: str = ""
    confidence: float = 1.0
    evidence: tuple[str, ...] = ()
    edits: tuple[Edit, ...] = ()  # a safe local fix, if the rule has one


@dataclass(frozen=True)
class PhraseFinding:
    """A phrase rule's hit, kept whatever the selection (the classifier's features read them)."""

    start: int
    end: int
    code: str
    family: str


@dataclass(frozen=True)
class Draft:
    """Everything a rule may look at, built once per draft by the engine."""

    doc: Doc
    anatomy: Anatomy
    settings: Settings
    phrases: PhraseHits
    cues: tuple[Cues, ...]  # per unit of the anatomy
    parsed: bool = False  # the pipeline gives a dependency parse
    text: str = ""  # doc.text, built once (spaCy joins the tokens anew on every access)
    phrase_findings: tuple[PhraseFinding, ...] = ()  # every phrase rule's hits, by start
    scores: UnitScores | None = None  # None when the classifier is off
    unreviewed: str = ""  # the text after `text`, past the review limit (textutil.REVIEW_LIMIT): not reviewed

    def span(self, unit: Unit) -> Span:
        """RETURNS (Span): a unit's tokens."""
        return self.doc[unit.tokens[0] : unit.tokens[1]]

    def cues_of(self, unit: Unit) -> Cues:
        """RETURNS (Cues): what a unit of this draft does."""
        return self.cues[self.anatomy.index_of(unit)]

    def mentions_mistake(self) -> bool:
        """Whether an apology or excuse phrase, or the model's apology label, is anywhere in the note
        (decided whatever rules are selected)."""
        return any(p.family in MISTAKE_FAMILIES for p in self.phrase_findings) or bool(
            self.scores is not None and self.scores.units_with("apology")
        )


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
    why: str  # why is this bad (from the career advice)
    fix: str  # what to do instead
    message: str  # one line shown with each finding; may hold "{detail}"
    examples: Examples
    after_findings: bool = field(default=False)  # needs the other rules' findings
    source: Source = Source.RULE
    scope: Scope = Scope.SPAN  # a place in the note, or the note as a whole

    @property
    def stage(self) -> Stage:
        """Run order: phrase and metric rules, then the model, then rules built on findings."""
        if self.after_findings:
            return Stage.FINDINGS
        return Stage.MODEL if self.source is Source.MODEL else Stage.TEXT

    def applies(self, draft: Draft) -> bool:
        """Whether the rule looks at this draft at all."""
        return True

    def check(self, draft: Draft, earlier: list[Finding]) -> Iterable[Hit]:
        """Yield the places where the draft breaks the rule."""
        raise NotImplementedError


@dataclass(frozen=True)
class Repair:
    """How a phrase rule's match is deleted: which words go, and when the fix is safe.

    words (str): a regex for the part of the match to delete ("" = the whole match).
    through_but (bool): delete from the match through the next ", but " ("I'm no expert, but I...").
    trailing_only (bool): only a clause at the end of its sentence (", if that makes sense.").
    unless (str): a regex; no fix when the match fits it ("I might" cannot go without its verb).
    """

    words: str = ""
    unless: str = ""
    through_but: bool = False
    trailing_only: bool = False
    reason: str = "deleted a hedge"

    def edits(self, text: str, start: int, end: int, unit: tuple[int, int], code: str) -> tuple[Edit, ...]:
        """RETURNS (tuple): the edits for a match at text[start:end] in the sentence `unit`."""
        if self.words:
            found = re.search(self.words, text[start:end], re.IGNORECASE)
            if found is None:
                return ()
            start, end = start + found.start(), start + found.end()
        if self.unless and re.match(self.unless, text[start:end], re.IGNORECASE):
            return ()
        if self.through_but:
            but = re.match(r"[^.!?;]*?,\s*but\s+", text[end : unit[1]])
            if but is None:
                return ()
            subject = re.match(r"\s+(?:in|with|at|on|about)\s+(?P<what>[^,]{1,40}),\s*but\s+$", text[end : end + but.end()])
            if subject:  # "I'm no expert in SQL, but I taught myself" -> "As for SQL, I taught myself": SQL stays
                lead = "As for" if not text[unit[0]:start].strip() else "as for"
                return (Edit(start, end + but.end(), f"{lead} {subject.group('what')}, ", code, self.reason),)
            return delete_hedge(text, start, end + but.end(), unit, code, self.reason)
        if self.trailing_only and not (text[start - 2 : start] == ", " and re.match(r"\s*[.!?]?\s*$", text[end : unit[1]])):
            return ()
        return delete_hedge(text, start, end, unit, code, self.reason)


@dataclass(frozen=True, eq=False)
class PhraseRule(Rule):
    """Flags phrases from a phrase list, minus exceptions, negated and quoted uses."""

    phrase_list: str = ""  # the name of its data file in phrases/data
    skip_negated: bool = False
    skip_other_subject: bool = False
    skip_sympathy: bool = False  # "sorry the team is short-staffed": sorry about the reader's situation
    one_per_sentence: bool = False
    takes_extra_phrases: bool = False  # the family's general rule: config's extra phrases go here
    parts: tuple[Part, ...] = (Part.SUBJECT, Part.BODY, Part.SIGNOFF)
    repair: Repair | None = None  # how a match is deleted from its sentence, if it can be
    needs_mistake: bool = False  # flags only in a note that mentions the mistake

    def applies(self, draft: Draft) -> bool:
        """Whether the rule looks at this draft at all."""
        return not self.needs_mistake or draft.mentions_mistake()

    def edits(self, draft: Draft, start: int, end: int) -> tuple[Edit, ...]:
        """RETURNS (tuple): the edits that fix one match (none when the rule has no fix)."""
        unit = draft.anatomy.unit_at(start)
        if self.repair is None or unit is None:
            return ()
        return self.repair.edits(draft.text, start, end, (unit.start, unit.end), self.code)

    def check(self, draft: Draft, earlier: list[Finding]) -> Iterable[Hit]:
        doc, anatomy = draft.doc, draft.anatomy
        flagged = list(draft.phrases[self.phrase_list])
        if self.takes_extra_phrases:
            flagged += draft.phrases[extra_key(self.family)]
        if not flagged:
            return
        allowed = [*draft.phrases["!" + self.phrase_list], *draft.phrases[EXTRA_ALLOW]]
        seen_sentences: set[int] = set()
        for start, end in longest_first(flagged):
            if any(s < end and start < e for s, e in allowed):
                continue
            span = doc[start:end]
            unit = anatomy.unit_at(span.start_char)
            if unit is None or unit.part not in self.parts:
                continue
            if anatomy.is_quoted(span.start_char, span.end_char):
                continue
            if self.skip_negated and is_negated(span, unit.tokens[0], draft.parsed):
                continue
            if self.skip_other_subject and has_other_subject(span, unit.tokens[0], draft.parsed):
                continue
            if self.skip_sympathy and is_sympathy(span, unit.tokens[1]):
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


def longest_first(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """RETURNS (list): spaCy's filter_spans on (start, end) token offsets, by start: of
    overlapping spans the (first) longest is kept (an overlap is seen at a span's first or
    last token, as filter_spans sees it)."""
    kept, seen = [], set()
    for start, end in sorted(spans, key=lambda s: (s[1] - s[0], -s[0]), reverse=True):
        if start not in seen and end - 1 not in seen:
            kept.append((start, end))
            seen.update(range(start, end))
    return sorted(kept)


def is_negated(span: Span, sent_start: int, parsed: bool) -> bool:
    """Whether a match is negated ("no need to apologise", "don't apologise")."""
    window = span.doc[max(sent_start, span.start - 3) : span.start]
    if any(t.lower_ in NEGATORS for t in window):
        return True
    if parsed:
        for token in (span.root, span.root.head):
            if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in token.children):
                return True
    return False


def has_other_subject(span: Span, sent_start: int, parsed: bool) -> bool:
    """Whether someone other than the writer does the apologising ("you apologised")."""
    doc = span.doc
    if parsed:
        subjects = [c for c in span.root.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects[0].lower_ not in ("i", "we")
    i = span.start - 1
    while i >= sent_start and doc[i].lower_ in _SKIPPABLE_BEFORE_VERB:
        i -= 1
    return i >= sent_start and doc[i].lower_ in OTHER_PEOPLE


# Words that open a clause about the reader's side ("sorry you had to...", "sorry the team...").
_SYMPATHY_OPENERS = frozenset({"you", "your", "he", "she", "they", "their", "his", "her", "everyone", "everybody", "the"})
# The writer's own part in the interview: "sorry the answer ran long" is still an apology.
_OWN_THINGS = frozenset({
    "answer", "answers", "response", "responses", "demo", "presentation", "slides", "example", "examples",
    "explanation", "call", "connection", "audio", "video", "camera", "mic", "microphone", "delay", "mix-up",
    "confusion", "typo", "typos", "email", "note", "message", "interview", "mistake", "mistakes", "lateness",
    "wait", "misunderstanding", "rambling", "silence", "pause", "start", "lapse",
})
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
_CLAUSE_END = frozenset({",", ";", ".", "!", "?", ":", "--", "—", "–", "but"})


def is_sympathy(span: Span, unit_end: int) -> bool:
    """Whether "sorry" is about the reader's situation, not the writer's doing: it opens a
    clause about someone else ("sorry the team has been short-staffed", "sorry you had to
    fight the projector") in which the writer does not appear ("sorry you had to wait for
    me" stays an apology). The classifier still judges the sentence on its own."""
    doc = span.doc
    at = next((t.i for t in span if t.lower_ == "sorry"), None)
    if at is None:
        return False
    i = at + 1
    while i < unit_end and doc[i].lower_ in ("that", "so", "very", "really"):
        i += 1
    if i >= unit_end or doc[i].lower_ not in _SYMPATHY_OPENERS:
        return False
    end = i
    while end < unit_end and doc[end].lower_ not in _CLAUSE_END:
        end += 1
    clause = doc[i:end]
    if any(t.lower_ in _FIRST_PERSON for t in clause):
        return False
    return not (doc[i].lower_ == "the" and any(t.lower_ in _OWN_THINGS for t in clause[:4]))


LONE_EXCUSE = 0.9  # the model's confidence an excuse needs in a note that mentions no mistake otherwise


@dataclass(frozen=True, eq=False)
class ModelRule(Rule):
    """Flags units that the sentence classifier labels `label` (thresholds set on dev)."""

    label: str = ""
    source: Source = Source.MODEL
    # A skill statement is an excuse only when it defends a mistake: in a note where nothing
    # else (no apology or excuse phrase, no apology by the model, no excuse that is not also a
    # skill statement, as the classifier's skills_addendum label says) mentions one, it is the
    # addendum; and anywhere, a sentence the classifier finds likelier a skill statement than
    # an excuse is the addendum. Decided whatever rules are selected.
    skills_need_a_mistake: bool = False

    def check(self, draft: Draft, earlier: list[Finding]) -> Iterable[Hit]:
        if draft.scores is None:
            return
        found = draft.scores.units_with(self.label)
        if self.skills_need_a_mistake and found:
            if not draft.mentions_mistake():
                skills = {x.unit for x in draft.scores.units_with("skills_addendum")}
                if all(x.unit in skills for x in found):
                    found = ()
                # With nothing else in the note about a mistake, an excuse must stand on its own:
                # on the corpus dev and test notes, such units under LONE_EXCUSE were excuses 7
                # times in 12, against 18 in 19 above it (and 53 in 57 under it beside a mistake).
                found = tuple(x for x in found if x.probability >= LONE_EXCUSE)
            # Even beside an apology, a sentence that reads more as a skill statement than as an
            # excuse is the addendum the advice asks for; only a skill offered to defend the
            # mistake ("which I do know and use every day") stays an excuse.
            found = tuple(x for x in found if draft.scores.probabilities[x.unit]["skills_addendum"] < x.probability)
        for x in found:
            unit = draft.anatomy.units[x.unit]
            yield Hit(unit.start, unit.end, f"{x.probability:.0%}", x.probability, x.evidence)
