from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from ragnews.ingest import reader
from ragnews.ingest.reader import ReadError, read_text


def test_empty_and_whitespace(tmp_path: Path) -> None:
    (tmp_path / "e.txt").write_bytes(b"")
    (tmp_path / "w.txt").write_bytes(b"  \n\n\t ")
    with pytest.raises(ReadError, match="empty file"):
        read_text(tmp_path / "e.txt")
    with pytest.raises(ReadError, match="only whitespace"):
        read_text(tmp_path / "w.txt")


def test_binary_named_txt(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_bytes(bytes(range(256)) * 20)
    with pytest.raises(ReadError, match="binary"):
        read_text(tmp_path / "b.txt")
    (tmp_path / "png.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x10IHDR" + bytes(200))
    with pytest.raises(ReadError, match="binary"):
        read_text(tmp_path / "png.txt")


def test_legacy_encoding_decoded_with_note(tmp_path: Path) -> None:
    text = "The café’s owner said “no comment” about the €5 price rise. " * 3
    (tmp_path / "c.txt").write_bytes(text.encode("cp1252"))
    raw = read_text(tmp_path / "c.txt")
    assert raw.text == text
    assert raw.note and "not UTF-8" in raw.note


def test_utf16_with_and_without_bom(tmp_path: Path) -> None:
    text = "Officials said 12 people were hurt in the blast on Tuesday.\n"
    (tmp_path / "bom.txt").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    (tmp_path / "nobom.txt").write_bytes(text.encode("utf-16-le"))
    assert read_text(tmp_path / "bom.txt").text == text
    assert read_text(tmp_path / "nobom.txt").text == text


def test_invalid_utf16_with_bom(tmp_path: Path) -> None:
    (tmp_path / "bad16.txt").write_bytes(codecs.BOM_UTF16_LE + "ok".encode("utf-16-le") + b"\x00\xd8")
    with pytest.raises(ReadError, match="invalid UTF-16"):
        read_text(tmp_path / "bad16.txt")


def test_huge_file(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"word " * 3000)
    with pytest.raises(ReadError, match="too large.*RAGNEWS_MAX_FILE_MB"):
        read_text(tmp_path / "big.txt", max_bytes=1000)


def test_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Some text that nobody may read.")

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(reader, "open", deny, raising=False)
    with pytest.raises(ReadError, match="cannot read file: Permission denied"):
        read_text(path)


def test_split_lines_counts_like_an_editor() -> None:
    assert reader.split_lines("a\r\nb\rc\nd\x0ce\u2028f\n") == ["a", "b", "c", "d\x0ce\u2028f"]


def test_one_bad_byte_in_utf8_keeps_the_rest_utf8(tmp_path: Path) -> None:
    """A stray byte must not make the whole file decode as a codepage (£155bn -> ┬Ż155bn)."""
    text = "The Treasury plans £155bn of borrowing, the café owners’ union said. " * 4
    data = text.encode("utf-8")
    (tmp_path / "damaged.txt").write_bytes(data[:40] + b"\xff" + data[40:])
    raw = read_text(tmp_path / "damaged.txt")
    assert raw.encoding == "utf-8"
    assert raw.text.count("£155bn") == 4 and "café" in raw.text and "\ufffd" in raw.text
    assert raw.note and "invalid UTF-8 byte 0xff at offset 40" in raw.note and "U+FFFD" in raw.note


def test_legacy_codepage_is_still_a_codepage(tmp_path: Path) -> None:
    """No valid multi-byte UTF-8 at all: a Windows-1252 export, not damaged UTF-8."""
    text = "Le café a fermé après la grève, a déclaré le maire de la ville."
    (tmp_path / "latin.txt").write_bytes(text.encode("cp1252"))
    raw = read_text(tmp_path / "latin.txt")
    assert raw.text == text and raw.note and "not UTF-8" in raw.note


def test_nul_bytes_after_the_first_8k_are_binary(tmp_path: Path) -> None:
    prose = ("Officials said the bridge would reopen on Friday after repairs. " * 200).encode()
    assert len(prose) > 8192
    (tmp_path / "late-nul.txt").write_bytes(prose + b"\x00" * 3 + prose[:100])
    with pytest.raises(ReadError, match="binary file .*NUL"):
        read_text(tmp_path / "late-nul.txt")
