"""Inline suppression comments in a draft, checked in one place.

    <!-- review-note: ignore RN301, hedging -->   ignore these rules for the whole draft
    <!-- review-note: off --> ... <!-- review-note: on -->   no findings in between
    review-note: ignore RN104                     the same, as a plain line of its own

The comments themselves are blanked out (same length) before the review, so they never
count as words or get flagged, and offsets into the draft stay exact. An ignore list in a
<!-- --> comment is read up to MAX_COMMAND characters; a longer comment is left as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_COMMAND = 300  # characters of an ignore list; a longer comment is left as text
# Linear on any text: the lazy ignore list is bounded, and nothing after it can rescan, so
# thousands of unclosed comments cost one bounded look each (unbounded, 540 KB took 192 s).
_COMMENT = re.compile(
    r"<!--\s*review-note:\s*(?:(?P<html>ignore\b[^>]{0,%d}?)-->|(?P<switch>off|on)\s*-->)"
    r"|^[ \t]*review-note:\s*(?P<plain>ignore\b[^\n]*|off|on)[ \t]*$" % MAX_COMMAND,
    re.IGNORECASE | re.MULTILINE,
)


@dataclass(frozen=True)
class Suppressions:
    """What a draft's comments switch off (the engine applies them with the --ignore resolver)."""

    ignored: tuple[str, ...] = ()
    off_ranges: tuple[tuple[int, int], ...] = ()


def parse(text: str) -> tuple[str, Suppressions]:
    """RETURNS (tuple): (text with the comments blanked out, the suppressions they ask for)."""
    if "review-note" not in text.lower():
        return text, Suppressions()
    ignored: list[str] = []
    ranges: list[tuple[int, int]] = []
    off_start: int | None = None
    chars = list(text)
    for match in _COMMENT.finditer(text):
        command = (match.group("html") or match.group("switch") or match.group("plain") or "").strip()
        for i in range(match.start(), match.end()):
            if chars[i] != "\n":
                chars[i] = " "
        lowered = command.lower()
        if lowered.startswith("ignore"):
            ignored.extend(part for part in re.split(r"[\s,]+", command[6:]) if part)
        elif lowered == "off" and off_start is None:
            off_start = match.end()
        elif lowered == "on" and off_start is not None:
            ranges.append((off_start, match.start()))
            off_start = None
    if off_start is not None:
        ranges.append((off_start, len(text)))
    return "".join(chars), Suppressions(tuple(ignored), tuple(ranges))
