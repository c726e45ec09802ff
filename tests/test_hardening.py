"""Review never breaks: arbitrary text (hypothesis), and a bad-input matrix through the real CLI."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer import review
from reviewer.config import Config
from reviewer.rewrite import suggest
from reviewer.textutil import review_extent

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "apologetic-draft.txt"
NOTE_WORDS = ["Thanks", "sorry", "I", "just", "think", "kind of", "because", "Hi Ann,", "\n", "\n\n", "- ", "Best,\nLee",
              "I'm", "I\u2019m", "apologize", "regret", "\u05e9\u05dc\u05d5\u05dd", "\U0001f600", "\u200f", "\x00", "\t", "\r\n",
              '"', "'", "<!-- review-note: off -->", "review-note: ignore RN1", "3 years", "Acme Corp", "."]


def check_report(text: str, config: Config = Config(use_model=True)) -> None:
    report = review(text, config)
    lines = text.split("\n")
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start : f.end] == f.text
        assert 1 <= f.line <= len(lines) and lines[f.line - 1][f.column - 1 :].startswith(f.text.split("\n")[0])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_unicode_text(text):
    check_report(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(NOTE_WORDS), max_size=60).map(" ".join))
def test_note_like_noise(text):
    check_report(text)
    result = suggest(text, review(text))
    assert "\x00" not in result.text or "\x00" in text


def test_huge_single_line_and_thousands_of_sentences():
    check_report("I think " * 20000)
    check_report("Thanks. I'm sorry. I just wanted to add that I ran 3 stores. " * 1500)


def run_cli(*args, env=None, stdin=None):
    return subprocess.run([sys.executable, "-m", "reviewer", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})}, input=stdin)


def digest(folder: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def assert_clean_failure(proc, *messages):
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    for message in messages:
        assert message in proc.stderr, proc.stderr


def test_bad_input_matrix_in_one_batch(tmp_path):
    (tmp_path / "good.txt").write_bytes(SAMPLE.read_bytes())
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "latin1.txt").write_bytes("Thank you \u2013 I\u2019m sorry I was late.".encode("cp1252"))
    (tmp_path / "undecodable.txt").write_bytes(b"Thanks \x81\x8d\x8f\x90\x9d for the \x81 interview")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("   \n\n\t\n")
    with open(tmp_path / "huge.txt", "wb") as handle:
        handle.truncate(50_000_000)  # 50 MB, sparse
    (tmp_path / "empty-folder").mkdir()
    loop = tmp_path / "loop"
    loop.mkdir()
    (loop / "inner").symlink_to(loop, target_is_directory=True)
    before = digest(tmp_path)
    proc = run_cli(str(tmp_path), str(tmp_path / "missing.txt"), str(tmp_path / "empty-folder"), "--no-color")
    assert proc.returncode == 2
    assert_clean_failure(
        proc,
        "binary.txt: looks like a binary file",
        "latin1.txt: not UTF-8; read as Windows-1252",
        "undecodable.txt: not valid UTF-8 or Windows-1252",
        "empty.txt: draft is empty",
        "blank.md: draft is empty",
        "huge.txt: file is 50.0 MB, over the 2.0 MB limit",
        "missing.txt: no such file or folder",
        "empty-folder: folder has no drafts",
    )
    assert len(proc.stderr.strip().splitlines()) == 8  # one line each
    assert "good.txt" in proc.stdout and "RN101" in proc.stdout and "latin1.txt" in proc.stdout
    assert digest(tmp_path) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: file permissions do not stop reads")
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("Thanks!")
    path.chmod(0)
    proc = run_cli(str(path))
    assert proc.returncode == 2
    assert_clean_failure(proc, "secret.txt: permission denied")


def test_stdin_and_bad_options():
    proc = run_cli("-", stdin=SAMPLE.read_text())
    assert proc.returncode == 1 and "<stdin>" in proc.stdout
    proc = run_cli("-", stdin="")
    assert proc.returncode == 2
    assert_clean_failure(proc, "<stdin>: draft is empty")
    proc = run_cli("--max-bytes", "0", str(SAMPLE))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_model_problems_through_the_cli(tmp_path):
    (tmp_path / "sentence-classifier.npz").write_bytes(b"PK\x03\x04 not really")
    proc = run_cli(str(SAMPLE), env={"REVIEW_NOTE_MODEL_DIR": str(tmp_path)})
    assert proc.returncode == 2
    assert_clean_failure(proc, "corrupt")
    proc = run_cli(str(SAMPLE), env={"REVIEW_NOTE_MODEL_DIR": str(tmp_path / "nowhere")})
    assert proc.returncode == 2
    assert_clean_failure(proc, "not found", "--no-model")


@pytest.mark.slow
def test_ten_thousand_file_folder(tmp_path):
    folder = tmp_path / "drafts"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"{i:05d}.txt").write_text(f"Hi Ann,\n\nThank you for the interview. I ran {i} stores.\n\nBest,\nLee")
    proc = run_cli(str(folder), "--no-model", "--format", "json", "--select", "RN101")
    assert proc.returncode == 0, proc.stderr[-500:]
    assert '"files": 10000' in proc.stdout


def test_classifier_probabilities_never_overflow():
    import warnings

    import numpy as np

    from reviewer.model.features import slot
    from reviewer.model.store import Classifier

    classifier = Classifier(np.array([slot("w=a")]), np.array([[1.0], [-1.0]]), np.zeros(2), ("up", "down"), {}, "0")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's overflow warning fails the test
        huge, none = classifier.probabilities_many([{"w=a": 1e6}, {}])
    assert huge["up"] == 1.0 and huge["down"] < 1e-100
    assert none == {"up": 0.5, "down": 0.5}


def test_draft_longer_than_the_pipeline_limit_is_reviewed_in_part(tmp_path):
    from conftest import TRAINED

    if TRAINED is None:
        pytest.skip("no trained pipeline installed")
    path = tmp_path / "long.txt"
    text = "Thank you for the interview. " * 40_000  # 1.16 million characters: over the trained pipeline's limit
    path.write_text(text)
    proc = run_cli("--pipeline", TRAINED, "--format", "concise", str(path))
    assert proc.returncode == 1 and proc.stderr == "", proc.stderr  # once an error; now only the start is reviewed
    reviewed = review_extent(text)
    assert f":1:{reviewed + 1}: RN405 Only the first {reviewed:,} of 1,160,000 characters (to line 1) were reviewed" in proc.stdout


def test_fast_exit_still_delivers_all_output_and_the_status(tmp_path):
    # The console entry skips interpreter teardown (os._exit) after flushing: a report much
    # larger than a pipe buffer must still arrive whole, with the summary line last.
    path = tmp_path / "long.txt"
    path.write_text("Thank you for the interview.\n\n" + "I'm so sorry I messed up the demo.\n" * 400)
    proc = run_cli("--format", "json", str(path))
    assert proc.returncode == 1, proc.stderr[-500:]
    assert len(proc.stdout) > 200_000
    import json

    assert json.loads(proc.stdout)["summary"]["findings"] > 400


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_report_that_cannot_be_written_is_one_line_and_exit_2():
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "reviewer", "--format", "json", "samples/apologetic-draft.txt"],
                              cwd=Path(__file__).resolve().parents[1], stdout=full, stderr=subprocess.PIPE, text=True, timeout=300)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "review-note: cannot write the report: No space left on device"


def test_reader_going_away_ends_quietly(tmp_path):
    for i in range(400):
        (tmp_path / f"{i:03d}.txt").write_text("Thank you for the interview. I'm so sorry I messed up the demo.\n")
    proc = subprocess.Popen([sys.executable, "-m", "reviewer", str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 2
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
