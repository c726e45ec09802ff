"""Linter conventions: --format concise, -q/-qq, --statistics, --show-settings, the progress
bar beside findings, readable model evidence, the mail wrapper naming the message."""

from __future__ import annotations

import io
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from reviewer import app
from reviewer.cli import main
from reviewer.config import Config
from reviewer.report.text_format import evidence_words

REPO = Path(__file__).resolve().parents[1]
APOLOGETIC = REPO / "samples" / "apologetic-draft.txt"
CLEAN = REPO / "samples" / "clean-draft.txt"
DRAFT = ("Subject: Sorry for my answer\n\nDear Ms. Smith,\n\nI'm so sorry for my terrible answer about SQL. "
         "I won't make excuses, but the reason I was nervous is that I just think I might not have explained "
         "it well. I hope you can understand.\n\nThank you for your time.\n\nBest,\nSam\n")
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>RN\d{3}) \S")


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_concise_is_one_line_per_finding_then_a_summary(tmp_path):
    missing = tmp_path / "missing.txt"
    result = invoke("--format", "concise", APOLOGETIC, CLEAN, missing)
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    findings = [line for line in lines if LINE.match(line)]
    assert len(findings) >= 3 and all(LINE.match(line)["path"] == str(APOLOGETIC) for line in findings)
    assert f"{missing}: error: no such file or folder" in lines
    assert lines[-1] == f"Found {len(findings)} findings in 1 of 3 drafts (1 could not be read)."
    assert len(lines) == len(findings) + 2  # nothing else on stdout
    assert "missing.txt" not in result.stderr  # said once, on stdout


def test_concise_lines_match_the_json_findings():
    import json

    concise = invoke("--format", "concise", APOLOGETIC).stdout.splitlines()[:-1]
    data = json.loads(invoke("--format", "json", APOLOGETIC).stdout)
    found = [(f["code"], f["line"], f["column"]) for d in data["files"] for f in d["findings"]]
    assert [(m["code"], int(m["line"]), int(m["col"])) for m in map(LINE.match, concise)] == found


def test_quiet_keeps_only_the_summary_line():
    text = invoke("-q", APOLOGETIC, CLEAN)
    assert text.exit_code == 1 and text.stdout.splitlines() == [text.stdout.strip()]
    assert text.stdout.startswith("Checked 2 drafts:")
    concise = invoke("--format", "concise", "-q", APOLOGETIC)
    assert concise.exit_code == 1 and re.fullmatch(r"Found \d+ findings in 1 of 1 draft\.\n", concise.stdout)


def test_very_quiet_prints_nothing_but_keeps_the_exit_status():
    assert invoke("-qq", APOLOGETIC).exit_code == 1 and invoke("-qq", APOLOGETIC).stdout == ""
    assert invoke("-qq", CLEAN).exit_code == 0 and invoke("-qq", "--format", "json", CLEAN).stdout == ""
    assert invoke("-qq", "--statistics", APOLOGETIC).stdout == ""


