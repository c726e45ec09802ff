"""The parts of a note: subject line, greeting, body units, sign-off, quoted text.

An Anatomy is plain data (offsets and strings, no spaCy objects), so a Report can carry it
across processes and the rewrite can read it without the Doc.
"""

from __future__ import annotations

import bisect
import enum
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from spacy.attrs import IDX, IS_SPACE, LENGTH
from spacy.tokens import Doc

from reviewer.layout import BULLET, CLOSING, GREETING, SENT_FROM, SUBJECT
from reviewer.pipeline import sentence_bounds
from reviewer.textutil import count_words

_DOUBLE_QUOTED = re.compile(r'"[^"\n]{1,400}"')
_SINGLE_QUOTED = re.compile(r"(?<![\w'])'[^'\n]{1,200}'(?![\w'])")


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

    start: int  # character offsets into the reviewed text
    end: int
    tokens: tuple[int, int]  # token offsets into the reviewed Doc
    part: Part
    text: str

    @functools.cached_property
    def words(self) -> int:
        return count_words(self.text)

    @property
    def is_bullet(self) -> bool:
        return bool(BULLET.match(self.text))


@dataclass(frozen=True)
class Anatomy:
    """A note split into its parts."""

    units: tuple[Unit, ...]
    quoted: tuple[tuple[int, int], ...]  # character ranges of quoted words and reply lines, by start
    sentences: tuple[tuple[int, int], ...] = ()  # the pipeline's sentences, as token offsets

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

    @functools.cached_property
    def _quoted_reach(self) -> tuple[list[int], list[int]]:
        # Starts of the quoted ranges and, for each, the furthest end of any range up to it.
        starts, reach, furthest = [], [], -1
        for q_start, q_end in self.quoted:
            furthest = max(furthest, q_end)
            starts.append(q_start)
            reach.append(furthest)
        return starts, reach

    def body_position(self, unit: Unit | None) -> int:
        """RETURNS (int): the index of a unit among the body units (0 if not in the body)."""
        return self._body_index.get(unit.start, 0) if unit is not None else 0

    def is_quoted(self, start: int, end: int) -> bool:
        """Whether a character range lies inside quoted text."""
        starts, reach = self._quoted_reach
        i = bisect.bisect_right(starts, start) - 1
        return i >= 0 and reach[i] >= end

    def unit_at(self, offset: int) -> Unit | None:
        """RETURNS (Unit | None): the unit containing a character offset."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.units[i].end:
            return self.units[i]
        return None

    def index_of(self, unit: Unit) -> int:
        """RETURNS (int): the position of a unit in `units`."""
        return bisect.bisect_left(self._starts, unit.start)


def _trim(space: list[int], start: int, end: int) -> tuple[int, int] | None:
    while start < end and space[start]:
        start += 1
    while end > start and space[end - 1]:
        end -= 1
    return (start, end) if end > start else None


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


class _Piece(NamedTuple):
    """A run of tokens and its characters (what dissect reads of a Span, without making one)."""

    start: int  # token offsets
    end: int
    start_char: int
    end_char: int
    text: str


def dissect(doc: Doc, doc_text: str | None = None) -> Anatomy:
    """Split a processed note into subject, greeting, body and sign-off units.

    doc (Doc): the note, processed by the review pipeline.
    doc_text (str | None): doc.text, when the caller has it (spaCy joins the tokens anew on every access).
    RETURNS (Anatomy): its units in order and its quoted ranges.
    """
    bounds = sentence_bounds(doc)
    whole = doc.text if doc_text is None else doc_text
    # Token offsets, lengths and spaces as plain lists: a Span or Token per sentence costs more.
    idx, length, space = doc.to_array([IDX, LENGTH, IS_SPACE]).T.tolist() if len(doc) else ([], [], [])

    def piece(start: int, end: int) -> _Piece:
        a, b = idx[start], idx[end - 1] + length[end - 1]
        return _Piece(start, end, a, b, whole[a:b])

    spans = [piece(*t) for t in (_trim(space, a, b) for a, b in bounds) if t is not None]
    if spans and SUBJECT.match(spans[0].text):
        # The subject is the whole first line, however the pipeline split it.
        line_end = whole.find("\n", spans[0].start_char)
        line_end = len(whole) if line_end < 0 else line_end
        head = [s for s in spans if s.start_char < line_end]
        spans = [piece(head[0].start, head[-1].end)] + spans[len(head):]
        parts = [Part.SUBJECT]
    else:
        parts = []
    parts += [Part.BODY] * (len(spans) - len(parts))

    first = len(parts) - parts.count(Part.BODY)
    if first < len(spans):
        text = spans[first].text
        if count_words(text) <= 8 and (GREETING.match(text) or (text.endswith(",") and count_words(text) <= 4)):
            parts[first] = Part.GREETING

    # The sign-off: from the last closing phrase ("Best,") or a trailing name line to the end.
    signoff_from = None
    for i in range(len(spans) - 1, first, -1):
        text = spans[i].text
        if CLOSING.match(text) or SENT_FROM.match(text):
            signoff_from = i
            break
        if i >= len(spans) - 2 and _is_name_line(text) and parts[i] is Part.BODY:
            signoff_from = i
            continue
        break
    if signoff_from is not None:
        for i in range(signoff_from, len(spans)):
            parts[i] = Part.SIGNOFF
    units = tuple(
        Unit(span.start_char, span.end_char, (span.start, span.end), part, span.text) for span, part in zip(spans, parts)
    )
    return Anatomy(units, tuple(_quoted_ranges(whole)), tuple(bounds))
