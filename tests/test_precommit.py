"""review-note as a pre-commit hook, run offline against a temporary git repository."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_pre_commit_hook_blocks_an_apologetic_draft(tmp_path, checkout_env):
    if shutil.which("pre-commit") is None or shutil.which("git") is None:
        pytest.skip("pre-commit or git not installed (pip install '.[test]')")
    env = {**checkout_env, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    work = tmp_path / "drafts"
    work.mkdir()

    def run(*args):
        return subprocess.run(list(args), cwd=work, env=env, capture_output=True, text=True, timeout=600)

    run("git", "init", "-q")
    # `language: system` uses the review-note already installed here, so nothing is downloaded.
    (work / ".pre-commit-config.yaml").write_text(
        "repos:\n- repo: local\n  hooks:\n  - id: review-note\n    name: review-note\n    entry: review-note\n"
        "    language: system\n    files: \\.(txt|md)$\n"
    )
    shutil.copy(REPO / "samples" / "apologetic-draft.txt", work / "draft.txt")
    run("git", "add", ".")
    blocked = run("pre-commit", "run", "--all-files")
    assert blocked.returncode == 1 and "RN101" in blocked.stdout, blocked.stdout + blocked.stderr
    shutil.copy(REPO / "samples" / "clean-draft.txt", work / "draft.txt")
    run("git", "add", ".")
    passed = run("pre-commit", "run", "--all-files")
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_hook_manifest_points_at_the_entry_point():
    manifest = (REPO / ".pre-commit-hooks.yaml").read_text()
    assert "entry: review-note" in manifest and "id: review-note" in manifest
