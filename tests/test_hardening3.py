"""Issue 17, third round: bad settings, pipelines and model files, Ctrl-C, unreadable folders,
the library's door: one plain line (exit 2, or 130 for Ctrl-C), never a traceback."""

from __future__ import annotations

import io
import json
import os
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pytest
from cli_checks import one_line_error, run_cli, interrupt_once

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "apologetic-draft.txt"
SHIPPED_MODEL = REPO / "reviewer" / "models" / "sentence-classifier.npz"






# --- settings files ------------------------------------------------------------------------

@pytest.mark.parametrize("content, message", [
    (b"max-words = 80\n# caf\xff\n", "not UTF-8"),
    (("a = " + "[" * 5_000 + "]" * 5_000 + "\n").encode(), "nested too deeply"),
    (("a = " + "{b = " * 5_000 + "1" + "}" * 5_000 + "\n").encode(), "nested too deeply"),
], ids=["byte 0xff", "arrays 5,000 deep", "tables 5,000 deep"])
def test_a_bad_settings_file_is_one_line(tmp_path, content, message):
    settings = tmp_path / ".review-note.toml"
    settings.write_bytes(content)
    one_line_error(run_cli("--config", str(settings), str(SAMPLE)), str(settings), message)
    # found by the search above the draft, too
    draft = tmp_path / "draft.txt"
    draft.write_bytes(SAMPLE.read_bytes())
    one_line_error(run_cli(str(draft)), message)


def test_config_that_is_not_a_regular_file():
    one_line_error(run_cli("--config", "/dev/zero", str(SAMPLE)), "not a regular file", "/dev/zero")
    one_line_error(run_cli("--config", "/no/such/settings.toml", str(SAMPLE)), "not found")


