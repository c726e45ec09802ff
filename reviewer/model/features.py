"""Sentence features from the spaCy pipeline, identical whichever pipeline is configured.

Lemmas come from the lookup table (not the pipeline's own lemmatizer) so the model sees
the same features on the blank and the trained pipeline. The features read the text only:
no rule's hits, so adding a phrase to a rule's data file or a user's `allow-phrases` never
changes what the model sees (rules and model are combined after scoring).

Each feature name is hashed to a column (`slot`) from the spaCy string hashes of its words:
a word n-gram's column mixes its kind and its words' hashes, which the review path computes
for a whole draft at once from the doc's arrays (`unit_columns`), without building a name.
Training hashes the names (`features_at`, then `slot`); a test checks that both give the
same columns on the whole corpus. The review path needs no vocabulary and no scikit-learn.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from spacy.attrs import IDX, IS_SPACE, LENGTH, LOWER, ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc

from reviewer.anatomy import Anatomy, Part
from reviewer.pipeline import lookup_lemma

FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself"})
MODALS = frozenset({"might", "may", "could", "would", "should", "maybe", "perhaps", "probably", "possibly"})
NEGATIONS = frozenset({"not", "n't", "no", "never", "nothing"})
CAUSAL = frozenset({"because", "since", "reason", "why", "so", "due", "meant", "actually"})
REGRET = frozenset({
    "sorry", "apologize", "apologise", "apology", "regret", "wish", "mess", "blank", "forget", "stumble",
    "nervous", "embarrass", "embarrassed", "terrible", "awful", "excuse", "forgive", "mistake", "fumble", "ramble",
})
GRATITUDE = frozenset({"thank", "thanks", "appreciate", "grateful", "gratitude", "appreciation"})
_NUMBER = re.compile(r"\d")
_BULLET = re.compile(r"\s*[-*\u2022]")
_QUOTE_MARKS = frozenset({'"', "'", "\u201c", "\u201d", "\u2018", "\u2019"})


QUOTED = "<q>"  # a word inside quotation marks: the writer's report of words, not their own


HASH_BITS = 22
HASH_MASK = (1 << HASH_BITS) - 1


NGRAM_KINDS = {"w": 1, "w2": 2, "w3": 3, "l": 1, "l2": 2}  # word and lemma n-grams: kind -> n
FLAG_KIND = "f"  # every other feature ("part=body", "first_person+regret") is hashed whole
_MIX = 0x9E3779B97F4A7C15  # 2**64 / golden ratio: a multiplicative hash's odd constant
_M64 = (1 << 64) - 1
_SHIFT = 64 - HASH_BITS  # a multiplicative hash's best-mixed bits are its top ones


def _seed(kind: str) -> int:
    return get_string_id(kind + "=")


def slot(name: str) -> int:
    """RETURNS (int): the column of a feature name (HASH_BITS bits; stable everywhere).

    A word or lemma n-gram ("w2=i wish") mixes its kind's hash with each word's spaCy string
    hash in turn (x = (x ^ h) * _MIX mod 2**64, top HASH_BITS bits); any other name is
    mixed in whole under FLAG_KIND. `unit_columns` computes the same with numpy.
    """
    kind, sep, value = name.partition("=")
    parts = value.split(" ") if sep and kind in NGRAM_KINDS else []
    if len(parts) != NGRAM_KINDS.get(kind, 0):
        kind, parts = FLAG_KIND, [name]
    x = _seed(kind)
    for part in parts:
        x = ((x ^ get_string_id(part)) * _MIX) & _M64
    return x >> _SHIFT


@dataclass(frozen=True)
class DocTokens:
    """A doc's tokens as plain lists, read once (no Token object per token per unit)."""

    text: list[str]
    lower: list[str]
    space: list[bool]
    idx: list[int]

    @classmethod
    def of(cls, doc: Doc) -> "DocTokens":
        strings = doc.vocab.strings
        rows = doc.to_array([ORTH, LOWER, IS_SPACE, IDX]).tolist() if len(doc) else []
        return cls([strings[r[0]] for r in rows], [strings[r[1]] for r in rows], [bool(r[2]) for r in rows],
                   [int(r[3]) for r in rows])


