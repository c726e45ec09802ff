"""Sentence features from the spaCy pipeline, identical whichever pipeline is configured.

Lemmas come from the lookup table (not the pipeline's own lemmatizer) so the model sees
the same features on the blank and the trained pipeline. The features read the text only:
no rule's hits, so adding a phrase to a rule's data file or a user's `allow-phrases` never
changes what the model sees (rules and model are combined after scoring).

Feature names are hashed to columns with CRC-32 (`slot`), at training and at review time
alike, so the review path needs no vocabulary (and no scikit-learn) to score a unit.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from spacy.attrs import IDX, IS_SPACE, LOWER, ORTH
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


HASH_BITS = 20
HASH_MASK = (1 << HASH_BITS) - 1


def slot(name: str) -> int:
    """RETURNS (int): the column of a feature name (CRC-32, HASH_BITS bits; stable everywhere)."""
    return zlib.crc32(name.encode("utf-8")) & HASH_MASK


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
    body = anatomy.body
    index = anatomy.body_position(anatomy.unit_at(start))
    position = 0.5 if part is not Part.BODY else index / max(len(body) - 1, 1)
    span = doc.char_span(start, end, alignment_mode="expand")
    kept = [i for i in range(span.start, span.end) if not tokens.space[i]]
    quoted = [anatomy.is_quoted(tokens.idx[i], tokens.idx[i] + len(tokens.text[i])) and tokens.text[i] not in _QUOTE_MARKS
              for i in kept]
    return sentence_features(span.text, [tokens.lower[i] for i in kept], quoted, part, position)


def unit_features(doc: Doc, anatomy: Anatomy) -> list[dict]:
    """RETURNS (list): features for each unit of a draft, in unit order."""
    tokens = DocTokens.of(doc)
    return [features_at(doc, anatomy, u.start, u.end, u.part, tokens) for u in anatomy.units]
