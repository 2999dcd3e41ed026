"""RSS and Atom feed files: one article per item, via feedparser.

Only local files here; the bytes are handed to feedparser as a stream (a bytes string could
be taken for a file name and opened), so it honours the encoding the XML declares and
never fetches or opens anything for them.

A feed that declares XML entities is refused before parsing: entity declarations are how
the billion-laughs and quadratic-blowup attacks expand a small file into gigabytes, and
how an external entity (`SYSTEM "file:///etc/passwd"`) reads other files. Real feeds
have no use for them.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

import feedparser

from briefing.ingest.dates import parse_published, read_published
from briefing.ingest.files import load_bytes
from briefing.ingest.markup import html_to_text
from briefing.ingest.normalise import clean_field, normalise_language, normalise_text
from briefing.models import Article, Problem
from briefing.settings import Settings

# An item id is a readable slug of its guid/link plus a short hash of the whole guid, so it
# is safe as a file name, stable across runs, and unique even when slugs coincide.
MAX_ID_SLUG_CHARS = 40
ID_HASH_CHARS = 8
_URL_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php|aspx?|jsp)$", re.IGNORECASE)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_GERMAN_LETTERS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_UTC_ISO = "%Y-%m-%dT%H:%M:%S+00:00"
# An entity declaration, `<!ENTITY name "…">` or `<!ENTITY % name SYSTEM "…">`.
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


def read_feed(path: Path, settings: Settings) -> tuple[list[Article], list[Problem]]:
    """Every item of an RSS or Atom file that has text."""
    data = load_bytes(path)
    if declares_entities(data):
        reason = "the feed declares XML entities (<!ENTITY …>); refused, as they can expand "
        return [], [Problem(str(path), reason + "without bound or read other files")]
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.entries:
        reason = "the feed has no items"
        if parsed.get("bozo"):
            reason = f"not a readable feed ({parsed.get('bozo_exception')})"
        return [], [Problem(str(path), reason)]
    feed = parsed.feed
    articles: list[Article] = []
    problems: list[Problem] = []
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{path}#{number}"
        article = item_to_article(entry, feed, where, f"{path.stem}-{number}", settings, problems)
        if article:
            articles.append(article)
    return articles, problems


def declares_entities(data: bytes) -> bool:
    """Whether the file has an `<!ENTITY` declaration anywhere. Anywhere, not only before
    the first element: a comment in the prolog can hide where that is from a simple scan.
    NUL bytes are dropped first, so UTF-16 and UTF-32 files are checked too."""
    return bool(_ENTITY_DECLARATION.search(data.replace(b"\x00", b"")))


def item_to_article(
    entry: Any, feed: Any, where: str, default_id: str, settings: Settings, problems: list[Problem]
) -> Article | None:
    """One feed item as an Article, or None with a Problem when it has no text."""
    text = normalise_text(_item_text(entry))
    if not text:
        problems.append(Problem(where, "the item has no text (no content and no summary)"))
        return None
    guid = clean_field(entry.get("id")) or clean_field(entry.get("link"))
    return Article(
        id=item_id(guid) if guid else default_id,
        text=text,
        title=clean_field(_plain(entry, "title")),
        published=_item_published(entry, settings, where, problems),
        source=clean_field(_plain(feed, "title")),
        url=clean_field(entry.get("link")),
        language=normalise_language(entry.get("language") or feed.get("language")),
        origin=where,
        metadata=_item_metadata(entry, guid),
    )


def item_id(guid: str) -> str:
    """`https://ex.com/ausland/nato-treffen-100.html` → `nato-treffen-100-1a2b3c4d`."""
    page = _URL_PAGE_SUFFIX.sub("", guid.split("?")[0].rstrip("/").rsplit("/", 1)[-1])
    page = unicodedata.normalize("NFC", page.lower()).translate(_GERMAN_LETTERS)
    ascii_page = unicodedata.normalize("NFKD", page).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_page)[:MAX_ID_SLUG_CHARS].strip("-")
    digest = hashlib.sha1(guid.encode("utf-8")).hexdigest()[:ID_HASH_CHARS]
    return f"{slug}-{digest}" if slug else digest


def _item_text(entry: Any) -> str:
    """The fullest text the item carries: its longest content, else its summary."""
    contents = [part for part in entry.get("content", []) if part.get("value")]
    if contents:
        part = max(contents, key=lambda part: len(part["value"]))
        return _as_text(part["value"], part.get("type", "text/html"))
    detail = entry.get("summary_detail") or {}
    return _as_text(entry.get("summary", ""), detail.get("type", "text/html"))


def _plain(item: Any, key: str) -> str:
    detail = item.get(f"{key}_detail") or {}
    return _as_text(item.get(key, ""), detail.get("type", "text/plain"))


def _as_text(value: str, content_type: str) -> str:
    return html_to_text(value) if "html" in content_type else value


def _item_published(entry: Any, settings: Settings, where: str, problems: list[Problem]) -> datetime | None:
    """`published`, else `updated`; feedparser's own UTC reading when ours fails."""
    key = next((key for key in ("published", "updated") if entry.get(key)), None)
    if key is None:
        return None
    try:
        published, note = read_published(entry[key], settings.tz)
    except ValueError as error:
        reason = str(error)
    else:
        if note:  # an impossible UTC offset: read as UTC, and said
            problems.append(Problem(where, note))
        return published
    if utc_reading := entry.get(f"{key}_parsed"):  # feedparser knows more odd forms
        try:
            return parse_published(time.strftime(_UTC_ISO, utc_reading), settings.tz)
        except ValueError:
            pass
    problems.append(Problem(where, f"{reason}; the article is kept undated"))
    return None


def _item_metadata(entry: Any, guid: str | None) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    if guid:
        metadata["guid"] = guid
    if author := clean_field(entry.get("author")):
        metadata["author"] = author
    if tags := [tag["term"] for tag in entry.get("tags", []) if tag.get("term")]:
        metadata["tags"] = tags
    return metadata
