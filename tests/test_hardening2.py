"""Issue 17: hostile input stays linear, written files stay safe, output stays inert."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reviewer.textutil import MAX_TOKEN, defuse_long_tokens

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "apologetic-draft.txt"


def run_cli(*args, stdin=None, cwd=None, timeout=120):
    return subprocess.run([sys.executable, "-m", "reviewer", *args], capture_output=True, text=True, timeout=timeout,
                          input=stdin, cwd=cwd or REPO, env={**os.environ, "PYTHONPATH": str(REPO)})


def one_line_error(proc, *messages):
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for message in messages:
        assert message in lines[0], lines[0]


def seconds(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def linear(function, small, big, factor: int, ratio: float = 40.0) -> None:
    """`big` is `factor` times `small`: a linear function takes about `factor` times as long, a
    quadratic one factor**2 times; allow a generous `ratio` (plus a small floor for noise)."""
    function(small)  # warm up caches and imports
    fast = min(seconds(function, small) for _ in range(3))
    slow = seconds(function, big)
    assert slow < max(fast, 0.002) * ratio, (fast, slow)


# --- spaCy's tokenizer is quadratic on long runs of prefix/suffix punctuation ----------------

@pytest.mark.parametrize("text", ["", "a" * MAX_TOKEN, "a" * (MAX_TOKEN + 1), "x " + "<" * 1000 + " y\n" + "(" * 129,
                                  "\U0001f600" * 300 + "\u00a0" + "!" * 65, "https://example.com/" + "a/" * 40])
def test_defuse_long_tokens_keeps_length_and_bounds_runs(text):
    out = defuse_long_tokens(text)
    assert len(out) == len(text)
    assert max((len(run) for run in re.findall(r"\S+", out)), default=0) <= MAX_TOKEN
    assert all(a == b or b == " " for a, b in zip(text, out))  # only spaces are put in
    assert (out == text) == all(len(run) <= MAX_TOKEN for run in re.findall(r"\S+", text))


def test_short_runs_are_left_alone():
    note = "Hi Ann,\n\nThank you for the interview. I'm so sorry I ran late.\n\nBest,\nLee"
    assert defuse_long_tokens(note) == note


def test_long_punctuation_runs_review_in_linear_time():
    from reviewer import review_many
    from reviewer.config import Config

    config = Config(use_model=True)
    list(review_many(["Thank you."], config))
    # Each of these took about 8 s before the guard (quadratic: 40,000 "<" took two minutes); now all take a second.
    texts = ["Thank you. " + ch * 10_000 for ch in ("<", "(", "!", "'", "<!", "\U0001f600", "\"", "[")]
    start = time.perf_counter()
    reports = list(review_many(texts, config))
    assert time.perf_counter() - start < 20
    assert all(f.end <= len(t) and t[f.start:f.end] == f.text for r, t in zip(reports, texts) for f in r.findings)


# --- HTML drafts: a linear reader instead of the stdlib HTMLParser -----------------------------

HOSTILE_MARKUP = ["<a ", "<a\n", "<!", "<", "<!-- ", "<a b='c ", "<a '>' ", "</a ", "<? ", "<![CDATA[ x> ", "&#",
                  "<script>", "<a b=\"c\" d", "<!-- x> "]


@pytest.mark.parametrize("unit", HOSTILE_MARKUP, ids=[f"markup-{i}" for i in range(len(HOSTILE_MARKUP))])
def test_html_reader_is_linear_on_hostile_markup(unit):
    from reviewer.mailformats import html_text

    # "<a " * 16,000 (48 KB) took 21.5 s in HTMLParser: quadratic, so 10x the input took 100x the time.
    page = "<p>Thank you for the interview.</p>"
    linear(html_text, page + unit * (5_000 // len(unit)), page + unit * (50_000 // len(unit)), factor=10)


@pytest.mark.parametrize("markup, text", [
    ("<p>Hi Ann,</p><p>Thank you &amp; I&rsquo;m <b>so sorry</b>.</p>", "Hi Ann,\n\nThank you & I\u2019m so sorry."),
    ("<html><head><title>x</title><style>p{}</style></head><body><div>Thanks<br>Lee</div></body></html>", "Thanks\nLee"),
    ("Plain text with a < b and <3 and a>b", "Plain text with a < b and <3 and a>b"),
    ("<p title='a>b'>quoted</p>", "quoted"),
    ("<p>one</p>\n\n\n<p>two</p>   <p>  three  four </p>", "one\n\ntwo\n\nthree four"),
    ("<script>if (a<b) document.write('</p>')</script><p>after</p>", "after"),
    ("<SCRIPT>x</script ><p>after</p>", "after"),
    ("<!-- comment --><p>x</p><!-- unclosed <p>hidden</p>", "x"),
    ("<p>a &notit; b &#8217; c &#x27; &bogus; &</p>", "a \u00acit; b \u2019 c ' &bogus; &"),
    ("<blockquote><p>quoted</p></blockquote><p>kept</p>", "kept"),
    ("<p>x<br/>y</p><P>Upper</P><BR>case", "x\n\ny\n\nUpper\n\ncase"),
    ("<p>a</p><!DOCTYPE html><?xml x?><![CDATA[ y ]]><p>b</p>", "a\n\nb"),
    ("<p>kept</p><a title='>' never closed", "kept"),  # a tag that never ends runs to the end, as in browsers
    ("<a href='x>shown", "shown"),  # a quote that never closes is a plain character
    ("Thanks <a", "Thanks <a"),  # no '>' after it: a plain '<'
])
def test_html_reader_text_and_exact_offsets(markup, text):
    from reviewer.mailformats import html_text

    got, offsets = html_text(markup)
    assert got == text
    assert len(offsets) == len(got)
    for char, offset in zip(got, offsets):
        if char.isalnum() or char in "<>":
            assert markup[offset] == char or markup[offset] == "&", (char, offset)


def test_hostile_html_file_through_the_cli(tmp_path):
    path = tmp_path / "draft.html"
    path.write_text("<p>Thank you for the interview.</p>" + "<a " * 16_000 + "<!" * 20_000)
    proc = run_cli("--no-color", "--no-model", str(path), timeout=60)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr


# --- .eml: header sizes are capped before the stdlib's quadratic header parser sees them ------

def eml(subject_field: str, body: str = "Hi Ann,\n\nThank you for the interview.\n\nBest,\nLee\n", extra: str = "") -> str:
    return f"From: lee@example.com\nTo: ann@example.com\n{subject_field}\n{extra}\n{body}"


OVERSIZED_EMAIL = [
    (eml("Subject: Thanks\n" + " again\n" * 40_000), "headers are over 64 KB"),  # 28 s before
    (eml("Subject: " + " ".join(["=?utf-8?q?caf=C3=A9?="] * 20_000)), "headers are over 64 KB"),  # 22 s, 3.6 GB
    (eml("Subject: " + " ".join(["=?utf-8?q?caf=C3=A9?="] * 500)), "Subject header is over 8 KB"),
    (eml("Subject: " + "word " * 300), "the Subject is 1,499 characters, over the 1,000"),
    (eml("Subject: hi", extra="X-A: b\n" * 1500), "over 1,000 header fields"),
    (eml("Subject: hi", extra="MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=XX\n",
         body="--XX\n\nx\n" * 5_000 + "--XX--\n"), "over 100 MIME parts"),
    (eml("Subject: hi", extra="Content-Type: message/rfc822\n" + "Content-Type: message/rfc822\n\n" * 3_000), "over 100 MIME parts"),
    (eml("Subject: hi", extra="Content-Type: text/plain" + "".join(f'; p{i}="v{i}"' for i in range(2_000)) + "\n"),
     "Content-Type header is over 8 KB"),
]


@pytest.mark.parametrize("message, error", OVERSIZED_EMAIL, ids=[f"email-{i}" for i in range(len(OVERSIZED_EMAIL))])
def test_oversized_email_is_one_line_and_fast(tmp_path, message, error):
    path = tmp_path / "draft.eml"
    path.write_text(message)
    start = time.perf_counter()
    proc = run_cli("--no-color", str(path), timeout=60)
    one_line_error(proc, "draft.eml: ", error)
    assert time.perf_counter() - start < 30


def test_eml_subject_offsets_verbatim_and_folded(tmp_path):
    from reviewer.documents import Source, read
    from reviewer.engine import review

    for subject_field in ("Subject: Sorry for the delay", "Subject: Sorry for\n the delay",
                          "Subject: =?utf-8?q?Sorry_for_the_delay?="):
        path = tmp_path / "draft.eml"
        path.write_text(eml(subject_field))
        draft = read(Source(str(path)), 2_000_000)
        assert draft.text.startswith("Subject: Sorry for the delay\n\n")
        sorry = next(f for f in draft.locate(review(draft.text).findings) if f.code == "RN101")
        original = path.read_text()
        if subject_field.endswith("Sorry for the delay"):  # stored verbatim: exact
            assert original[sorry.start : sorry.end] == "Sorry"
        else:  # folded or encoded: the start of the field
            assert original[sorry.start :].startswith("Subject:")
        assert sorry.line == 3


def test_eml_subject_map_is_linear():
    from reviewer.mailformats import eml_text

    # the map called source.find() once per character of the subject
    linear(eml_text, eml("Subject: " + "thanks " * 14), eml("Subject: " + "thanks " * 140), factor=10)


# --- suppression comments ---------------------------------------------------------------------

def test_unclosed_suppression_comments_are_linear():
    from reviewer import suppression

    unit = "<!-- review-note: ignore x "  # 540 KB of this took 192 s
    linear(suppression.parse, unit * 2_000, unit * 20_000, factor=10)
    spaces = "<!-- review-note: ignore" + " " * 280
    linear(suppression.parse, spaces * 200, spaces * 2_000, factor=10)


def test_suppression_comments_still_work_and_long_lists_stay_text():
    from reviewer import suppression

    text = "Hi <!-- review-note: ignore RN101, hedging --> x <!-- review-note: off -->y<!--review-note:on-->z\nreview-note: ignore RN3 \n"
    blanked, found = suppression.parse(text)
    assert len(blanked) == len(text) and "review-note" not in blanked
    assert found.ignored == ("RN101", "hedging", "RN3") and found.off_ranges == ((74, 75),)
    long = "<!-- review-note: ignore " + "RN101, " * (suppression.MAX_COMMAND // 7 + 1) + "-->"
    assert suppression.parse(long) == (long, suppression.Suppressions())
