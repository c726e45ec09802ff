"""The sentence classifier: features, training, persistence and prediction."""

LABELS = ("apology", "over_explanation", "hedging", "skills_addendum", "thanks")
# `other` is what remains when no label fires; it is not modelled separately.
# Rule families whose findings label the sentence they are in, and that label.
FAMILY_LABELS = {"apology": "apology", "over-explanation": "over_explanation", "hedging": "hedging"}
