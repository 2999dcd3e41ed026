"""Reading one input file's bytes or text, and saying clearly why a file cannot be used.

Text and records must be UTF-8 (a UTF-8 or UTF-16 byte-order mark is honoured); other
encodings give an `UnreadableFile` naming the first bad byte (and, for a byte that looks
like Windows-1252, the letter it would be there). HTML and feeds are handed over as bytes,
because trafilatura and feedparser read the charset the file declares.

Only regular files up to `MAX_FILE_BYTES` are read: a FIFO or device would block or never
end, and parsing a huge file takes minutes and gigabytes (50 MB of text: ~20 s, ~400 MB).
"""

from __future__ import annotations

import codecs
import stat
from pathlib import Path

# Ten times the largest real input we have (fundus/articles.jsonl, 1.6 MB; a saved page or
# a feed is well under 1 MB). A bigger set of articles can be split into several files.
MAX_FILE_BYTES = 20 * 1024 * 1024

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class UnreadableFile(Exception):
    """This file cannot be read as an article file; the message says why."""


def load_bytes(path: Path) -> bytes:
    """The file's bytes, refusing non-regular, too large, empty and binary (NUL) files."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("not a regular file (a device, FIFO or socket), not read")
        if info.st_size > MAX_FILE_BYTES:
            raise UnreadableFile(_too_large(info.st_size))
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # the file may have grown since stat
    except OSError as error:
        raise UnreadableFile(f"cannot read the file ({error.strerror or error})") from error
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(_too_large(len(data)))
    if not data.strip():
        raise UnreadableFile("the file is empty")
    if b"\x00" in data and not data.startswith(_UTF16_BOMS):
        raise UnreadableFile("binary file (it contains NUL bytes), not an article")
    return data


def load_text(path: Path) -> str:
    """The file's text, decoded as UTF-8 (with or without BOM) or BOM-marked UTF-16."""
    data = load_bytes(path)
    encoding = "utf-16" if data.startswith(_UTF16_BOMS) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        bad_byte = data[error.start]
        raise UnreadableFile(
            f"not UTF-8 text (byte 0x{bad_byte:02x} at offset {error.start}"
            f"{_as_windows_1252(bad_byte)}); save the file as UTF-8"
        ) from error
    if not text.strip():
        raise UnreadableFile("the file is empty")
    return text


def _too_large(size: int) -> str:
    return (
        f"the file is {size / 1024 / 1024:.1f} MB, over the limit of "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB (MAX_FILE_BYTES); split it into smaller files"
    )


def _as_windows_1252(byte: int) -> str:
    """`, 'ü' in Windows-1252` for a byte that is a letter there: the file's likely encoding."""
    try:
        letter = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return ""
    return f", {letter!r} in Windows-1252/Latin-1" if letter.isalpha() else ""


def read_head(path: Path, size: int = 1024) -> bytes:
    """The first `size` bytes, for sniffing a file's kind; empty if unreadable."""
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError:
        return b""
