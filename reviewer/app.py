"""The application: review a batch of drafts, report, and decide the exit status."""

from __future__ import annotations

import enum
import sys
from collections import deque
from collections.abc import Iterator

from reviewer.config import Config
from reviewer.documents import Draft, InputError, Source, expand, read
from reviewer.findings import Severity
from reviewer.report import FileResult, Summary, get_formatter


class ExitStatus(enum.IntEnum):
    """Stable exit codes."""

    CLEAN = 0  # no finding at or above the failing severity
    FINDINGS = 1  # findings at or above the failing severity
    ERROR = 2  # usage, configuration or input error (the rest of a batch is still checked)


def review_sources(sources: Iterator[Source], config: Config) -> Iterator[FileResult]:
    """Review drafts from many sources in order, streaming through one spaCy pipe."""
    from reviewer.engine import review_many

    pending: deque[Draft | FileResult] = deque()

    def texts() -> Iterator[str]:
        for source in sources:
            try:
                draft = read(source, config.max_bytes)
            except InputError as exc:
                pending.append(FileResult(_display(source.name), error=str(exc)))
                continue
            pending.append(draft)
            yield draft.text

    def flush_errors() -> Iterator[FileResult]:
        while pending and isinstance(pending[0], FileResult):
            yield pending.popleft()

    for report in review_many(texts(), config):
        yield from flush_errors()
        draft = pending.popleft()
        yield FileResult(
            _display(draft.name), report.findings, draft.encoding, report.body_words,
            suggestion=report.extras.get("suggestion"),
        )
    yield from flush_errors()


def _display(name: str) -> str:
    return "<stdin>" if name == "-" else name


def run(
    arguments: list[str],
    config: Config,
    output_format: str = "text",
    color: bool = False,
    out=None,
    err=None,
) -> ExitStatus:
    """Check the drafts named by `arguments` and write the report.

    RETURNS (ExitStatus): the process exit status.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    formatter = get_formatter(output_format, out, color)
    summary = Summary()
    failing = False
    formatter.start()
    try:
        for result in review_sources(expand(arguments), config):
            summary.add(result)
            if result.error:
                err.write(f"review-note: {result.path}: {result.error}\n")
            elif result.encoding == "cp1252":
                err.write(f"review-note: {result.path}: not UTF-8; read as Windows-1252 (cp1252)\n")
            failing = failing or any(f.severity >= config.fail_on for f in result.findings)
            formatter.file(result)
    finally:
        formatter.finish(summary)
    if summary.errors:
        return ExitStatus.ERROR
    return ExitStatus.FINDINGS if failing else ExitStatus.CLEAN


NEVER = Severity.ERROR + 1  # a fail-on level no finding reaches
