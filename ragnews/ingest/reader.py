"""Turning files on disk into text, with a clear reason when we can't.

Users point ragnews at folders of scraped pages: empty files, binaries with a
.txt name, Windows-1252 exports, UTF-16 dumps, multi-megabyte junk. Each of
these gets a one-line reason (or a note on how it was decoded) instead of a
traceback, and the batch goes on.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ragnews.errors import RagnewsError

SUPPORTED_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class ReadError(RagnewsError):
    """A file that can't be ingested; the message is the one-line reason."""


@dataclass(frozen=True)
class RawText:
    text: str
    encoding: str
    content_hash: str
    note: str | None = None  # e.g. "decoded as windows-1252"


def file_format(path: Path) -> str | None:
    return SUPPORTED_SUFFIXES.get(path.suffix.lower())


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or exc}") from None
    if size > max_bytes:
        raise ReadError(
            f"file too large ({size / 2**20:.1f} MiB > {max_bytes / 2**20:g} MiB limit; "
            "raise RAGNEWS_MAX_FILE_MB to ingest it)"
        )
    try:
        with open(path, "rb") as fh:
            return fh.read(max_bytes + 1)
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or exc}") from None


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> tuple[str, str, str | None]:
    """Decode bytes as text: (text, encoding, note). Raises ReadError."""
    if not data.strip():
        raise ReadError("empty file" if not data else "file contains only whitespace")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, (None if encoding == "utf-8-sig" else f"decoded as {encoding}")
            except UnicodeDecodeError:
                raise ReadError(f"invalid {encoding.upper()} text despite its byte-order mark") from None
    if b"\x00" in data[:8192]:
        guessed = _guess_utf16_without_bom(data)
        if guessed is not None:
            return guessed, "utf-16", "decoded as UTF-16 (no byte-order mark)"
        raise ReadError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        return _decode_damaged_utf8(data, exc) or _decode_legacy(data, exc)


def _decode_damaged_utf8(data: bytes, exc: UnicodeDecodeError) -> tuple[str, str, str | None] | None:
    """UTF-8 with a few bad bytes: decode it as UTF-8 with U+FFFD for each, and say where.

    A legacy-codepage file has no valid multi-byte UTF-8 sequences (its accented
    letters are single bytes followed by ASCII), while a UTF-8 file with one bad
    byte has valid ones all around it. Decoding the latter as a codepage would
    garble every £ and é in it (`£155bn` -> `┬Ż155bn`) to save one byte.
    """
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())
    valid_multibyte = len(text) - len(text.encode("ascii", errors="ignore")) - text.count("\ufffd")
    if valid_multibyte < 1 or invalid > valid_multibyte:
        return None
    more = f" and {invalid - 1} more" if invalid > 1 else ""
    return text, "utf-8", f"invalid UTF-8 byte 0x{data[exc.start]:02x} at offset {exc.start}{more}, replaced by U+FFFD; the rest decoded as UTF-8"


def _guess_utf16_without_bom(data: bytes) -> str | None:
    """Text saved as UTF-16 without a BOM has NULs at every other byte."""
    sample = data[:4096]
    evens, odds = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2 or 1
    for encoding, zeros in (("utf-16-le", odds), ("utf-16-be", evens)):
        if zeros / half > 0.4:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return text
    return None


def _decode_legacy(data: bytes, exc: UnicodeDecodeError) -> tuple[str, str, str | None]:
    from charset_normalizer import from_bytes

    matches = from_bytes(data[:200_000])
    best = matches.best()
    # Western news exports are overwhelmingly Windows-1252; prefer it when it fits as well.
    western = next((m for m in matches if "cp1252" in m.could_be_from_charset), None)
    if best is not None and western is not None and western.chaos <= best.chaos + 0.05:
        best, encoding = western, "cp1252"
    else:
        encoding = best.encoding if best is not None else ""
    position = f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
    if best is None or encoding in {"utf_8", "utf-8"}:
        raise ReadError(f"{position}, and no other text encoding fits")
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise ReadError(f"{position}, and no other text encoding fits") from None
    if not _looks_like_text(text):
        raise ReadError(f"binary file ({position}), not text")
    name = codecs.lookup(encoding).name
    return text, name, f"not UTF-8; decoded as {name}"


def _looks_like_text(text: str) -> bool:
    sample = text[:20_000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or 0x7F <= ord(ch) < 0xA0 or ch == "\ufffd")
    return bad / len(sample) < 0.05  # a few stray escapes in scraped text are not binary


_META_CHARSET = re.compile(rb"<meta[^>]*charset", re.I)


def declared_decode(data: bytes, charset: str | None) -> tuple[str, str, str | None] | None:
    """A page's bytes decoded with the charset its server declared, when the page itself declares none.

    HTML's own order of evidence is byte-order mark, then the HTTP header, then the page's <meta>; a guess
    comes last, and a short page in ISO-8859-2 guesses as Windows-1252. None: no header charset, a BOM or
    <meta> charset in the page (our usual decoding reads those), or bytes the charset can't decode.
    """
    if not charset or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _META_CHARSET.search(data[:4096]):
        return None
    try:
        text = data.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return None
    name = codecs.lookup(charset).name
    return text, name, (None if name == "utf-8" else f"decoded as {name} (the server's charset)")


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, charset: str | None = None) -> RawText:
    """The file's text; `charset` is what the server declared for a fetched page (used when the page names none)."""
    data = read_bytes(path, max_bytes)
    if not data.strip():
        raise ReadError("empty file" if not data else "file contains only whitespace")
    text, encoding, note = declared_decode(data, charset) or decode(data)
    if not _looks_like_text(text):
        raise ReadError("binary file (control characters), not text")
    nul = text.find("\x00")
    if nul >= 0:  # the quick test above samples the start; text never holds a NUL anywhere
        raise ReadError(f"binary file (NUL byte at character {nul}), not text")
    return RawText(text=text, encoding=encoding, content_hash=content_hash(data), note=note)


def read_lines(path: str | os.PathLike[str], encoding: str = "utf-8") -> list[str]:
    """The file's lines as a reader sees them (for citation checks and /show)."""
    with open(path, "rb") as fh:
        data = fh.read()
    if encoding in ("utf-8", "utf8") and data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    return split_lines(data.decode(encoding, errors="replace"))


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Split on the line breaks editors count (not str.splitlines' \\x0c, \\u2028...)."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines
