"""Build corpora/sentences.jsonl from the written parts, the second annotation and adjudication.

    python corpora/build.py [--shared ../shared/examples/drafts.jsonl]

- parts/<part>.jsonl: units written and labelled by the writer (annotator A);
- second/<part>.jsonl: the same units labelled independently by annotator B from the
  guideline alone ({"id", "labels"}, ids "<part>-<index>");
- adjudicated/<part>.jsonl: the decision for every unit where A and B disagree
  ({"id", "labels", "why"}).
Final labels: A where A and B agree, else the adjudicated labels (else A, flagged).
Near-duplicate units (same text after lower-casing, digits and punctuation removed) are
kept once. Splits are fixed by a hash of the note id, so a note (an email, or a family of
templated sentences) never straddles splits. Units that match a sentence of the shared
development drafts are dropped. Writes sentences.jsonl and stats.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = ("apology", "over_explanation", "hedging", "skills_addendum", "thanks", "other")
SPLITS = (("train", 70), ("dev", 15), ("test", 15))


def key(text: str) -> str:
    """Near-duplicate key: lower case, digits folded, punctuation and spacing removed."""
    text = re.sub(r"\d+", "0", text.lower())
    return re.sub(r"[^a-z0]+", " ", text).strip()


def split_of(note: str) -> str:
    bucket = int(hashlib.sha256(note.encode()).hexdigest(), 16) % 100
    for name, share in SPLITS:
        if bucket < share:
            return name
        bucket -= share
    return SPLITS[-1][0]


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def kappa(a: list[bool], b: list[bool]) -> float:
    n = len(a)
    agree = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if expected == 1 else (agree - expected) / (1 - expected)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", default=str(HERE.parent.parent / "shared" / "examples" / "drafts.jsonl"))
    args = parser.parse_args()
    shared_keys = set()
    if Path(args.shared).exists():
        for draft in read_jsonl(Path(args.shared)):
            shared_keys.update(key(s["text"]) for s in draft["sentences"])

    rows, seen = [], set()
    stats: dict = {"parts": {}, "dropped_duplicates": 0, "dropped_shared": 0}
    pairs = {label: ([], []) for label in LABELS}
    unresolved = 0
    for part_file in sorted((HERE / "parts").glob("*.jsonl")):
        part = part_file.stem
        units = read_jsonl(part_file)
        second = {r["id"]: r["labels"] for r in read_jsonl(HERE / "second" / f"{part}.jsonl")}
        decided = {r["id"]: r["labels"] for r in read_jsonl(HERE / "adjudicated" / f"{part}.jsonl")}
        part_stats = Counter(units=len(units))
        for index, unit in enumerate(units):
            uid = f"{part}-{index:04d}"
            a = sorted(unit["labels"])
            b = sorted(second[uid]) if uid in second else None
            if b is not None:
                for label in LABELS:
                    pairs[label][0].append(label in a)
                    pairs[label][1].append(label in b)
            if b is None or a == b:
                labels, source = a, "agreed" if b is not None else "single"
            elif uid in decided:
                labels, source = sorted(decided[uid]), "adjudicated"
            else:
                labels, source = a, "unresolved"
                unresolved += 1
            part_stats[source] += 1
            k = key(unit["text"])
            if k in shared_keys:
                stats["dropped_shared"] += 1
                continue
            if k in seen:
                stats["dropped_duplicates"] += 1
                continue
            seen.add(k)
            rows.append({"id": uid, "note": unit["note"], "text": unit["text"], "labels": labels,
                         "split": split_of(unit["note"]), "label_source": source})
        stats["parts"][part] = dict(part_stats)
    stats["kappa"] = {label: round(kappa(*pairs[label]), 3) for label in LABELS if pairs[label][0]}
    stats["double_labelled_units"] = len(pairs[LABELS[0]][0])
    stats["unresolved"] = unresolved
    stats["units"] = len(rows)
    stats["per_split"] = {s: Counter(l for r in rows if r["split"] == s for l in r["labels"]) for s, _ in SPLITS}
    stats["per_split"] = {s: dict(sorted(c.items())) for s, c in stats["per_split"].items()}
    stats["split_units"] = dict(Counter(r["split"] for r in rows))
    with open(HERE / "sentences.jsonl", "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    (HERE / "stats.json").write_text(json.dumps(stats, indent=2) + "\n")
    print(json.dumps(stats, indent=2))


if __name__ == "__main__":
    main()
