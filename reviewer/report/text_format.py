"""Plain-advice text output, grouped by file, coloured on terminals.

Everything that comes from a draft or a file name is shown with its control characters
escaped (ESC as the four characters \\x1b, a newline in a name as \\n), so a draft cannot
clear the screen, set the window title or forge output lines, with or without colour.
"""

from __future__ import annotations

import re
import textwrap

import click

from reviewer.report import FileResult, Summary, source_label
from reviewer.textutil import visible

_SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def family_counts(counts) -> str:
    """RETURNS (str): 'apology 2, hedging 1'."""
    return ", ".join(f"{family} {n}" for family, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")  # a word, with inner apostrophes: won't, I'm
_SENTENCE_START = re.compile(r"\n|[.!?]\s")  # a sentence starts after a line break, or after an end mark and a space
_SENTENCE_END = re.compile(r"\n|[.!?](?=\s|\Z)")


def _sentence(text: str, start: int, end: int, reach: int = 400) -> str:
    """RETURNS (str): text[start:end] widened to the sentence (or line) around it, at most
    `reach` characters each way (regex searches, so a finding costs the same in any text)."""
    low = max(0, start - reach)
    left = low
    for left_match in _SENTENCE_START.finditer(text, max(0, low - 1), start):
        left = left_match.end()
    left = max(left, low)
    high = min(len(text), end + reach)
    right_match = _SENTENCE_END.search(text, end, min(len(text), high + 1))
    right = right_match.start() if right_match is not None and right_match.start() < high else high
    return text[left:right]


def evidence_words(evidence, sentence: str, limit: int = 3) -> list[str]:
    """The model's evidence as words of the flagged sentence.

    evidence (Iterable[str]): `readable()` feature names, strongest first ("'i hope you'").
    sentence (str): the flagged sentence. Only quoted words or phrases that occur in it as whole
    words (case-insensitively) are kept; phrases that overlap are merged into the sentence's
    own words, so "'the reason i'" and "'reason i was'" read "the reason I was".
    RETURNS (list[str]): at most `limit` phrases, in the sentence's spelling.
    """
    spans: list[list[int]] = []  # [start, end, rank]
    for rank, item in enumerate(evidence):
        item = item.strip()
        if len(item) < 3 or item[0] != "'" or item[-1] != "'":
            continue  # a description ("phrase rule RN101", "a modal"), not the sentence's words
        tokens = item[1:-1].split()
        if not tokens or not all(_WORD.fullmatch(t) for t in tokens):
            continue  # n-gram pieces such as "n't", "'m" or ":"
        pattern = r"(?<![\w'’])" + r"\s+".join(map(re.escape, tokens)) + r"(?![\w'’])"
        spans.extend([m.start(), m.end(), rank] for m in re.finditer(pattern, sentence, re.IGNORECASE))
    merged: list[list[int]] = []
    for start, end, rank in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2] = min(merged[-1][2], rank)
        else:
            merged.append([start, end, rank])
    phrases: list[str] = []
    seen: set[str] = set()
    for start, end, _ in sorted(merged, key=lambda m: (m[2], m[0])):
        phrase = " ".join(sentence[start:end].split())
        if phrase.lower() not in seen:
            seen.add(phrase.lower())
            phrases.append(phrase)
            if len(phrases) == limit:
                break
    return phrases


def _wrapped(line: str, width: int) -> list[str]:
    """RETURNS (list): textwrap.wrap(line, width) or [""], without its cost for a short ASCII
    line without tabs (what nearly every line is; a long draft's suggestion may have 100,000)."""
    if len(line) <= width and line.isascii() and "\t" not in line:
        return [line.rstrip()] if line.strip() else [""]
    return textwrap.wrap(line, width) or [""]


class TextFormatter:
    """Writes findings as readable advice; quiet 1 keeps only the summary line, 2 nothing."""

    def __init__(self, stream, color: bool, quiet: int = 0):
        self.stream = stream
        self.color = color
        self.quiet = quiet

    def _style(self, text: str, **style) -> str:
        return click.style(text, **style) if self.color else text

    def _echo(self, text: str = "") -> None:
        click.echo(text, file=self.stream, color=self.color)

    def start(self) -> None:
        pass

    def file(self, result: FileResult) -> None:
        if result.error or self.quiet:
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
            source = "" if str(f.source) == "rule" else f"  [{source_label(f)}]"
            self._echo(f"  {f.line}:{f.column}  {severity} {self._style(f.code, bold=True)} {visible(f.name)}{source}")
            self._echo(f'      "{quoted}"')
            words = evidence_words(f.evidence, self._flagged_sentence(result, f)) if f.evidence else []
            if words:
                evidence = visible(", ".join(f'"{w}"' for w in words))
                self._echo(f"      {self._style('Why the model thinks so:', dim=True)} {evidence}")
            message = f.message
            if message in explained:
                continue  # the same advice was given above; don't repeat it
            explained.add(message)
            for line in textwrap.wrap(visible(message), 84):
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

    @staticmethod
    def _flagged_sentence(result: FileResult, finding) -> str:
        text = result.text
        if text is None or not 0 <= finding.start <= finding.end <= len(text):
            return finding.text
        return _sentence(text, finding.start, finding.end)

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
            for part in _wrapped(visible(line, keep="\t"), 84):
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
        if (summary.files == 0 and not summary.interrupted) or self.quiet >= 2:
            return
        if summary.interrupted:  # Ctrl-C: say that the counts are of the drafts checked before it
            parts = [self._style(f"Interrupted after {_plural(summary.files, 'draft')}", fg="red")]
        else:
            parts = [f"Checked {_plural(summary.files, 'draft')}"]
        if summary.findings:
            parts.append(f"{_plural(summary.findings, 'finding')} ({family_counts(summary.by_family)}) "
                         f"in {_plural(summary.with_findings, 'draft')}")
        if summary.clean:
            parts.append(f"{summary.clean} clean")
        if summary.errors:
            parts.append(self._style(f"{summary.errors} could not be read", fg="red"))
        self._echo(": ".join(parts[:1]) + (": " + "; ".join(parts[1:]) if parts[1:] else "") + ".")
