"""The sentence classifier: features, training, persistence and prediction."""

LABELS = ("apology", "over_explanation", "hedging", "skills_addendum", "thanks")
# `other` is what remains when no label fires; it is not modelled separately.
