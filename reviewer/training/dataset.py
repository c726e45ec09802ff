"""Turn labelled units (corpus JSONL) into features, the same way review-time units are."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from reviewer.anatomy import Part
from reviewer.config import Config
from reviewer.engine import build_draft, classifier_hits, settings_for
from reviewer.model import LABELS
from reviewer.model.features import features_at
from reviewer.pipeline import get_pipeline
from reviewer.rules import BY_CODE
from reviewer.rules.families import FAMILY_LABELS
from reviewer.textutil import normalise_quotes

STANDALONE_MARKERS = ("-hn-", "-sa-", "-op-", "-pos-")
RULE_ONLY = Config(use_model=False)


@dataclass(frozen=True)
class Example:
    """One labelled unit with its features."""

    id: str
    note: str
    text: str
    labels: tuple[str, ...]
    split: str
    features: dict


def read_units(path: str | Path) -> list[dict]:
    """RETURNS (list): the corpus rows of a JSONL file."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def featurize(rows: list[dict]) -> list[Example]:
    """Features for corpus rows, computed inside their notes so parts and positions are real."""
    nlp = get_pipeline("blank")
    notes: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        notes[row["note"]].append(row)
    examples: list[Example] = []
    for note, units in notes.items():
        standalone = any(marker in note for marker in STANDALONE_MARKERS)
        for group in ([u] for u in units) if standalone else [units]:
            text = "\n".join(u["text"] for u in group)
            doc = nlp(normalise_quotes(text))
            draft = build_draft(doc, settings_for(RULE_ONLY))
            hits = classifier_hits(draft.phrase_findings)
            offset = 0
            for row in group:
                start, end = offset, offset + len(row["text"])
                offset = end + 1
                unit = draft.anatomy.unit_at(start)
                part = Part.BODY if standalone or unit is None else unit.part
                feats = features_at(doc, draft.anatomy, start, end, part, hits)
                examples.append(Example(row["id"], note, row["text"], tuple(row["labels"]), row.get("split", ""), feats))
    return examples


def label_matrix(examples: list[Example]) -> list[list[int]]:
    """RETURNS (list): multi-hot rows over LABELS."""
    return [[int(label in e.labels) for label in LABELS] for e in examples]


def rule_label_matrix(examples: list[Example]) -> list[list[int]]:
    """RETURNS (list): multi-hot rows over LABELS of what the phrase rules alone say about
    each unit (a rule of the label's family matched inside it)."""
    rows = []
    for e in examples:
        labels = {FAMILY_LABELS.get(BY_CODE[name[4:]].family) for name in e.features if name.startswith("hit=")}
        rows.append([int(label in labels) for label in LABELS])
    return rows
