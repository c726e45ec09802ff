"""Phrase lists compiled once, and one matching pass per draft: `match(doc, ...)`."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.attrs import LEMMA, LOWER
from spacy.matcher import Matcher
from spacy.strings import get_string_id
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


# A compiled pattern token: which column it reads (LOWER, LEMMA, or None for any token),
# the string hashes it accepts, and how many tokens in a row it takes (min, max).
_Step = tuple[int | None, frozenset[int] | None, int, int]
_ANY_NUMBER = 1 << 30
_OPERATORS = {"?": (0, 1), "*": (0, _ANY_NUMBER), "+": (1, _ANY_NUMBER), "!": None}


def _step(token: dict) -> _Step:
    """RETURNS (tuple): a Matcher token pattern as a step (column, hashes, min, max)."""
    op = token.get("OP")
    if op is None:
        low = high = 1
    elif op in _OPERATORS and _OPERATORS[op] is not None:
        low, high = _OPERATORS[op]
    elif op.startswith("{") and op.endswith("}"):  # spaCy's {n}, {n,m}, {n,}, {,m}
        bounds = op[1:-1] if "," in op else f"{op[1:-1]},{op[1:-1]}"
        n, m = bounds.split(",")
        low, high = int(n or 0), int(m) if m else _ANY_NUMBER
    else:
        raise ValueError(f"unsupported operator in phrase pattern: {op!r}")
    attrs = [key for key in token if key != "OP"]
    if not attrs:
        return (None, None, low, high)
    (attr,) = attrs
    value = token[attr]
    options = value["IN"] if isinstance(value, dict) else [value]
    return (_COLUMNS[attr], frozenset(get_string_id(o) for o in options), low, high)


_COLUMNS = {"LOWER": 0, "LEMMA": 1}


@dataclass(frozen=True)
class _Compiled:
    """One pattern around its anchor: the steps before it (nearest first) and after it."""

    key: str  # the list's name, or "!name" for its exceptions
    before: tuple[_Step, ...]
    after: tuple[_Step, ...]


@dataclass(frozen=True)
class _PhraseIndex:
    """The built-in phrase lists compiled once: for each anchor word (its string hash, by
    column), the patterns that hold it, split at the anchor."""

    by_anchor: tuple[dict[int, tuple[_Compiled, ...]], dict[int, tuple[_Compiled, ...]]]  # LOWER, LEMMA


@functools.lru_cache(maxsize=1)
def _phrase_index() -> _PhraseIndex:
    by_anchor: tuple[dict, dict] = ({}, {})
    for name in phrase_list_names():
        phrases = load_phrases(name)
        for key, texts in ((name, phrases.flag), ("!" + name, phrases.allow)):
            for text in texts:
                pattern = phrase_pattern(text)
                at = _anchor_position(pattern)
                steps = [_step(token) for token in pattern]
                compiled = _Compiled(key, tuple(reversed(steps[:at])), tuple(steps[at + 1 :]))
                column, hashes, _, _ = steps[at]
                for h in hashes:
                    by_anchor[column].setdefault(h, []).append(compiled)
    return _PhraseIndex(tuple({h: tuple(v) for h, v in table.items()} for table in by_anchor))


def _anchor_position(pattern: list[dict]) -> int:
    """RETURNS (int): the position of the pattern's least common required token: every match
    of the pattern holds one of its words there."""
    best: tuple[int, int] | None = None
    for i, token in enumerate(pattern):
        if len(token) != 1 or "OP" in token:
            continue
        (value,) = token.values()
        options = tuple(value["IN"]) if isinstance(value, dict) else (value,)
        cost = sum(1 + 1000 * _COMMONNESS.get(o, 0) for o in options)
        if best is None or cost < best[0]:
            best = (cost, i)
    if best is None:
        raise ValueError(f"phrase pattern has no required word: {pattern}")
    return best[1]


def _reach(steps: tuple[_Step, ...], columns: tuple[list[int], list[int]], frm: int, limit: int, direction: int) -> set[int]:
    """RETURNS (set): every position the steps can reach from `frm`, walking one way
    (+1 right, -1 left) and never reaching `limit` (the sentence's edge, exclusive)."""
    positions = {frm}
    for column, hashes, low, high in steps:
        values = columns[column] if column is not None else None
        reached = set()
        for q in positions:
            taken = 0
            while taken < high and q != limit and (values is None or values[q] in hashes):
                q += direction
                taken += 1
                if taken >= low:
                    reached.add(q)
            if low == 0:
                reached.add(q - taken * direction)
        if not reached:
            return reached
        positions = reached
    return positions


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

    Phrases match within a sentence, as spaCy's Matcher run on that sentence would match
    them (every start and end, no overlap filtering). The lists are matched from their
    anchors: each pattern is tried only where its least common required word occurs, so a
    draft costs a lookup per token plus a few steps per anchor found, whatever the number
    of phrases (the Matcher tries every pattern at every token).

    doc (Doc): the draft. sentences: its sentences as token offsets, in order.
    RETURNS (PhraseHits): token spans by list name.
    """
    by_lower, by_lemma = _phrase_index().by_anchor
    lowers, lemmas = doc.to_array([LOWER, LEMMA]).T.tolist() if len(doc) else ([], [])
    columns = (lowers, lemmas)
    found: dict[str, set[tuple[int, int]]] = {}
    candidates = [(i, by_lower[h]) for i, h in enumerate(lowers) if h in by_lower]
    candidates += [(i, by_lemma[h]) for i, h in enumerate(lemmas) if h in by_lemma]
    if candidates:
        starts = [a for a, _ in sentences]
        ends = [b for _, b in sentences]
        for i, patterns in candidates:
            s = bisect.bisect_right(starts, i) - 1
            if s < 0 or i >= ends[s]:
                continue  # not inside a sentence
            first, stop = starts[s], ends[s]
            for pattern in patterns:
                right = _reach(pattern.after, columns, i + 1, stop, 1)
                if not right:
                    continue
                left = _reach(pattern.before, columns, i - 1, first - 1, -1)
                if left:
                    found.setdefault(pattern.key, set()).update((a + 1, b) for a in left for b in right)
    if extra:
        strings = doc.vocab.strings
        for key, start, end in _extra_matcher(doc.vocab, extra)(doc):
            found.setdefault(strings[key], set()).add((start, end))
    return PhraseHits({name: tuple(sorted(spans)) for name, spans in found.items()})
