"""Cue phrases that say what a unit does (thanks, states a skill), read from phrase hits."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from reviewer.anatomy import Anatomy
from reviewer.phrases.matching import PhraseHits

_FIRST_PERSON = frozenset({"i", "my", "we", "our"})
_OTHER_PEOPLE = frozenset({"you", "your", "they", "their", "he", "she", "his", "her", "team", "it"})
# Plans and wishes ("I'd love to help build...") are not statements of skill.
_ASPIRATION = frozenset({"would", "will", "'ll", "could", "can", "hope", "love", "welcome", "eager", "excited", "forward", "want", "like"})
_LOOK_BACK = 5


@dataclass(frozen=True)
class Cues:
    """What one unit does, as its cue phrases say."""

    thanks: bool = False  # thanks the reader
    skill: bool = False  # states a skill, credential or result of the writer's (bullets aside)
    close: bool = False  # looks forward ("I look forward to hearing from you")


def unit_cues(doc: Doc, anatomy: Anatomy, hits: PhraseHits) -> tuple[Cues, ...]:
    """RETURNS (tuple): the cues of each unit of the anatomy, in unit order."""
    thanks = {_unit_index(anatomy, doc, start, end) for start, end in hits["thanks-cues"]}
    skills: set[int] = set()
    for start, end in hits["skill-cues"]:
        i = _unit_index(anatomy, doc, start, end)
        if i is not None and i not in skills and _writer_does_it(doc, anatomy.units[i].tokens[0], start):
            skills.add(i)
    close = {_unit_index(anatomy, doc, start, end) for start, end in hits["closing-cues"]}
    return tuple(Cues(i in thanks, i in skills, i in close) for i in range(len(anatomy.units)))


def _unit_index(anatomy: Anatomy, doc: Doc, start: int, end: int) -> int | None:
    unit = anatomy.unit_at(doc[start].idx)
    if unit is None or not (unit.tokens[0] <= start and end <= unit.tokens[1]):
        return None
    return anatomy.index_of(unit)


def _writer_does_it(doc: Doc, unit_start: int, start: int) -> bool:
    # The writer must be the one doing it: "I managed", not "your team runs" or "I'd love to build".
    for i in range(start - 1, max(unit_start, start - _LOOK_BACK) - 1, -1):
        word = doc[i].lower_
        if word in _FIRST_PERSON:
            return True
        if word in _OTHER_PEOPLE or word in _ASPIRATION or doc[i].is_punct:
            break
    return False
