"""Per-label precision/recall of the review on labelled drafts (JSONL with sentence labels).

Usage: python -m reviewer.evaluate DRAFTS.jsonl [--no-model] [--pipeline NAME]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from dataclasses import dataclass

from reviewer.config import Config
from reviewer.engine import review_many
from reviewer.findings import Finding
from reviewer.model import FAMILY_LABELS
from reviewer.engine import DOCUMENT_CODES

TOO_LONG_CODES = frozenset({"RN401", "RN403"})


@dataclass(frozen=True)
class Score:
    """Counts and rates for one label."""

    label: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def sentence_labels(sentences: list[dict], findings: Iterable[Finding]) -> list[set[str]]:
    """RETURNS (list): for each gold sentence, the labels the findings put on it."""
    predicted: list[set[str]] = [set() for _ in sentences]
    for finding in findings:
        label = FAMILY_LABELS.get(finding.family)
        if label is None or finding.code in DOCUMENT_CODES:
            continue
        for i, sentence in enumerate(sentences):
            if sentence["start"] <= finding.start < sentence["end"]:
                predicted[i].add(label)
                break
    return predicted


def score_drafts(drafts: list[dict], config: Config = Config()) -> dict[str, Score]:
    """RETURNS (dict): per-label scores (sentence labels, plus the document label too_long
    over the drafts whose `doc_labels` are given; a file without them has no too_long row)."""
    counts = {label: [0, 0, 0] for label in [*FAMILY_LABELS.values(), "too_long"]}
    reports = review_many((d["text"] for d in drafts), config)
    for draft, report in zip(drafts, reports):
        predicted = sentence_labels(draft["sentences"], report.findings)
        for sentence, labels in zip(draft["sentences"], predicted):
            gold = set(sentence["labels"])
            for label in FAMILY_LABELS.values():
                _tally(counts[label], label in gold, label in labels)
        if draft.get("doc_labels") is not None:
            long_pred = any(f.code in TOO_LONG_CODES for f in report.findings)
            _tally(counts["too_long"], "too_long" in draft["doc_labels"], long_pred)
    if not any(d.get("doc_labels") is not None for d in drafts):
        del counts["too_long"]
    return {label: Score(label, *c) for label, c in counts.items()}


def _tally(count: list[int], gold: bool, predicted: bool) -> None:
    if gold and predicted:
        count[0] += 1
    elif predicted:
        count[1] += 1
    elif gold:
        count[2] += 1


def format_scores(scores: dict[str, Score]) -> str:
    """RETURNS (str): a small table of precision, recall and F1 per label."""
    lines = [f"{'label':<18}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}"]
    for s in scores.values():
        lines.append(f"{s.label:<18}{s.precision:>10.2f}{s.recall:>8.2f}{s.f1:>7.2f}{s.tp:>5}{s.fp:>5}{s.fn:>5}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("drafts", help="JSONL file of drafts with sentence labels")
    parser.add_argument("--pipeline", default="blank")
    parser.add_argument("--no-model", action="store_true", help="rules only")
    args = parser.parse_args(argv)
    with open(args.drafts, encoding="utf-8") as handle:
        drafts = [json.loads(line) for line in handle if line.strip()]
    config = Config(pipeline=args.pipeline, use_model=not args.no_model)
    print(format_scores(score_drafts(drafts, config)))


if __name__ == "__main__":
    main()
