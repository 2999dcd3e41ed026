"""Reading one input file's bytes or text, and saying clearly why a file cannot be used.

Text and records must be UTF-8 (a UTF-8 or UTF-16 byte-order mark is honoured); other
encodings give an `UnreadableFile` naming the first bad byte. HTML and feeds are handed
over as bytes, because trafilatura and feedparser read the charset the file declares.
"""

from __future__ import annotations

import codecs
from pathlib import Path

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class UnreadableFile(Exception):
    """This file cannot be read as an article file; the message says why."""


def load_bytes(path: Path) -> bytes:
    """The file's bytes, refusing empty files and binary ones (NUL bytes)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(f"cannot read the file ({error.strerror or error})") from error
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
            f"not UTF-8 text (byte 0x{bad_byte:02x} at offset {error.start}); "
            "save the file as UTF-8"
        ) from error
    if not text.strip():
        raise UnreadableFile("the file is empty")
    return text


def read_head(path: Path, size: int = 1024) -> bytes:
    """The first `size` bytes, for sniffing a file's kind; empty if unreadable."""
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError:
        return b""
