"""A digest of every finding on the development drafts and the check set, to show that a
restructuring changed nothing: run it before and after and compare the hashes.

    python bench/findings_digest.py            # blank, blank --no-model, and auto (trained) pipelines
    python bench/findings_digest.py --skip RN503,RN601   # leave out rules added since
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # this checkout, whatever copy pip installed

from reviewer import review_many  # noqa: E402
from reviewer.config import Config  # noqa: E402

FILES = (REPO.parent / "shared" / "examples" / "drafts.jsonl", REPO / "corpora" / "check" / "notes.jsonl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip", default="", help="comma-separated codes to leave out")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    texts = [json.loads(line)["text"] for path in FILES if path.exists() for line in path.open(encoding="utf-8") if line.strip()]
    for name, config in (("blank", Config()), ("blank-nomodel", Config(use_model=False)), ("auto", Config(pipeline="auto"))):
        rows = [[[f.code, f.start, f.end, str(f.severity), str(f.source), round(f.confidence, 6), f.message, list(f.evidence)]
                 for f in report.findings if f.code not in skip] for report in review_many(texts, config)]
        digest = hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()[:16]
        print(f"{name:<14} {digest}  {sum(map(len, rows))} findings in {len(texts)} drafts")


if __name__ == "__main__":
    main()
