"""Worst cases: adversarial drafts sized to --max-bytes, through the real CLI, with the wall
time and peak memory of each run, and the worst of them.

    python bench/worst_case.py                       # every class, every format, at the default limit
    python bench/worst_case.py --formats text,html   # only these output modes
    python bench/worst_case.py --classes apologies,short-lines --bytes 200000
    python bench/worst_case.py /path/to/other/checkout   # another checkout's CLI (same inputs)

Each run is one fresh `python -m reviewer` process on one file, started by bench/run.py's tiny
launcher; its standard output goes to a temporary file (only its size is kept). Peak memory
is that process's own ru_maxrss (os.wait4). POSIX only. tests/test_hardening4.py runs the
same classes through the CLI with time and memory bounds.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import measure  # noqa: E402  (bench/run.py: a child's time and its own peak RSS)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BYTES = 2_000_000  # the CLI's default --max-bytes


def _repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    """`head`, then `unit` repeated, then `tail`: at most `size` bytes of UTF-8."""
    room = size - len((head + tail).encode())
    return head + unit * (room // len(unit.encode())) + tail


# name -> (file suffix, function of the byte budget returning the draft). Each is a class of
# input that once cost more than linear time or memory somewhere, or could.
CLASSES = {
    "apologies": (".txt", lambda n: _repeat("I'm so sorry. ", n)),
    "short-lines": (".txt", lambda n: _repeat("a\n", n)),
    "paragraphs": (".txt", lambda n: _repeat("Thanks.\n\n", n)),
    "bullets": (".txt", lambda n: _repeat("- I'm sorry I rambled\n", n, "Hi Ann,\n\nThank you.\n\n")),
    "quoted-phrases": (".txt", lambda n: _repeat('I said "kind of agile" and I think it was sorry. ', n)),
    "single-quotes": (".txt", lambda n: _repeat("'a' ", n)),
    "reply-lines": (".txt", lambda n: _repeat("> I'm sorry\n", n, "Thank you.\n")),
    "huge-sentence": (".txt", lambda n: _repeat("I think ", n)),
    "hedges": (".txt", lambda n: _repeat("I just think maybe I kind of ", n)),
    "excuses": (".txt", lambda n: _repeat("The reason I stumbled is that I was nervous because I blanked on the budget question. ", n)),
    "thanks": (".txt", lambda n: _repeat("Thank you for the interview; I led a team of 5 at Acme. ", n)),
    "misspellings": (".txt", lambda n: _repeat("recieve alot meetin ", n)),
    "punct-run": (".txt", lambda n: _repeat("<", n, "Thank you. ")),
    "punct-spaced": (".txt", lambda n: _repeat("?! ", n, "Thank you. ")),
    "long-words": (".txt", lambda n: _repeat("a" * 64 + " ", n)),
    "cjk-run": (".txt", lambda n: _repeat("\u3054\u3081\u3093\u306a\u3055\u3044\u3002", n)),
    "crlf-lines": (".txt", lambda n: _repeat("Sorry\r\n", n)),
    "sign-offs": (".txt", lambda n: _repeat("Best,\nLee\n", n, "Thank you.\n")),
    "suppressions": (".txt", lambda n: _repeat("<!-- review-note: off -->sorry<!-- review-note: on --> ", n)),
    "unclosed-comments": (".txt", lambda n: _repeat("<!-- review-note: ignore x ", n)),
    "html-apologies": (".html", lambda n: _repeat("<p>I'm so sorry.</p>", n)),
    "eml-apologies": (".eml", lambda n: _repeat("I'm so sorry.\n", n, "Subject: Thanks\n\n")),
}

# mode -> extra CLI arguments
MODES = {
    "text": ["--format", "text"],
    "concise": ["--format", "concise"],
    "json": ["--format", "json"],
    "sarif": ["--format", "sarif"],
    "github": ["--format", "github"],
    "html": ["--format", "html"],
    "suggest": ["--suggest"],
    "diff": ["--diff"],
    "html-suggest": ["--format", "html", "--suggest"],
}


@dataclass(frozen=True)
class Outcome:
    """One CLI run on one worst-case draft."""

    status: int | None  # exit status; None when killed at the time limit
    seconds: float
    peak_mb: float  # peak RSS of the review-note process
    out_bytes: int  # size of what it wrote to standard output
    stderr: str  # the end of what it wrote to standard error


def run_one(checkout: Path, path: Path, args: list[str], timeout: float = 0) -> Outcome:
    """Run this checkout's `python -m reviewer --no-color ARGS PATH` from a tiny launcher (so its
    peak RSS is its own, not the caller's: bench/run.py's measure), standard output to a file."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "stdout"
        env = {**os.environ, "PYTHONPATH": str(checkout)}
        result = measure([sys.executable, "-m", "reviewer", "--no-color", *args, str(path)], out, timeout, env)
        killed = result.returncode == -9 and timeout and result.wall_s >= timeout
        return Outcome(None if killed else result.returncode, result.wall_s, result.maxrss_mb, out.stat().st_size,
                       result.stderr_tail)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", nargs="?", default=str(REPO), help="the checkout whose CLI to run (default: this one)")
    parser.add_argument("--bytes", type=int, default=DEFAULT_BYTES, help="input size (default: the default --max-bytes)")
    parser.add_argument("--classes", default=",".join(CLASSES), help="comma-separated input classes")
    parser.add_argument("--formats", default=",".join(MODES), help="comma-separated output modes: " + ", ".join(MODES))
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a run is killed (shown as '>')")
    args = parser.parse_args()
    checkout = Path(args.checkout).resolve()
    classes = [c for c in args.classes.split(",") if c]
    modes = [m for m in args.formats.split(",") if m]
    for name in classes + modes:
        if name not in CLASSES and name not in MODES:
            parser.error(f"unknown class or mode {name!r}")
    print(f"checkout {checkout}, inputs of at most {args.bytes:,} bytes, timeout {args.timeout:.0f} s")
    print(f"{'input':<18} {'mode':<13} {'bytes':>9} {'exit':>4} {'seconds':>8} {'peak MB':>8} {'out MB':>7}")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name in classes:
            suffix, make = CLASSES[name]
            path = Path(folder) / f"{name}{suffix}"
            path.write_bytes(make(args.bytes).encode())
            size = path.stat().st_size
            for mode in modes:
                run = run_one(checkout, path, MODES[mode], args.timeout)
                shown = f"{run.seconds:8.1f}" if run.status is not None else f"{'>' + format(args.timeout, '.0f'):>8}"
                print(f"{name:<18} {mode:<13} {size:>9,} {run.status if run.status is not None else '-':>4} {shown} "
                      f"{run.peak_mb:8.0f} {run.out_bytes / 1e6:7.1f}", flush=True)
                rows.append((name, mode, run.seconds, run.peak_mb, run.status))
    slowest = max(rows, key=lambda r: r[2])
    largest = max(rows, key=lambda r: r[3])
    print(f"worst time:   {slowest[2]:.1f} s{' (killed)' if slowest[4] is None else ''}, {slowest[0]} / {slowest[1]}")
    print(f"worst memory: {largest[3]:.0f} MB, {largest[0]} / {largest[1]}")


if __name__ == "__main__":
    main()