def test_a_broken_unrelated_pyproject_above_is_skipped_with_a_notice(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool\nname = 'someone else'\n")
    (tmp_path / "notes").mkdir()
    draft = tmp_path / "notes" / "draft.txt"
    draft.write_bytes(SAMPLE.read_bytes())
    proc = run_cli(str(draft), "--format", "json")
    assert proc.returncode == 1, proc.stderr  # findings: the run went ahead with the defaults
    assert json.loads(proc.stdout)["summary"]["files"] == 1
    assert proc.stderr.count("\n") == 1 and "pyproject.toml" in proc.stderr and "skipped" in proc.stderr
    # a settings file nearer the draft wins before the broken one is read
    (tmp_path / "notes" / ".review-note.toml").write_text("max-words = 500\n")
    proc = run_cli(str(draft))
    assert proc.returncode == 1 and proc.stderr == "", proc.stderr
    # the broken file chosen by name is still an error
    one_line_error(run_cli("--config", str(tmp_path / "pyproject.toml"), str(draft)), "not valid TOML")


@pytest.mark.parametrize("value", ["9223372036854775807", "1000000001"])
def test_max_bytes_beyond_the_limit_is_a_usage_error(value):
    proc = run_cli("--max-bytes", value, str(SAMPLE))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert "--max-bytes" in proc.stderr and "1000000000" in proc.stderr


def test_max_bytes_beyond_the_limit_in_a_settings_file(tmp_path):
    settings = tmp_path / ".review-note.toml"
    settings.write_text("max-bytes = 9223372036854775807\n")
    one_line_error(run_cli("--config", str(settings), str(SAMPLE)), "max-bytes", "at most")
    settings.write_text("max-bytes = 1000000000\n")
    assert run_cli("--config", str(settings), str(SAMPLE)).returncode == 1  # the largest allowed still works


# --- --pipeline: blank, auto or an installed spaCy package, nothing else -------------------

@pytest.mark.parametrize("name", ["numpy", "json", "spacy", "reviewer", "no_such_package_here", "/tmp", "a.b"])
def test_a_package_that_is_not_a_spacy_pipeline_is_refused(name):
    from reviewer.errors import PipelineError
    from reviewer.pipeline import get_pipeline

    with pytest.raises(PipelineError, match="not installed as a spaCy pipeline|not a path"):
        get_pipeline(name)


def test_a_package_that_is_not_a_spacy_pipeline_through_the_cli():
    one_line_error(run_cli("--pipeline", "numpy", str(SAMPLE)), "'numpy'", "not installed as a spaCy pipeline")


def test_a_path_as_pipeline_is_refused(tmp_path):
    import spacy

    folder = tmp_path / "pipeline"
    spacy.blank("en").to_disk(folder)  # a loadable spaCy directory: still refused
    one_line_error(run_cli("--pipeline", str(folder), str(SAMPLE), cwd=tmp_path), "not a path")
    one_line_error(run_cli("--pipeline", "./pipeline", str(SAMPLE), cwd=tmp_path), "not a path")


def test_an_installed_pipeline_package_still_loads(pipeline_name):
    proc = run_cli("--pipeline", pipeline_name, str(SAMPLE))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr


# --- the classifier's weight file ----------------------------------------------------------

def shipped_arrays() -> dict:
    with np.load(SHIPPED_MODEL, allow_pickle=False) as data:
        return {name: data[name] for name in data.files}


def write_model(folder: Path, arrays: dict) -> Path:
    folder.mkdir(exist_ok=True)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    (folder / "sentence-classifier.npz").write_bytes(buffer.getvalue())
    return folder


def with_meta(**changes) -> dict:
    arrays = shipped_arrays()
    meta = json.loads(str(arrays["meta"]))
    meta.update(changes)
    arrays["meta"] = np.array(json.dumps(meta))
    return arrays


def bad_models() -> dict:
    arrays = shipped_arrays()
    meta = json.loads(str(arrays["meta"]))
    short_thresholds = dict(meta["thresholds"])
    short_thresholds.pop("hedging")
    nan_coef, inf_intercept = arrays["coef"].copy(), arrays["intercept"].copy()
    nan_coef[0, 0] = np.nan
    inf_intercept[1] = np.inf
    return {
        "wrong labels": (with_meta(labels=["a", "b", "c", "d", "e"]), "labels"),
        "duplicate labels": (with_meta(labels=["apology"] * 5), "labels"),
        "missing thresholds": (with_meta(thresholds=short_thresholds), "threshold"),
        "threshold out of range": (with_meta(thresholds={**meta["thresholds"], "apology": 7}), "threshold"),
        "list as meta": ({**arrays, "meta": np.array(json.dumps([1, 2]))}, "format"),
        "short intercept": ({**arrays, "intercept": arrays["intercept"][:3]}, "intercept"),
        "text weights": ({**arrays, "coef": arrays["coef"].astype(str)}, "weights"),
        "NaN weights": ({**arrays, "coef": nan_coef}, "NaN"),
        "inf intercept": ({**arrays, "intercept": inf_intercept}, "infinite"),
        "missing member": ({k: v for k, v in arrays.items() if k != "slots"}, "members"),
        "extra member": ({**arrays, "extra": np.zeros(3)}, "members"),
    }


@pytest.mark.parametrize("case", list(bad_models()))
def test_a_bad_model_file_is_a_model_error(tmp_path, case):
    from reviewer.errors import ModelError
    from reviewer.model.store import WEIGHTS_FILE, _load_npz

    arrays, message = bad_models()[case]
    folder = write_model(tmp_path / "model", arrays)
    with pytest.raises(ModelError, match=message) as caught:
        _load_npz(folder / WEIGHTS_FILE)
    assert "\n" not in str(caught.value) and str(folder) in str(caught.value)


@pytest.mark.parametrize("case", ["NaN weights", "list as meta", "short intercept"])
def test_a_bad_model_file_through_the_cli(tmp_path, case):
    arrays, message = bad_models()[case]
    folder = write_model(tmp_path / "model", arrays)
    one_line_error(run_cli(str(SAMPLE), env={"REVIEW_NOTE_MODEL_DIR": str(folder)}), "classifier", message)
    assert run_cli("--no-model", str(SAMPLE), env={"REVIEW_NOTE_MODEL_DIR": str(folder)}).returncode == 1


def test_a_rewritten_good_model_still_loads(tmp_path):
    folder = write_model(tmp_path / "model", shipped_arrays())  # the test's writer is not what makes files fail
    proc = run_cli(str(SAMPLE), env={"REVIEW_NOTE_MODEL_DIR": str(folder)})
    assert proc.returncode == 1 and proc.stderr == "", proc.stderr


def test_a_zip_bomb_model_is_refused_before_it_is_inflated(tmp_path):
    arrays = shipped_arrays()
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": (5, 6_800_000)})
    folder = tmp_path / "model"
    folder.mkdir()
    with zipfile.ZipFile(folder / "sentence-classifier.npz", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in ("intercept", "meta", "slots"):
            member = io.BytesIO()
            np.save(member, arrays[name])
            archive.writestr(f"{name}.npy", member.getvalue())
        with archive.open("coef.npy", "w", force_zip64=True) as member:  # 272 MB of zeros, under 1 MB on disk
            member.write(header.getvalue())
            zeros = bytes(68_000_000)
            for _ in range(4):
                member.write(zeros)
    assert (folder / "sentence-classifier.npz").stat().st_size < 1_000_000
    proc = run_cli(str(SAMPLE), env={"REVIEW_NOTE_MODEL_DIR": str(folder)}, timeout=60)
    one_line_error(proc, "classifier", "too large unpacked")


def test_an_array_header_claiming_more_than_its_member_holds(tmp_path):
    arrays = shipped_arrays()
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": (5, 10**15)})
    folder = tmp_path / "model"
    folder.mkdir()
    with zipfile.ZipFile(folder / "sentence-classifier.npz", "w") as archive:
        for name in ("intercept", "meta", "slots"):
            member = io.BytesIO()
            np.save(member, arrays[name])
            archive.writestr(f"{name}.npy", member.getvalue())
        archive.writestr("coef.npy", header.getvalue() + bytes(80))
    one_line_error(run_cli(str(SAMPLE), env={"REVIEW_NOTE_MODEL_DIR": str(folder)}), "classifier", "claims more data")


# --- Ctrl-C ----------------------------------------------------------------------------------

def interrupt_midway(folder: Path, *args) -> tuple[subprocess.Popen, str, str]:
    """Start a JSON review of `folder`, wait for its first result, then press Ctrl-C (SIGINT
    to the whole process group, as a terminal does)."""
    return interrupt_once([str(folder), "--format", "json", *args], '"path"')


@pytest.mark.parametrize("jobs", [["--jobs", "1"], []], ids=["one process", "default: a worker per core"])
def test_ctrl_c_mid_batch_exits_130_quietly_and_says_so(many_drafts, jobs):
    proc, out, err = interrupt_midway(many_drafts, *jobs)
    assert proc.returncode == 130, (proc.returncode, err)
    assert err == "review-note: interrupted\n", err  # no traceback, no worker noise
    report = json.loads(out)  # the JSON report is still whole
    assert report["summary"]["interrupted"] is True
    assert 1 <= report["summary"]["files"] == len(report["files"]) < 300


def test_a_finished_run_is_not_marked_interrupted():
    report = json.loads(run_cli(str(SAMPLE), "--format", "json").stdout)
    assert "interrupted" not in report["summary"]


# --- unreadable folders ----------------------------------------------------------------------

def refuse_listing(monkeypatch, *names):
    real = os.scandir

    def scandir(path="."):
        if Path(path).name in names:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unreadable_folder_is_an_error_not_an_empty_one(tmp_path, monkeypatch):
    from reviewer.app import ExitStatus, run
    from reviewer.config import Config

    (tmp_path / "locked").mkdir()
    refuse_listing(monkeypatch, "locked")
    out, err = io.StringIO(), io.StringIO()
    assert run([str(tmp_path / "locked")], Config(), "text", out=out, err=err) == ExitStatus.ERROR
    assert err.getvalue().count("\n") == 1 and "locked: cannot read this folder (Permission denied)" in err.getvalue()
    assert "no drafts" not in err.getvalue()


def test_an_unreadable_folder_inside_a_walk_gets_a_notice(tmp_path, monkeypatch):
    from reviewer.documents import Input, expand

    (tmp_path / "a" / "locked").mkdir(parents=True)
    (tmp_path / "a" / "locked" / "hidden.txt").write_text("Thank you.")
    (tmp_path / "a" / "note.txt").write_text("Thank you.")
    refuse_listing(monkeypatch, "locked")
    notices: list[str] = []
    assert list(expand([str(tmp_path / "a")], notices.append)) == [Input(str(tmp_path / "a" / "note.txt"))]
    assert notices == [f"{tmp_path / 'a' / 'locked'}: skipped: cannot read this folder (Permission denied)"]
    notices.clear()
    assert list(expand([str(tmp_path / "*")], notices.append)) == [Input(str(tmp_path / "a" / "note.txt"))]
    assert len(notices) == 1 and "locked" in notices[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: file permissions do not stop reads")
def test_an_unreadable_folder_through_the_cli(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "draft.txt").write_bytes(SAMPLE.read_bytes())
    locked.chmod(0)
    try:
        one_line_error(run_cli(str(locked)), "locked", "cannot read this folder")
    finally:
        locked.chmod(0o755)


# --- the library's door ------------------------------------------------------------------

@pytest.mark.parametrize("value, kind", [(b"Thank you", "bytes"), (None, "NoneType"), (42, "int"), (["a"], "list")])
def test_review_refuses_what_is_not_a_str(value, kind):
    import reviewer
    from reviewer.engine import review_pairs

    with pytest.raises(TypeError, match=f"must be a str, not {kind}"):
        reviewer.review(value)
    with pytest.raises(TypeError, match="must be a str"):
        list(reviewer.review_many(["Thank you.", value]))
    if value is not None:  # None in review_pairs marks a file that could not be read
        with pytest.raises(TypeError, match="must be a str"):
            list(review_pairs([(value, "context")]))


def test_review_refuses_a_lone_surrogate_at_the_door():
    import reviewer

    with pytest.raises(ValueError, match="lone surrogate U\\+DC80 at offset 6"):
        reviewer.review("Thanks\udc80 for the interview")
    with pytest.raises(ValueError, match="lone surrogate"):
        list(reviewer.review_many(["Thank you.", "\ud83d"]))
    assert reviewer.review("Thanks \U0001f600 for the interview").findings is not None  # a real pair is fine


# --- e-mail files -----------------------------------------------------------------------------

def test_an_unknown_charset_in_an_eml_is_named(tmp_path):
    draft = tmp_path / "note.eml"
    draft.write_text('Subject: Thanks\nContent-Type: text/plain; charset="x-made-up-9"\n\nThank you for the interview.\n')
    one_line_error(run_cli(str(draft)), "note.eml", "unknown charset 'x-made-up-9'")
