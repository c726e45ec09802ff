"""Next time: how often the lessons appear where they should, on the shared development drafts.

    python bench/lessons_eval.py [--pipeline blank|auto] [--drafts ../shared/examples/drafts.jsonl]

Prints: the share of drafts that apologise for or explain a mistake (a sentence labelled
apology or over_explanation) that get at least one lesson, the share of clean notes
("Type: clean", or kind "clean" in the check set) that get one, that every topic is text[start:end], and the kind accuracy
and topic-span accuracy on corpora/lessons/kinds.jsonl.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reviewer.config import Config  # noqa: E402
from reviewer.engine import review  # noqa: E402
from reviewer.lessons import detect, lessons_for  # noqa: E402
from reviewer.pipeline import get_pipeline  # noqa: E402

MISTAKE_LABELS = {"apology", "over_explanation"}


def drafts_figures(drafts: list[dict], config: Config) -> dict:
    """RETURNS (dict): coverage on mistake drafts, lessons on clean notes, topic spans that hold."""
    mistake = clean = mistake_hit = clean_hit = spans = spans_ok = 0
    for draft in drafts:
        text = draft["text"]
        found = lessons_for(text, review(text, config), config)
        spans += len(found)
        spans_ok += sum(text[x.start:x.end] == x.topic for x in found)
        if str(draft.get("notes", "")).startswith("Type: clean") or draft.get("kind") == "clean":
            clean += 1
            clean_hit += bool(found)
        elif any(set(s["labels"]) & MISTAKE_LABELS for s in draft["sentences"]):
            mistake += 1
            mistake_hit += bool(found)
    return {"mistake_drafts": mistake, "mistake_with_lesson": mistake_hit, "clean_drafts": clean,
            "clean_with_lesson": clean_hit, "topics": spans, "topics_are_spans": spans_ok}


def kinds_figures(path: Path, nlp=None) -> dict:
    """RETURNS (dict): kind and topic-span accuracy on the labelled mistake sentences."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    kinds = topics = 0
    for row in rows:
        hit = detect(row["text"], nlp)
        kinds += hit is not None and hit.kind.name == row["kind"]
        topics += hit is not None and (hit.start, hit.end) == (row["topic"]["start"], row["topic"]["end"])
    return {"sentences": len(rows), "kind_correct": kinds, "topic_correct": topics}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pipeline", default="blank")
    parser.add_argument("--drafts", default=str(ROOT.parent / "shared" / "examples" / "drafts.jsonl"))
    args = parser.parse_args()
    config = Config(pipeline=args.pipeline)
    drafts = [json.loads(line) for line in Path(args.drafts).read_text(encoding="utf-8").splitlines() if line.strip()]
    d = drafts_figures(drafts, config)
    k = kinds_figures(ROOT / "corpora" / "lessons" / "kinds.jsonl", get_pipeline(args.pipeline))
    print(f"pipeline: {args.pipeline}")
    print(f"drafts that apologise for or explain a mistake with at least one lesson: "
          f"{d['mistake_with_lesson']}/{d['mistake_drafts']} ({d['mistake_with_lesson'] / max(d['mistake_drafts'], 1):.0%})")
    print(f"clean notes with a lesson: {d['clean_with_lesson']}/{d['clean_drafts']} "
          f"({d['clean_with_lesson'] / max(d['clean_drafts'], 1):.0%})")
    print(f"topics that are text[start:end]: {d['topics_are_spans']}/{d['topics']}")
    print(f"kinds.jsonl: kind {k['kind_correct']}/{k['sentences']} ({k['kind_correct'] / k['sentences']:.0%}), "
          f"topic span {k['topic_correct']}/{k['sentences']} ({k['topic_correct'] / k['sentences']:.0%})")


if __name__ == "__main__":
    main()
