"""Reading drafts: paths, folders, globs and stdin; encodings; bad input as clear errors.
Writing the suggested note: to a new file, or over the draft with its original kept."""

from __future__ import annotations

import errno
import glob
import os
import secrets
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reviewer.textutil import control_share, valid_unicode, visible

DRAFT_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".eml", ".html", ".htm")
STDIN = "-"


class InputError(Exception):
    """A draft that cannot be reviewed; the message is one plain line for the user."""


@dataclass(frozen=True)
class Input:
    """Where a draft comes from: a file path, or '-' for standard input."""

    name: str
    error: str | None = None  # set when the path itself is bad (missing, empty folder...)


@dataclass(frozen=True)
class Document:
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


def expand(arguments: list[str], notify: Callable[[str], None] | None = None) -> Iterator[Input]:
    """Turn command-line arguments into draft sources, lazily and in a stable order.

    Folders are searched recursively for draft files; glob patterns are expanded;
    '-' is standard input. Bad arguments become sources carrying an error. FIFOs, sockets
    and devices found in a folder or by a glob are skipped (reading one could block for
    ever), each with a one-line notice to `notify` (default: standard error); one named
    directly is an input error when read.
    """
    notify = notify or notice
    for argument in arguments:
        if argument == STDIN:
            yield Input(STDIN)
            continue
        path = Path(argument)
        if path.is_dir():
            found = False
            unreadable: list[OSError] = []
            for file in _walk(path, notify, unreadable):
                found = True
                yield Input(str(file))
            if unreadable:
                yield Input(argument, f"cannot read this folder ({unreadable[0].strerror or unreadable[0]})")
            elif not found:
                suffixes = ", ".join(DRAFT_SUFFIXES[:3])
                yield Input(argument, f"folder has no drafts ({suffixes} ...)")
        elif path.exists() or path.is_symlink():
            yield Input(argument)
        elif glob.has_magic(argument):
            matches = sorted(glob.iglob(argument, recursive=True))
            if not matches:
                yield Input(argument, "no files match this pattern")
            for match in matches:
                if Path(match).is_dir():
                    yield from (Input(str(f)) for f in _walk(Path(match), notify))
                elif _is_special(Path(match), notify):
                    continue
                else:
                    yield Input(match)
        else:
            yield Input(argument, "no such file or folder")


def _walk(folder: Path, notify: Callable[[str], None], unreadable: list[OSError] | None = None) -> Iterator[Path]:
    """The draft files under `folder`, sorted. A folder inside it that cannot be listed is
    said to `notify`; `folder` itself, to `unreadable` when given (else to `notify`)."""

    def failed(exc: OSError) -> None:
        if unreadable is not None and exc.filename is not None and Path(exc.filename) == folder:
            unreadable.append(exc)
        else:
            notify(f"{visible(str(exc.filename or folder))}: skipped: cannot read this folder ({exc.strerror or exc})")

    # os.walk does not follow symlinked folders, so symlink loops cannot trap it.
    for root, dirs, files in os.walk(folder, onerror=failed):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(DRAFT_SUFFIXES) and not name.startswith("."):
                path = Path(root) / name
                if not _is_special(path, notify):
                    yield path


