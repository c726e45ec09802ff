"""Issue 17: hostile input stays linear, written files stay safe, output stays inert."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_checks import one_line_error, run_cli

from reviewer.textutil import MAX_TOKEN, defuse_long_tokens

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "apologetic-draft.txt"






def seconds(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def linear(function, small, big, factor: int, ratio: float = 40.0) -> None:
    """`big` is `factor` times `small`: a linear function takes about `factor` times as long, a
    quadratic one factor**2 times; allow a generous `ratio` (plus a small floor for noise)."""
    function(small)  # warm up caches and imports
    fast = min(seconds(function, small) for _ in range(3))
    slow = min(seconds(function, big) for _ in range(2))  # the better of two: a busy machine's pause is no signal
    assert slow < max(fast, 0.01) * ratio, (fast, slow)


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
    assert defuse_long_tokens(note) is note


def test_guarded_tokenizer_is_linear_and_keeps_the_text(pipeline_name):
    from reviewer.pipeline import get_pipeline

    nlp = get_pipeline(pipeline_name)
    texts = ["Thank you. " + "<" * 200 + " end", "x" + "'s" * 100 + "\n" + "a" * 65 + " b", "a" * 130 + "  x",
             "I didn't " + "!" * 70, "See https://example.com/" + "p/" * 40 + ".\n"]
    for text in texts:
        doc = nlp(text)
        assert doc.text == text and all(len(token) <= MAX_TOKEN + 1 for token in doc)
    assert [t.norm_ for t in nlp("I didn't " + "!" * 70)][:3] == ["i", "do", "not"]  # special cases kept
    # 10x the run: linear is ~10x the time, quadratic (before the guard) ~100x
    linear(nlp.make_doc, "Thank you. " + "'s" * 2_000, "Thank you. " + "'s" * 20_000, factor=10)


def test_a_long_url_survives_into_the_suggested_note(tmp_path):
    url = "https://example.com/portfolio/projects/2024/billing-system-redesign-case-study.html"
    path = tmp_path / "draft.txt"
    path.write_text(f"Hi Ann,\n\nThank you for the interview. My portfolio is at {url} if useful.\n\nBest,\nLee\n")
    proc = run_cli("--suggest", "--format", "json", str(path))
    import json

    assert url in json.loads(proc.stdout)["files"][0]["suggestion"]["text"]


def test_long_punctuation_runs_review_in_linear_time():
    from reviewer import review_many
    from reviewer.config import Config

    config = Config(use_model=True)
    list(review_many(["Thank you."], config))
    # Each of these took about 8 s before the guard (quadratic: 40,000 "<" took two minutes); now all take a second.
    # The guard is in the pipeline's tokenizer, so every caller of the pipeline has it.
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
    ("<!--><p>a</p><!---><p>b</p>", "a\n\nb"),
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
    from reviewer.documents import Input, read
    from reviewer.engine import review

    for subject_field in ("Subject: Sorry for the delay", "Subject: Sorry for\n the delay",
                          "Subject: =?utf-8?q?Sorry_for_the_delay?="):
        path = tmp_path / "draft.eml"
        path.write_text(eml(subject_field))
        draft = read(Input(str(path)), 2_000_000)
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


# --- FIFOs, sockets and devices: never opened for reading ----------------------------------------

def test_fifo_and_socket_in_a_folder_are_skipped_with_a_notice(tmp_path):
    import socket

    (tmp_path / "good.txt").write_bytes(SAMPLE.read_bytes())
    os.mkfifo(tmp_path / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "sock.md"))
    try:
        proc = run_cli("--no-color", str(tmp_path), str(tmp_path / "*.txt"), timeout=60)  # a hang fails here
    finally:
        server.close()
    assert proc.returncode == 1, proc.stderr  # skipping is not an error
    notices = proc.stderr.strip().splitlines()
    assert notices == [f"review-note: {tmp_path}/pipe.txt: skipped: a FIFO (named pipe), not a regular file",
                       f"review-note: {tmp_path}/sock.md: skipped: a socket, not a regular file",
                       f"review-note: {tmp_path}/pipe.txt: skipped: a FIFO (named pipe), not a regular file"]
    assert "good.txt" in proc.stdout and "Checked 2 drafts" in proc.stdout


def test_fifo_named_directly_is_an_input_error(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    proc = run_cli(str(tmp_path / "pipe.txt"), timeout=60)
    one_line_error(proc, "pipe.txt: is a FIFO (named pipe), not a regular file; to review piped text, use '-'")
    proc = run_cli("/dev/zero", timeout=60)
    one_line_error(proc, "/dev/zero: is a character device, not a regular file")


# --- writing the suggestion ---------------------------------------------------------------------

def write_draft(folder: Path, name: str = "draft.txt", data: bytes | None = None) -> Path:
    path = folder / name
    path.write_bytes(SAMPLE.read_bytes() if data is None else data)
    return path


def limited(size: int):
    """A preexec_fn: files the child writes may not grow past `size` bytes (EFBIG), like a full disk."""
    import resource

    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def run_cli_with(preexec, *args):
    return subprocess.run([sys.executable, "-m", "reviewer", "--no-color", *args], capture_output=True, text=True,
                          timeout=120, cwd=REPO, preexec_fn=preexec, env={**os.environ, "PYTHONPATH": str(REPO)})


def test_force_writes_only_regular_files_or_new_paths(tmp_path):
    import stat

    from reviewer.documents import InputError, write_new_file

    os.mkfifo(tmp_path / "pipe.txt")
    reader = os.open(tmp_path / "pipe.txt", os.O_RDONLY | os.O_NONBLOCK)  # so a wrong write cannot block the test
    (tmp_path / "to-stdout.txt").symlink_to("/proc/self/fd/1")
    (tmp_path / "to-full.txt").symlink_to("/dev/full")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere" / "x.txt")
    cases = {"pipe.txt": re.escape("pipe.txt is a FIFO (named pipe), not a regular file; not writing to it"),
             # fd 1 is a pipe, a terminal, or (under pytest) an unlinked temporary file
             "to-stdout.txt": r"to-stdout\.txt (is a .*, not a regular file|links to a file with no name to write to)",
             "to-full.txt": re.escape("to-full.txt is a character device, not a regular file"),
             "dangling.txt": re.escape("dangling.txt is a broken link; not writing through it")}
    try:
        for name, message in cases.items():
            with pytest.raises(InputError, match=message):
                write_new_file(tmp_path / name, "Thanks!\n", overwrite=True)
            with pytest.raises(InputError, match="already exists"):
                write_new_file(tmp_path / name, "Thanks!\n")
        assert os.read(reader, 100) == b""  # nothing was written into the FIFO
    finally:
        os.close(reader)
    draft = write_draft(tmp_path)
    proc = run_cli("-o", "/dev/full", "--force", str(draft), timeout=60)
    one_line_error(proc, "/dev/full is a character device, not a regular file; not writing to it")
    assert os.readlink(tmp_path / "to-stdout.txt") == "/proc/self/fd/1" and os.path.islink(tmp_path / "dangling.txt")
    assert not (tmp_path / "nowhere").exists()
    assert stat.S_ISFIFO(os.stat(tmp_path / "pipe.txt").st_mode) and stat.S_ISCHR(os.stat("/dev/full").st_mode)
    write_new_file(tmp_path / "new.txt", "Thanks!\n")
    write_new_file(tmp_path / "new.txt", "Thanks again!\n", overwrite=True)
    assert (tmp_path / "new.txt").read_text() == "Thanks again!\n"
    assert not list(tmp_path.glob(".*.tmp"))


def test_modes_in_place_keeps_the_drafts_and_output_follows_the_umask(tmp_path):
    from reviewer.documents import write_new_file

    draft = write_draft(tmp_path)
    draft.chmod(0o640)
    proc = run_cli("--in-place", str(draft))
    assert proc.returncode == 1, proc.stderr
    assert oct(draft.stat().st_mode & 0o777) == "0o640"
    assert oct((tmp_path / "draft.txt.orig").stat().st_mode & 0o777) == "0o640"  # the copy is as private
    for mask, mode in ((0o022, "0o644"), (0o077, "0o600"), (0o002, "0o664")):
        out = tmp_path / f"out-{mode}.txt"
        old = os.umask(mask)
        try:
            write_new_file(out, "Thanks!\n")
        finally:
            os.umask(old)
        assert oct(out.stat().st_mode & 0o777) == mode
    out.chmod(0o640)
    write_new_file(out, "Thanks again!\n", overwrite=True)  # --force keeps the mode of the file it replaces
    assert oct(out.stat().st_mode & 0o777) == "0o640"


def test_failed_backup_is_reported_and_leaves_nothing_behind(tmp_path):
    draft = write_draft(tmp_path)  # 430 bytes: the copy cannot be written under a 200-byte limit
    before = draft.read_bytes()
    proc = run_cli_with(limited(200), "--in-place", str(draft))
    one_line_error(proc, f"cannot keep the original as {draft}.orig: File too large; {draft} was not changed")
    assert draft.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt"]


def test_full_disk_leaves_no_temporary_file(tmp_path):
    short = b"Hi Ann,\n\nThank you for the interview. Sorry I was late.\n\nBest,\nLee\n"
    draft = write_draft(tmp_path, data=short)
    add = "I led a team of five engineers at Acme that shipped the billing system on time and under budget"
    proc = run_cli_with(limited(150), "--in-place", "--add", add, str(draft))  # the copy fits, the longer note does not
    one_line_error(proc, f"cannot write {draft}: File too large; the original is in {draft}.orig")
    assert draft.read_bytes() == short and (tmp_path / "draft.txt.orig").read_bytes() == short
    proc = run_cli_with(limited(150), "-o", str(tmp_path / "out.txt"), "--add", add, str(draft))
    one_line_error(proc, f"cannot write {tmp_path}/out.txt: File too large")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt", "draft.txt.orig"]


def test_backups_are_never_overwritten_or_followed(tmp_path):
    draft = write_draft(tmp_path)
    original = draft.read_bytes()
    outside = tmp_path / "outside" / "target.txt"
    (tmp_path / "draft.txt.orig").symlink_to(outside)  # dangling: writing through it would create `outside`
    (tmp_path / "draft.txt.orig.1").write_text("an older copy")
    proc = run_cli("--in-place", str(draft))
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.strip() == f"review-note: replaced {draft} with the suggestion; the original is in {draft}.orig.2"
    assert os.readlink(tmp_path / "draft.txt.orig") == str(outside) and not outside.parent.exists()
    assert (tmp_path / "draft.txt.orig.1").read_text() == "an older copy"
    assert (tmp_path / "draft.txt.orig.2").read_bytes() == original
    first = draft.read_bytes()
    proc = run_cli("--in-place", "--add", "I ran 30 stores", str(draft))  # a second run keeps every copy
    assert proc.returncode in (0, 1), proc.stderr
    assert (tmp_path / "draft.txt.orig.3").read_bytes() == first and (tmp_path / "draft.txt.orig.2").read_bytes() == original


def test_long_output_name_is_not_broken_by_the_temporary_name(tmp_path):
    out = tmp_path / ("n" * 250 + ".txt")  # 254 bytes: a name one byte under the limit
    proc = run_cli("-o", str(out), str(write_draft(tmp_path)))
    assert proc.returncode == 1, proc.stderr
    assert "I look forward to hearing from you." in out.read_text() and not list(tmp_path.glob(".*.tmp"))


def test_symlinked_and_hard_linked_drafts_keep_their_links(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "links").mkdir()
    target = write_draft(tmp_path / "real")
    link = tmp_path / "links" / "draft.txt"
    link.symlink_to("../real/draft.txt")
    proc = run_cli("--in-place", str(link))
    assert proc.returncode == 1, proc.stderr
    assert os.readlink(link) == "../real/draft.txt" and target.read_bytes() != SAMPLE.read_bytes()
    assert (tmp_path / "links" / "draft.txt.orig").read_bytes() == SAMPLE.read_bytes()

    hard = write_draft(tmp_path, "hard.txt")
    other = tmp_path / "other-name.txt"
    os.link(hard, other)
    inode = hard.stat().st_ino
    proc = run_cli("--in-place", str(hard))
    assert proc.returncode == 1, proc.stderr
    assert hard.stat().st_ino == inode == other.stat().st_ino and hard.stat().st_nlink == 2
    assert other.read_bytes() == hard.read_bytes() != SAMPLE.read_bytes()
    assert (tmp_path / "hard.txt.orig").read_bytes() == SAMPLE.read_bytes()


def test_in_place_keeps_line_endings_and_encoding(tmp_path, capsys):
    from reviewer.documents import replace_keeping_original

    text = SAMPLE.read_text()
    crlf = write_draft(tmp_path, "crlf.txt", text.replace("\n", "\r\n").encode())
    assert run_cli("--in-place", str(crlf)).returncode == 1
    data = crlf.read_bytes()
    assert b"Thank you" in data and b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")

    note = "Hi Ann,\n\nThank you for the interview.\n\nBest,\nJ\u00f6rdan L\u00e9e\n"
    latin = write_draft(tmp_path, "latin.txt", text.replace("Jordan Lee", "J\u00f6rdan L\u00e9e").encode("cp1252"))
    replace_keeping_original(latin, note)
    assert latin.read_bytes() == note.encode("cp1252") and capsys.readouterr().err == ""

    wide = write_draft(tmp_path, "wide.txt", latin.with_suffix(".txt.orig").read_bytes())
    replace_keeping_original(wide, note + "\u65e5\u672c\u8a9e\n")
    assert wide.read_bytes() == (note + "\u65e5\u672c\u8a9e\n").encode("utf-8")
    assert capsys.readouterr().err == (f"review-note: {wide}: written as UTF-8: the suggestion has characters that "
                                       "Windows-1252 cannot hold\n")

    for codec, bom in (("utf-16-be", b"\xfe\xff"), ("utf-16-le", b"\xff\xfe"), ("utf-8", b"\xef\xbb\xbf")):
        draft = write_draft(tmp_path, f"{codec}.txt", bom + text.replace("\n", "\r\n").encode(codec))
        replace_keeping_original(draft, note)
        assert draft.read_bytes() == bom + note.replace("\n", "\r\n").encode(codec)


@pytest.mark.parametrize("name, what", [("draft.eml", "the e-mail's headers"), ("draft.html", "the page's markup")])
def test_in_place_refuses_email_and_html(tmp_path, name, what):
    body = SAMPLE.read_text()
    draft = write_draft(tmp_path, name, (f"Subject: Thanks\n\n{body}" if name.endswith(".eml") else f"<p>{body}</p>").encode())
    before = draft.read_bytes()
    proc = run_cli("--in-place", str(draft))
    one_line_error(proc, f"--in-place would drop {what} from {draft}; write the suggestion to a new file with --output")
    assert draft.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == [name]


# --- escape sequences and forged lines from drafts and file names ------------------------------

HOSTILE_NAME = "x\n::error file=fake.txt::INJECTED\x1b]0;title\x07.txt"


def hostile_drafts(folder: Path) -> None:
    text = SAMPLE.read_bytes().replace(b"sorry", b"sorry \x1b]0;pwned\x07\x1b[2J", 1)  # under 1% control characters
    (folder / HOSTILE_NAME).write_bytes(text)
    (folder / os.fsdecode(b"caf\xe9.txt")).write_bytes(text)
    (folder / "binary\x1b[2J\n::error::x.txt").write_bytes(b"\x00\x01")


@pytest.mark.parametrize("color", ["--no-color", "--color"])
def test_text_output_shows_control_characters_escaped(tmp_path, color):
    hostile_drafts(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "reviewer", color, "--suggest", str(tmp_path)], capture_output=True,
                          timeout=120, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 2
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")  # valid UTF-8 too
    for stream in (out, err):
        assert "\x07" not in stream and "\x1b]" not in stream and "\x1b[2J" not in stream
        assert not any(line.startswith("::") for line in stream.splitlines())
    assert "\\x1b]0;pwned\\x07\\x1b[2J" in out and "x\\n::error file=fake.txt::INJECTED\\x1b]0;title\\x07.txt" in out
    assert "caf\\xe9.txt" in out
    assert err.strip() == f"review-note: {tmp_path}/binary\\x1b[2J\\n::error::x.txt: looks like a binary file, not a text draft"


def test_github_output_cannot_be_forged(tmp_path):
    hostile_drafts(tmp_path)
    proc = run_cli("--format", "github", str(tmp_path))
    assert proc.returncode == 2
    lines = proc.stdout.splitlines()
    assert lines and all(re.match(r"::(error|warning|notice) file=" + re.escape(str(tmp_path)) + "/", line) for line in lines)
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    assert any("x%0A%3A%3Aerror file=fake.txt%3A%3AINJECTED%1B]0;title%07.txt" in line for line in lines)
    assert any("caf\ufffd.txt" in line for line in lines)


def test_github_escaping_rules():
    from reviewer.report.github_format import escape_data, escape_property

    assert escape_data("50% done\r\nnext\x1b[2J") == "50%25 done%0D%0Anext%1B[2J"
    assert escape_property("a:b,c%\n\x9b") == "a%3Ab%2Cc%25%0A%9B"
    assert escape_property(os.fsdecode(b"caf\xe9")) == "caf\ufffd"


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_and_sarif_are_valid_utf8_with_undecodable_names(tmp_path, fmt):
    hostile_drafts(tmp_path)
    import json

    for cwd, target in ((REPO, str(tmp_path)), (tmp_path, ".")):  # absolute and relative paths
        proc = subprocess.run([sys.executable, "-m", "reviewer", "--format", fmt, target], capture_output=True, timeout=120,
                              cwd=cwd, env={**os.environ, "PYTHONPATH": str(REPO)})
        assert proc.returncode == 2, proc.stderr
        log = json.loads(proc.stdout.decode("utf-8"))  # strict UTF-8
        if fmt == "json":
            paths = [entry["path"] for entry in log["files"]]
            assert any(p.endswith("caf\ufffd.txt") for p in paths) and any(p.endswith(HOSTILE_NAME) for p in paths)
        else:
            uris = [a["location"]["uri"] for a in log["runs"][0]["artifacts"]]
            assert any(u.endswith("caf%E9.txt") for u in uris), uris


def test_visible_escapes():
    from reviewer.textutil import visible

    assert visible("a\x1b]0;t\x07b") == "a\\x1b]0;t\\x07b"
    assert visible("one\ntwo\tthree\r") == "one\\ntwo\\tthree\\r"
    assert visible("one\ntwo\t", keep="\n\t") == "one\ntwo\t"
    assert visible("\x7f\x9b\x85") == "\\x7f\\x9b\\x85"
    assert visible(os.fsdecode(b"caf\xe9")) == "caf\\xe9"
    assert visible("plain caf\u00e9 \u2019 \U0001f600") == "plain caf\u00e9 \u2019 \U0001f600"


# --- decoded garbage is not a draft ------------------------------------------------------------

def test_decoded_garbage_is_undecodable(tmp_path):
    import base64
    import random

    body = SAMPLE.read_text()
    noise = random.Random(17).randbytes(3000)
    header = "Subject: Thanks\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
    (tmp_path / "random.eml").write_text(header + base64.encodebytes(noise).decode())
    (tmp_path / "utf16-labelled-utf8.eml").write_text(header + base64.encodebytes(body.encode("utf-16-le")).decode())
    (tmp_path / "utf16-controls.txt").write_bytes(("\ufeff" + body + "\x1b[0m" * 40).encode("utf-16-le"))
    (tmp_path / "c1.txt").write_bytes((body + "\u009b2J" * 40).encode("utf-8"))
    proc = run_cli("--no-color", str(tmp_path))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert sorted(proc.stderr.strip().splitlines()) == [
        f"review-note: {tmp_path}/c1.txt: looks like a binary file, not a text draft",
        f"review-note: {tmp_path}/random.eml: the text in this .eml file is not readable text (binary data, or a wrong charset label)",
        f"review-note: {tmp_path}/utf16-controls.txt: looks like a binary file, not a text draft",
        f"review-note: {tmp_path}/utf16-labelled-utf8.eml: the text in this .eml file is not readable text (binary data, or a wrong charset label)",
    ]
    assert proc.stdout.strip() == "Checked 4 drafts: 4 could not be read."


def test_a_stray_control_character_is_still_reviewed_and_shown_escaped(tmp_path):
    from reviewer.documents import InputError, decode

    text = SAMPLE.read_text().replace("sorry", "sorry\x1b[2J", 1)
    assert decode(text.encode()) == (text, "utf-8")
    with pytest.raises(InputError, match="binary"):
        decode(("Thanks\x00" + text).encode("utf-16"))  # any NUL, whatever the encoding
    path = tmp_path / "draft.txt"
    path.write_text(text)
    proc = run_cli("--no-color", str(path))
    assert proc.returncode == 1 and "\x1b" not in proc.stdout and "sorry\\x1b[2J" in proc.stdout