def sentence_features(text: str, lower: list[str], quoted: list[bool], part: Part, position: float) -> dict[str, float]:
    """Features of one unit.

    text (str): the unit's text.
    lower (list): its tokens' lower-case forms, spaces left out.
    quoted (list): for each of those tokens, whether it lies inside quotation marks (read as QUOTED).
    part (Part): where the unit sits (subject, greeting, body, sign-off).
    position (float): relative position among the body units, 0..1.
    RETURNS (dict): feature name -> value.
    """
    words = [QUOTED if q else "<num>" if _NUMBER.search(w) else w for w, q in zip(lower, quoted)]
    lemmas = [lookup_lemma(t) if w not in ("<num>", QUOTED) else w for t, w in zip(lower, words)]
    feats: dict[str, float] = {}
    for w in words:
        feats[f"w={w}"] = 1.0
    for a, b in zip(words, words[1:]):
        feats[f"w2={a} {b}"] = 1.0
    for a, b, c in zip(words, words[1:], words[2:]):
        feats[f"w3={a} {b} {c}"] = 1.0
    for lemma in lemmas:
        feats[f"l={lemma}"] = 1.0
    for a, b in zip(lemmas, lemmas[1:]):
        feats[f"l2={a} {b}"] = 1.0
    lemma_set = set(lemmas)
    first = bool(lemma_set & FIRST_PERSON) or "i" in words
    feats[f"part={part.value}"] = 1.0
    feats[f"pos={min(int(position * 4), 3)}"] = 1.0
    feats[f"len={min(len(words) // 8, 5)}"] = 1.0
    feats["first_person"] = float(first)
    feats["second_person"] = float(bool(lemma_set & SECOND_PERSON))
    feats["modal"] = float(bool(lemma_set & MODALS))
    feats["negation"] = float(bool(lemma_set & NEGATIONS))
    feats["question"] = float(text.rstrip().endswith("?"))
    feats["number"] = float("<num>" in words)
    feats["bullet"] = float(bool(_BULLET.match(text)))
    feats["first_person+regret"] = float(first and bool(lemma_set & REGRET))
    feats["first_person+causal"] = float(first and bool(lemma_set & CAUSAL))
    feats["first_person+negation"] = float(first and bool(lemma_set & NEGATIONS))
    feats["gratitude"] = float(bool(lemma_set & GRATITUDE))
    return feats


def features_at(doc: Doc, anatomy: Anatomy, start: int, end: int, part: Part, tokens: DocTokens | None = None) -> dict:
    """Features of the text from `start` to `end` (a unit, or a labelled corpus row).

    tokens (DocTokens): the doc's tokens, if already read (`DocTokens.of(doc)`).
    """
    tokens = tokens or DocTokens.of(doc)
    position = position_of(anatomy, start, part)
    span = doc.char_span(start, end, alignment_mode="expand")
    kept = [i for i in range(span.start, span.end) if not tokens.space[i]]
    quoted = [anatomy.is_quoted(tokens.idx[i], tokens.idx[i] + len(tokens.text[i])) and tokens.text[i] not in _QUOTE_MARKS
              for i in kept]
    return sentence_features(span.text, [tokens.lower[i] for i in kept], quoted, part, position)


def position_of(anatomy: Anatomy, start: int, part: Part) -> float:
    """RETURNS (float): the relative position (0..1) among the body units of the unit at
    `start`; 0.5 outside the body."""
    if part is not Part.BODY:
        return 0.5
    return anatomy.body_position(anatomy.unit_at(start)) / max(len(anatomy.body) - 1, 1)


# ---------------------------------------------------------------------------------------
# The review path: every unit's columns at once, from the doc's arrays (no feature names).

_FIRST, _SECOND, _MODAL, _NEGATION, _CAUSAL, _REGRET, _GRATITUDE, _NUM = (1 << i for i in range(8))
_BY_LEMMA = ((FIRST_PERSON, _FIRST), (SECOND_PERSON, _SECOND), (MODALS, _MODAL), (NEGATIONS, _NEGATION),
             (CAUSAL, _CAUSAL), (REGRET, _REGRET), (GRATITUDE, _GRATITUDE))
