"""The labelled corpus: size, labels, grouped splits, no leakage from the shared drafts."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROWS = [json.loads(line) for line in (REPO / "corpora" / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
LABELS = {"apology", "over_explanation", "hedging", "skills_addendum", "thanks", "other"}


def key(text: str) -> str:
    return re.sub(r"[^a-z0]+", " ", re.sub(r"\d+", "0", text.lower())).strip()


def test_size_and_label_counts():
    assert len(ROWS) >= 3000
    counts = Counter(label for row in ROWS for label in row["labels"])
    assert set(counts) == LABELS
    assert all(n >= 300 for n in counts.values()), counts


def test_labels_are_valid_and_other_stands_alone():
    for row in ROWS:
        assert row["labels"] and set(row["labels"]) <= LABELS, row
        assert "other" not in row["labels"] or row["labels"] == ["other"], row


def test_notes_and_near_duplicates_never_straddle_splits():
    splits = defaultdict(set)
    for row in ROWS:
        splits[row["note"]].add(row["split"])
    assert all(len(s) == 1 for s in splits.values())
    keys = Counter(key(row["text"]) for row in ROWS)
    assert max(keys.values()) == 1, "near-duplicates are kept once"


def test_no_shared_development_sentence_is_in_the_corpus(dev_drafts):
    shared = {key(s["text"]) for d in dev_drafts for s in d["sentences"]}
    assert not [row["text"] for row in ROWS if key(row["text"]) in shared]
