"""The command line: exit codes, output formats, batches, stdin and bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from reviewer import __version__
from reviewer.cli import main

REPO = Path(__file__).resolve().parents[1]
APOLOGETIC = str(REPO / "samples" / "apologetic-draft.txt")
CLEAN = str(REPO / "samples" / "clean-draft.txt")


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_findings_exit_1_and_read_as_advice():
    result = run(APOLOGETIC)
    assert result.exit_code == 1
    assert "RN101" in result.output and "apology-words" in result.output
    assert "Fix:" in result.output and '"sorry"' in result.output
    assert "Checked 1 draft" in result.output


def test_clean_note_exits_0_kindly():
    result = run(CLEAN)
    assert result.exit_code == 0
    assert "looks good" in result.output


def test_fail_on_changes_the_exit_status():
    assert run("--fail-on", "never", APOLOGETIC).exit_code == 0
    assert run("--select", "RN302", "--fail-on", "error", APOLOGETIC).exit_code == 0
    assert run("--select", "RN302", "--fail-on", "warning", APOLOGETIC).exit_code == 1


def test_json_output_follows_the_schema():
    result = run("--format", "json", APOLOGETIC, CLEAN)
    data = json.loads(result.output)
    assert data["schema"] == "review-note/2" and data["version"] == __version__
    first, second = data["files"]
    assert first["path"] == APOLOGETIC and second["findings"] == []
    finding = first["findings"][0]
    assert set(finding) >= {"code", "name", "family", "severity", "start", "end", "line", "column", "text", "message", "fix", "source", "confidence"}
    text = Path(APOLOGETIC).read_text()
    assert all(text[f["start"] : f["end"]] == f["text"] for f in first["findings"])
    assert data["summary"]["files"] == 2 and data["summary"]["clean"] == 1


def test_stdin():
    result = run("-", input=Path(APOLOGETIC).read_text())
    assert result.exit_code == 1 and "<stdin>" in result.output


def test_batch_reports_bad_inputs_and_still_checks_the_rest(tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "empty.txt").write_text("   ")
    (tmp_path / "latin.txt").write_bytes("Thank you – I’m sorry.".encode("cp1252"))
    shutil.copy(CLEAN, tmp_path / "clean.txt")
    result = CliRunner().invoke(main, [str(tmp_path), str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    err = result.stderr
    assert "binary.txt: looks like a binary file" in err
    assert "empty.txt: draft is empty" in err
    assert "missing.txt: no such file or folder" in err
    assert "latin.txt: not UTF-8; read as Windows-1252" in err
    assert "Traceback" not in result.output + err
    assert "clean.txt: looks good" in result.output and "latin.txt" in result.output


def test_usage_errors_exit_2():
    assert run().exit_code == 2
    assert run("--fail-on", "sometimes", CLEAN).exit_code == 2
    assert run("--explain", "RN999").exit_code == 2


def test_missing_pipeline_is_one_line_error():
    result = run("--pipeline", "xx_no_such_pipeline", CLEAN)
    assert result.exit_code == 2
    assert "not installed" in result.stderr and "Traceback" not in result.stderr


def test_list_rules_and_explain():
    listing = run("--list-rules").output
    assert "RN101" in listing and "RN501" in listing
    explained = run("--explain", "RN301").output
    for section in ("What it does", "Why is this bad?", "Example", "Use instead"):
        assert section in explained


def test_no_color_when_piped_or_no_color(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(APOLOGETIC).output
    assert "\x1b[" in run("--color", APOLOGETIC).output


def test_entry_point_runs_as_a_real_process(checkout_env):
    # This checkout's entry point, never whichever review-note is first on PATH.
    for command in ([sys.executable, "-m", "reviewer"], ["review-note"]):
        proc = subprocess.run([*command, APOLOGETIC], capture_output=True, text=True, timeout=120, env=checkout_env)
        assert proc.returncode == 1, proc.stderr
        assert "RN101" in proc.stdout and proc.stderr == ""
        proc = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60, env=checkout_env)
        assert proc.returncode == 0 and __version__ in proc.stdout


def test_jobs_give_identical_ordered_results(tmp_path):
    from reviewer.app import MIN_PARALLEL_DRAFTS

    for i in range(MIN_PARALLEL_DRAFTS + 6):  # enough for workers
        source = APOLOGETIC if i % 3 else CLEAN
        (tmp_path / f"d{i:02d}.txt").write_text(Path(source).read_text().replace("Okafor", f"Okafor{i}"))
    serial = run("--format", "json", "--jobs", "1", str(tmp_path))
    default = run("--format", "json", str(tmp_path))  # one worker per core
    parallel = run("--format", "json", "--jobs", "2", str(tmp_path))
    assert serial.exit_code == default.exit_code == parallel.exit_code == 1
    assert serial.output == default.output == parallel.output


def test_a_batch_uses_every_core_by_default_and_a_small_one_stays_in_one_process(monkeypatch):
    from reviewer import app

    monkeypatch.setattr(app, "available_cores", lambda: 4)
    assert app.worker_count(1000, None) == 4  # the default: every core
    assert app.worker_count(1000, 1) == 1 and app.worker_count(1000, 2) == 2  # --jobs N
    assert app.worker_count(app.MIN_PARALLEL_DRAFTS - 1, None) == 1  # a small batch: no workers to start
    assert app.worker_count(1, None) == app.worker_count(1, 8) == 1  # a single draft's start-up does not grow
    assert app._chunk_size(1000, 4) == 32 and app._chunk_size(64, 2) == 8  # at least four chunks a worker


def test_progress_bar_is_silent_when_not_a_terminal(tmp_path):
    import io

    from reviewer.app import run as run_app
    from reviewer.config import Config

    for i in range(8):
        (tmp_path / f"d{i}.txt").write_text(Path(CLEAN).read_text())
    out, err = io.StringIO(), io.StringIO()
    status = run_app([str(tmp_path)], Config(), out=out, err=err, progress=True)
    assert status == 0 and "Checked 8 drafts" in out.getvalue() and err.getvalue() == ""
