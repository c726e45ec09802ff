"""What a user installs: a wheel in a fresh environment checks drafts with the classifier."""

from __future__ import annotations

import json
import shutil
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_wheel_carries_the_model_and_works_from_any_folder(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "reviewer", source / "reviewer", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path / "dist"),
                    str(source)], check=True, capture_output=True, timeout=300)
    (wheel,) = (tmp_path / "dist").glob("review_note-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "reviewer/models/sentence-classifier.npz" in names and "reviewer/phrases/data/apology-words.txt" in names

    # A fresh venv that installs review-note from the wheel only, and borrows this environment's
    # dependencies (spaCy, numpy...) through a .pth line: the .pth files of those folders (an
    # editable install of this checkout among them) are not run, so only the wheel's reviewer is seen.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    (venv_site,) = (env_dir / "lib").glob("python*/site-packages")
    (venv_site / "borrowed-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    draft = elsewhere / "draft.txt"
    shutil.copy(REPO / "samples" / "apologetic-draft.txt", draft)
    where = subprocess.run([str(python), "-c", "import reviewer; print(reviewer.__file__)"], cwd=elsewhere,
                           capture_output=True, text=True, check=True).stdout
    assert str(env_dir) in where, where
    proc = subprocess.run([str(env_dir / "bin" / "review-note"), "--format", "json", "draft.txt"], cwd=elsewhere,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    assert any(f["source"] in ("model", "rule+model") for f in findings), "the classifier was not used"
