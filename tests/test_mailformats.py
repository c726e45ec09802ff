"""E-mail and HTML drafts: the text reviewed, and offsets back into the original file."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from reviewer.cli import main
from reviewer.documents import Input, read
from reviewer.engine import review

REPO = Path(__file__).resolve().parents[1]
EML = REPO / "samples" / "follow-up.eml"


def reviewed(path: Path):
    draft = read(Input(str(path)), 2_000_000)
    return draft, draft.locate(review(draft.text).findings)


def test_eml_reviews_subject_and_body_but_not_reply_or_signature():
    draft, findings = reviewed(EML)
    assert draft.text.startswith("Subject: Thank you and some more")
    assert "Sorry we ran late" not in draft.text and "555" not in draft.text
    codes = {f.code for f in findings}
    assert {"RN101", "RN301", "RN404"} <= codes
    original = EML.read_text()
    lines = original.splitlines()
    sorry = next(f for f in findings if f.code == "RN101")
    assert original[sorry.start : sorry.end] == "sorry"
    assert lines[sorry.line - 1][sorry.column - 1 :].startswith("sorry")


def test_quoted_printable_multipart_eml(tmp_path):
    message = (
        "Subject: Thanks\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=XX\n\n--XX\n"
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
        "Hi Ann,\n\nThank you for today. I=E2=80=99m so sorry I froze on the pricing question, but I priced =\n"
        "30 SKUs a week at Lumen Retail.\n\nBest,\nLee\n--XX\nContent-Type: text/html\n\n<p>ignored</p>\n--XX--\n"
    )
    path = tmp_path / "qp.eml"
    path.write_text(message)
    draft, findings = reviewed(path)
    assert "I\u2019m so sorry" in draft.text and "30 SKUs a week" in draft.text
    assert "RN101" in {f.code for f in findings}
    assert all(0 <= f.start < len(message) for f in findings)


def test_html_draft(tmp_path):
    html = ("<html><head><style>p { color: red }</style></head><body>\n<p>Dear Ms. Okafor,</p>\n"
            "<p>Thank you &amp; I&rsquo;m <b>so sorry</b> I was late.</p>\n"
            "<blockquote>Sorry for the short notice.</blockquote>\n<p>Best,<br>Jordan</p></body></html>\n")
    path = tmp_path / "draft.html"
    path.write_text(html)
    draft, findings = reviewed(path)
    assert "color" not in draft.text and "short notice" not in draft.text
    sorry = next(f for f in findings if f.code == "RN101")
    assert html[sorry.start : sorry.end] == "sorry" and sorry.line == 3


def test_cli_on_eml_and_empty_html(tmp_path):
    result = CliRunner().invoke(main, ["--no-color", str(EML)])
    assert result.exit_code == 1 and "12:" in result.output  # line numbers of the .eml file
    (tmp_path / "empty.html").write_text("<html><body><script>x()</script></body></html>")
    result = CliRunner().invoke(main, [str(tmp_path / "empty.html")])
    assert result.exit_code == 2 and "no text to review" in result.stderr
