"""Where a review's time goes, per draft: each spaCy pipeline component, then the engine's
parts (anatomy, phrase matching, cues, the phrase rules, the classifier, every other rule,
findings), then what the command line adds (lessons, JSON).

    python bench/profile_parts.py [--drafts 1000]
    python bench/profile_parts.py --memory --drafts 10000   # peak RSS as a batch streams

With --memory it instead streams the drafts through `reviewer.review_many` in this process
and prints the peak RSS after 100, 1,000, 10,000... drafts: flat when nothing is kept.

Composes drafts as bench/run.py does (same corpus, composer and seed; the first N of 80-200
words, so not exactly the bench's set), runs each pipeline component over them, then
reviews each processed doc with the engine's parts timed. Prints milliseconds of CPU time
per draft (time.process_time: other processes on the machine do not count).
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

    from reviewer import lessons as lessons_module
    from reviewer.config import Config
    from reviewer.report.json_format import JsonFormatter
    from reviewer.rules import base as rules_base

    spent: Counter = Counter()

    def timed(label, function):
        def wrapper(*a, **k):
            start = time.process_time()
            result = function(*a, **k)
            if hasattr(result, "__next__"):
                result = list(result)
            spent[label] += time.process_time() - start
            return result
        return wrapper

    for rule in ALL_RULES:
        if rule.code not in ("RN104", "RN203", "RN305"):  # model rules read the scores: no cost of their own
            object.__setattr__(rule, "check", timed(f"rule {rule.code} {rule.name}", rule.check))
    engine.dissect = timed("anatomy", engine.dissect)
    engine.match = timed("phrase matching", engine.match)
    engine.unit_cues = timed("cues", engine.unit_cues)
    engine.score_units = timed("classifier (features, scores; reviewer/model)", engine.score_units)
    engine._finding = timed("findings (Finding objects)", engine._finding)
    engine._merge_overlaps = timed("merging overlaps", engine._merge_overlaps)
    rules_base.PhraseRule.edits = timed("phrase rules' edits", rules_base.PhraseRule.edits)
    nlp = get_pipeline("blank")
    list(engine.review_many(drafts[:20]))  # warm: pipeline, classifier, compiled phrase lists
    spent.clear()

    n = len(drafts)
    print(f"{n} drafts, mean {sum(map(run.words, drafts)) / n:.0f} words; milliseconds of CPU per draft:")
    start = time.process_time()
    docs = [nlp.make_doc(text) for text in drafts]
    parts = [("tokenizer", time.process_time() - start)]
    for name, component in nlp.pipeline:
        start = time.process_time()
        docs = [component(doc) for doc in docs]
        parts.append((name, time.process_time() - start))
    print(f"  {'spaCy pipeline':<48}{sum(t for _, t in parts) / n * 1000:7.3f}")
    for name, seconds in parts:
        print(f"    {name:<46}{seconds / n * 1000:7.3f}")
    start = time.process_time()
    reports = [engine.review_doc(text, doc) for text, doc in zip(drafts, docs)]
    review_s = time.process_time() - start
    print(f"  {'review_doc (engine)':<48}{review_s / n * 1000:7.3f}")
    rules_s = sum(v for k, v in spent.items() if k.startswith("rule "))
    for label, seconds in [*((k, v) for k, v in spent.most_common() if not k.startswith("rule ")), ("other rules", rules_s)]:
        print(f"    {label:<46}{seconds / n * 1000:7.3f}")
    for label, seconds in spent.most_common():
        if label.startswith("rule ") and seconds / n * 1000 >= 0.005:
            print(f"      {label[5:]:<44}{seconds / n * 1000:7.3f}")
    config = Config()
    start = time.process_time()
    for text, report in zip(drafts, reports):
        lessons_module.lessons_for(text, report, config)
    print(f"  {'lessons (CLI)':<48}{(time.process_time() - start) / n * 1000:7.3f}")
    import io

    from reviewer.report import FileResult

    formatter = JsonFormatter(io.StringIO())
    results = [FileResult("d.txt", r.findings, "utf-8", r.body_words, lessons=()) for r in reports]
    start = time.process_time()
    for result in results:
        formatter.file(result)
    print(f"  {'JSON output (CLI)':<48}{(time.process_time() - start) / n * 1000:7.3f}")


if __name__ == "__main__":
    main()
