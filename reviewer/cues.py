"""Cue phrases that say what a unit does (thanks, states a skill), shared by rules and rewrite."""

from __future__ import annotations

import functools

from spacy.matcher import Matcher
from spacy.tokens import Span

from reviewer.rules.patterns import load_phrases, phrase_pattern

_FIRST_PERSON = frozenset({"i", "my", "we", "our"})
# Plans and wishes ("I'd love to help build...") are not statements of skill.
_ASPIRATION = frozenset({"would", "will", "'ll", "'d", "could", "can", "hope", "forward", "excited", "eager", "love", "welcome"})


@functools.lru_cache(maxsize=4)
def _matcher(vocab) -> Matcher:
    matcher = Matcher(vocab)
    for name in ("thanks-cues", "skill-cues"):
        matcher.add(name, [phrase_pattern(p) for p in load_phrases(name).flag])
    return matcher


def _cues(span: Span) -> set[str]:
    strings = span.doc.vocab.strings
    return {strings[key] for key, _, _ in _matcher(span.doc.vocab)(span)}


def thanks(span: Span) -> bool:
    """Whether a unit thanks the reader."""
    return "thanks-cues" in _cues(span)


def states_skill(span: Span, bullet: bool = False) -> bool:
    """Whether a unit states a skill, credential or result of the writer's."""
    if bullet:
        return True
    words = {t.lower_ for t in span}
    return bool(words & _FIRST_PERSON) and not words & _ASPIRATION and "skill-cues" in _cues(span)
