"""The sentence classifier at review time: features, the shipped weights, unit scores.
Training lives in reviewer.training."""

LABELS = ("apology", "over_explanation", "hedging", "skills_addendum", "thanks")
# `other` is what remains when no label fires; it is not modelled separately.
