"""Review-time classification of a draft's units (numpy only; scikit-learn is not imported)."""

from __future__ import annotations

from reviewer.anatomy import Part, Unit
from reviewer.findings import Finding
from reviewer.model.dataset import unit_features
from reviewer.model.store import load_classifier
from reviewer.rules.base import Draft

CLASSIFIED_PARTS = (Part.SUBJECT, Part.BODY)


def readable(feature: str) -> str:
    """RETURNS (str): a feature name as words a user can read ("w2=i wish" -> "'i wish'")."""
    kind, _, value = feature.partition("=")
    if kind in ("w", "w2", "w3", "l", "l2") and value:
        return f"'{value}'"
    if kind == "hit":
        return f"phrase rule {value}"
    if kind == "hitfam":
        return f"phrase rules {value}xx"
    return {
        "first_person+regret": "'I' with a regret word",
        "first_person+causal": "'I' with a reason word (because, why, so)",
        "first_person+negation": "'I' with a negation",
        "modal": "a modal (might, maybe, could)",
    }.get(feature, feature.replace("_", " "))


def classify_units(draft: Draft, earlier: list[Finding], label: str) -> list[tuple[Unit, float, tuple[str, ...]]]:
    """RETURNS (list): (unit, probability, evidence) for units the classifier gives `label`."""
    cache = draft.doc.user_data.setdefault("review_note_model", {})  # shared by the three model rules
    classifier = load_classifier()
    if "features" not in cache:
        cache["features"] = unit_features(draft)
        classified = [u.part in CLASSIFIED_PARTS for u in draft.anatomy.units]
        found = iter(classifier.probabilities_many([f for f, c in zip(cache["features"], classified) if c]))
        cache["probabilities"] = [next(found) if c else None for c in classified]
    threshold = draft.config.threshold_for(label, classifier.thresholds[label])
    hits = []
    for unit, features, probabilities in zip(draft.anatomy.units, cache["features"], cache["probabilities"]):
        if probabilities is None:
            continue
        probability = probabilities[label]
        if probability >= threshold:
            evidence = tuple(dict.fromkeys(readable(f) for f in classifier.evidence(features, label)))
            hits.append((unit, probability, evidence))
    return hits
