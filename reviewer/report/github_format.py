"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding,
which the Actions runner turns into annotations on the draft's lines in a pull request."""

from __future__ import annotations

import re

from reviewer.findings import Finding, Severity
from reviewer.report import FileResult, Summary
from reviewer.report.sarif_format import STDIN_DISPLAY, end_position
from reviewer.textutil import valid_unicode

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


# GitHub's runner decodes %25, %0D, %0A (and in properties %3A, %2C). Other control characters
# are percent-encoded too: the runner leaves them as text, so an ESC in a draft or file name
# shows as "%1B" instead of reaching the log viewer.
_DATA = re.compile("[%\x00-\x1f\x7f-\x9f]")
_PROPERTY = re.compile("[%:,\x00-\x1f\x7f-\x9f]")


def _percent(match: re.Match) -> str:
    return f"%{ord(match.group()):02X}"


def escape_data(text: str) -> str:
    """RETURNS (str): `text` escaped for the message part of a workflow command: one line,
    no control characters, valid UTF-8 (a file name's undecodable bytes become U+FFFD)."""
    return _DATA.sub(_percent, valid_unicode(text))


def escape_property(text: str) -> str:
    """RETURNS (str): `text` escaped for a property value (`file=...`, `title=...`)."""
    return _PROPERTY.sub(_percent, valid_unicode(text))


def command(name: str, properties: dict[str, object], message: str) -> str:
    """RETURNS (str): `::name key=value,...::message` with GitHub's escaping."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def annotation(path: str, f: Finding) -> str:
    """RETURNS (str): the workflow command for one finding in the draft at `path`.

    Standard input has no file to annotate, so its findings carry no location. Columns are
    given only for single-line findings (GitHub accepts `col`/`endColumn` only when `line`
    and `endLine` are equal); `endColumn` is one past the last character, as in SARIF.
    """
    props: dict[str, object] = {}
    if path != STDIN_DISPLAY:
        end_line, end_column = end_position(f)
        props["file"] = path
        props["line"] = f.line
        if end_line == f.line:
            props["col"] = f.column
        props["endLine"] = end_line
        if end_line == f.line:
            props["endColumn"] = end_column
    props["title"] = f"{f.code} {f.name}"
    return command(COMMANDS[f.severity], props, f"{f.message} Fix: {f.fix}")


class GithubFormatter:
    """Writes workflow commands, streamed one draft at a time."""

    def __init__(self, stream):
        self.stream = stream

    def start(self) -> None:
        pass

    def file(self, result: FileResult) -> None:
        if result.error:
            if result.path == STDIN_DISPLAY:
                line = command("error", {}, f"{result.path}: {result.error}")
            else:
                line = command("error", {"file": result.path}, result.error)
            self.stream.write(line + "\n")
            return
        for finding in result.findings:
            self.stream.write(annotation(result.path, finding) + "\n")

    def finish(self, summary: Summary) -> None:
        pass
