"""Small text helpers shared by the document, rule and report layers."""

from __future__ import annotations

import bisect
import re

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


_NEWLINE = re.compile("\n")


class LineIndex:
    """Maps character offsets to 1-based line and column numbers."""

    def __init__(self, text: str):
        self._starts = [0]
        self._starts.extend(m.end() for m in _NEWLINE.finditer(text))

    def position(self, offset: int) -> tuple[int, int]:
        """RETURNS (tuple): (line, column), both 1-based, of a character offset."""
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1


def count_words(text: str) -> int:
    """RETURNS (int): whitespace-separated tokens, the way the guidance counts words."""
    return len(text.split())


MAX_TOKEN = 64  # longer than any word; a longer URL becomes two or more tokens
_LONG_RUN = re.compile(r"(?<!\S)\S{%d,}" % (MAX_TOKEN + 1))


def defuse_long_tokens(text: str) -> str:
    """Break whitespace-free runs longer than MAX_TOKEN with a space every MAX_TOKEN + 1
    characters, keeping the length, so offsets stay exact. RETURNS (str): `text` itself
    when it has no such run.

    spaCy's tokenizer strips prefix and suffix punctuation one character at a time, which
    is quadratic in a run's length ("<" * 40,000 took two minutes); short runs keep it
    linear. pipeline.GuardedTokenizer tokenises the result and puts the hidden characters
    back, so a Doc's text is still the draft's.
    """
    if len(text) <= MAX_TOKEN:
        return text
    pieces: list[str] = []
    last = 0
    for match in _LONG_RUN.finditer(text):
        start, end = match.span()
        pieces.append(text[last:start])
        run = list(match.group())
        run[MAX_TOKEN :: MAX_TOKEN + 1] = " " * len(range(MAX_TOKEN, len(run), MAX_TOKEN + 1))
        pieces.append("".join(run))
        last = end
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# C0 controls, DEL, C1 controls (0x9b and 0x9d start escape sequences on some terminals) and
# lone surrogates (the undecodable bytes of a file name, from os.fsdecode).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # the raw byte os.fsdecode could not decode
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep: str = "") -> str:
    """RETURNS (str): `text` with control characters shown as escapes (ESC as the four
    characters \\x1b, a newline as \\n), except those in `keep`, so a draft or a file name
    cannot move the cursor, set the window title or start a new output line. Undecodable
    bytes of a file name (lone surrogates) are shown as \\xNN too."""
    if not _CONTROL.search(text):
        return text
    if keep:
        return _CONTROL.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)
    return _CONTROL.sub(_escape, text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(text: str) -> str:
    """RETURNS (str): `text` with lone surrogates (undecodable bytes of a file name, from
    os.fsdecode) replaced by U+FFFD, so it can always be written as UTF-8."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


_BINARY_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def control_share(text: str) -> float:
    """RETURNS (float): the share of control characters other than tab, newline, carriage
    return and form feed (C0, DEL and C1): high in binary data decoded as text."""
    if not text:
        return 0.0
    return len(_BINARY_CONTROL.findall(text)) / len(text)