_FLAG_NAMES = (  # name, bits that must all be present in the unit
    ("first_person", _FIRST), ("second_person", _SECOND), ("modal", _MODAL), ("negation", _NEGATION),
    ("number", _NUM), ("first_person+regret", _FIRST | _REGRET), ("first_person+causal", _FIRST | _CAUSAL),
    ("first_person+negation", _FIRST | _NEGATION), ("gratitude", _GRATITUDE),
)
_NUM_ID = get_string_id("<num>")
_QUOTED_ID = get_string_id(QUOTED)
_QUOTE_IDS = frozenset(get_string_id(q) for q in _QUOTE_MARKS)
_NUM_LEXEME = (_NUM_ID, _NUM_ID, _NUM, "<num>", "<num>")
_QUOTED_LEXEME = (_QUOTED_ID, _QUOTED_ID, 0, QUOTED, QUOTED)
_LEXICON_LIMIT = 200_000  # lower-case forms remembered, then forgotten at once (as the lemma memo)
# lower-case form's hash -> (word hash, lemma hash, cue bits, word, lemma)
_lexicon: dict[int, tuple[int, int, int, str, str]] = {}


def _lexeme(strings, lower_id: int) -> tuple[int, int, int, str, str]:
    """RETURNS (tuple): how sentence_features reads a lower-case form: its word's and
    lemma's hashes, its cue bits, its word and lemma (a form with a digit is "<num>")."""
    found = _lexicon.get(lower_id)
    if found is None:
        lower = strings[lower_id]
        if _NUMBER.search(lower):
            found = _NUM_LEXEME
        else:
            lemma = lookup_lemma(lower)
            bits = _FIRST if lower == "i" else 0
            for words, bit in _BY_LEMMA:
                if lemma in words:
                    bits |= bit
            found = (lower_id, get_string_id(lemma), bits, lower, lemma)
        if len(_lexicon) >= _LEXICON_LIMIT:
            _lexicon.clear()
        _lexicon[lower_id] = found
    return found


def _mix(x, h: np.ndarray) -> np.ndarray:
    return (x ^ h) * np.uint64(_MIX)


@functools.lru_cache(maxsize=None)
def _flag_slot(name: str) -> int:
    return slot(name)


_SEEDS = {kind: np.uint64(_seed(kind)) for kind in NGRAM_KINDS}
_NGRAM_ORDER = tuple((kind, n, 4 if kind.startswith("l") else 3) for kind, n in NGRAM_KINDS.items())  # its field of _lexeme


@dataclass(frozen=True)
class Columns:
    """The hashed feature columns of a doc's units (`unit_columns`), and what names them."""

    rows: np.ndarray  # int64: the unit of each entry
    columns: np.ndarray  # int64: a distinct column of that unit (sorted by row, then column)
    tokens: tuple  # the _lexeme of each token of the units, units one after another
    # Every word and lemma n-gram, repeats included, kind by kind in NGRAM_KINDS order, each
    # in text order: its unit, kind (index into NGRAM_KINDS), first token (into `tokens`), column.
    ngram_rows: np.ndarray
    ngram_kinds: np.ndarray
    ngram_starts: np.ndarray
    ngram_columns: np.ndarray

    def ngrams_of(self, row: int) -> np.ndarray:
        """RETURNS (ndarray): the n-grams (indices into the ngram_* arrays) of unit `row`, in
        the order `features_at` names them, repeats included."""
        return np.flatnonzero(self.ngram_rows == row)

    def ngram_name(self, ngram: int) -> str:
        """RETURNS (str): the feature name of an n-gram ("w2=i wish")."""
        name, n, field = _NGRAM_ORDER[self.ngram_kinds[ngram]]
        start = int(self.ngram_starts[ngram])
        return f"{name}=" + " ".join(t[field] for t in self.tokens[start : start + n])


