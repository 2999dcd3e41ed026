"""Ingest: files, folders and glob patterns → `Article`s, plus the Problems met on the way.

1. expand the paths into article files, each with its reader (`paths.py`);
2. read each file: text/Markdown, JSON/JSONL records, HTML pages, RSS/Atom feeds;
3. make article ids unique across the run (`-2`, `-3`, … with a Problem saying so);
4. cut titles longer than `MAX_TITLE_CHARS` (a Problem says so);
5. guess the language of articles whose input did not give one.

Bad input never raises: it becomes a `Problem` and everything else is still read.

Stage 1 of the pipeline. Owns: paths, file reading, text/Markdown, JSON/JSONL, HTML and
feed parsing, dates, normalising text. May import: models, settings, errors, `text`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from briefing.ingest.datelines import note_agency
from briefing.ingest.feeds import read_feed
from briefing.ingest.files import UnreadableFile
from briefing.ingest.html import read_html
from briefing.ingest.paths import InputFile, Kind, expand_paths
from briefing.ingest.records import read_records
from briefing.ingest.text import read_text
from briefing.ingest.titles import note_glued_kicker
from briefing.models import Article, Problem
from briefing.settings import Settings
from briefing.text.language import detect_language

__all__ = ["make_ids_unique", "read_articles", "tidy_articles"]

logger = logging.getLogger(__name__)

# Real headlines, kicker included, stay under ~200 characters; a longer "title" is a
# paragraph or garbage, and would swamp a brief's headings and tables of contents.
MAX_TITLE_CHARS = 300

Reader = Callable[[Path, Settings], tuple[list[Article], list[Problem]]]
READERS: dict[Kind, Reader] = {
    "text": read_text,
    "records": read_records,
    "html": read_html,
    "feed": read_feed,
}


def read_articles(paths: Sequence[str | Path], settings: Settings) -> tuple[list[Article], list[Problem]]:
    """Read every article from files, folders (recursive) and glob patterns."""
    if isinstance(paths, (str, Path)):  # one path, not a sequence of characters
        paths = [paths]
    files, problems = expand_paths(paths)
    articles: list[Article] = []
    for file in files:
        found, file_problems = _read_file(file, settings)
        articles.extend(found)
        problems.extend(file_problems)
    problems.extend(make_ids_unique(articles))
    problems.extend(tidy_articles(articles))
    return articles, problems


def tidy_articles(articles: list[Article]) -> list[Problem]:
    """What every article gets however it came in (read here, or from the article store):
    a dateline's agency as the source where none was given, a glued kicker split from
    the title, over-long titles cut, the language detected where none was given."""
    for article in articles:
        note_agency(article)
        note_glued_kicker(article)
    problems = cap_titles(articles)
    fill_in_languages(articles)
    return problems


def make_ids_unique(articles: list[Article]) -> list[Problem]:
    """Rename the second and later uses of an id to `id-2`, `id-3`, …; one Problem each."""
    taken = {article.id for article in articles}
    first_seen: dict[str, str] = {}
    next_number: dict[str, int] = {}  # per id, the suffix to try next: renaming stays linear
    problems = []
    for article in articles:
        if article.id not in first_seen:
            first_seen[article.id] = article.origin
            continue
        new_id = _next_free_id(article.id, taken, next_number)
        problems.append(
            Problem(
                article.origin,
                f"id {article.id!r} is already used by {first_seen[article.id]}; renamed to {new_id!r}",
            )
        )
        taken.add(new_id)
        first_seen[new_id] = article.origin
        article.id = new_id
    return problems


def cap_titles(articles: list[Article]) -> list[Problem]:
    """Cut titles over `MAX_TITLE_CHARS` at a word break, marked with "…"; one Problem each."""
    problems = []
    for article in articles:
        if article.title and len(article.title) > MAX_TITLE_CHARS:
            length = len(article.title)
            article.title = _shortened(article.title, MAX_TITLE_CHARS)
            problems.append(
                Problem(
                    article.origin,
                    f"the title is {length:,} characters long; cut to {MAX_TITLE_CHARS} (MAX_TITLE_CHARS)",
                )
            )
    return problems


def fill_in_languages(articles: list[Article]) -> None:
    """Detect the language from title and text where the input did not give one."""
    for article in articles:
        if not article.language:
            article.language = detect_language(f"{article.title or ''}\n{article.text}")


def _read_file(file: InputFile, settings: Settings) -> tuple[list[Article], list[Problem]]:
    try:
        return READERS[file.kind](file.path, settings)
    except UnreadableFile as error:
        return [], [Problem(str(file.path), str(error))]
    except OSError as error:
        return [], [Problem(str(file.path), f"cannot read the file ({error.strerror or error})")]
    except Exception as error:  # a parser choking on odd input must not end the run
        logger.exception("reading %r failed", str(file.path))  # %r: a newline in a name stays one line
        return [], [Problem(str(file.path), f"could not be read ({type(error).__name__}: {error})")]


def _next_free_id(article_id: str, taken: set[str], next_number: dict[str, int]) -> str:
    number = next_number.get(article_id, 2)
    while f"{article_id}-{number}" in taken:
        number += 1
    next_number[article_id] = number + 1
    return f"{article_id}-{number}"


def _shortened(title: str, limit: int) -> str:
    """At most `limit` characters, "…" included, cut at the last space if one is near."""
    cut = title[: limit - 1]
    word_break = cut.rfind(" ")
    if word_break > limit // 2:
        cut = cut[:word_break]
    return cut.rstrip() + "…"
