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

from spacy.tokens import Doc, Span

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
_QUOTE_MARKS = frozenset({'"', "'", "\u201c", "\u201d", "\u2018", "\u2019"})


QUOTED = "<q>"  # a word inside quotation marks: the writer's report of words, not their own


def _norm(token, quoted: frozenset[int]) -> str:
    if token.i in quoted:
        return QUOTED
    if _NUMBER.search(token.text):
        return "<num>"
    return token.lower_


HASH_BITS = 20
HASH_MASK = (1 << HASH_BITS) - 1


def slot(name: str) -> int:
    """RETURNS (int): the column of a feature name (CRC-32, HASH_BITS bits; stable everywhere)."""
    return zlib.crc32(name.encode("utf-8")) & HASH_MASK


def sentence_features(span: Span, part: Part, position: float, quoted: frozenset[int] = frozenset()) -> dict[str, float]:
    """Features of one unit.

    span (Span): the unit's tokens.
    part (Part): where the unit sits (subject, greeting, body, sign-off).
    position (float): relative position among the body units, 0..1.
    quoted (frozenset): indices of the tokens inside quotation marks (read as QUOTED).
    RETURNS (dict): feature name -> value.
    """
    tokens = [t for t in span if not t.is_space]
    words = [_norm(t, quoted) for t in tokens]
    lemmas = [lookup_lemma(t.lower_) if w not in ("<num>", QUOTED) else w for t, w in zip(tokens, words)]
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
    feats[f"len={min(len(tokens) // 8, 5)}"] = 1.0
    feats["first_person"] = float(first)
    feats["second_person"] = float(bool(lemma_set & SECOND_PERSON))
    feats["modal"] = float(bool(lemma_set & MODALS))
    feats["negation"] = float(bool(lemma_set & NEGATIONS))
    feats["question"] = float(span.text.rstrip().endswith("?"))
    feats["number"] = float("<num>" in words)
    feats["bullet"] = float(bool(re.match(r"\s*[-*\u2022]", span.text)))
    feats["first_person+regret"] = float(first and bool(lemma_set & REGRET))
    feats["first_person+causal"] = float(first and bool(lemma_set & CAUSAL))
    feats["first_person+negation"] = float(first and bool(lemma_set & NEGATIONS))
    feats["gratitude"] = float(bool(lemma_set & GRATITUDE))
    return feats


def features_at(doc: Doc, anatomy: Anatomy, start: int, end: int, part: Part) -> dict:
    """Features of the text from `start` to `end` (a unit, or a labelled corpus row)."""
    body = anatomy.body
    index = anatomy.body_position(anatomy.unit_at(start))
    position = 0.5 if part is not Part.BODY else index / max(len(body) - 1, 1)
    span = doc.char_span(start, end, alignment_mode="expand")
    quoted = frozenset(t.i for t in span if anatomy.is_quoted(t.idx, t.idx + len(t)) and t.text not in _QUOTE_MARKS)
    return sentence_features(span, part, position, quoted)


def unit_features(doc: Doc, anatomy: Anatomy) -> list[dict]:
    """RETURNS (list): features for each unit of a draft, in unit order."""
    return [features_at(doc, anatomy, u.start, u.end, u.part) for u in anatomy.units]
