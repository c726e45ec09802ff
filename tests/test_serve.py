"""`review-note serve`: the page's JSON API, its guards, and the subcommand."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import warnings
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewer.cli import main
from reviewer.config import Config

starlette = pytest.importorskip("starlette", reason="the web page needs starlette (pip install -e .)")
with warnings.catch_warnings():  # Starlette 1.x suggests httpx2; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from reviewer.web import create_app  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
APOLOGETIC = (REPO / "samples" / "apologetic-draft.txt").read_text(encoding="utf-8")
CLEAN = (REPO / "samples" / "clean-draft.txt").read_text(encoding="utf-8")
LOCAL = "http://127.0.0.1:8765"
NOTE_CODES = {"RN202", "RN401", "RN403", "RN405", "RN501", "RN502"}  # findings about the whole note (scope "document")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Config()), base_url=LOCAL)


@pytest.fixture(scope="module")
def small_client() -> TestClient:
    return TestClient(create_app(Config(max_bytes=2_000)), base_url=LOCAL)


def test_apologetic_draft_is_the_json_formats_entry(client):
    answer = client.post("/api/review", json={"text": APOLOGETIC, "suggest": True})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    entry = answer.json()
    cli = CliRunner().invoke(main, ["--format", "json", "--suggest", str(REPO / "samples" / "apologetic-draft.txt")])
    expected = json.loads(cli.stdout)["files"][0]
    assert {**entry, "path": None} == {**expected, "path": None}
    codes = {f["code"] for f in entry["findings"]}
    assert {"RN101", "RN102", "RN201", "RN103"} <= codes and "RN501" in codes
    sorry = next(f for f in entry["findings"] if f["code"] == "RN101")
    assert APOLOGETIC[sorry["start"]:sorry["end"]] == sorry["text"] == "sorry"
    assert "sorry" not in entry["suggestion"]["text"] and "$1.2M program budget" in entry["suggestion"]["text"]


def test_job_and_add_reach_the_suggestion(client):
    add = "I led a 5-person team at Acme"
    entry = client.post("/api/review", json={"text": APOLOGETIC, "suggest": True, "job": "Budget analyst", "add": add}).json()
    assert add in entry["suggestion"]["text"]
    assert "suggestion" not in client.post("/api/review", json={"text": APOLOGETIC}).json()  # suggest defaults to false


def test_clean_draft(client):
    entry = client.post("/api/review", json={"text": CLEAN, "suggest": True}).json()
    assert entry["findings"] == [] and entry["error"] is None and entry["suggestion"]["text"].startswith("Subject:")


def test_empty_draft_is_an_error_entry_not_a_failure(client):
    answer = client.post("/api/review", json={"text": "  \n", "suggest": True})
    assert answer.status_code == 200 and answer.json()["error"] == "draft is empty"


def test_foreign_host_header_is_rejected(client):
    assert client.post("/api/review", json={"text": APOLOGETIC}, headers={"host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"host": "evil.example:8765"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200


@pytest.mark.parametrize("headers", [{"origin": "http://evil.example"}, {"origin": "http://localhost:9999"},
                                     {"sec-fetch-site": "cross-site"}, {"sec-fetch-site": "same-site"}])
def test_cross_origin_post_is_rejected(client, headers):
    answer = client.post("/api/review", json={"text": APOLOGETIC}, headers=headers)
    assert answer.status_code == 403 and answer.json() == {"error": "cross-origin requests are not accepted"}


def test_same_origin_post_is_accepted(client):
    headers = {"origin": LOCAL, "sec-fetch-site": "same-origin"}
    assert client.post("/api/review", json={"text": APOLOGETIC}, headers=headers).status_code == 200


def test_oversized_body_is_413(small_client):
    big = {"text": "Thank you. " * 300}
    answer = small_client.post("/api/review", json=big)
    assert answer.status_code == 413 and "2,000-byte limit" in answer.json()["error"]
    chunked = small_client.post("/api/review", content=iter([json.dumps(big).encode()]), headers={"content-type": "application/json"})
    assert chunked.status_code == 413  # no Content-Length: counted as it arrives
    upload = small_client.post("/api/upload?name=a.txt", content=b"x" * 2_001, headers={"content-type": "application/octet-stream"})
    assert upload.status_code == 413
    assert small_client.post("/api/review", json={"text": "Thank you."}).status_code == 200


@pytest.mark.parametrize("payload", [{"text": 3}, {"text": None}, {}, {"text": ["a"]}, {"text": "hi", "suggest": "yes"},
                                     {"text": "hi", "job": 5}, {"text": "hi", "add": []}, ["text"]])
def test_bad_payload_is_422(client, payload):
    answer = client.post("/api/review", json=payload)
    assert answer.status_code == 422 and answer.json()["error"]


def test_not_json_is_rejected(client):
    assert client.post("/api/review", content=b"{oops", headers={"content-type": "application/json"}).status_code == 400
    # text/plain is what a cross-site form can send without asking first
    assert client.post("/api/review", content=b'{"text": "hi"}', headers={"content-type": "text/plain"}).status_code == 415


def test_wrong_method_is_405(client):
    answer = client.get("/api/review")
    assert answer.status_code == 405 and answer.headers["allow"] == "POST"
    assert client.post("/api/rules").status_code == 405 and client.delete("/").status_code == 405


def test_draft_text_is_data_never_markup(client):
    text = "Dear Ms. Okafor,\n\n<script>alert(1)</script> I'm so sorry </pre><img src=x onerror=alert(2)>\n\nThanks,\nJo"
    answer = client.post("/api/review", json={"text": text, "suggest": True})
    assert answer.headers["content-type"] == "application/json" and answer.headers["x-content-type-options"] == "nosniff"
    assert answer.json()["findings"] and any(f["code"] == "RN101" for f in answer.json()["findings"])
    script = (REPO / "reviewer" / "web" / "static" / "app.js").read_text(encoding="utf-8")
    assert not any(sink in script for sink in (".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval("))


def test_page_and_assets_are_local_with_a_strict_policy(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self';" in policy and "unsafe" not in policy
    assert page.headers["x-frame-options"] == "DENY" and page.headers["cache-control"] == "no-store"
    assert 'id="suggestion"' in page.text and "<script>" not in page.text and "style=" not in page.text
    for name, kind in (("app.js", "text/javascript"), ("style.css", "text/css"), ("icon.svg", "image/svg+xml")):
        asset = client.get(f"/static/{name}")
        assert asset.status_code == 200 and asset.headers["content-type"].startswith(kind)
    for text in (page.text, client.get("/static/app.js").text, client.get("/static/style.css").text):
        assert "http://" not in text and "https://" not in text and "//cdn" not in text
    assert client.get("/static/nothing.js").status_code == 404 and client.get("/static/index.html").status_code == 404


def test_rules(client):
    rules = client.get("/api/rules").json()
    from reviewer.rules import ALL_RULES

    assert [r["code"] for r in rules] == [r.code for r in ALL_RULES]
    assert {r["code"] for r in rules if r["scope"] == "note"} == NOTE_CODES
    assert all(r["summary"] and r["fix"] and r["enabled"] for r in rules)


def test_upload_uses_the_cli_readers(client):
    eml = (REPO / "samples" / "follow-up.eml").read_bytes()
    answer = client.post("/api/upload?name=follow-up.eml", content=eml, headers={"content-type": "application/octet-stream"})
    data = answer.json()
    assert answer.status_code == 200 and data["name"] == "follow-up.eml" and data["encoding"] == "utf-8"
    assert data["text"].startswith("Subject: ") and "Content-Type" not in data["text"]
    page = b"<html><body><p>Thank you for your time.</p><script>evil()</script></body></html>"
    html = client.post("/api/upload?name=note.html", content=page, headers={"content-type": "application/octet-stream"})
    assert "Thank you for your time." in html.json()["text"] and "evil" not in html.json()["text"]
    cp1252 = client.post("/api/upload?name=a.txt", content="Caf\xe9 thanks".encode("cp1252"),
                         headers={"content-type": "application/octet-stream"})
    assert cp1252.json() == {"name": "a.txt", "encoding": "cp1252", "text": "Café thanks"}


def test_bad_uploads_get_one_line(client):
    binary = client.post("/api/upload?name=a.txt", content=b"\x00\x01\x02", headers={"content-type": "application/octet-stream"})
    assert binary.status_code == 422 and binary.json() == {"error": "looks like a binary file, not a text draft"}
    empty = client.post("/api/upload?name=a.txt", content=b" \n", headers={"content-type": "application/octet-stream"})
    assert empty.status_code == 422 and empty.json() == {"error": "draft is empty"}
    form = client.post("/api/upload", files={"file": ("a.txt", b"Thank you")})
    assert form.status_code == 415


def test_a_failing_review_shows_no_traceback_and_no_draft(client, monkeypatch, caplog):
    def broken(text, *args):
        raise ValueError(f"could not parse {text!r}")

    monkeypatch.setattr("reviewer.web.server.review_entry", broken)
    secret = "My confidential draft about Acme"
    with caplog.at_level(logging.DEBUG):
        answer = client.post("/api/review", json={"text": secret})
    assert answer.status_code == 500 and answer.json() == {"error": "the review failed (ValueError); please report this"}
    assert secret not in caplog.text and "Traceback" not in caplog.text and "ValueError" in caplog.text


def test_concurrent_reviews_match_serial_ones(client):
    drafts = [APOLOGETIC, CLEAN, APOLOGETIC.replace("sorry", "sorry, truly sorry"), "I just wanted to say thanks."] * 3
    serial = [client.post("/api/review", json={"text": d, "suggest": True}).json() for d in drafts]
    results: list = [None] * len(drafts)

    def post(i: int) -> None:
        with TestClient(client.app, base_url=LOCAL) as own:
            results[i] = own.post("/api/review", json={"text": drafts[i], "suggest": True}).json()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(drafts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == serial


# The subcommand, as a user runs it.

def _run(*args: str, cwd: Path = REPO, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "reviewer", *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=timeout)


def test_serve_help():
    result = _run("serve", "--help")
    assert result.returncode == 0 and "Usage: review-note serve" in result.stdout
    assert "--no-browser" in result.stdout and "--port" in result.stdout and "--host" in result.stdout
    assert "review-note serve" in _run("--help").stdout


def test_a_draft_called_serve_is_still_a_draft(tmp_path):
    (tmp_path / "serve").write_text(APOLOGETIC, encoding="utf-8")
    result = _run("./serve", cwd=tmp_path)
    assert result.returncode == 1 and "RN101" in result.stdout and "./serve" in result.stdout


def test_wildcard_host_and_busy_port_are_one_line_errors():
    result = _run("serve", "--no-browser", "--host", "0.0.0.0")
    assert result.returncode == 2 and "would listen on every network" in result.stderr and "Traceback" not in result.stderr
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = _run("serve", "--no-browser", "--port", str(port))
    assert result.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in result.stderr and "--port 0" in result.stderr
    assert "Traceback" not in result.stderr


@contextmanager
def running_server(*args: str):
    """Start `review-note serve --no-browser --port 0` and yield (url, process); stop it afterwards."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "reviewer", "serve", "--no-browser", "--port", "0", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=env)
    try:
        line = process.stdout.readline()
        assert "the page is at http://127.0.0.1:" in line, (line, process.stderr.read() if process.poll() is not None else "")
        yield line.split(" is at ")[1].split()[0], process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_real_server_answers_and_logs_no_draft():
    httpx = pytest.importorskip("httpx")
    secret = "I am so sorry about the Zanzibar question, truly."
    with running_server() as (url, process):
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        with httpx.Client(base_url=url, timeout=30) as http:
            entry = http.post("/api/review", json={"text": secret, "suggest": True}).json()
            assert any(f["code"] == "RN101" for f in entry["findings"])
            assert http.post("/api/review", json={"text": 1}).status_code == 422
            assert http.get("/", headers={"host": "evil.example"}).status_code == 400
        process.send_signal(signal.SIGINT)  # Ctrl+C
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0 and err.strip() == "review-note: stopped"
    assert "Zanzibar" not in out + err and "POST /api/review" not in out + err
