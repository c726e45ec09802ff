"""Small text helpers shared by the document, rule and report layers."""

from __future__ import annotations

import bisect

# One character in, one character out, so offsets into the normalised text are
# offsets into the original text.
_TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'",  # left single quote
        "\u2019": "'",  # right single quote / curly apostrophe
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00a0": " ",  # no-break space
        "\u2009": " ",
        "\u202f": " ",
    }
)


def normalise_quotes(text: str) -> str:
    """Replace curly quotes, apostrophes and odd spaces with plain ones, keeping length."""
    return text.translate(_TYPOGRAPHIC)


class LineIndex:
    """Maps character offsets to 1-based line and column numbers."""

    def __init__(self, text: str):
        self._starts = [0]
        self._starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")

    def position(self, offset: int) -> tuple[int, int]:
        """RETURNS (tuple): (line, column), both 1-based, of a character offset."""
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1


def count_words(text: str) -> int:
    """RETURNS (int): whitespace-separated tokens, the way the guidance counts words."""
    return len(text.split())
