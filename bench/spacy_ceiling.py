"""The throughput ceiling for bench/run.py: bare spaCy over the same drafts.

Run as a fresh process by bench/run.py, like review-note, so wall time and peak memory
are measured the same way: `python bench/spacy_ceiling.py FOLDER`. Reads every .txt file
under FOLDER (sorted), runs `spacy.blank("en")` + sentencizer over them with `nlp.pipe`
(no rules, no classifier, no output), and prints one JSON line with its own phase timings.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

t_start = time.perf_counter()
import spacy  # the import is part of what is measured

t_imported = time.perf_counter()


def main(folder: str) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    t_built = time.perf_counter()
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).rglob("*.txt"))]
    t_read = time.perf_counter()
    sentences = 0
    tokens = 0
    for doc in nlp.pipe(texts):
        sentences += sum(1 for _ in doc.sents)
        tokens += len(doc)
    t_done = time.perf_counter()
    print(json.dumps({
        "files": len(texts),
        "tokens": tokens,
        "sentences": sentences,
        "import_s": t_imported - t_start,
        "build_s": t_built - t_imported,
        "read_s": t_read - t_built,
        "pipe_s": t_done - t_read,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
