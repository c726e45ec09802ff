"""CPU milliseconds per draft of one checkout's warm `review_many`, with and without the
classifier, on 1,000 drafts composed as bench/run.py composes them (after 500 warm-up
drafts): a quick figure to compare two commits side by side, run alternately.

    python bench/per_draft.py                  # this checkout
    python bench/per_draft.py /path/to/other   # another checkout (git archive REV | tar -x -C DIR)

Prints the minimum and median of five passes (time.process_time: other processes on the
machine count less than in wall time, but a busy machine still slows a run).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def main() -> None:
    checkout = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else BENCH.parent
    sys.path.insert(0, str(BENCH))
    import run  # noqa: E402  (bench/run.py's composer, from this checkout: the same drafts for both)

    sys.path.insert(0, str(checkout))
    from reviewer import engine
    from reviewer.config import Config

    units = run.load_units()
    rng = random.Random(20240917)
    drafts = [run.compose(rng, units) for _ in range(1500)]
    list(engine.review_many(drafts[:500]))  # warm: pipeline, classifier, tokenizer cache
    for label, config in (("with the classifier", Config()), ("--no-model", Config(use_model=False))):
        passes = []
        for _ in range(5):
            start = time.process_time()
            for _report in engine.review_many(drafts[500:], config):
                pass
            passes.append((time.process_time() - start) / 1000 * 1000)
        print(f"{checkout}: {label:<20} min {min(passes):.2f} ms a draft, median {statistics.median(passes):.2f}"
              f" ({engine.__file__})")


if __name__ == "__main__":
    main()
