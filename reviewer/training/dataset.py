"""Turn labelled units (corpus JSONL) into features, the same way review-time units are.

The features read the text alone. What the phrase rules say about each unit is computed
separately (`rule_labels`), only to report rules + model figures; it never reaches training.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from reviewer.anatomy import Part, dissect
from reviewer.config import Config
from reviewer.engine import build_draft, settings_for
from reviewer.model import LABELS
from reviewer.model.features import DocTokens, features_at
from reviewer.pipeline import get_pipeline
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
    rule_labels: tuple[str, ...] = ()  # labels whose family's phrase rules fire inside the unit (with_rules=True)


def read_units(path: str | Path) -> list[dict]:
    """RETURNS (list): the corpus rows of a JSONL file."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def featurize(rows: list[dict], with_rules: bool = False) -> list[Example]:
    """Features for corpus rows, computed inside their notes so parts and positions are real.

    with_rules (bool): also record what the phrase rules say about each unit (for evaluation).
    """
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
            anatomy = dissect(doc)
            tokens = DocTokens.of(doc)
            found = build_draft(doc, settings_for(RULE_ONLY)).phrase_findings if with_rules else ()
            offset = 0
            for row in group:
                start, end = offset, offset + len(row["text"])
                offset = end + 1
                unit = anatomy.unit_at(start)
                part = Part.BODY if standalone or unit is None else unit.part
                feats = features_at(doc, anatomy, start, end, part, tokens)
                ruled = tuple(sorted({FAMILY_LABELS[p.family] for p in found
                                      if p.family in FAMILY_LABELS and start <= p.start < end}))
                examples.append(Example(row["id"], note, row["text"], tuple(row["labels"]), row.get("split", ""), feats, ruled))
    return examples


def label_matrix(examples: list[Example]) -> list[list[int]]:
    """RETURNS (list): multi-hot rows over LABELS."""
    return [[int(label in e.labels) for label in LABELS] for e in examples]


def rule_label_matrix(examples: list[Example]) -> list[list[int]]:
    """RETURNS (list): multi-hot rows over LABELS of what the phrase rules alone say about
    each unit (a rule of the label's family matched inside it; needs featurize(with_rules=True))."""
    return [[int(label in e.rule_labels) for label in LABELS] for e in examples]
