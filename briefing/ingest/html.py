"""Saved web pages: the article's text, title, date, outlet and URL, via trafilatura.

The bytes go to trafilatura as they are, so a page in another charset than UTF-8 is read
by the charset it declares (or trafilatura's guess), not refused.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document

from briefing.ingest.dates import published_or_problem
from briefing.ingest.files import load_bytes
from briefing.ingest.normalise import clean_field, normalise_language, normalise_text
from briefing.models import KICKER_KEY, Article, Problem
from briefing.settings import Settings

# htmldate: the original publication date (not the last change), with its time and zone.
DATE_EXTRACTION = {"original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}
# Class names by which news sites mark the kicker (Dachzeile) inside their `<h1>`.
KICKER_CLASS = re.compile(r"kicker|topline|dachzeile|overline|roofline|eyebrow", re.IGNORECASE)
# trafilatura metadata kept in Article.metadata when present.
METADATA_KEYS = ("author", "description", "categories", "tags")


def read_html(path: Path, settings: Settings) -> tuple[list[Article], list[Problem]]:
    """One article from a saved HTML page; the file stem is its id."""
    raw = load_bytes(path)
    page = trafilatura.bare_extraction(
        raw,
        with_metadata=True,
        include_comments=False,
        date_extraction_params=DATE_EXTRACTION,
    )
    if not isinstance(page, Document) or not page.text:  # None: nothing found (a dict only with as_dict)
        return [], [Problem(str(path), "no article text found in this page")]
    title = clean_field(page.title)
    text = _without_title_line(normalise_text(page.text), title)
    kicker, title = marked_kicker(raw, title)
    if not text:
        return [], [Problem(str(path), "no article text found in this page")]
    problems: list[Problem] = []
    article = Article(
        id=path.stem,
        text=text,
        title=title,
        published=published_or_problem(page.date, settings.tz, str(path), problems),
        source=clean_field(page.sitename),  # as the page names itself; never the host name
        url=clean_field(page.url),
        language=normalise_language(page.language),
        origin=str(path),
        metadata=_metadata(page) | ({KICKER_KEY: kicker} if kicker else {}),
    )
    return [article], problems


def marked_kicker(page: bytes, title: str | None) -> tuple[str | None, str | None]:
    """(kicker, headline) where the page's `<h1>` marks its kicker as an element of its own
    (`<span class="…topline">`, `…kicker`, `…dachzeile`, `…overline`) and `title` is the
    two glued; else (None, title)."""
    if not title:
        return None, title
    try:
        heading = lxml.html.fromstring(page).find(".//h1")
    except (etree.ParserError, ValueError):  # an empty or undecodable document
        return None, title
    parts = [] if heading is None else [child for child in heading if clean_field(child.text_content())]
    if len(parts) < 2 or not KICKER_CLASS.search(parts[0].get("class") or ""):
        return None, title
    kicker = clean_field(parts[0].text_content())
    headline = clean_field(" ".join(part.text_content() for part in parts[1:]))
    if not kicker or not headline or " ".join(title.split()) != f"{kicker} {headline}":
        return None, title
    return kicker, headline


def _without_title_line(text: str, title: str | None) -> str:
    """trafilatura keeps the `<h1>` as the first line of the text; the title is not body."""
    first, _, rest = text.partition("\n")
    if title and first.strip() == title:
        return normalise_text(rest)
    return text


def _metadata(page: Any) -> dict[str, Any]:
    values = {key: getattr(page, key, None) for key in METADATA_KEYS}
    return {key: value for key, value in values.items() if value}
