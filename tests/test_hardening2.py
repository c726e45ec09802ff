"""Issue 17: hostile input stays linear, written files stay safe, output stays inert."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reviewer.textutil import MAX_TOKEN, defuse_long_tokens

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "apologetic-draft.txt"


def run_cli(*args, stdin=None, cwd=None, timeout=120):
    return subprocess.run([sys.executable, "-m", "reviewer", *args], capture_output=True, text=True, timeout=timeout,
                          input=stdin, cwd=cwd or REPO, env={**os.environ, "PYTHONPATH": str(REPO)})


def one_line_error(proc, *messages):
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for message in messages:
        assert message in lines[0], lines[0]


def seconds(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def linear(function, small, big, factor: int, ratio: float = 40.0) -> None:
    """`big` is `factor` times `small`: a linear function takes about `factor` times as long, a
    quadratic one factor**2 times; allow a generous `ratio` (plus a small floor for noise)."""
    function(small)  # warm up caches and imports
    fast = min(seconds(function, small) for _ in range(3))
    slow = seconds(function, big)
    assert slow < max(fast, 0.002) * ratio, (fast, slow)


# --- spaCy's tokenizer is quadratic on long runs of prefix/suffix punctuation ----------------

@pytest.mark.parametrize("text", ["", "a" * MAX_TOKEN, "a" * (MAX_TOKEN + 1), "x " + "<" * 1000 + " y\n" + "(" * 129,
                                  "\U0001f600" * 300 + "\u00a0" + "!" * 65, "https://example.com/" + "a/" * 40])
def test_defuse_long_tokens_keeps_length_and_bounds_runs(text):
    out = defuse_long_tokens(text)
    assert len(out) == len(text)
    assert max((len(run) for run in re.findall(r"\S+", out)), default=0) <= MAX_TOKEN
    assert all(a == b or b == " " for a, b in zip(text, out))  # only spaces are put in
    assert (out == text) == all(len(run) <= MAX_TOKEN for run in re.findall(r"\S+", text))


def test_short_runs_are_left_alone():
    note = "Hi Ann,\n\nThank you for the interview. I'm so sorry I ran late.\n\nBest,\nLee"
    assert defuse_long_tokens(note) == note


def test_long_punctuation_runs_review_in_linear_time():
    from reviewer import review_many
    from reviewer.config import Config

    config = Config(use_model=True)
    list(review_many(["Thank you."], config))
    # Each of these took 30 s to two minutes before the guard; now all of them take about a second.
    texts = ["Thank you. " + ch * 20_000 for ch in ("<", "(", "!", "'", "<!", "\U0001f600", "\"", "[")]
    start = time.perf_counter()
    reports = list(review_many(texts, config))
    assert time.perf_counter() - start < 20
    assert all(f.end <= len(t) and t[f.start:f.end] == f.text for r, t in zip(reports, texts) for f in r.findings)
