"""Helpers for tests that run this checkout's command line as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_cli(*args, stdin=None, cwd=None, env=None, timeout=120) -> subprocess.CompletedProcess:
    """Run `python -m reviewer ARGS` from this checkout (never whichever review-note is on PATH)."""
    return subprocess.run([sys.executable, "-m", "reviewer", *args], capture_output=True, text=True, timeout=timeout,
                          input=stdin, cwd=cwd or REPO, env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})})


def one_line_error(proc, *messages) -> None:
    """Assert a run ended with exit 2 and one line on stderr holding every message, no traceback."""
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for message in messages:
        assert message in lines[0], lines[0]
