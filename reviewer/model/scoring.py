"""Review-time classification of a draft's units (numpy only; scikit-learn is not imported)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from reviewer.anatomy import Anatomy, Part
from reviewer.model.features import position_of, unit_columns
from reviewer.model.store import load_classifier

CLASSIFIED_PARTS = (Part.SUBJECT, Part.BODY)
EVIDENCE_TOP = 4  # features shown per model finding, at most


@dataclass(frozen=True)
class Labelled:
    """A unit the classifier gives a label: its index in the anatomy, how sure, and why."""

    unit: int
    probability: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class UnitScores:
    """What the classifier says about a draft's units: plain data, computed once per draft."""

    probabilities: tuple[dict[str, float] | None, ...]  # per unit; None where units are not classified
    labelled: dict[str, tuple[Labelled, ...]]  # label -> units at or over its threshold

    def units_with(self, label: str) -> tuple[Labelled, ...]:
        """RETURNS (tuple): the units given `label`, in unit order."""
        return self.labelled.get(label, ())


def is_word_evidence(feature: str) -> bool:
    """Whether a feature is words of the sentence worth showing: a word or lemma n-gram with at
    least one word that is not a stop word ("I", "had", "is that" tell a reader nothing)."""
    kind, _, value = feature.partition("=")
    if kind not in ("w", "w2", "w3", "l", "l2") or not value or value == "<num>":
        return False
    words = value.split()
    return any(w not in STOP_WORDS and any(c.isalpha() for c in w) and w != "<num>" for w in words)


def readable(feature: str) -> str:
    """RETURNS (str): a feature name as words a user can read ("w2=i wish" -> "'i wish'")."""
    kind, _, value = feature.partition("=")
    if kind in ("w", "w2", "w3", "l", "l2") and value:
        return f"'{value}'"
    return {
        "first_person+regret": "'I' with a regret word",
        "first_person+causal": "'I' with a reason word (because, why, so)",
        "first_person+negation": "'I' with a negation",
        "modal": "a modal (might, maybe, could)",
    }.get(feature, feature.replace("_", " "))


def score_units(doc: Doc, anatomy: Anatomy, thresholds: Mapping[str, float] = {},
                explain: Collection[str] | None = None, doc_text: str | None = None) -> UnitScores:
    """Classify every subject and body unit of a draft (from its text alone, not the rules' hits).

    thresholds (Mapping): label -> threshold, overriding the model's own.
    explain (Collection): the labels whose units get evidence (the words that drove the
        label); None for all. Evidence names each feature, so it is built only where shown.
    RETURNS (UnitScores): probabilities per unit and, per label, the units over its threshold.
    """
    classifier = load_classifier()
    classified = [i for i, u in enumerate(anatomy.units) if u.part in CLASSIFIED_PARTS]
    spans = [(u.start, u.end, u.part, position_of(anatomy, u.start, u.part)) for u in (anatomy.units[i] for i in classified)]
    columns = unit_columns(doc, anatomy, spans, doc_text)
    found = dict(zip(classified, classifier.probabilities_columns(columns.rows, columns.columns, len(spans))))
    probabilities = tuple(found.get(i) for i in range(len(anatomy.units)))
    row_of = {unit: row for row, unit in enumerate(classified)}

    weights: list[np.ndarray] = []  # each n-gram's weight towards each label, found once when needed

    def evidence(i: int, label: str) -> tuple[str, ...]:
        # The n-grams that pushed hardest towards `label`, strongest first: named only as
        # they are tried, until EVIDENCE_TOP readable ones are found.
        if explain is not None and label not in explain:
            return ()
        if not weights:
            weights.append(classifier.weight_rows(columns.ngram_columns))
        mine = columns.ngrams_of(row_of[i])
        pushes = weights[0][mine, classifier.labels.index(label)]
        shown: list[str] = []
        seen: set[str] = set()
        for j in np.argsort(-pushes, kind="stable").tolist():
            if pushes[j] <= 0 or len(shown) == EVIDENCE_TOP:
                break
            name = columns.ngram_name(int(mine[j]))
            if name not in seen:
                seen.add(name)
                if is_word_evidence(name):
                    shown.append(name)
        return tuple(dict.fromkeys(readable(f) for f in shown))

    labelled = {}
    for label in classifier.labels:
        threshold = thresholds.get(label, classifier.thresholds[label])
        labelled[label] = tuple(Labelled(i, p[label], evidence(i, label))
                                for i, p in enumerate(probabilities) if p is not None and p[label] >= threshold)
    return UnitScores(probabilities, labelled)