def _is_special(path: Path, notify: Callable[[str], None]) -> bool:
    """Whether `path` is a FIFO, socket or device (said to `notify`); a broken link is not."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # reading it reports the problem
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return False
    notify(f"{visible(str(path))}: skipped: {_kind(mode)}, not a regular file")
    return True


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def notice(message: str) -> None:
    """Tell the user something on standard error, one line (control characters escaped), without stopping."""
    sys.stderr.write(f"review-note: {visible(message)}\n")


def read(source: Input, max_bytes: int) -> Document:
    """Read and decode a draft, or raise InputError with a one-line reason."""
    if source.error:
        raise InputError(source.error)
    if source.name == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        data = _read_file(Path(source.name), max_bytes)
    return from_bytes(source.name, data, max_bytes)


def from_bytes(name: str, data: bytes, max_bytes: int) -> Document:
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
        except mailformats.MailError as exc:
            raise InputError(str(exc)) from None
        except Exception as exc:  # malformed mail or markup: say so, don't crash the batch
            raise InputError(f"cannot read this {suffix} file: {type(exc).__name__}") from None
        offsets = tuple(mapping)
        if _looks_binary(text):  # a base64 body of random bytes, UTF-16 labelled UTF-8, &#0; ...
            raise InputError(f"the text in this {suffix} file is not readable text (binary data, or a wrong charset label)")
    if not text.strip():
        raise InputError("draft is empty" if original is None else f"no text to review in this {suffix} file")
    return Document(name, text, encoding, original, offsets)


def _read_file(path: Path, max_bytes: int) -> bytes:
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise InputError("is a folder")
        if not stat.S_ISREG(mode):
            raise InputError(f"is {_kind(mode)}, not a regular file; to review piped text, use '-'")
        # O_NONBLOCK: if a FIFO took the file's place since the check, opening does not block.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
        with open(fd, "rb", closefd=True) as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise InputError(f"is {_kind(info.st_mode)}, not a regular file; to review piped text, use '-'")
            if info.st_size > max_bytes:
                raise InputError(f"file is {_size(info.st_size)}, over the {_size(max_bytes)} limit (see --max-bytes)")
            if flags & getattr(os, "O_NONBLOCK", 0):
                os.set_blocking(fd, True)
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

    RETURNS (tuple): (text, encoding name). Raises InputError for binary data: a NUL, or
    control characters (other than tab, newline, carriage return, form feed) in more than
    1% of the text, whatever the encoding.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = _strict(data[3:], "utf-8"), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = _strict(data, "utf-16"), "utf-16"
    elif b"\x00" in data:
        raise InputError("looks like a binary file, not a text draft")
    else:
        for encoding in ("utf-8", "cp1252"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            break
        else:
            raise InputError("not valid UTF-8 or Windows-1252 text; save the draft as UTF-8")
    if _looks_binary(text):
        raise InputError("looks like a binary file, not a text draft")
    return text, encoding


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(f"starts with a {encoding} byte-order mark but is not valid {encoding}") from None


def _looks_binary(text: str) -> bool:
    return "\x00" in text or control_share(text) > 0.01


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


# Writing. A file is changed only when asked, through a new file renamed into place, so a
# reader sees the old text or the new, never a mix; a failed write leaves no temporary file.

def write_new_file(path: Path, text: str, overwrite: bool = False) -> None:
    """Write `text` as UTF-8 to `path`, atomically.

    A new file gets the mode the umask gives. An existing file is replaced only with
    `overwrite`, and only a regular file (or the one a symlink points to, keeping the link),
    which keeps its mode; FIFOs, devices, sockets and broken links are refused.
    """
    shown = visible(str(path))
    try:
        exists = os.path.lexists(path)
        data = valid_unicode(text).encode("utf-8")
        if not exists:
            _write_atomically(path, data, None)
            return
        if not overwrite:
            raise InputError(f"{shown} already exists (use --force to overwrite it)")
        target = _regular_file(path)
        _write_atomically(target, data, os.stat(target))
    except FileExistsError:
        raise InputError(f"{shown} already exists (use --force to overwrite it)") from None
    except OSError as exc:
        raise InputError(f"cannot write {shown}: {exc.strerror or exc}") from None


def replace_keeping_original(path: Path, text: str) -> Path:
    """Replace a draft with `text`, first keeping a copy of the original beside it.

    The copy is DRAFT.orig, or DRAFT.orig.1, ... : an existing one (or a link by that name,
    even a broken one) is never overwritten or followed, and a copy that cannot be written
    completely is removed and reported, with the draft left unchanged. The new text keeps
    the draft's encoding (UTF-8, with or without a byte-order mark, UTF-16, or Windows-1252
    when every character fits, else UTF-8 with a notice), its line endings (CRLF or LF)
    and its mode and owner. A symlinked draft's target is replaced and the link kept; a
    hard-linked draft is rewritten in place once the copy is safe, so every name sees the
    new text. E-mail and HTML drafts are refused: the note alone would drop their headers
    or markup.

    RETURNS (Path): where the original was kept.
    """
    shown = visible(str(path))
    suffix = path.suffix.lower()
    if suffix in (".eml", ".html", ".htm"):
        what = "the e-mail's headers" if suffix == ".eml" else "the page's markup"
        raise InputError(f"--in-place would drop {what} from {shown}; write the suggestion to a new file with --output")
    try:
        target = _regular_file(path)
        info = os.stat(target)
        with open(target, "rb") as handle:
            original = handle.read()
    except OSError as exc:
        raise InputError(f"cannot read {shown}: {exc.strerror or exc}") from None
    data, fallback = _encode_like(original, text)
    backup = _keep_copy(path, original, info)
    if fallback:
        notice(f"{shown}: written as UTF-8: the suggestion has characters that {fallback} cannot hold")
    try:
        if info.st_nlink > 1:
            _rewrite_in_place(target, data)
        else:
            _write_atomically(target, data, info)
    except OSError as exc:
        raise InputError(f"cannot write {shown}: {exc.strerror or exc}; the original is in {visible(str(backup))}") from None
    return backup


def _regular_file(path: Path) -> Path:
    """RETURNS (Path): the regular file `path` is or links to; InputError for anything else."""
    shown = visible(str(path))
    try:
        info = os.stat(path)  # follows links, even /proc/self/fd/N to a pipe or terminal
    except FileNotFoundError:
        raise InputError(f"{shown} is a broken link; not writing through it") from None
    except OSError as exc:
        raise InputError(f"cannot write {shown}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{shown} is {_kind(info.st_mode)}, not a regular file; not writing to it")
    target = Path(os.path.realpath(path))
    try:
        same = os.path.samestat(os.stat(target), info)
    except OSError:
        same = False
    if not same:  # e.g. a /proc link to a deleted file
        raise InputError(f"{shown} links to a file with no name to write to; not writing to it")
    return target


def _encode_like(original: bytes, text: str) -> tuple[bytes, str | None]:
    """RETURNS (tuple): `text` encoded as the original was (else as UTF-8), and the
    original's encoding when it could not hold the text (else None)."""
    try:
        old, encoding = decode(original)
    except InputError:
        old, encoding = "", "utf-8"
    text = valid_unicode(text)
    if old.count("\r\n") * 2 > old.count("\n"):  # mostly CRLF: keep it so
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    if encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8"), None
    if encoding == "utf-16":
        codec = "utf-16-be" if original.startswith(b"\xfe\xff") else "utf-16-le"
        return original[:2] + text.encode(codec), None
    if encoding == "cp1252":
        try:
            return text.encode("cp1252"), None
        except UnicodeEncodeError:
            return text.encode("utf-8"), "Windows-1252"
    return text.encode("utf-8"), None


