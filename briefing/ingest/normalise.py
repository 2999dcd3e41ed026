"""The one normalisation every article text gets, once, at ingest.

Citations point into `Article.text` by character offsets, so the text is fixed here and
never changed afterwards. `normalise_text` is idempotent: normalising twice changes nothing.
"""

from __future__ import annotations

import re
import unicodedata

# Spaces that look like a space: NBSP, narrow NBSP, figure/thin/en/em spaces, tab, ….
_SPACE_LIKE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Line breaks other than "\n": CRLF, CR, vertical tab, form feed, NEL, line/para separators.
_LINE_BREAK = re.compile(r"\r\n|[\r\v\f\u0085\u2028\u2029]")
# Invisible characters, dropped: controls, format characters (zero-width space/joiners,
# soft hyphen, BOM, direction marks), private-use glyphs (web-font icons), lone surrogates.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs"})
_NOT_PLAIN_ASCII = re.compile(r"[^\n\x20-\x7e]")  # only these need a category look-up
_RUN_OF_SPACES = re.compile(r" {2,}")
_SPACES_AROUND_NEWLINE = re.compile(r" *\n *")
_THREE_OR_MORE_NEWLINES = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """Article text as stored: NFC, `\\n` line breaks, single spaces, no line-edge spaces,
    at most one blank line between paragraphs, no leading or trailing whitespace."""
    text = _LINE_BREAK.sub("\n", text)
    text = _SPACE_LIKE.sub(" ", text)
    text = _NOT_PLAIN_ASCII.sub(_drop_invisible, text)
    text = _RUN_OF_SPACES.sub(" ", text)
    text = _SPACES_AROUND_NEWLINE.sub("\n", text)
    text = _THREE_OR_MORE_NEWLINES.sub("\n\n", text)
    return unicodedata.normalize("NFC", text.strip())


def normalise_language(code: object) -> str | None:
    """`"de-DE"`, `"DE"`, `"de_AT"` → `"de"`; nothing usable → None."""
    if not isinstance(code, str):
        return None
    primary = re.split(r"[-_]", code.strip(), maxsplit=1)[0].lower()
    return primary if primary.isalpha() else None


def clean_field(value: object) -> str | None:
    """A one-line metadata value (title, source, url, id): whitespace collapsed, or None."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = " ".join(normalise_text(str(value)).split())
    return text or None


def _drop_invisible(match: re.Match[str]) -> str:
    char = match.group()
    return "" if unicodedata.category(char) in _INVISIBLE_CATEGORIES else char