def test_statistics_count_findings_by_rule_most_first():
    concise = invoke("--format", "concise", APOLOGETIC, REPO / "samples").stdout.splitlines()
    codes = [LINE.match(line)["code"] for line in concise if LINE.match(line)]
    result = invoke("-q", "--statistics", APOLOGETIC, REPO / "samples")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Checked ")
    rows = [re.fullmatch(r"\s*(\d+)  (RN\d{3})\s+(\S+)", line) for line in lines[1:]]
    assert all(rows) and len(rows) == len(set(codes))
    counts = [int(r[1]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    assert {r[2]: int(r[1]) for r in rows} == {c: codes.count(c) for c in set(codes)}
    assert dict((r[2], r[3]) for r in rows)["RN101"] == "apology-words"


def test_statistics_refuse_a_machine_format():
    result = invoke("--statistics", "--format", "json", APOLOGETIC)
    assert result.exit_code == 2 and "--statistics" in result.stderr


def test_show_settings_names_the_file_and_exits_without_reviewing(tmp_path):
    settings = tmp_path / ".review-note.toml"
    settings.write_text('max-words = 90\nignore = ["RN3"]\n[severity]\nRN101 = "info"\n', encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    result = invoke("--show-settings", draft)
    assert result.exit_code == 0, result.output
    assert f"Settings from: {settings}" in result.stdout
    assert "body words: 50 to 90" in result.stdout
    assert re.search(r"off\s+RN301\s+hedge-just", result.stdout)
    assert re.search(r"on\s+RN101\s+apology-words\s+info", result.stdout)
    assert "RN101" in result.stdout and "apology-words  [" not in result.stdout  # no findings printed
    defaults = invoke("--show-settings", "--no-model")
    assert defaults.exit_code == 0 and "Settings from: defaults" in defaults.stdout
    assert "body words: 50 to 125" in defaults.stdout and "Sentence classifier: off" in defaults.stdout


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class FakePipe(io.StringIO):
    def isatty(self) -> bool:
        return False


def run_batch(tmp_path, out, err, output_format="text", quiet=0) -> int:
    for i in range(8):
        (tmp_path / f"d{i}.txt").write_text(DRAFT, encoding="utf-8")
    return app.run([str(tmp_path)], Config(use_model=False), output_format, out=out, err=err, progress=True, quiet=quiet)


def test_no_progress_bar_between_findings_on_the_same_terminal(tmp_path):
    out, err = FakeTerminal(), FakeTerminal()
    assert run_batch(tmp_path, out, err) == app.ExitStatus.FINDINGS
    assert "Checking drafts" not in err.getvalue() and "d7.txt" in out.getvalue()


def test_progress_bar_when_the_findings_go_elsewhere(tmp_path):
    err = FakeTerminal()
    run_batch(tmp_path, FakePipe(), err)
    assert "Checking drafts" in err.getvalue()  # the bar itself is shown: the test above can fail
    err = FakeTerminal()
    run_batch(tmp_path, FakeTerminal(), err, quiet=1)  # only a summary at the end: the bar is safe
    assert "Checking drafts" in err.getvalue()


def test_evidence_keeps_only_the_sentence_words():
    sentence = "I won't make excuses, but the reason I was nervous is that I just think I might."
    evidence = ["'wo'", "'wo n't'", "phrase rules RN1xx", "'partition by'", "'the reason'", "'reason i was'",
                "'the reason i'", "''m so'", "'subject : sorry'", "'I' with a regret word", "'think i'", "'i might'"]
    assert evidence_words(evidence, sentence) == ["the reason I was", "think I might"]
    assert evidence_words(["'eason'", "'i w'"], sentence) == []  # not whole words
    assert len(evidence_words(["'won't'", "'excuses'", "'nervous'", "'just'"], sentence)) == 3


def test_text_output_shows_readable_evidence_without_percentages(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    out = invoke(draft).stdout
    assert "[rule+model]" in out or "[model]" in out
    assert "%]" not in out and "% sure" not in out and "phrase rule" not in out
    shown = re.findall(r"Why the model thinks so: (.*)", out)
    assert shown
    for line in shown:
        phrases = re.findall(r'"([^"]+)"', line)
        assert 1 <= len(phrases) <= 3
        assert all(p.lower() in DRAFT.lower() for p in phrases), line


def test_mail_wrapper_names_the_message_by_its_subject(tmp_path, checkout_env):
    message = DRAFT.replace("Subject: Sorry for my answer", "Subject: Re: Sorry for my answer / $(touch pwned) `id`")
    sendmail = tmp_path / "sendmail"
    sendmail.write_text(f"#!/bin/sh\ncat > {tmp_path / 'sent.eml'}\n")
    sendmail.chmod(0o755)
    proc = subprocess.run(["bash", str(REPO / "contrib" / "review-before-send.sh"), str(sendmail)], input=message,
                          capture_output=True, text=True, env=checkout_env, timeout=120, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "Re Sorry for my answer (touch pwned) id.eml" in proc.stderr and "RN101" in proc.stderr
    assert "/tmp" not in proc.stderr.replace(str(tmp_path), "") and "outgoing" not in proc.stderr
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "sent.eml").exists()


class DraftView(HTMLParser):
    """The first draft's text in an HTML report, and the codes on each highlighted piece."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.marks, self.banner = "", [], []
        self._in_pre = self._done = False
        self._tip_depth = 0
        self._in_banner = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "pre" and attrs.get("class") == "text" and not self._done:
            self._in_pre = True
        elif self._in_pre and tag == "mark":
            self.marks.append([attrs["data-codes"].split(), ""])
        elif self._in_pre and tag == "span":
            self._tip_depth += 1
        elif tag == "div" and attrs.get("class") == "banner":
            self._in_banner = True
        elif self._in_banner and tag == "li":
            self.banner.append(attrs["data-code"])

    def handle_endtag(self, tag):
        if self._in_pre and tag == "span":
            self._tip_depth -= 1
        elif self._in_pre and tag == "pre":
            self._in_pre, self._done = False, True
        elif tag == "div":
            self._in_banner = False

    def handle_data(self, data):
        if self._in_pre and not self._tip_depth:
            self.text += data
            if self.marks and self.marks[-1][1] is not None:
                self.marks[-1][1] += data


def html_view(path) -> tuple[DraftView, dict]:
    import json

    page = invoke("--format", "html", path).stdout
    view = DraftView()
    view.feed(page)
    data = json.loads(invoke("--format", "json", path).stdout)["files"][0]
    return view, data


NESTED = DRAFT.replace("I hope you can understand.", "I hope you can understand that I think I know the reporting "
                      "side of the job well, since I built the weekly sales dashboards for our four stores and trained "
                      "the two new analysts on them over the spring and most of the summer last year.")


def test_html_highlights_every_overlapping_finding(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(NESTED, encoding="utf-8")
    view, data = html_view(draft)
    assert view.text == NESTED  # the pieces join up to the draft
    spans = [f for f in data["findings"] if f["scope"] == "span"]
    overlapping = [(a, b) for a in spans for b in spans
                   if a is not b and a["start"] <= b["start"] < b["end"] <= a["end"]]
    assert overlapping  # this draft has a finding inside another: the test below means something
    for f in spans:  # every character of every span finding is highlighted with its code
        covered = "".join(text for codes, text in view.marks if f["code"] in codes)
        assert NESTED[f["start"]:f["end"]] in covered or covered == NESTED[f["start"]:f["end"]], f["code"]
    for outer, inner in overlapping:
        assert any({outer["code"], inner["code"]} <= set(codes) for codes, _ in view.marks)


def test_html_shows_note_wide_findings_as_a_banner():
    view, data = html_view(APOLOGETIC)
    document = {f["code"] for f in data["findings"] if f["scope"] == "document"}
    assert document and set(view.banner) == document
    assert not any(document & set(codes) for codes, _ in view.marks)


def test_html_segments_unit():
    from reviewer.findings import Finding, Severity
    from reviewer.report.html_format import segments

    def finding(code, start, end, family="apology"):
        return Finding(code, code.lower(), family, Severity.WARNING, start, end, 1, start + 1, "", "m", "f")

    text = "0123456789"
    pieces = segments(text, [finding("RN104", 0, 8, "hedging"), finding("RN101", 2, 4), finding("RN302", 6, 10)])
    assert [(p.text, p.codes) for p in pieces] == [
        ("01", "RN104"), ("23", "RN101 RN104"), ("45", "RN104"), ("67", "RN302 RN104"), ("89", "RN302")]
    assert "box-shadow" in pieces[1].style and "box-shadow" not in pieces[0].style


def test_html_escapes_the_draft_and_its_name(tmp_path):
    draft = tmp_path / "<b>x&y.txt"
    draft.write_text("Subject: <script>alert(1)</script>\n\nI'm sorry & I <i>apologise</i>.\n", encoding="utf-8")
    page = invoke("--format", "html", draft).stdout
    assert "<script>" not in page and "<b>x" not in page and "<i>apologise" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;x&amp;y.txt" in page
