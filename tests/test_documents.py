"""Reading drafts: encodings, binary and empty files, size limits, path expansion."""

from __future__ import annotations

import pytest

from reviewer.documents import Input, InputError, decode, expand, read


@pytest.mark.parametrize(
    "data, text, encoding",
    [
        ("Thanks – I’m glad".encode("utf-8"), "Thanks – I’m glad", "utf-8"),
        (b"\xef\xbb\xbfThanks", "Thanks", "utf-8-sig"),
        ("Thanks – I’m glad".encode("utf-16"), "Thanks – I’m glad", "utf-16"),
        ("Thanks – I’m glad".encode("cp1252"), "Thanks – I’m glad", "cp1252"),
    ],
)
def test_decode_tries_real_encodings(data, text, encoding):
    assert decode(data) == (text, encoding)


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(256)) * 4])
def test_binary_data_is_refused(data):
    with pytest.raises(InputError, match="binary|not valid"):
        decode(data)


def test_empty_and_oversized_drafts(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\t\n")
    with pytest.raises(InputError, match="empty"):
        read(Input(str(empty)), 1000)
    big = tmp_path / "big.txt"
    big.write_text("Thanks. " * 200)
    with pytest.raises(InputError, match="limit"):
        read(Input(str(big)), 1000)


def test_expand_folders_globs_and_missing(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("x")
    (tmp_path / "a" / "two.md").write_text("x")
    (tmp_path / "a" / "skip.png").write_bytes(b"x")
    (tmp_path / "empty").mkdir()
    sources = list(expand([str(tmp_path / "a"), str(tmp_path / "a" / "*.txt"), str(tmp_path / "nope.txt"), str(tmp_path / "empty"), "-"]))
    names = [s.name.replace(str(tmp_path), "") for s in sources]
    assert names == ["/a/one.txt", "/a/two.md", "/a/one.txt", "/nope.txt", "/empty", "-"]
    assert [bool(s.error) for s in sources] == [False, False, False, True, True, False]


def test_symlink_loop_does_not_hang(tmp_path):
    folder = tmp_path / "loop"
    folder.mkdir()
    (folder / "note.txt").write_text("Thanks!")
    (folder / "self").symlink_to(folder, target_is_directory=True)
    assert [s.name for s in expand([str(folder)])] == [str(folder / "note.txt")]
