"""Warm drafts per second of one checkout's reviewer, on the development drafts and the check
set repeated to 560 drafts: a quick figure to compare two commits side by side.

    python bench/throughput.py                 # this checkout
    python bench/throughput.py /path/to/other  # another checkout (git worktree add /tmp/old REV)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    checkout = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO
    sys.path.insert(0, str(checkout))
    import reviewer

    texts = [json.loads(line)["text"] for line in (REPO / "corpora" / "check" / "notes.jsonl").open(encoding="utf-8")]
    shared = REPO.parent / "shared" / "examples" / "drafts.jsonl"
    if shared.exists():
        texts += [json.loads(line)["text"] for line in shared.open(encoding="utf-8")]
    texts *= 8
    list(reviewer.review_many(texts[:20]))  # warm: pipeline, classifier, phrase index
    start = time.perf_counter()
    count = sum(1 for _ in reviewer.review_many(texts))
    print(f"{checkout}: {count / (time.perf_counter() - start):.0f} drafts/s over {count} drafts ({reviewer.__file__})")


if __name__ == "__main__":
    main()
