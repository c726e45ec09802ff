"""The mail-client recipe: a sendmail wrapper that blocks a send with findings."""

from __future__ import annotations

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WRAPPER = REPO / "contrib" / "review-before-send.sh"
CLEAN = ("Subject: Thank you\n\nDear Ms. Okafor,\n\nThank you for meeting with me today about the Program "
         "Coordinator role. Since we discussed budgeting, I'd like to add that I managed a $1.2M program budget "
         "at Riverbend Health for two years. I look forward to hearing about next steps.\n\nBest regards,\nJordan\n")
APOLOGETIC = CLEAN.replace("Thank you for meeting", "I'm so sorry I was late. Thank you for meeting")


def send(message: str, tmp_path: Path, base_env: dict, **env):
    sent = tmp_path / "sent.eml"
    fake_sendmail = tmp_path / "sendmail"
    fake_sendmail.write_text(f"#!/bin/sh\ncat > {sent}\n")
    fake_sendmail.chmod(0o755)
    proc = subprocess.run(["bash", str(WRAPPER), str(fake_sendmail)], input=message, capture_output=True, text=True,
                          env={**base_env, **env}, timeout=120)
    return proc, (sent.read_text() if sent.exists() else None)


def test_clean_message_is_sent_unchanged(tmp_path, checkout_env):
    proc, sent = send(CLEAN, tmp_path, checkout_env)
    assert proc.returncode == 0, proc.stderr
    assert sent == CLEAN


def test_message_with_findings_is_blocked(tmp_path, checkout_env):
    proc, sent = send(APOLOGETIC, tmp_path, checkout_env)
    assert proc.returncode == 1 and sent is None
    assert "RN101" in proc.stderr and "not sent" in proc.stderr


def test_send_anyway(tmp_path, checkout_env):
    proc, sent = send(APOLOGETIC, tmp_path, checkout_env, REVIEW_NOTE_SEND_ANYWAY="1")
    assert proc.returncode == 0 and sent == APOLOGETIC
