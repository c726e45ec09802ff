"""Applying edits to a draft, and showing them as a unified diff: small pure functions."""

from __future__ import annotations

import bisect
import difflib
import os
from collections.abc import Iterable

from reviewer.findings import Edit
from reviewer.textutil import visible


def non_overlapping(edits: Iterable[Edit]) -> list[Edit]:
    """RETURNS (list): the edits in text order, dropping any that overlaps one kept before it
    (the first one given wins). Insertions at the same place keep their order."""
    kept: list[tuple[int, int, int, Edit]] = []  # (start, end, arrival, edit), sorted
    for arrival, edit in enumerate(edits):
        if not 0 <= edit.start <= edit.end:
            continue
        i = bisect.bisect_left(kept, (edit.start, -1))
        neighbours = kept[max(i - 2, 0) : i + 2]
        j = i + 2
        while j < len(kept) and kept[j][0] < edit.end:  # a long edit may cover several kept ones
            neighbours.append(kept[j])
            j += 1
        if not any(_overlap(edit, k[3]) for k in neighbours):
            bisect.insort(kept, (edit.start, edit.end, arrival, edit))
    return [k[3] for k in kept]


def _overlap(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:  # an insertion clashes only with a change around it
        return (a.start == a.end and b.start < a.start < b.end) or (b.start == b.end and a.start < b.start < a.end)
    return a.start < b.end and b.start < a.end


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """RETURNS (str): `text` with the (non-overlapping) edits applied; no edits, no change."""
    out, position = [], 0
    for edit in non_overlapping(edits):
        if edit.end > len(text):
            continue
        out.append(text[position : edit.start])
        out.append(edit.replacement)
        position = edit.end
    out.append(text[position:])
    return "".join(out)


_C_ESCAPES = {7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 34: '\\"', 92: "\\\\"}


def diff_path(path: str) -> str:
    """RETURNS (str): a path for a diff header, as git writes it: as it is, or, when it holds a
    control character, a quote, a backslash or bytes that are not UTF-8, in double quotes with
    C escapes (octal for bytes), which GNU patch and git apply read back. So a name cannot
    break the header onto a forged line or reach the terminal as an escape sequence."""
    raw = os.fsencode(path)  # the name's own bytes (undecodable ones were kept as surrogates)
    if not any(b < 0x20 or b == 0x7F or b in (34, 92) for b in raw) and visible(path) == path:
        return path
    return '"' + "".join(_C_ESCAPES.get(b) or (chr(b) if 0x20 <= b < 0x7F else f"\\{b:03o}") for b in raw) + '"'


def unified_diff(before: str, after: str, name: str) -> str:
    """RETURNS (str): a unified diff that `patch` applies to `before` to give `after` ("" if equal)."""
    if before == after:
        return ""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    lines = []
    for line in difflib.unified_diff(a, b, diff_path(f"a/{name}"), diff_path(f"b/{name}")):
        lines.append(line)
        if not line.endswith("\n"):  # the file's last line has no newline: say so, as diff does
            lines.append("\n\\ No newline at end of file\n")
    return "".join(lines)
