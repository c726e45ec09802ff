"""The review against the shared development drafts (skipped when ../shared is absent)."""

from __future__ import annotations

import pytest

from reviewer import review
from reviewer.config import Config
from reviewer.evaluate import format_scores, score_drafts

# Floors honestly reached by the rules alone (measured with `python -m reviewer.evaluate
# ../shared/examples/drafts.jsonl --no-model`); the phrase lists were written with these
# drafts in view, so held-out figures will be lower.
RULE_FLOORS = {
    "apology": (0.85, 0.80),
    "over_explanation": (0.90, 0.50),
    "hedging": (0.90, 0.90),
    "too_long": (0.80, 0.80),
}


@pytest.mark.parametrize("pipeline", ["blank", "auto"])
def test_rules_reach_their_floors_on_the_dev_drafts(dev_drafts, pipeline):
    scores = score_drafts(dev_drafts, Config(pipeline=pipeline, use_model=False))
    print("\n" + format_scores(scores))
    for label, (precision, recall) in RULE_FLOORS.items():
        assert scores[label].precision >= precision, f"{label} precision {scores[label].precision:.2f}"
        assert scores[label].recall >= recall, f"{label} recall {scores[label].recall:.2f}"


def test_clean_dev_drafts_pass_the_lint(dev_drafts):
    config = Config()
    for draft in dev_drafts:
        if draft["notes"].startswith("Type: clean"):
            report = review(draft["text"], config)
            assert not report.fails(config.fail_on), (draft["id"], [(f.code, f.text) for f in report.findings])


def test_every_flawed_dev_draft_fails_the_lint(dev_drafts):
    config = Config()
    for draft in dev_drafts:
        if not draft["notes"].startswith("Type: clean"):
            assert review(draft["text"], config).fails(config.fail_on), draft["id"]


def test_rules_and_model_beat_rules_alone_on_the_dev_drafts(dev_drafts):
    # Issue 3's criterion, measured as in the closing note (blank pipeline).
    alone = score_drafts(dev_drafts, Config(use_model=False))
    both = score_drafts(dev_drafts, Config())
    print("\nrules only\n" + format_scores(alone) + "\nrules + model\n" + format_scores(both))
    # The phrase rules alone now find every apology here, so the model has to earn its place on
    # excuses, which have no closed list of words, and on the three labels together.
    assert both["over_explanation"].f1 > alone["over_explanation"].f1
    labels = ("apology", "over_explanation", "hedging")
    assert sum(both[x].f1 for x in labels) > sum(alone[x].f1 for x in labels)
