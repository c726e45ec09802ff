"""Next time: what the draft shows went wrong, turned into one to three preparation steps.

GUIDANCE.md section 5 ("Learn from it") and the referee advice of section 4. A lesson
never invents: its kind comes from a sentence the apology or over-explanation findings
already mark, its topic is a span of that sentence, and its advice is a row of the table
in `reviewer.lessons_data` with the topic filled in. One layer above the engine: it reads
a Report and the text; nothing below imports it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import asdict, dataclass

from reviewer.findings import Scope
from reviewer.lessons_data import KINDS, MAX_TOPIC_WORDS, NOT_A_TOPIC, QUESTION_WORD, TOPIC_PATTERNS, TOPIC_TAIL, Kind
from reviewer.rules.families import MISTAKE_FAMILIES

MAX_LESSONS = 3
_LEADING = re.compile(r"^(?:my|the|a|an|your|our|some|any|that|this|those|these|about|on)\s+", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z+#-]*")
_OBJECT_GAP = re.compile(r"\s*(?:(?:on|about|over|with|up)\s+)?$", re.I)
_PREPOSITION = frozenset("in at of for with between from to by into during than like".split())
_STOP = frozenset("the a an and or of to in on for with my your our at by about from as is was be this that it".split())
_BATCH = 32  # sentences looked at before the triggers are compiled into one pattern (12 ms)
_seen = 0


def _any_trigger(sentence: str) -> bool:
    """Whether some kind's trigger could find this sentence: True for the first _BATCH
    sentences (a single draft does not pay to compile), then one search of all triggers."""
    global _seen
    if _seen < _BATCH:
        _seen += 1
        return True
    return bool(_all_triggers().search(sentence))


@functools.lru_cache(maxsize=1)
def _all_triggers() -> re.Pattern:
    return re.compile("|".join(f"(?:{p.pattern})" for kind in KINDS for p in kind.triggers), re.IGNORECASE)


@dataclass(frozen=True)
class Lesson:
    """One thing to prepare before the next interview."""

    kind: str  # a row of lessons_data.KINDS
    topic: str  # text[start:end]: what it is about, in the draft's words
    start: int  # character offsets into the reviewed text, like findings
    end: int
    advice: str  # the kind's advice with the topic filled in

    def to_dict(self) -> dict:
        """RETURNS (dict): JSON-ready fields of the lesson."""
        return asdict(self)


@dataclass(frozen=True)
class Detected:
    """A sentence's mistake kind and its topic, as offsets into the sentence."""

    kind: Kind
    start: int
    end: int
    has_topic: bool  # the topic is the kind's own (its object, or the words of an event kind), not a stand-in


def detect(sentence: str, nlp=None) -> Detected | None:
    """The mistake kind a sentence describes and its topic, or None.

    sentence (str): one sentence the mistake findings mark.
    nlp (Language | None): a pipeline with a parser, for noun chunks when no pattern finds the topic.
    RETURNS (Detected | None): offsets into `sentence`.
    """
    triggered = _triggered(sentence)
    return None if triggered is None else _detect(sentence, nlp, *triggered)


def _triggered(sentence: str) -> tuple[Kind, re.Match] | None:
    """RETURNS (tuple | None): the first kind whose trigger words the sentence holds, and the match."""
    if not _any_trigger(sentence):
        return None  # most sentences in a batch: one search instead of one per trigger
    for kind in KINDS:
        trigger = next((m for p in kind.triggers for m in [p.search(sentence)] if m), None)
        if trigger is not None:
            return kind, trigger
    return None


def _detect(sentence: str, nlp, kind: Kind, trigger: re.Match) -> Detected:
    span = _pattern_topic(sentence, kind)
    if span is None and kind.chunks:
        span = _chunk_topic(sentence, trigger.end(), nlp)
    if span is not None:
        return Detected(kind, span[0], span[1], True)
    event = not kind.wants_object and not kind.topics  # late, nerves: the trigger words are the topic
    return Detected(kind, trigger.start(), trigger.end(), event)


