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


def interrupt_once(args: list[str], ready: str) -> tuple[subprocess.Popen, str, str]:
    """Start `review-note ARGS`, read its output until `ready` appears (a first result), then
    press Ctrl-C (SIGINT to the whole process group, as a terminal does).
    RETURNS (tuple): the finished process, all of its stdout and its stderr."""
    import signal

    proc = subprocess.Popen([sys.executable, "-m", "reviewer", *args], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"})
    head = ""
    try:
        while ready not in head:
            line = proc.stdout.readline()
            assert line, ("finished before any result", proc.stderr.read())
            head += line
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.stdout.read(), proc.stderr.read()
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    return proc, head + out, err

