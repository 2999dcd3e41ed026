"""Article records: JSONL (one object a line) and JSON (an object, a list, or {"articles": […]}).

`text` is the only required key; `null` means absent; unknown keys are kept in `metadata`.
A bad line or record is a Problem and the others are still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from briefing.ingest.dates import published_or_problem
from briefing.ingest.files import load_text
from briefing.ingest.normalise import clean_field, normalise_language, normalise_text
from briefing.models import Article, Problem
from briefing.settings import Settings

ARTICLE_KEYS = frozenset({"id", "text", "title", "published", "source", "url", "language"})
LINE_BY_LINE_SUFFIXES = frozenset({".jsonl", ".ndjson"})

# (where, default id, the decoded value) for each record in a file
_Record = tuple[str, str, Any]


def read_records(path: Path, settings: Settings) -> tuple[list[Article], list[Problem]]:
    """Every article in a JSON or JSONL file."""
    content = load_text(path)
    problems: list[Problem] = []
    if path.suffix.lower() in LINE_BY_LINE_SUFFIXES:
        records = list(_jsonl_records(path, content, problems))
    else:
        records = _json_records(path, content, problems)
    articles = []
    for where, default_id, record in records:
        article = record_to_article(record, where, default_id, settings, problems)
        if article:
            articles.append(article)
    return articles, problems


def record_to_article(
    record: Any, where: str, default_id: str, settings: Settings, problems: list[Problem]
) -> Article | None:
    """One record as an Article, or None with a Problem saying what is wrong with it."""
    if not isinstance(record, dict):
        problems.append(Problem(where, f"expected an article object, got a JSON {_kind(record)}"))
        return None
    text = record.get("text")
    if not isinstance(text, str):
        reason = "no 'text'" if text is None else f"'text' is a JSON {_kind(text)}, not a string"
        problems.append(Problem(where, f"{reason}; the record is skipped"))
        return None
    if not (text := normalise_text(text)):
        problems.append(Problem(where, "'text' is empty; the record is skipped"))
        return None
    return Article(
        id=clean_field(record.get("id")) or default_id,
        text=text,
        title=clean_field(record.get("title")),
        published=published_or_problem(record.get("published"), settings.tz, where, problems),
        source=clean_field(record.get("source")),
        url=clean_field(record.get("url")),
        language=normalise_language(record.get("language")),
        origin=where,
        metadata={k: v for k, v in record.items() if k not in ARTICLE_KEYS and v is not None},
    )


def _jsonl_records(path: Path, content: str, problems: list[Problem]) -> Iterator[_Record]:
    # split on "\n" only: str.splitlines would also split inside strings at U+2028 and co.
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            yield where, f"{path.stem}-{number}", decode_json(line)
        except UnreadableJson as error:
            problems.append(Problem(where, str(error)))


def _json_records(path: Path, content: str, problems: list[Problem]) -> list[_Record]:
    try:
        document = decode_json(content)
    except UnreadableJson as error:
        if error.extra_data:  # several objects, one a line: JSONL under another name
            return list(_jsonl_records(path, content, problems))
        where = f"{path}:{error.line}" if error.line else str(path)
        problems.append(Problem(where, str(error)))
        return []
    if isinstance(document, dict) and isinstance(document.get("articles"), list):
        document = document["articles"]
    if isinstance(document, list):
        return [(f"{path}#{n}", f"{path.stem}-{n}", item) for n, item in enumerate(document, 1)]
    if isinstance(document, dict) and "text" in document:
        return [(str(path), path.stem, document)]
    problems.append(Problem(str(path), 'expected an article object, a list of them, or {"articles": [...]}'))
    return []


class UnreadableJson(ValueError):
    """Text that does not decode to a JSON value; the message says why, `line` where."""

    def __init__(self, message: str, line: int | None = None, extra_data: bool = False):
        super().__init__(message)
        self.line = line
        self.extra_data = extra_data


def decode_json(text: str) -> Any:
    """`json.loads`, with every way it can fail turned into `UnreadableJson`."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        message = f"not valid JSON: {error.msg} (column {error.colno})"
        raise UnreadableJson(message, error.lineno, error.msg == "Extra data") from error
    except RecursionError as error:  # the decoder recurses once per level of [ or {
        raise UnreadableJson("JSON nested too deeply to read") from error
    except ValueError as error:  # an integer longer than Python converts (4300 digits)
        raise UnreadableJson(f"JSON value cannot be read: {error}") from error


def _kind(value: Any) -> str:
    """The JSON name of a decoded value's type."""
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")
