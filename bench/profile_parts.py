"""Where a review's time goes: the spaCy pipeline, each rule, the anatomy, per draft.

    python bench/profile_parts.py [--drafts 1000]
    python bench/profile_parts.py --memory --drafts 10000   # peak RSS as a batch streams

With --memory it instead streams the drafts through `reviewer.review_many` in this process
and prints the peak RSS after 100, 1,000, 10,000... drafts: flat when nothing is kept.

Composes drafts as bench/run.py does (same corpus, composer and seed; the first N of 80-200
words, so not exactly the bench's set), runs the pipeline over
them, then reviews each processed doc with every rule's `check` timed. The first phrase rule
and the first model rule carry the shared work (phrase matching, classifier features and
scores), which later rules reuse from the doc's caches. Prints milliseconds per draft.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402  (bench/run.py: its draft composer)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20240917)
    parser.add_argument("--memory", action="store_true", help="peak memory as the batch streams, not time")
    args = parser.parse_args(argv)

    from reviewer import engine
    from reviewer.pipeline import get_pipeline
    from reviewer.rules import ALL_RULES

    units = run.load_units()
    rng = random.Random(args.seed)
    drafts: list[str] = []
    while len(drafts) < args.drafts:
        text = run.compose(rng, units)
        if 80 <= run.words(text) <= 200:
            drafts.append(text)

    if args.memory:
        import resource

        for i, _ in enumerate(engine.review_many(drafts), 1):
            if i in (100, 1_000, 10_000, 100_000) or i == len(drafts):
                print(f"{i:>7} drafts: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        return

    spent: Counter = Counter()

    def timed(label, function):
        def wrapper(*a, **k):
            start = time.perf_counter()
            result = function(*a, **k)
            if hasattr(result, "__next__"):
                result = list(result)
            spent[label] += time.perf_counter() - start
            return result
        return wrapper

    for rule in ALL_RULES:
        object.__setattr__(rule, "check", timed(f"{rule.code} {rule.name}", rule.check))
    engine.dissect = timed("anatomy", engine.dissect)
    nlp = get_pipeline("blank")
    list(engine.review_many(drafts[:20]))  # warm: pipeline, classifier, compiled phrase lists
    spent.clear()

    start = time.perf_counter()
    docs = list(nlp.pipe(drafts))
    pipeline_s = time.perf_counter() - start
    start = time.perf_counter()
    for text, doc in zip(drafts, docs):
        engine.review_doc(text, doc)
    review_s = time.perf_counter() - start
    n = len(drafts)
    print(f"{n} drafts, mean {sum(map(run.words, drafts)) / n:.0f} words; milliseconds per draft:")
    print(f"  {'spaCy pipeline (nlp.pipe)':<34}{pipeline_s / n * 1000:7.3f}")
    print(f"  {'review_doc, all rules':<34}{review_s / n * 1000:7.3f}")
    for label, seconds in spent.most_common():
        print(f"    {label:<32}{seconds / n * 1000:7.3f}")


if __name__ == "__main__":
    main()
