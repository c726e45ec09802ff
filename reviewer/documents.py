"""Reading drafts: paths, folders, globs and stdin; encodings; bad input as clear errors."""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DRAFT_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".eml", ".html", ".htm")
STDIN = "-"


class InputError(Exception):
    """A draft that cannot be reviewed; the message is one plain line for the user."""


@dataclass(frozen=True)
class Source:
    """Where a draft comes from: a file path, or '-' for standard input."""

    name: str
    error: str | None = None  # set when the path itself is bad (missing, empty folder...)


@dataclass(frozen=True)
class Draft:
    """A draft's text to review and how it was decoded; for e-mail and HTML files, the
    original text and a map from each reviewed character to its offset in it."""

    name: str
    text: str
    encoding: str
    original: str | None = None
    offsets: tuple[int, ...] | None = None

    def locate(self, findings):
        """RETURNS (tuple): findings with offsets, line and column in the original file."""
        if self.original is None or not self.offsets:
            return tuple(findings)
        from dataclasses import replace

        from reviewer.textutil import LineIndex

        lines = LineIndex(self.original)
        last = len(self.offsets) - 1
        located = []
        for f in findings:
            start = self.offsets[min(f.start, last)]
            end = max(start, self.offsets[min(max(f.end - 1, 0), last)] + 1)
            line, column = lines.position(start)
            located.append(replace(f, start=start, end=end, line=line, column=column))
        return tuple(located)


def expand(arguments: list[str]) -> Iterator[Source]:
    """Turn command-line arguments into draft sources, lazily and in a stable order.

    Folders are searched recursively for draft files; glob patterns are expanded;
    '-' is standard input. Bad arguments become sources carrying an error.
    """
    for argument in arguments:
        if argument == STDIN:
            yield Source(STDIN)
            continue
        path = Path(argument)
        if path.is_dir():
            found = False
            for file in _walk(path):
                found = True
                yield Source(str(file))
            if not found:
                suffixes = ", ".join(DRAFT_SUFFIXES[:3])
                yield Source(argument, f"folder has no drafts ({suffixes} ...)")
        elif path.exists() or path.is_symlink():
            yield Source(argument)
        elif glob.has_magic(argument):
            matches = sorted(glob.iglob(argument, recursive=True))
            if not matches:
                yield Source(argument, "no files match this pattern")
            for match in matches:
                if Path(match).is_dir():
                    yield from (Source(str(f)) for f in _walk(Path(match)))
                else:
                    yield Source(match)
        else:
            yield Source(argument, "no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    # os.walk does not follow symlinked folders, so symlink loops cannot trap it.
    for root, dirs, files in os.walk(folder, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(DRAFT_SUFFIXES) and not name.startswith("."):
                yield Path(root) / name


def read(source: Source, max_bytes: int) -> Draft:
    """Read and decode a draft, or raise InputError with a one-line reason."""
    if source.error:
        raise InputError(source.error)
    if source.name == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        data = _read_file(Path(source.name), max_bytes)
    return from_bytes(source.name, data, max_bytes)


def from_bytes(name: str, data: bytes, max_bytes: int) -> Draft:
    """Decode a draft's bytes as `read` does (the suffix of `name` picks .eml/.html), or raise InputError."""
    if len(data) > max_bytes:
        raise InputError(f"file is larger than the {_size(max_bytes)} limit (see --max-bytes)")
    text, encoding = decode(data)
    original, offsets = None, None
    suffix = Path(name).suffix.lower()
    if suffix in (".eml", ".html", ".htm"):
        from reviewer import mailformats

        extract = mailformats.eml_text if suffix == ".eml" else mailformats.html_text
        try:
            original, (text, mapping) = text, extract(text)
        except Exception as exc:  # malformed mail or markup: say so, don't crash the batch
            raise InputError(f"cannot read this {suffix} file: {type(exc).__name__}") from None
        offsets = tuple(mapping)
    if not text.strip():
        raise InputError("draft is empty" if original is None else f"no text to review in this {suffix} file")
    return Draft(name, text, encoding, original, offsets)


def _read_file(path: Path, max_bytes: int) -> bytes:
    try:
        if path.is_dir():
            raise InputError("is a folder")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"file is {_size(size)}, over the {_size(max_bytes)} limit (see --max-bytes)")
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError("no such file (a broken link?)") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as text, trying the encodings drafts really come in.

    RETURNS (tuple): (text, encoding name). Raises InputError for binary data.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16"), "utf-16"
    if b"\x00" in data:
        raise InputError("looks like a binary file, not a text draft")
    for encoding in ("utf-8", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _control_share(text) > 0.01:
            raise InputError("looks like a binary file, not a text draft")
        return text, encoding
    raise InputError("not valid UTF-8 or Windows-1252 text; save the draft as UTF-8")


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(f"starts with a {encoding} byte-order mark but is not valid {encoding}") from None


def _control_share(text: str) -> float:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(len(text), 1)


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def write_new_file(path: Path, text: str, overwrite: bool = False) -> None:
    """Write `text` to `path` atomically; refuse to replace an existing file unless told to."""
    if path.exists() and not overwrite:
        raise InputError(f"{path} already exists (use --force to overwrite it)")
    _atomic_write(path, text)


def replace_keeping_original(path: Path, text: str) -> Path:
    """Replace a draft atomically, first copying the original beside it.

    RETURNS (Path): where the original was kept (draft.txt.orig, or .orig.1, ...).
    """
    import shutil

    backup = path.with_name(path.name + ".orig")
    n = 0
    while backup.exists():
        n += 1
        backup = path.with_name(f"{path.name}.orig.{n}")
    shutil.copy2(path, backup)
    _atomic_write(path, text)
    return backup


def _atomic_write(path: Path, text: str) -> None:
    import tempfile

    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
