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
from reviewer.rules import DOCUMENT_CODES
from reviewer.rules.families import FAMILY_LABELS

TOO_LONG_CODES = frozenset({"RN401", "RN403"})


@dataclass(frozen=True)
class Score:
    """Counts and rates for one label (rates from scikit-learn; 1.0 where nothing was to find)."""

    label: str
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, label: str, gold: list[bool], predicted: list[bool]) -> "Score":
        """RETURNS (Score): the score of binary predictions against gold."""
        from sklearn.metrics import precision_recall_fscore_support

        tp = sum(g and p for g, p in zip(gold, predicted))
        fp = sum(p and not g for g, p in zip(gold, predicted))
        fn = sum(g and not p for g, p in zip(gold, predicted))
        p, r, f, _ = precision_recall_fscore_support(gold, predicted, average="binary", zero_division=1.0)
        return cls(label, tp, fp, fn, float(p), float(r), float(f))


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


def score_drafts(drafts: list[dict], config: Config = Config(), errors: list | None = None) -> dict[str, Score]:
    """RETURNS (dict): per-label scores (sentence labels, plus the document label too_long
    over the drafts whose `doc_labels` are given; a file without them has no too_long row).

    errors (list): if given, receives (kind "fp"/"fn", label, draft id, sentence text, codes)
        for every wrong sentence label.
    """
    pairs: dict[str, tuple[list[bool], list[bool]]] = {label: ([], []) for label in [*FAMILY_LABELS.values(), "too_long"]}
    reports = review_many((d["text"] for d in drafts), config)
    for draft, report in zip(drafts, reports):
        predicted = sentence_labels(draft["sentences"], report.findings)
        for sentence, labels in zip(draft["sentences"], predicted):
            gold = set(sentence["labels"])
            for label in FAMILY_LABELS.values():
                _add(pairs[label], label in gold, label in labels)
                if errors is not None and (label in gold) != (label in labels):
                    codes = sorted({f"{f.code}{'' if str(f.source) == 'rule' else '/' + str(f.source)}" for f in report.findings
                                    if sentence["start"] <= f.start < sentence["end"] and f.code not in DOCUMENT_CODES})
                    errors.append(("fn" if label in gold else "fp", label, draft.get("id", "?"), sentence["text"], codes))
        if draft.get("doc_labels") is not None:
            long_pred = any(f.code in TOO_LONG_CODES for f in report.findings)
            _add(pairs["too_long"], "too_long" in draft["doc_labels"], long_pred)
    if not any(d.get("doc_labels") is not None for d in drafts):
        del pairs["too_long"]
    return {label: Score.of(label, gold, predicted) for label, (gold, predicted) in pairs.items()}


def _add(pair: tuple[list[bool], list[bool]], gold: bool, predicted: bool) -> None:
    pair[0].append(gold)
    pair[1].append(predicted)


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
    parser.add_argument("--errors", action="store_true", help="also list every false positive and false negative")
    args = parser.parse_args(argv)
    with open(args.drafts, encoding="utf-8") as handle:
        drafts = [json.loads(line) for line in handle if line.strip()]
    config = Config(pipeline=args.pipeline, use_model=not args.no_model)
    errors: list | None = [] if args.errors else None
    print(format_scores(score_drafts(drafts, config, errors)))
    for kind, label, draft_id, text, codes in errors or []:
        print(f"{kind} {label:<17} {draft_id:<10} {' '.join(codes) or '-':<24} {' '.join(text.split())[:110]}")


if __name__ == "__main__":
    main()