def unit_columns(doc: Doc, anatomy: Anatomy, units: Sequence[tuple[int, int, Part, float]],
                 doc_text: str | None = None) -> Columns:
    """The hashed columns of each unit's features, for all units of a doc at once: the same
    columns as `slot` gives for the names of `features_at` (checked on the corpus by a test).

    units (Sequence): (start, end, part, position) of each unit: character offsets, its part,
        and its relative position among the body units (0..1).
    doc_text (str): doc.text, when the caller has it (spaCy builds it token by token).
    RETURNS (Columns): row i of `units` has the distinct columns columns[rows == i].
    """
    empty = np.zeros(0, np.int64)
    if not units or not len(doc):
        return Columns(empty, empty, (), empty, empty, empty, empty)
    array = doc.to_array([LOWER, IS_SPACE, IDX, LENGTH, ORTH])
    strings = doc.vocab.strings
    known = _lexicon.get
    lexemes = [known(lower) or _lexeme(strings, lower) for lower in array[:, 0].tolist()]
    if anatomy.quoted:
        for i, (start, length, orth) in enumerate(array[:, 2:5].tolist()):
            if orth not in _QUOTE_IDS and anatomy.is_quoted(start, start + length):
                lexemes[i] = _QUOTED_LEXEME
    begins, ends = array[:, 2], array[:, 2] + array[:, 3]
    # Each unit's tokens as doc.char_span(start, end, alignment_mode="expand") gives them:
    # from the token that ends after `start` to the last that begins before `end`; then
    # all units' tokens one after another, spaces left out.
    firsts = np.searchsorted(ends, [u[0] for u in units], side="right")
    lasts = np.maximum(np.searchsorted(begins, [u[1] for u in units], side="left"), firsts)
    sizes = lasts - firsts
    token_rows = np.repeat(np.arange(len(units)), sizes)
    index = np.arange(len(token_rows)) + np.repeat(firsts - (np.cumsum(sizes) - sizes), sizes)
    kept = array[index, 1] == 0
    index, token_rows = index[kept], token_rows[kept]
    tokens = tuple(lexemes[i] for i in index.tolist())
    counts = np.bincount(token_rows, minlength=len(units))
    # The cue bits present in each unit: OR over its tokens (rows are in order; a unit with no
    # token has none, where reduceat would repeat its neighbour's).
    present = np.zeros(len(units), dtype=np.int64)
    if len(tokens):
        bits = np.bitwise_or.reduceat(np.array([t[2] for t in tokens], dtype=np.int64), np.minimum(np.cumsum(counts) - counts, len(tokens) - 1))
        present = np.where(counts > 0, bits, 0)
    counts = counts.tolist()
    whole = doc.text if doc_text is None else doc_text
    flag_rows, flag_columns = [], []
    for row, ((start, end, part, position), first, last, count) in enumerate(zip(units, firsts.tolist(), lasts.tolist(), counts)):
        text = whole[begins[first] : ends[last - 1]] if last > first else ""
        names = [f"part={part.value}", f"pos={min(int(position * 4), 3)}", f"len={min(count // 8, 5)}"]
        if text.rstrip().endswith("?"):
            names.append("question")
        if _BULLET.match(text):
            names.append("bullet")
        flag_rows += [row] * len(names)
        flag_columns += [_flag_slot(n) for n in names]
    found_rows, found_columns = [np.array(flag_rows, dtype=np.int64)], [np.array(flag_columns, dtype=np.int64)]
    for name, need in _FLAG_NAMES:
        rows = np.flatnonzero(present & need == need)
        found_rows.append(rows)
        found_columns.append(np.full(len(rows), _flag_slot(name), dtype=np.int64))
    hashes = {"w": np.array([t[0] for t in tokens], dtype=np.uint64), "l": np.array([t[1] for t in tokens], dtype=np.uint64)}
    kinds, starts, ngram_columns = [], [], []
    with np.errstate(over="ignore"):
        for kind_index, (kind, n, _) in enumerate(_NGRAM_ORDER):
            values, count = hashes[kind[0]], max(len(tokens) - n + 1, 0)
            x = _mix(_SEEDS[kind], values[:count])
            for k in range(1, n):
                x = _mix(x, values[k : k + count])
            inside = np.flatnonzero(token_rows[:count] == token_rows[n - 1 : n - 1 + count])  # within one unit
            kinds.append(np.full(len(inside), kind_index, dtype=np.int64))
            starts.append(inside)
            ngram_columns.append((x[inside] >> np.uint64(_SHIFT)).astype(np.int64))
    starts_all, columns_all = np.concatenate(starts), np.concatenate(ngram_columns)
    ngram_rows = token_rows[starts_all]
    keys = np.sort(np.concatenate([*found_rows, ngram_rows]) << HASH_BITS | np.concatenate([*found_columns, columns_all]))
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]  # distinct (np.unique: 10x the time here)
    return Columns(keys >> HASH_BITS, keys & HASH_MASK, tokens, ngram_rows, np.concatenate(kinds), starts_all, columns_all)
