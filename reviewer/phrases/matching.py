"""Phrase lists compiled once per vocab, and one matching pass per draft: `match(doc, ...)`."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.attrs import LEMMA, LOWER
from spacy.matcher import Matcher
from spacy.tokens import Doc

from reviewer.phrases.language import load_phrases, phrase_list_names, phrase_pattern

EXTRA_ALLOW = "extra:allow"  # the config's allowed phrases, an exception to every list


def extra_key(family: str) -> str:
    """RETURNS (str): the PhraseHits key of the config's extra phrases for a family."""
    return f"extra:{family}"


@dataclass(frozen=True)
class PhraseHits:
    """Token spans (start, end) matched by each phrase list, by list name, sorted.

    "!name" holds a list's exceptions; `extra_key(family)` and EXTRA_ALLOW the config's own.
    Plain data: it holds offsets only, never spaCy objects.
    """

    spans: dict[str, tuple[tuple[int, int], ...]]

    def __getitem__(self, name: str) -> tuple[tuple[int, int], ...]:
        return self.spans.get(name, ())


@dataclass(frozen=True)
class ExtraPhrases:
    """The config's extra phrases per family, and its allowed phrases (already validated)."""

    flag: tuple[tuple[str, str], ...] = ()  # (family, phrase)
    allow: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.flag or self.allow)


# Words too common to index a phrase by, most frequent first (roughly, as in English text):
# a phrase is indexed by its least common required word.
_COMMON_WORDS = (
    "the be 's 'm is am are was were to of and a an in that have has had i it for not n't on with as you do "
    "did at this but by from we say or will my one all would there what so up out if about get which go me "
    "when make can like time no just him know take people into year your good some could them see other"
).split()
_COMMONNESS = {word: len(_COMMON_WORDS) - rank for rank, word in enumerate(_COMMON_WORDS)}


def _anchor(pattern: list[dict]) -> tuple[str, ...]:
    """RETURNS (tuple): the values (lower-case form or lemma) of the pattern's least common
    required token: a sentence without any of them cannot match the pattern."""
    best: tuple[int, tuple[str, ...]] | None = None
    for token in pattern:
        if len(token) != 1 or "OP" in token:
            continue
        (value,) = token.values()
        options = tuple(value["IN"]) if isinstance(value, dict) else (value,)
        cost = sum(1 + 1000 * _COMMONNESS.get(o, 0) for o in options)
        if best is None or cost < best[0]:
            best = (cost, options)
    if best is None:
        raise ValueError(f"phrase pattern has no required word: {pattern}")
    return best[1]


@dataclass(frozen=True)
class _PhraseIndex:
    """The built-in phrase lists compiled for one vocab: a Matcher per list (its flag phrases
    under the list's name, its exceptions under "!name"), and which lists each word can start."""

    matchers: dict
    lists_by_word: dict  # string hash of an anchor word -> names of the lists that need it


@functools.lru_cache(maxsize=4)
def _phrase_index(vocab) -> _PhraseIndex:
    matchers, lists_by_word = {}, {}
    for name in phrase_list_names():
        phrases = load_phrases(name)
        matcher = Matcher(vocab)
        for key, texts in ((name, phrases.flag), ("!" + name, phrases.allow)):
            patterns = [phrase_pattern(p) for p in texts]
            if patterns:
                matcher.add(key, patterns)
            for pattern in patterns:
                for word in _anchor(pattern):
                    lists_by_word.setdefault(vocab.strings.add(word), set()).add(name)
        matchers[name] = matcher
    return _PhraseIndex(matchers, {k: tuple(sorted(v)) for k, v in lists_by_word.items()})


def compile_extra(vocab, extra: ExtraPhrases) -> Matcher:
    """RETURNS (Matcher): the config's phrases under `extra_key(family)` and EXTRA_ALLOW.
    Raises ValueError naming the phrase spaCy cannot compile."""
    matcher = Matcher(vocab)
    for key, phrase in [*((extra_key(f), p) for f, p in extra.flag), *((EXTRA_ALLOW, p) for p in extra.allow)]:
        try:
            matcher.add(key, [_checked_pattern(phrase)])
        except ValueError as exc:
            raise ValueError(f"cannot use phrase {phrase!r}: {str(exc).splitlines()[0]}") from None
    return matcher


# Each unbounded wildcard ("_*", "_+") multiplies the Matcher's work on a long sentence.
MAX_WILDCARDS = 2


def _checked_pattern(phrase: str) -> list[dict]:
    pattern = phrase_pattern(phrase)
    if not pattern:
        raise ValueError("it is empty")
    open_ended = sum(1 for token in pattern if token.get("OP") in ("*", "+"))
    if open_ended > MAX_WILDCARDS:
        raise ValueError(f"it has {open_ended} open-ended wildcards; at most {MAX_WILDCARDS} keep matching fast on long drafts")
    return pattern


@functools.lru_cache(maxsize=8)
def _extra_matcher(vocab, extra: ExtraPhrases) -> Matcher:
    return compile_extra(vocab, extra)


def match(doc: Doc, sentences: Iterable[tuple[int, int]], extra: ExtraPhrases = ExtraPhrases()) -> PhraseHits:
    """Match every built-in phrase list (and the config's extra phrases) once.

    Phrases match within a sentence. A list's Matcher runs only on the sentences that hold
    one of its phrases' anchor words: the Matcher tries every pattern at every token, which,
    run over whole drafts, cost more than the rest of a review together.

    doc (Doc): the draft. sentences: its sentences as token offsets.
    RETURNS (PhraseHits): token spans by list name.
    """
    index = _phrase_index(doc.vocab)
    strings = doc.vocab.strings
    words = doc.to_array([LOWER, LEMMA]).tolist()
    found: dict[str, list[tuple[int, int]]] = {}
    for a, b in sentences:
        present = {h for pair in words[a:b] for h in pair}
        names = {name for h in present.intersection(index.lists_by_word) for name in index.lists_by_word[h]}
        if not names:
            continue
        sent = doc[a:b]
        for name in sorted(names):
            for key, start, end in index.matchers[name](sent):
                found.setdefault(strings[key], []).append((a + start, a + end))
    if extra:
        for key, start, end in _extra_matcher(doc.vocab, extra)(doc):
            found.setdefault(strings[key], []).append((start, end))
    return PhraseHits({name: tuple(sorted(spans)) for name, spans in found.items()})
