"""Machine-readable JSON output, streamed one file at a time. Schema: the README's "JSON output".

The output is always valid UTF-8 and inert on a terminal: the bytes of a file name that are
not UTF-8 (which os.fsdecode keeps as lone surrogates) are written as U+FFFD, the replacement
character, and control characters as \\u escapes (textutil.json_inert).
"""

from __future__ import annotations

import json

from reviewer.version import __version__
from reviewer.report import FileResult, Summary
from reviewer.textutil import json_inert

SCHEMA = "review-note/2"


class JsonFormatter:
    """Writes one JSON document: {"schema", "version", "files": [...], "summary": {...}}."""

    def __init__(self, stream):
        self.stream = stream
        self.count = 0

    def start(self) -> None:
        self.stream.write(f'{{"schema": "{SCHEMA}", "version": "{__version__}", "files": [')

    def file(self, result: FileResult) -> None:
        entry = {
            "path": result.path,
            "encoding": result.encoding,
            "body_words": result.body_words,
            "error": result.error,
            "findings": [f.to_dict() for f in result.findings],
        }
        if result.suggestion is not None:
            entry["suggestion"] = result.suggestion
        if result.lessons is not None:
            entry["lessons"] = [lesson.to_dict() for lesson in result.lessons]
        self.stream.write(("," if self.count else "") + "\n  " + json_inert(json.dumps(entry, ensure_ascii=False)))
        self.count += 1

    def finish(self, summary: Summary) -> None:
        self.stream.write('\n], "summary": ' + json.dumps(summary.to_dict()) + "}\n")
