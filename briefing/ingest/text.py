"""Plain-text and Markdown articles: front matter, header lines, a headline, then the body.

A file is read top-down:

1. optional front matter between `---` lines (simple `key: value` lines, lists as `- item`);
2. a title: a Markdown `# Heading`, or a first line that reads as a headline; a short
   line over such a headline is its kicker (kept in `metadata["kicker"]`);
3. header lines: `Stand: 02.12.2025 18:15 Uhr`, `Quelle: …`, `URL: …`, … — or a
   ` date 2025-12-02` prefix whose line goes on with the body;
4. everything after is the body, the article's `text`. Header lines never reach it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.ingest.dates import published_or_problem
from briefing.ingest.files import load_text
from briefing.ingest.normalise import clean_field, normalise_language, normalise_text
from briefing.models import KICKER_KEY, Article, Problem
from briefing.settings import Settings

# Header and front-matter keys (lower case) and the Article field each one fills.
FIELD_BY_KEY = {
    "title": "title",
    "titel": "title",
    "stand": "published",
    "datum": "published",
    "date": "published",
    "published": "published",
    "veröffentlicht": "published",
    "veroeffentlicht": "published",
    "quelle": "source",
    "source": "source",
    "url": "url",
    "link": "url",
    "language": "language",
    "lang": "language",
    "sprache": "language",
    "id": "id",
}
# The headline heuristic (see `looks_like_headline`):
MAX_HEADLINE_CHARS = 160  # kicker + headline together rarely exceed ~120 characters
MIN_HEADLINE_WORDS = 2  # a lone word on top is a rubric ("Kommentar"), not a headline
# Endings that make a line a sentence or a lead-in, not a headline; "?" and "!" are allowed,
# headlines ask and exclaim. Closing quotes are looked through.
NOT_HEADLINE_ENDINGS = (".", ",", ":", ";", "…")
CLOSING_QUOTES = "\"'“”»«‘’"
# A kicker (Dachzeile) over a headline is a few words: "NATO-Treffen in Brüssel", "Nahost".
MAX_KICKER_CHARS = 60
# Without a header line under it, a headline must be followed by a paragraph at least this
# many times its length: a short line above a long one is a title, two similar lines are body.
HEADLINE_TO_PARAGRAPH_RATIO = 2

_FENCE = "---"
_HEADER_LINE = re.compile(r"^(?P<key>[^\W\d_]+)\s*:\s*(?P<value>\S.*)$")
_FRONT_MATTER_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)$")
_LIST_ITEM = re.compile(r"^\s+-\s+(?P<value>.*)$|^-\s+(?P<flat>.*)$")
# The closing `#`s of "# Titel ##" are cut in code: a lazy `(.+?)\s*#*$` is quadratic on a
# long run of `#` (100,000 of them took 44 s).
_MARKDOWN_HEADING = re.compile(r"^#\s+(?P<title>.+)$")
# " date 2025-12-02 Wenn sich …": a date prefix, the body going on after it.
_DATE_PREFIX = re.compile(
    r"^date\s+(?P<date>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)"
    r"(?:\s+|$)(?P<rest>.*)$",
    re.IGNORECASE,
)


@dataclass
class ParsedText:
    """A text file taken apart: Article fields as written, other keys, and the body."""

    fields: dict[str, str] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    body: str = ""


def read_text(path: Path, settings: Settings) -> tuple[list[Article], list[Problem]]:
    """One article from a .txt or .md file; the file stem is its default id."""
    parsed = parse_text_article(normalise_text(load_text(path)), str(path))
    text = normalise_text(parsed.body)
    if not text:
        return [], [*parsed.problems, Problem(str(path), "no article text after the headers")]
    fields = parsed.fields
    article = Article(
        id=clean_field(fields.get("id")) or path.stem,
        text=text,
        title=clean_field(fields.get("title")),
        published=published_or_problem(fields.get("published"), settings.tz, str(path), parsed.problems),
        source=clean_field(fields.get("source")),
        url=clean_field(fields.get("url")),
        language=normalise_language(fields.get("language")),
        origin=str(path),
        metadata=parsed.metadata,
    )
    return [article], parsed.problems


def parse_text_article(content: str, where: str) -> ParsedText:
    """Split normalised file content into fields, metadata and body."""
    parsed = ParsedText()
    lines = content.split("\n")
    start = _read_front_matter(lines, parsed, where)
    start = _read_title(lines, start, parsed)
    parsed.body = _read_headers(lines, start, parsed)
    return parsed


def looks_like_headline(line: str, next_line: str | None) -> bool:
    """A first line reads as a headline when it is short, has at least two words, does not
    end like a sentence, does not start in lower case, and is followed either by a header
    line or by a paragraph clearly longer than itself."""
    if not line or next_line is None or _is_header(line) or len(line) > MAX_HEADLINE_CHARS:
        return False
    if len(line.split()) < MIN_HEADLINE_WORDS or line[0].islower():
        return False
    if line.rstrip(CLOSING_QUOTES).endswith(NOT_HEADLINE_ENDINGS):
        return False
    if _is_header(next_line):
        return True
    return len(next_line) >= HEADLINE_TO_PARAGRAPH_RATIO * len(line)


def _read_front_matter(lines: list[str], parsed: ParsedText, where: str) -> int:
    """Fill fields and metadata from a `---` block; returns the first line after it."""
    if not lines or lines[0] != _FENCE or _FENCE not in lines[1:]:
        return 0
    end = lines.index(_FENCE, 1)
    key = None
    for number, line in enumerate(lines[1:end], start=2):
        item = _LIST_ITEM.match(line)
        if item and key is not None:
            value = _unquote(item.group("value") or item.group("flat") or "")
            parsed.metadata.setdefault(key, []).append(value)
        elif entry := _FRONT_MATTER_LINE.match(line):
            key = _set_front_matter_entry(entry.group("key"), entry.group("value"), parsed)
        elif line.strip() and not line.lstrip().startswith("#"):
            parsed.problems.append(Problem(f"{where}:{number}", f"front matter line not understood, ignored: {line!r}"))
    return end + 1


def _set_front_matter_entry(key: str, raw_value: str, parsed: ParsedText) -> str | None:
    """Store one `key: value`; returns the key when its value is a list still to come."""
    value = _unquote(raw_value)
    target = FIELD_BY_KEY.get(key.lower())
    if target:
        if value:
            parsed.fields.setdefault(target, value)
        return None
    if value:
        parsed.metadata[key] = value
        return None
    return key


def _read_title(lines: list[str], start: int, parsed: ParsedText) -> int:
    """Take a Markdown heading or a headline-like first line as the title."""
    index = _skip_blank(lines, start)
    if index >= len(lines):
        return index
    line = lines[index]
    if heading := _MARKDOWN_HEADING.match(line):
        title = _without_closing_hashes(heading.group("title"))
        if parsed.fields.setdefault("title", title) == title:
            return index + 1
        return index
    next_index = _skip_blank(lines, index + 1)
    next_line = lines[next_index] if next_index < len(lines) else None
    if "title" in parsed.fields:
        return index
    if next_line is not None and _is_kicker_line(line, next_line, _line_after(lines, next_index)):
        parsed.metadata.setdefault(KICKER_KEY, line)
        parsed.fields["title"] = next_line
        return next_index + 1
    if looks_like_headline(line, next_line):
        parsed.fields["title"] = line
        return index + 1
    return index


def _is_kicker_line(line: str, next_line: str, line_after: str | None) -> bool:
    """A short line over a headline is its kicker: `NATO-Treffen in Brüssel` over
    `Aufatmen nach dem ausgebliebenen Eklat` over `Stand: …` (or a long paragraph)."""
    if len(line) > MAX_KICKER_CHARS or _is_header(line) or line[:1].islower():
        return False
    if line.rstrip(CLOSING_QUOTES).endswith(NOT_HEADLINE_ENDINGS):
        return False
    return looks_like_headline(next_line, line_after)


def _line_after(lines: list[str], index: int) -> str | None:
    after = _skip_blank(lines, index + 1)
    return lines[after] if after < len(lines) else None


def _read_headers(lines: list[str], start: int, parsed: ParsedText) -> str:
    """Consume header lines; returns the body that follows them."""
    index = _skip_blank(lines, start)
    while index < len(lines):
        line = lines[index]
        if prefix := _DATE_PREFIX.match(line):
            parsed.fields.setdefault("published", prefix.group("date"))
            return "\n".join([prefix.group("rest"), *lines[index + 1 :]])
        header = _HEADER_LINE.match(line)
        if not header or header.group("key").lower() not in FIELD_BY_KEY:
            break
        parsed.fields.setdefault(FIELD_BY_KEY[header.group("key").lower()], header.group("value"))
        index = _skip_blank(lines, index + 1)
    return "\n".join(lines[index:])


def _is_header(line: str) -> bool:
    header = _HEADER_LINE.match(line)
    return bool(header and header.group("key").lower() in FIELD_BY_KEY) or bool(_DATE_PREFIX.match(line))


def _without_closing_hashes(heading: str) -> str:
    """`Titel ##` → `Titel`; a heading of only `#`s keeps its first one."""
    return heading.rstrip("#").rstrip() or heading[:1]


def _skip_blank(lines: list[str], index: int) -> int:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
