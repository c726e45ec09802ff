"""Formatters: turn file results into text for people or data for programs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from reviewer.findings import Finding, Severity, Source


@dataclass(frozen=True)
class FileResult:
    """One draft's outcome: its findings, or the reason it could not be read."""

    path: str
    findings: tuple[Finding, ...] = ()
    encoding: str | None = None
    body_words: int = 0
    error: str | None = None
    suggestion: dict | None = None
    text: str | None = None  # the file's text, which offsets point into (for reports that show it)
    plain: bool = True  # the file's text is the reviewed text (not an e-mail or HTML file), so edits apply to it
    lessons: tuple | None = None  # reviewer.lessons.Lesson: what to prepare next time; None when not asked (--no-lessons)
    unreviewed: int = 0  # characters at the end of the reviewed text past the review limit (RN405)


@dataclass
class Summary:
    """Running totals over a batch, kept without holding the results."""

    files: int = 0
    clean: int = 0
    with_findings: int = 0
    errors: int = 0
    by_family: Counter = field(default_factory=Counter)
    by_severity: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)  # (code, name) -> findings, for --statistics
    interrupted: bool = False  # Ctrl-C cut the batch short

    def add(self, result: FileResult) -> None:
        self.files += 1
        if result.error:
            self.errors += 1
        elif result.findings:
            self.with_findings += 1
        else:
            self.clean += 1
        self.by_family.update(f.family for f in result.findings)
        self.by_severity.update(str(f.severity) for f in result.findings)
        self.by_rule.update((f.code, f.name) for f in result.findings)

    @property
    def findings(self) -> int:
        return sum(self.by_family.values())

    def to_dict(self) -> dict:
        data = {
            "files": self.files,
            "clean": self.clean,
            "with_findings": self.with_findings,
            "errors": self.errors,
            "findings": self.findings,
            "by_family": dict(sorted(self.by_family.items())),
            "by_severity": {s.name.lower(): self.by_severity.get(str(s), 0) for s in reversed(Severity)},
        }
        if self.interrupted:  # said only then, so a finished run's JSON is unchanged
            data["interrupted"] = True
        return data


def source_label(f: Finding) -> str:
    """RETURNS (str): where a finding comes from, for people: "rule", "rule+model", or the
    model with its calibrated probability ("model, 78% likely")."""
    return f"model, {f.confidence:.0%} likely" if f.source is Source.MODEL else str(f.source)


def statistics(summary: Summary) -> str:
    """RETURNS (str): findings counted by rule, most frequent first (as `ruff --statistics`)."""
    rows = sorted(summary.by_rule.items(), key=lambda item: (-item[1], item[0]))
    if not rows:
        return "No findings."
    width = len(str(rows[0][1]))
    code_width = max(len(code) for (code, _), _ in rows)
    return "\n".join(f"{n:>{width}}  {code:<{code_width}}  {name}" for (code, name), n in rows)


def get_formatter(name: str, stream, color: bool, quiet: int = 0):
    """RETURNS: the formatter object called `name`, writing to `stream`.

    quiet (int): 1 keeps only the summary line of the text and concise formats, 2 drops it too.
    """
    if name == "json":
        from reviewer.report.json_format import JsonFormatter

        return JsonFormatter(stream)
    if name == "sarif":
        from reviewer.report.sarif_format import SarifFormatter

        return SarifFormatter(stream)
    if name == "github":
        from reviewer.report.github_format import GithubFormatter

        return GithubFormatter(stream)
    if name == "diff":
        from reviewer.report.diff_format import DiffFormatter

        return DiffFormatter(stream)
    if name == "html":
        from reviewer.report.html_format import HtmlFormatter

        return HtmlFormatter(stream)
    if name == "concise":
        from reviewer.report.concise_format import ConciseFormatter

        return ConciseFormatter(stream, quiet)
    from reviewer.report.text_format import TextFormatter

    return TextFormatter(stream, color, quiet)


FORMATS = ("text", "concise", "json", "sarif", "github", "html")  # and "diff", chosen by --diff
LINE_FORMATS = ("text", "concise")  # written for people as they go: quiet levels, --statistics, no progress bar beside them
