"""The benchmark script runs end to end (a smoke run, not a performance assertion)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_quick_bench_runs_and_writes_results(tmp_path):
    out = tmp_path / "r.json"
    proc = subprocess.run(
        [sys.executable, "bench/run.py", "--quick", "--no-proselint", "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert {"schema", "meta", "drafts", "cold_start", "batch", "warm", "scaling", "targets"} <= results.keys()
    assert results["schema"] == "review-note-bench/1"

    cold = results["cold_start"]
    assert {"review_note", "import_spacy", "ratio_review_note_to_import_spacy", "meets_target"} <= cold.keys()
    assert cold["proselint"] is None  # --no-proselint
    assert cold["review_note"]["median_s"] > 0 and cold["review_note"]["peak_rss_mb"] > 0

    batch = results["batch"]
    assert batch["jobs"] in ("implemented", "not implemented")
    entry = batch["sizes"]["20"]
    for tool in ("review_note", "spacy_ceiling"):
        assert {"median_s", "drafts_per_s", "words_per_s", "peak_rss_mb"} <= entry[tool].keys()
    assert entry["proselint"] is None

    warm = results["warm"]
    assert {"same_draft", "varied_drafts", "meets_target"} <= warm.keys()
    assert warm["same_draft"]["median_ms"] > 0

    lengths = results["scaling"]["lengths"]
    assert [row["target_words"] for row in lengths] == [100, 1000]
    assert all("ms_per_1k_words" in row for row in lengths)
    assert "per_word_ratio_largest_to_smallest" in results["scaling"]

    assert set(results["targets"]) == {"cold_start_ratio", "warm_latency", "scaling_linear",
                                       "one_process_3x_proselint", "default_5x_proselint"}  # one size: no memory_flat
    assert batch["targets"]["reference_size"] == 20
    assert "review_note_default" in entry or batch["jobs"] == "not implemented"
    assert "--jobs: not implemented" in proc.stdout or batch["jobs"] == "implemented"


def test_profile_parts_smoke():
    proc = subprocess.run([sys.executable, "bench/profile_parts.py", "--drafts", "20"], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-800:]
    assert "spaCy pipeline" in proc.stdout and "RN101 apology-words" in proc.stdout


def test_profile_parts_memory_smoke():
    proc = subprocess.run([sys.executable, "bench/profile_parts.py", "--memory", "--drafts", "150"], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-800:]
    assert "100 drafts: peak RSS" in proc.stdout and "150 drafts: peak RSS" in proc.stdout
