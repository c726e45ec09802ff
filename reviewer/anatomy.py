"""The parts of a note: subject line, greeting, body units, sign-off, quoted text."""

from __future__ import annotations

import bisect
import enum
import functools
import re
from dataclasses import dataclass

import numpy as np
from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span

from reviewer.textutil import count_words

_SUBJECT = re.compile(r"\s*(subject|re|fwd?)\s*:", re.IGNORECASE)
_GREETING = re.compile(
    r"\s*(dear|hi|hello|hey|hiya|greetings|good (morning|afternoon|evening)|to whom)\b", re.IGNORECASE
)
CLOSING = re.compile(
    r"\s*(best|best regards|kind regards|warm regards|warmest regards|regards|sincerely|"
    r"sincerely yours|thanks|thank you|many thanks|thanks again|thanks so much|thank you again|"
    r"cheers|respectfully|all the best|warmly|with gratitude|gratefully|yours|yours truly|"
    r"yours sincerely|take care|talk soon|cordially)\s*[,.!\-\u2014]*\s*(\n|$)",
    re.IGNORECASE,
)
_SENT_FROM = re.compile(r"\s*(sent from my|get outlook for)\b", re.IGNORECASE)
_DOUBLE_QUOTED = re.compile(r'"[^"\n]{1,400}"')
_SINGLE_QUOTED = re.compile(r"(?<![\w'])'[^'\n]{1,200}'(?![\w'])")
BULLET = re.compile(r"\s*(?:[-*\u2022\u2023\u25e6]|\d{1,2}[.)])\s+")


class Part(str, enum.Enum):
    """Where a unit sits in the note."""

    SUBJECT = "subject"
    GREETING = "greeting"
    BODY = "body"
    SIGNOFF = "signoff"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Unit:
    """A sentence, bullet, subject line, greeting or sign-off block."""

    span: Span
    part: Part

    @property
    def start(self) -> int:
        return self.span.start_char

    @property
    def end(self) -> int:
        return self.span.end_char

    @property
    def text(self) -> str:
        return self.span.text

    @functools.cached_property
    def words(self) -> int:
        return count_words(self.span.text)

    @property
    def is_bullet(self) -> bool:
        return bool(BULLET.match(self.span.text))


@dataclass(frozen=True)
class Anatomy:
    """A note split into its parts."""

    units: tuple[Unit, ...]
    quoted: tuple[tuple[int, int], ...]  # character ranges of quoted words and reply lines

    @functools.cached_property
    def body(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if u.part is Part.BODY)

    @functools.cached_property
    def body_words(self) -> int:
        return sum(u.words for u in self.body)

    @functools.cached_property
    def _starts(self) -> list[int]:
        return [u.start for u in self.units]

    @functools.cached_property
    def _body_index(self) -> dict[int, int]:
        return {u.start: i for i, u in enumerate(self.body)}

    def body_position(self, unit: Unit | None) -> int:
        """RETURNS (int): the index of a unit among the body units (0 if not in the body)."""
        return self._body_index.get(unit.start, 0) if unit is not None else 0

    def is_quoted(self, start: int, end: int) -> bool:
        """Whether a character range lies inside quoted text."""
        return any(q_start <= start and end <= q_end for q_start, q_end in self.quoted)

    def unit_at(self, offset: int) -> Unit | None:
        """RETURNS (Unit | None): the unit containing a character offset."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.units[i].end:
            return self.units[i]
        return None


def sentences(doc: Doc) -> list[Span]:
    """RETURNS (list): the doc's sentences, as `doc.sents` gives them, found from the
    sentence-start array once per doc (`doc.sents` makes a Token object per token on every
    call). The doc keeps only the offsets: a Span stored on its own doc would be a cycle."""
    bounds = doc.user_data.get("review_note_sentences")
    if bounds is None:
        starts = [0] + [i for i in np.flatnonzero(doc.to_array(SENT_START) == 1).tolist() if i > 0] if len(doc) else []
        bounds = list(zip(starts, starts[1:] + [len(doc)]))
        doc.user_data["review_note_sentences"] = bounds
    return [doc[a:b] for a, b in bounds]


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return doc[start:end] if end > start else None


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    ranges = [m.span() for m in _DOUBLE_QUOTED.finditer(text)]
    ranges += [m.span() for m in _SINGLE_QUOTED.finditer(text)]
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.lstrip().startswith(">"):
            ranges.append((offset, offset + len(line)))
        offset += len(line)
    return sorted(ranges)


def _is_name_line(text: str) -> bool:
    words = text.replace(",", " ").split()
    return 0 < len(words) <= 5 and not re.search(r"[.!?:;]$", text.strip()) and all(
        w[:1].isupper() or not w[:1].isalpha() for w in words
    )


def dissect(doc: Doc) -> Anatomy:
    """Split a processed note into subject, greeting, body and sign-off units.

    doc (Doc): the note, processed by the review pipeline.
    RETURNS (Anatomy): its units in order and its quoted ranges.
    """
    spans = [s for s in (_trim(sent) for sent in sentences(doc)) if s is not None]
    if spans and _SUBJECT.match(spans[0].text):
        # The subject is the whole first line, however the pipeline split it.
        line_end = doc.text.find("\n", spans[0].start_char)
        line_end = len(doc.text) if line_end < 0 else line_end
        head = [s for s in spans if s.start_char < line_end]
        subject = doc.char_span(head[0].start_char, head[-1].end_char, alignment_mode="expand")
        spans = [subject] + spans[len(head):]
        parts = [Part.SUBJECT]
    else:
        parts = []
    parts += [Part.BODY] * (len(spans) - len(parts))

    first = len(parts) - parts.count(Part.BODY)
    if first < len(spans):
        text = spans[first].text
        if count_words(text) <= 8 and (_GREETING.match(text) or (text.endswith(",") and count_words(text) <= 4)):
            parts[first] = Part.GREETING

    # The sign-off: from the last closing phrase ("Best,") or a trailing name line to the end.
    signoff_from = None
    for i in range(len(spans) - 1, first, -1):
        text = spans[i].text
        if CLOSING.match(text) or _SENT_FROM.match(text):
            signoff_from = i
            break
        if i >= len(spans) - 2 and _is_name_line(text) and parts[i] is Part.BODY:
            signoff_from = i
            continue
        break
    if signoff_from is not None:
        for i in range(signoff_from, len(spans)):
            parts[i] = Part.SIGNOFF
    units = tuple(Unit(span, part) for span, part in zip(spans, parts))
    return Anatomy(units, tuple(_quoted_ranges(doc.text)))
