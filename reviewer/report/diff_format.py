"""`--diff`: a unified diff per draft that `patch` applies to give exactly the suggested note."""

from __future__ import annotations

import sys

from reviewer.edits import unified_diff
from reviewer.report import FileResult, Summary
from reviewer.textutil import visible


class DiffFormatter:
    """Writes only diffs to stdout; drafts whose edits cannot apply to the file get a line on stderr."""

    def __init__(self, stream, err=None):
        self.stream = stream
        self.err = err or sys.stderr
        self.changed = 0

    def start(self) -> None:
        pass

    def file(self, result: FileResult) -> None:
        if result.error or not result.suggestion or not result.suggestion.get("edits"):
            return
        self.changed += 1
        if not result.plain:
            self.err.write(f"review-note: {visible(result.path)}: --diff needs a plain-text draft; use --suggest for e-mail and HTML\n")
            return
        self.stream.write(unified_diff(result.text or "", result.suggestion["text"], result.path))

    def finish(self, summary: Summary) -> None:
        pass
