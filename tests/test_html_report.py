"""The HTML report: self-contained, highlights by family, checked in a real headless browser."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewer.cli import main

REPO = Path(__file__).resolve().parents[1]
SAMPLES = [str(REPO / "samples" / name) for name in ("apologetic-draft.txt", "clean-draft.txt", "follow-up.eml")]
BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    result = CliRunner().invoke(main, ["--format", "html", "--suggest", *SAMPLES, "missing.txt"])
    assert result.exit_code == 2  # the missing file; the others are still reported
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(result.stdout, encoding="utf-8")
    return path


def test_report_is_self_contained_and_complete(report):
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "http://" not in page and "https://" not in page and "<script" not in page and "<link" not in page
    assert page.count('<section class="draft"') == 4 and 'id="overview"' in page
    assert 'class="fam-apology"' in page and 'class="fam-hedging"' in page and "Suggested note" in page
    assert "Could not be checked: no such file or folder" in page
    assert "Looks good" in page


def _browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    pytest.skip("no Chromium found; .ci/run installs Debian's chromium (apt-get install chromium)")


def test_report_in_a_real_browser(report, tmp_path):
    browser = _browser()
    profile = ["--user-data-dir=" + str(tmp_path / "profile")]
    dom = subprocess.run([browser, *BROWSER_FLAGS, *profile, "--dump-dom", report.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-500:]
    assert dom.stdout.count("<mark ") >= 8 and 'data-code="RN101"' in dom.stdout
    shot = tmp_path / "report.png"
    subprocess.run([browser, *BROWSER_FLAGS, *profile, f"--screenshot={shot}", "--window-size=1300,1400", report.as_uri()],
                   capture_output=True, text=True, timeout=120)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
