"""One line per finding, `path:line:col: CODE message`, as ruff and flake8 print them: for
editors, grep and quickfix lists. An unreadable draft is `path: error: reason`. A summary
line closes the output unless quiet."""

from __future__ import annotations

from reviewer.report import FileResult, Summary
from reviewer.textutil import visible


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(summary: Summary) -> str:
    """RETURNS (str): 'Found 3 findings in 2 of 4 drafts (1 could not be read).'"""
    if summary.findings:
        line = f"Found {_plural(summary.findings, 'finding')} in {summary.with_findings} of {_plural(summary.files, 'draft')}"
    else:
        line = f"No findings in {_plural(summary.files, 'draft')}"
    if summary.errors:
        line += f" ({summary.errors} could not be read)"
    if summary.interrupted:  # Ctrl-C: the counts are of the drafts checked before it
        line = f"Interrupted after {_plural(summary.files, 'draft')}: {line[0].lower()}{line[1:]}"
    return line + "."


class ConciseFormatter:
    """Writes `path:line:col: CODE message`, one line per finding."""

    def __init__(self, stream, quiet: int = 0):
        self.stream = stream
        self.quiet = quiet

    @property
    def reports_errors(self) -> bool:
        """Whether unreadable drafts are written here (so they need no line on stderr)."""
        return self.quiet == 0

    def start(self) -> None:
        pass

    def file(self, result: FileResult) -> None:
        if self.quiet:
            return
        path = visible(result.path)
        if result.error:
            self.stream.write(f"{path}: error: {visible(result.error)}\n")
            return
        for f in result.findings:
            message = visible(" ".join(f.message.split()))
            self.stream.write(f"{path}:{f.line}:{f.column}: {f.code} {message}\n")

    def finish(self, summary: Summary) -> None:
        if self.quiet < 2 and (summary.files or summary.interrupted):
            self.stream.write(summary_line(summary) + "\n")
