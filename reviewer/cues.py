"""Cue phrases that say what a unit does (thanks, states a skill), shared by rules and rewrite."""

from __future__ import annotations

import bisect

from spacy.tokens import Span

from reviewer.rules.patterns import builtin_matches

_FIRST_PERSON = frozenset({"i", "my", "we", "our"})
_OTHER_PEOPLE = frozenset({"you", "your", "they", "their", "he", "she", "his", "her", "team", "it"})
# Plans and wishes ("I'd love to help build...") are not statements of skill.
_ASPIRATION = frozenset({"would", "will", "'ll", "could", "can", "hope", "love", "welcome", "eager", "excited", "forward", "want", "like"})
_LOOK_BACK = 5


_CUE_LISTS = ("thanks-cues", "skill-cues")


def _matches(span: Span) -> list[tuple[str, int]]:
    doc = span.doc
    found = doc.user_data.get("review_note_cues")
    if found is None:  # sorted by start, cached on the doc
        matches = builtin_matches(doc)
        found = sorted((s, e, name) for name in _CUE_LISTS for s, e in matches.get(name, ()))
        doc.user_data["review_note_cues"] = found
    first = bisect.bisect_left(found, (span.start,))
    last = bisect.bisect_left(found, (span.end,))
    return [(name, start) for start, end, name in found[first:last] if end <= span.end]


def _cues(span: Span) -> set[str]:
    return {name for name, _ in _matches(span)}


def thanks(span: Span) -> bool:
    """Whether a unit thanks the reader."""
    return "thanks-cues" in _cues(span)


def states_skill(span: Span, bullet: bool = False) -> bool:
    """Whether a unit states a skill, credential or result of the writer's."""
    if bullet:
        return True
    doc = span.doc
    for name, start in _matches(span):
        if name != "skill-cues":
            continue
        # The writer must be the one doing it: "I managed", not "your team runs" or "I'd love to build".
        for i in range(start - 1, max(span.start, start - _LOOK_BACK) - 1, -1):
            word = doc[i].lower_
            if word in _FIRST_PERSON:
                return True
            if word in _OTHER_PEOPLE or word in _ASPIRATION or doc[i].is_punct:
                break
    return False
