"""Plain-advice text output, grouped by file, coloured on terminals.

Everything that comes from a draft or a file name is shown with its control characters
escaped (ESC as the four characters \\x1b, a newline in a name as \\n), so a draft cannot
clear the screen, set the window title or forge output lines, with or without colour.
"""

from __future__ import annotations

import textwrap

import click

from reviewer.report import FileResult, Summary
from reviewer.textutil import visible

_SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def family_counts(counts) -> str:
    """RETURNS (str): 'apology 2, hedging 1'."""
    return ", ".join(f"{family} {n}" for family, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


class TextFormatter:
    """Writes findings as readable advice."""

    def __init__(self, stream, color: bool):
        self.stream = stream
        self.color = color

    def _style(self, text: str, **style) -> str:
        return click.style(text, **style) if self.color else text

    def _echo(self, text: str = "") -> None:
        click.echo(text, file=self.stream, color=self.color)

    def start(self) -> None:
        pass

    def file(self, result: FileResult) -> None:
        if result.error:
            return  # errors go to stderr, one line each
        path = visible(result.path)
        if not result.findings:
            self._echo(f"{self._style(path, bold=True)}: {self._style('looks good', fg='green')} - "
                       "a short, confident thank-you note. Nothing to fix.")
            self._suggestion(result)
            return
        self._echo(self._style(path, bold=True, underline=True))
        explained: set[str] = set()  # messages shown; a message with its own detail is shown again
        fixed: set[str] = set()  # codes whose fix was shown
        for f in result.findings:
            severity = self._style(f"{str(f.severity):<7}", fg=_SEVERITY_COLOURS[str(f.severity)])
            quoted = f.text if len(f.text) <= 70 else f.text[:67].rstrip() + "..."
            quoted = visible(" ".join(quoted.split()))
            source = "" if str(f.source) == "rule" else f"  [{f.source}, {f.confidence:.0%}]"
            self._echo(f"  {f.line}:{f.column}  {severity} {self._style(f.code, bold=True)} {visible(f.name)}{source}")
            self._echo(f'      "{quoted}"')
            if f.evidence:
                evidence = visible(", ".join(f.evidence))
                self._echo(f"      {self._style('Why the model thinks so:', dim=True)} {evidence}")
            if f.message in explained:
                continue  # the same advice was given above; don't repeat it
            explained.add(f.message)
            for line in textwrap.wrap(visible(f.message), 84):
                self._echo(f"      {line}")
            if f.code in fixed:
                continue
            fixed.add(f.code)
            for i, line in enumerate(textwrap.wrap(visible(f.fix), 80)):
                self._echo(f"      {self._style('Fix:', fg='green') if i == 0 else '    '} {line}")
        counts = Summary()
        counts.add(result)
        self._echo(f"  {_plural(len(result.findings), 'finding')}: {family_counts(counts.by_family)}")
        self._lessons(result)
        self._suggestion(result)
        self._echo()

    def _lessons(self, result: FileResult) -> None:
        """The "Next time" section: what to prepare before the next interview."""
        if not result.lessons:
            return
        self._echo(self._style("  Next time:", bold=True))
        for lesson in result.lessons:
            for i, line in enumerate(textwrap.wrap(visible(lesson.advice), 82)):
                self._echo(f"    {'-' if i == 0 else ' '} {line}")

    def _suggestion(self, result: FileResult) -> None:
        suggestion = result.suggestion
        if not suggestion:
            return
        if not suggestion.get("edits"):
            self._echo(self._style("  Suggested note: nothing to change.", bold=True))
            return
        self._echo(self._style("  Suggested note:", bold=True))
        for line in suggestion.get("text", "").splitlines():
            for part in textwrap.wrap(visible(line, keep="\t"), 84) or [""]:
                self._echo(f"    {part}" if part else "")
        self._echo(self._style("  What changed:", bold=True))
        labels = {"removed": ("removed", "red"), "edited": ("edited", "yellow"), "added": ("added", "green")}
        for change in suggestion.get("changes", []):
            if change["fate"] not in labels:
                continue
            label, colour = labels[change["fate"]]
            quoted = visible(" ".join(change["text"].split()))
            quoted = quoted if len(quoted) <= 70 else quoted[:67].rstrip() + "..."
            codes = f" ({', '.join(change['codes'])})" if change["codes"] else ""
            self._echo(f"    {self._style(f'{label:<8}', fg=colour)}\"{quoted}\"")
            if change["reason"]:
                for part in textwrap.wrap(change["reason"] + codes, 78):
                    self._echo(f"             {part}")
        for note in suggestion.get("notes", []):
            for i, part in enumerate(textwrap.wrap(visible(note), 84)):
                self._echo(f"  {'Note:' if i == 0 else '     '} {part}")

    def finish(self, summary: Summary) -> None:
        if summary.files == 0:
            return
        parts = [f"Checked {_plural(summary.files, 'draft')}"]
        if summary.findings:
            parts.append(f"{_plural(summary.findings, 'finding')} ({family_counts(summary.by_family)}) "
                         f"in {_plural(summary.with_findings, 'draft')}")
        if summary.clean:
            parts.append(f"{summary.clean} clean")
        if summary.errors:
            parts.append(self._style(f"{summary.errors} could not be read", fg="red"))
        self._echo(": ".join(parts[:1]) + (": " + "; ".join(parts[1:]) if parts[1:] else "") + ".")
