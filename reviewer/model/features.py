"""Sentence features from the spaCy pipeline, identical whichever pipeline is configured.

Lemmas come from the lookup table (not the pipeline's own lemmatizer) so the model sees
the same features on the blank and the trained pipeline.
"""

from __future__ import annotations

import bisect
import re

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


def _norm(token) -> str:
    if _NUMBER.search(token.text):
        return "<num>"
    return token.lower_


def sentence_features(span: Span, part: Part, position: float, cue_hits: frozenset[str] = frozenset()) -> dict[str, float]:
    """Features of one unit.

    span (Span): the unit's tokens.
    part (Part): where the unit sits (subject, greeting, body, sign-off).
    position (float): relative position among the body units, 0..1.
    cue_hits (frozenset): codes of the phrase rules that matched inside the unit.
    RETURNS (dict): feature name -> value.
    """
    tokens = [t for t in span if not t.is_space]
    words = [_norm(t) for t in tokens]
    lemmas = [lookup_lemma(t.lower_) if w != "<num>" else w for t, w in zip(tokens, words)]
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
    for code in cue_hits:
        feats[f"hit={code}"] = 1.0
        feats[f"hitfam={code[:3]}"] = 1.0
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


def features_at(doc: Doc, anatomy: Anatomy, start: int, end: int, part: Part, rule_hits: list[tuple[int, str]]) -> dict:
    """Features of the text from `start` to `end` (a unit, or a labelled corpus row).

    rule_hits (list): (character start, code) of every phrase-rule hit in the draft, sorted.
    """
    body = anatomy.body
    index = anatomy.body_position(anatomy.unit_at(start))
    position = 0.5 if part is not Part.BODY else index / max(len(body) - 1, 1)
    span = doc.char_span(start, end, alignment_mode="expand")
    inside = rule_hits[bisect.bisect_left(rule_hits, (start,)) : bisect.bisect_left(rule_hits, (end,))]
    return sentence_features(span, part, position, frozenset(code for _, code in inside))


def unit_features(doc: Doc, anatomy: Anatomy, rule_hits: list[tuple[int, str]]) -> list[dict]:
    """RETURNS (list): features for each unit of a draft, in unit order."""
    return [features_at(doc, anatomy, u.start, u.end, u.part, rule_hits) for u in anatomy.units]
