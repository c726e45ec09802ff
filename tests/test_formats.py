"""--format sarif (validated against the official SARIF 2.1.0 schema) and --format github."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft4Validator, FormatChecker

from reviewer import __version__
from reviewer.cli import main
from reviewer.report.github_format import escape_data, escape_property
from reviewer.rules import ALL_RULES

REPO = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
APOLOGETIC = "samples/apologetic-draft.txt"
CLEAN = "samples/clean-draft.txt"
MISSING = "samples/no-such-draft.txt"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}

# jsonschema skips "uri"/"uri-reference" unless rfc3987 is installed; check RFC 3986's
# character set (and a scheme for "uri") so a raw space or a bad escape fails the test.
_URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")
FORMATS = FormatChecker()


@FORMATS.checks("uri-reference")
def _uri_reference(value) -> bool:
    return not isinstance(value, str) or bool(_URI_CHARS.match(value))


@FORMATS.checks("uri")
def _uri(value) -> bool:
    return not isinstance(value, str) or (bool(_URI_CHARS.match(value)) and bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value)))


VALIDATOR = Draft4Validator(SCHEMA, format_checker=FORMATS)


@pytest.fixture(autouse=True)
def in_repo(monkeypatch):
    monkeypatch.chdir(REPO)  # relative paths, as a CI job would pass them


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def sarif(*args, input=None) -> tuple[dict, int]:
    result = run("--format", "sarif", *args, input=input)
    log = json.loads(result.stdout)
    errors = sorted(VALIDATOR.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    return log, result.exit_code


def json_findings(*args) -> dict[str, list[dict]]:
    data = json.loads(run("--format", "json", *args).stdout)
    return {entry["path"]: entry["findings"] for entry in data["files"]}


def offset_of(text: str, line: int, column: int) -> int:
    """Character offset of a 1-based SARIF line/column; lines end after '\\n'."""
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    return starts[line - 1] + column - 1


def assert_regions_point_at_text(log: dict, texts: dict[str, str]) -> int:
    checked = 0
    for result in log["runs"][0]["results"]:
        location = result["locations"][0]["physicalLocation"]
        text = texts[location["artifactLocation"]["uri"]]
        if result["properties"]["scope"] == "document":
            assert "region" not in location
            continue
        region = location["region"]
        start, length = region["charOffset"], region["charLength"]
        assert text[start:start + length] == region["snippet"]["text"]
        assert offset_of(text, region["startLine"], region["startColumn"]) == start
        assert offset_of(text, region["endLine"], region["endColumn"]) == start + length
        checked += 1
    return checked


# --- SARIF -----------------------------------------------------------------------------


def test_sarif_log_is_valid_and_complete():
    log, status = sarif(APOLOGETIC, CLEAN, MISSING)
    assert status == 2  # the missing draft is an input error, as with the other formats
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run_,) = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "review-note" and driver["version"] == __version__
    assert [r["id"] for r in driver["rules"]] == [r.code for r in ALL_RULES]
    for descriptor, rule in zip(driver["rules"], ALL_RULES):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"] == rule.why
        assert descriptor["help"]["text"] == rule.fix
        assert descriptor["defaultConfiguration"]["level"] == LEVELS[str(rule.severity)]
    assert {d["defaultConfiguration"]["level"] for d in driver["rules"]} == {"error", "warning", "note"}

    expected = json_findings(APOLOGETIC, CLEAN)
    assert expected[CLEAN] == []
    results = run_["results"]
    assert len(results) == len(expected[APOLOGETIC]) > 5
    for result, finding in zip(results, expected[APOLOGETIC]):
        assert result["ruleId"] == finding["code"]
        assert driver["rules"][result["ruleIndex"]]["id"] == finding["code"]
        assert result["level"] == LEVELS[finding["severity"]]
        assert result["message"]["text"] == f"{finding['message']} Fix: {finding['fix']}"
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == APOLOGETIC
        assert run_["artifacts"][location["artifactLocation"]["index"]]["location"]["uri"] == APOLOGETIC
        if finding["scope"] == "document":  # about the whole note: a file-level result, no region
            assert "region" not in location
        else:
            assert location["region"]["startLine"] == finding["line"]
            assert location["region"]["startColumn"] == finding["column"]
            assert location["region"]["charOffset"] == finding["start"]
        assert result["properties"] == {
            "family": finding["family"], "source": finding["source"], "confidence": finding["confidence"],
            "scope": finding["scope"], **({"evidence": finding["evidence"]} if finding["evidence"] else {}),
        }
    assert {f["scope"] for f in expected[APOLOGETIC]} == {"span", "document"}

    (invocation,) = run_["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and MISSING in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == MISSING
    assert run_["properties"]["summary"]["errors"] == 1


def test_sarif_regions_point_at_the_flagged_text():
    log, _ = sarif(APOLOGETIC)
    text = (REPO / APOLOGETIC).read_text(encoding="utf-8")
    spans = [r for r in log["runs"][0]["results"] if r["properties"]["scope"] == "span"]
    assert assert_regions_point_at_text(log, {APOLOGETIC: text}) == len(spans) > 5
    regions = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]):
               r["locations"][0]["physicalLocation"]["region"] for r in spans}
    sorry = regions[("RN101", "sorry")]
    assert (sorry["startLine"], sorry["startColumn"], sorry["endLine"], sorry["endColumn"]) == (5, 8, 5, 13)
    assert text.splitlines()[4][sorry["startColumn"] - 1:sorry["endColumn"] - 1] == "sorry"
    # RN202 judges the whole note: a file-level result, with no region to highlight
    (dwelling,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "RN202"]
    assert "region" not in dwelling["locations"][0]["physicalLocation"]


def test_sarif_clean_draft_is_a_successful_empty_run():
    log, status = sarif(CLEAN)
    assert status == 0
    (run_,) = log["runs"]
    assert run_["results"] == [] and run_["invocations"][0]["executionSuccessful"] is True
    assert "toolExecutionNotifications" not in run_["invocations"][0]


def test_sarif_regions_with_crlf_and_astral_characters(tmp_path):
    draft = tmp_path / "draft.txt"
    text = ("Hi Sam,\r\n\r\n\U0001F600 I'm so sorry about the budget question, I think I kind of\r\n"
            "blanked.\r\n\r\nThanks,\r\nJo\r\n")
    draft.write_bytes(text.encode("utf-8"))
    log, _ = sarif(str(draft))
    run_ = log["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    uri = draft.resolve().as_uri()  # an absolute path becomes a file: URI
    assert run_["artifacts"][0]["location"]["uri"] == uri
    assert assert_regions_point_at_text(log, {uri: text}) >= 2
    sorry = next(r for r in run_["results"] if r["ruleId"] == "RN101")["locations"][0]["physicalLocation"]["region"]
    assert (sorry["startLine"], sorry["startColumn"], sorry["endColumn"]) == (3, 10, 15)  # the emoji counts as one column


def test_sarif_uris_for_stdin_and_odd_file_names(tmp_path):
    log, _ = sarif("-", input="I'm so sorry, I just wanted to add one thing.\n")
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"stdin"}

    odd = tmp_path / "odd, name: 100%.txt"
    odd.write_text("I'm so sorry about the interview.\n", encoding="utf-8")
    log, _ = sarif(str(odd))  # the validator's format check rejects raw spaces or bad escapes
    uri = log["runs"][0]["artifacts"][0]["location"]["uri"]
    assert uri.startswith("file:///") and uri.endswith("/odd%2C%20name%3A%20100%25.txt")


def test_sarif_relative_odd_name_is_percent_encoded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a: b.txt").write_text("I'm so sorry about the interview.\n", encoding="utf-8")
    log, _ = sarif("a: b.txt")
    assert log["runs"][0]["artifacts"][0]["location"]["uri"] == "a%3A%20b.txt"  # not read as scheme "a:"


def test_sarif_unreadable_stdin_is_a_notification():
    log, status = sarif("-", input="")
    assert status == 2
    (note,) = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "stdin"


# --- GitHub workflow commands -----------------------------------------------------------

_COMMAND = re.compile(r"^::(?P<name>error|warning|notice)(?: (?P<props>[^:]*))?::(?P<message>.*)$")


def _unescape(value: str) -> str:
    for code, char in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        value = value.replace(code, char)
    return value


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    match = _COMMAND.match(line)
    assert match, f"not a workflow command: {line!r}"
    props = {}
    for part in (match["props"] or "").split(",") if match["props"] else []:
        key, _, value = part.partition("=")
        props[key] = _unescape(value)
    assert "\n" not in match["message"] and "\r" not in match["message"]
    return match["name"], props, _unescape(match["message"])


def github(*args, input=None):
    result = run("--format", "github", *args, input=input)
    return result.stdout.splitlines(), result.exit_code


def test_github_one_line_per_finding_and_error():
    lines, status = github(APOLOGETIC, CLEAN, MISSING)
    assert status == 2
    expected = json_findings(APOLOGETIC, CLEAN)[APOLOGETIC]
    assert len(lines) == len(expected) + 1  # the clean draft adds nothing, the missing one an error
    text = (REPO / APOLOGETIC).read_text(encoding="utf-8").splitlines()
    for line, finding in zip(lines, expected):
        name, props, message = parse_command(line)
        assert name == COMMANDS[finding["severity"]]
        assert props["file"] == APOLOGETIC and props["line"] == str(finding["line"])
        assert props["title"] == f"{finding['code']} {finding['name']}"
        assert message == f"{finding['message']} Fix: {finding['fix']}"
        if "\n" in finding["text"]:  # GitHub takes columns only on one line
            assert "col" not in props and "endColumn" not in props
            assert int(props["endLine"]) == finding["line"] + finding["text"].count("\n")
        else:
            assert props["endLine"] == props["line"]
            start, end = int(props["col"]), int(props["endColumn"])
            assert text[finding["line"] - 1][start - 1:end - 1] == finding["text"]
    assert lines[-1] == f"::error file={MISSING}::no such file or folder"


def test_github_levels_and_escaping(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    long_sentence = "I also " + " ".join(["worked on the quarterly reporting for the grants team"] * 6) + "."
    Path("odd, name: x.txt").write_text(
        f"Dear Sam,\n\nThank you for meeting with me today. {long_sentence}\n\nBest,\nJo\n", encoding="utf-8")
    lines, _ = github("odd, name: x.txt")
    assert lines and all(line.startswith("::notice file=odd%2C name%3A x.txt,") for line in lines)
    name, props, _ = parse_command(lines[0])
    assert name == "notice" and props["file"] == "odd, name: x.txt" and props["title"] == "RN402 sentence-too-long"

    # the '%' in RN202's message is escaped in the data part
    lines, _ = github(str(REPO / APOLOGETIC))
    (dwelling,) = [line for line in lines if "RN202" in line]
    assert "::74%25 of the note" in dwelling


def test_github_escape_functions():
    assert escape_data("100% sure\r\nnext: a, b") == "100%25 sure%0D%0Anext: a, b"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert escape_property("%3A") == "%253A"  # '%' first, so escapes are not doubled up


def test_github_stdin_has_no_file():
    lines, _ = github("-", input="I'm so sorry, I just wanted to add one thing.\n")
    assert lines and all(line.startswith(("::error title=", "::warning title=")) for line in lines)
    lines, status = github("-", input="")
    assert status == 2 and lines[0].startswith("::error::<stdin>: ")


# --- wiring ------------------------------------------------------------------------------


def test_format_choices_and_lazy_import():
    help_text = run("--help").output
    assert "sarif" in help_text and "github" in help_text
    assert run("--format", "xml", CLEAN).exit_code == 2
    code = "import sys, reviewer.report, reviewer.cli; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_finding_to_dict_is_every_field_in_order():
    # to_dict is written out (dataclasses.asdict deep-copies every value, a tenth of a JSON
    # batch): a field added to Finding or Edit must be added to the JSON too.
    from dataclasses import asdict, fields

    from reviewer import review

    finding = next(f for f in review("I just wanted to say I think it went well.").findings if f.edits)
    data = finding.to_dict()
    assert list(data) == [f.name for f in fields(finding)]
    assert data["edits"] == [asdict(e) for e in finding.edits] and list(data["edits"][0]) == [f.name for f in fields(finding.edits[0])]
    assert {k: v for k, v in data.items() if k not in ("severity", "source", "scope", "confidence", "evidence", "edits")} == {
        k: v for k, v in asdict(finding).items() if k not in ("severity", "source", "scope", "confidence", "evidence", "edits")}
