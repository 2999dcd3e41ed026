"""Saved web pages: the article's text, title, date, outlet and URL, via trafilatura.

The bytes go to trafilatura as they are, so a page in another charset than UTF-8 is read
by the charset it declares (or trafilatura's guess), not refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import trafilatura
from trafilatura.settings import Document

from briefing.ingest.dates import published_or_problem
from briefing.ingest.files import load_bytes
from briefing.ingest.normalise import clean_field, normalise_language, normalise_text
from briefing.models import Article, Problem
from briefing.settings import Settings

# htmldate: the original publication date (not the last change), with its time and zone.
DATE_EXTRACTION = {"original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}
# trafilatura metadata kept in Article.metadata when present.
METADATA_KEYS = ("author", "description", "categories", "tags")


def read_html(path: Path, settings: Settings) -> tuple[list[Article], list[Problem]]:
    """One article from a saved HTML page; the file stem is its id."""
    page = trafilatura.bare_extraction(
        load_bytes(path),
        with_metadata=True,
        include_comments=False,
        date_extraction_params=DATE_EXTRACTION,
    )
    if not isinstance(page, Document) or not page.text:  # None: nothing found (a dict only with as_dict)
        return [], [Problem(str(path), "no article text found in this page")]
    title = clean_field(page.title)
    text = _without_title_line(normalise_text(page.text), title)
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
        metadata=_metadata(page),
    )
    return [article], problems


def _without_title_line(text: str, title: str | None) -> str:
    """trafilatura keeps the `<h1>` as the first line of the text; the title is not body."""
    first, _, rest = text.partition("\n")
    if title and first.strip() == title:
        return normalise_text(rest)
    return text


def _metadata(page: Any) -> dict[str, Any]:
    values = {key: getattr(page, key, None) for key in METADATA_KEYS}
    return {key: value for key, value in values.items() if value}
