"""SARIF 2.1.0 output, for code-scanning tools (GitHub code scanning, IDE SARIF viewers).

One log with one run. The rules are every rule review-note has, so `ruleIndex` is stable
across drafts; results point at the finding's text with line/column (1-based, end column
exclusive, counted in Unicode code points) and character offset/length. Drafts that could
not be read become error notifications of the invocation, which is then not successful.
The log is built in memory and written at the end, always as valid UTF-8: a file name's
bytes that are not UTF-8 are percent-encoded in URIs and written as U+FFFD elsewhere.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PureWindowsPath
from urllib.parse import quote

from reviewer.version import __version__
from reviewer.findings import Finding, Scope, Severity
from reviewer.report import FileResult, Summary
from reviewer.textutil import json_inert

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
STDIN_DISPLAY = "<stdin>"  # how reviewer.app names standard input
STDIN_URI = "stdin"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

# decoder names from reviewer.documents.decode -> IANA charset names (SARIF artifact.encoding)
_ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "cp1252": "windows-1252"}


def end_position(finding: Finding) -> tuple[int, int]:
    """RETURNS (tuple): (end line, end column) of a finding, 1-based, the column exclusive
    (one past the last character, as SARIF's `endColumn`). Lines end at '\\n', as in
    reviewer.textutil.LineIndex; an empty finding is an insertion point at its start."""
    text = finding.text
    newlines = text.count("\n")
    if not newlines:
        return finding.line, finding.column + len(text)
    return finding.line + newlines, len(text) - text.rfind("\n")


def artifact_uri(path: str) -> str:
    """RETURNS (str): a URI reference for a draft path: 'stdin' for standard input, a
    percent-encoded relative reference for a relative path, a file: URI for an absolute one."""
    if path == STDIN_DISPLAY:
        return STDIN_URI
    if os.path.isabs(path):
        return Path(os.path.abspath(path)).as_uri()
    if os.sep == "\\":  # pragma: no cover - Windows
        path = PureWindowsPath(path).as_posix()
    # the file name's own bytes (os.fsencode), so undecodable ones are kept as %XX
    return quote(os.fsencode(path), safe="/")  # also escapes ':' so "a:b.txt" is not read as a scheme


def _rule_descriptor(rule) -> dict:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        "help": {"text": rule.fix},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"family": rule.family, "tags": [rule.family]},
    }


class SarifFormatter:
    """Collects file results and writes one SARIF 2.1.0 log at finish()."""

    def __init__(self, stream):
        from reviewer.rules import ALL_RULES  # loaded only when SARIF is asked for

        self.stream = stream
        self.rules = [_rule_descriptor(rule) for rule in ALL_RULES]
        self.rule_index = {rule.code: i for i, rule in enumerate(ALL_RULES)}
        self.results: list[dict] = []
        self.artifacts: list[dict] = []
        self.artifact_index: dict[str, int] = {}
        self.notifications: list[dict] = []

    def start(self) -> None:
        pass

    def _artifact(self, uri: str, encoding: str | None) -> int:
        if uri not in self.artifact_index:
            artifact = {"location": {"uri": uri}, "roles": ["analysisTarget"]}
            if encoding in _ENCODINGS:
                artifact["encoding"] = _ENCODINGS[encoding]
            self.artifact_index[uri] = len(self.artifacts)
            self.artifacts.append(artifact)
        return self.artifact_index[uri]

    def file(self, result: FileResult) -> None:
        uri = artifact_uri(result.path)
        if result.error:
            self.notifications.append({
                "level": "error",
                "message": {"text": f"{result.path}: {result.error}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
            })
            return
        index = self._artifact(uri, result.encoding)
        for finding in result.findings:
            self.results.append(self._result(finding, uri, index))

    def _result(self, f: Finding, uri: str, artifact: int) -> dict:
        end_line, end_column = end_position(f)
        result: dict = {"ruleId": f.code}
        if f.code in self.rule_index:
            result["ruleIndex"] = self.rule_index[f.code]
        location: dict = {"artifactLocation": {"uri": uri, "index": artifact}}
        if f.scope is not Scope.DOCUMENT:  # a finding about the whole note is a file-level result: no region
            location["region"] = {
                "startLine": f.line,
                "startColumn": f.column,
                "endLine": end_line,
                "endColumn": end_column,
                "charOffset": f.start,
                "charLength": f.end - f.start,
                "snippet": {"text": f.text},
            }
        result.update({
            "level": LEVELS[f.severity],
            "message": {"text": f"{f.message} Fix: {f.fix}"},
            "locations": [{"physicalLocation": location}],
            "properties": {"family": f.family, "source": str(f.source), "confidence": round(f.confidence, 3),
                           "scope": str(f.scope)},
        })
        if f.evidence:
            result["properties"]["evidence"] = list(f.evidence)
        return result

    def finish(self, summary: Summary) -> None:
        if summary.interrupted:
            self.notifications.append({"level": "error", "message": {"text": f"interrupted after {summary.files} drafts"}})
        invocation: dict = {"executionSuccessful": not self.notifications}
        if self.notifications:
            invocation["toolExecutionNotifications"] = self.notifications
        log = {
            "$schema": SARIF_SCHEMA_URI,
            "version": SARIF_VERSION,
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "review-note",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": self.rules,
                    },
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "artifacts": self.artifacts,
                "results": self.results,
                "properties": {"summary": summary.to_dict()},
            }],
        }
        self.stream.write(json_inert(json.dumps(log, indent=2, ensure_ascii=False)) + "\n")