def lessons(text: str, report, job: str | None = None, nlp=None) -> tuple[Lesson, ...]:
    """What to prepare before the next interview, from the mistakes the draft mentions.

    text (str): the reviewed text (the findings' offsets point into it).
    report (Report): the engine's review of `text`.
    job (str | None): a job posting; a left-out skill it asks for ranks first.
    nlp (Language | None): a pipeline with a parser, for noun-chunk topics.
    RETURNS (tuple): at most three lessons, most useful first; () for a clean note.
    """
    seen_units: set[int] = set()
    chosen: dict[str, tuple[Detected, object]] = {}  # one lesson a kind: the first with a real topic, else the first
    for finding in report.findings:
        if finding.family not in MISTAKE_FAMILIES or finding.scope is not Scope.SPAN:
            continue
        unit = report.anatomy.unit_at(finding.start)
        if unit is None or unit.start in seen_units:
            continue
        seen_units.add(unit.start)
        sentence = text[unit.start:unit.end]
        triggered = _triggered(sentence)
        if triggered is None or (triggered[0].name in chosen and chosen[triggered[0].name][0].has_topic):
            continue  # no kind, or its kind already has its lesson (finding a topic may parse the sentence)
        hit = _detect(sentence, nlp, *triggered)
        if hit.kind.name not in chosen or (hit.has_topic and not chosen[hit.kind.name][0].has_topic):
            chosen[hit.kind.name] = (hit, unit)
    # Each lesson is written only for the sentence chosen (a note may hold thousands of them).
    found = [(_lesson(text, hit.kind, unit.start + hit.start, unit.start + hit.end, hit.has_topic, unit), hit.has_topic)
             for hit, unit in chosen.values()]
    ranked = sorted(found, key=lambda pair: _rank(pair[0], pair[1], job))
    return tuple(lesson for lesson, _ in ranked[:MAX_LESSONS])


def _lesson(text: str, kind: Kind, start: int, end: int, with_topic: bool, unit) -> Lesson:
    topic = text[start:end]
    template = kind.advice if with_topic else kind.fallback
    advice = template.format(topic=topic)
    if kind.referee and with_topic and not _said_elsewhere(text, topic, unit):
        advice += " " + kind.referee.format(topic=topic)
    return Lesson(kind.name, topic, start, end, advice)


def _said_elsewhere(text: str, topic: str, unit) -> bool:
    """Whether the note makes up for the left-out skill outside the sentence that admits it."""
    words = _content_words(topic)
    rest = _content_words(text[: unit.start] + " " + text[unit.end :])
    return bool(words) and words <= rest


def _content_words(text: str) -> set[str]:
    return {w.lower().rstrip("s") for w in _WORD.findall(text) if w.lower() not in _STOP}


def _rank(lesson: Lesson, with_topic: bool, job: str | None) -> tuple:
    """Left-out skills the posting asks for first, then the other lessons the posting touches,
    then lessons with a topic before those quoting the trigger words, each in draft order."""
    asked = bool(job) and bool(_content_words(lesson.topic) & _content_words(job))
    return (not (asked and lesson.kind == "left-out-skill"), not asked, not with_topic, lesson.start)


def _pattern_topic(sentence: str, kind: Kind) -> tuple[int, int] | None:
    for pattern in kind.topics + (TOPIC_PATTERNS if kind.wants_object else ()):
        for match in pattern.finditer(sentence):
            span = _trim(sentence, match.start("t"), match.end("t"))
            if span is not None:
                return span
    return None


def _trim(sentence: str, start: int, end: int) -> tuple[int, int] | None:
    """Cut articles, possessives and tails ("in the interview", "today") off a topic span."""
    piece = sentence[start:end]
    tail = TOPIC_TAIL.search(piece)
    if tail:
        piece = piece[: tail.start()]
    piece = QUESTION_WORD.sub("", piece)
    lead = _LEADING.match(piece)
    while lead:
        start += lead.end()
        piece = piece[lead.end():]
        lead = _LEADING.match(piece)
    piece = piece.rstrip(" -")
    words = piece.split()
    if not 1 <= len(words) <= MAX_TOPIC_WORDS or {w.lower() for w in words} & NOT_A_TOPIC or words[0].lower() in _PREPOSITION:
        return None
    return start, start + len(piece)


def _chunk_topic(sentence: str, after: int, nlp) -> tuple[int, int] | None:
    """The noun chunk right after the trigger words (their object), where the pipeline has a parser."""
    if nlp is None or "parser" not in nlp.pipe_names:
        return None
    doc = nlp(sentence)
    for chunk in doc.noun_chunks:
        if chunk.start_char >= after and chunk.root.pos_ != "PRON" and _OBJECT_GAP.match(sentence[after:chunk.start_char]):
            span = _trim(sentence, chunk.start_char, chunk.end_char)
            if span is not None:
                return span
    return None


def lessons_for(text: str, report, config, job: str | None = None) -> tuple[Lesson, ...]:
    """`lessons` with the configured pipeline's parser for noun chunks (the app's entry point)."""
    from reviewer.engine import settings_for
    from reviewer.pipeline import get_pipeline

    if not any(f.family in MISTAKE_FAMILIES for f in report.findings):
        return ()
    return lessons(text, report, job, get_pipeline(settings_for(config).pipeline))