def _keep_copy(path: Path, data: bytes, info: os.stat_result) -> Path:
    """Write `data` to the first free DRAFT.orig[.N] beside `path`; RETURNS (Path): it."""
    backup = path.with_name(path.name + ".orig")
    temp = None
    try:
        temp, fd = _temp_file(path.parent, 0o600)
        _fill(fd, data)
        _keep_owner_and_mode(temp, info)
        os.utime(temp, ns=(info.st_atime_ns, info.st_mtime_ns))
        for n in range(1, 10_000):
            try:
                _publish(temp, backup, data)
                return backup
            except FileExistsError:
                backup = path.with_name(f"{path.name}.orig.{n}")
        raise OSError(errno.EEXIST, "too many earlier copies")
    except OSError as exc:
        raise InputError(f"cannot keep the original as {visible(str(backup))}: {exc.strerror or exc}; "
                         f"{visible(str(path))} was not changed") from None
    finally:
        if temp is not None:
            _remove(temp)


def _write_atomically(path: Path, data: bytes, info: os.stat_result | None) -> None:
    """Write `data` to a new file beside `path` and rename it into place: over the regular
    file described by `info` (keeping its mode and owner), or, when `info` is None, only if
    `path` still does not exist (FileExistsError otherwise)."""
    temp, fd = _temp_file(path.parent, 0o666 if info is None else 0o600)
    try:
        _fill(fd, data)
        if info is None:
            _publish(temp, path, data)
        else:
            _keep_owner_and_mode(temp, info)
            os.replace(temp, path)
        _sync_folder(path.parent)
    finally:
        _remove(temp)


def _rewrite_in_place(path: Path, data: bytes) -> None:
    """Overwrite a hard-linked file's content (its inode, so every name keeps it)."""
    temp, fd = _temp_file(path.parent, 0o600)
    try:
        _fill(fd, data)  # there is room for the new text: fail here, before the draft is touched
    finally:
        _remove(temp)
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_BINARY", 0))
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    finally:
        os.close(fd)


def _temp_file(folder: Path, mode: int) -> tuple[Path, int]:
    """RETURNS (tuple): a new, empty temporary file in `folder` (a short name, so a long
    draft name still fits) and a descriptor open for writing; `mode` goes through the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temp = Path(folder) / f".review-note-{secrets.token_hex(4)}.tmp"
        try:
            return temp, os.open(temp, flags, mode)
        except FileExistsError:
            continue
    raise OSError(errno.EEXIST, "cannot create a temporary file")


def _fill(fd: int, data: bytes) -> None:
    """Write all of `data` to `fd`, flush it to disk and close it."""
    with open(fd, "wb", closefd=True) as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _publish(temp: Path, path: Path, data: bytes) -> None:
    """Give the finished `temp` the name `path` unless that name exists (FileExistsError):
    a hard link cannot replace anything, and does not follow a link by that name."""
    try:
        os.link(temp, path)  # `temp` is our own regular file
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS):
            raise
        _create_exclusively(path, data, stat.S_IMODE(os.stat(temp).st_mode))  # no hard links here


def _create_exclusively(path: Path, data: bytes, mode: int) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, mode)
    try:
        _fill(fd, data)
    except BaseException:
        _remove(path)
        raise


def _keep_owner_and_mode(path: Path, info: os.stat_result) -> None:
    if hasattr(os, "chown") and (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.chown(path, info.st_uid, info.st_gid)
        except OSError:
            pass  # not allowed to give it away: it stays ours
    os.chmod(path, stat.S_IMODE(info.st_mode))


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
