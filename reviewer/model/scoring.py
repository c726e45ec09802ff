"""Review-time classification of a draft's units (numpy only; scikit-learn is not imported)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from reviewer.anatomy import Anatomy, Part
from reviewer.model.features import unit_features
from reviewer.model.store import load_classifier

CLASSIFIED_PARTS = (Part.SUBJECT, Part.BODY)


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


def score_units(doc: Doc, anatomy: Anatomy, thresholds: Mapping[str, float] = {}) -> UnitScores:
    """Classify every subject and body unit of a draft (from its text alone, not the rules' hits).

    thresholds (Mapping): label -> threshold, overriding the model's own.
    RETURNS (UnitScores): probabilities per unit and, per label, the units over its threshold.
    """
    classifier = load_classifier()
    classified = [u.part in CLASSIFIED_PARTS for u in anatomy.units]
    features = unit_features(doc, anatomy)
    encoded = [classifier.encode(f) if c else None for f, c in zip(features, classified)]
    found = iter(classifier.probabilities_encoded([e for e in encoded if e is not None]))
    probabilities = tuple(next(found) if c else None for c in classified)

    def evidence(i: int, label: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(readable(f) for f in classifier.evidence(encoded[i], label, keep=is_word_evidence)))

    labelled = {}
    for label in classifier.labels:
        threshold = thresholds.get(label, classifier.thresholds[label])
        labelled[label] = tuple(Labelled(i, p[label], evidence(i, label))
                                for i, p in enumerate(probabilities) if p is not None and p[label] >= threshold)
    return UnitScores(probabilities, labelled)
