"""The article store: one SQLite file that fetched articles collect in between briefs.

`ArticleStore.add` writes a batch in one transaction, so a run killed mid-fetch leaves
whole batches or nothing of a batch. An article whose URL or text (its content hash) is
already stored is a duplicate and not inserted. Times are kept as UTC ISO strings of fixed
width, so string order is time order. The feed table remembers each feed's ETag and
Last-Modified for conditional GETs. `PRAGMA user_version` numbers the schema.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from briefing.errors import InputError
from briefing.models import Article

SCHEMA_VERSION = 1  # PRAGMA user_version of the schema below; raise it with a migration
BUSY_TIMEOUT_SECONDS = 10.0  # how long a write waits for another process's transaction
FIRST_ID_SUFFIX = 2  # a taken id "x" becomes "x-2", then "x-3", …

_SCHEMA = """
CREATE TABLE articles (
    number INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    url TEXT UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL,
    title TEXT,
    published TEXT,          -- ISO 8601 with the offset the source gave
    source TEXT,
    language TEXT,
    origin TEXT NOT NULL,
    metadata TEXT NOT NULL,  -- JSON object
    fetched_at TEXT NOT NULL,
    sort_at TEXT NOT NULL    -- published, else fetched_at, as sortable UTC
);
CREATE INDEX articles_by_time ON articles (sort_at, id);
CREATE TABLE feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    checked_at TEXT NOT NULL
);
"""
_COLUMNS = "id, text, title, published, source, url, language, origin, metadata"


@dataclass(frozen=True)
class AddResult:
    added: int
    duplicates: int


@dataclass(frozen=True)
class FeedState:
    """What a feed's last answer said about its version, for the next conditional GET."""

    url: str
    etag: str | None
    last_modified: str | None
    checked_at: datetime


class ArticleStore:
    """Articles and feed states in one SQLite file; a context manager that closes it."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise InputError(f"{self.path}: cannot open the article store ({error})") from error
        try:
            self._prepare()
        except (sqlite3.Error, InputError) as error:
            self._db.close()
            if isinstance(error, InputError):
                raise
            raise InputError(f"{self.path}: not a usable article store ({error})") from error

    def __enter__(self) -> ArticleStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def add(self, articles: Iterable[Article], fetched_at: datetime) -> AddResult:
        """Insert the articles that are new, all in one transaction; count the duplicates."""
        fetched = _sortable_utc(fetched_at)
        added = duplicates = 0
        with self._transaction():
            for article in articles:  # consumed inside the transaction: all or nothing
                if self._insert(article, fetched):
                    added += 1
                else:
                    duplicates += 1
        return AddResult(added, duplicates)

    def articles(
        self, start: datetime | None = None, end: datetime | None = None, date_undated: bool = False
    ) -> list[Article]:
        """Articles published in [start, end), ordered by time then id; an undated article
        counts at the time it was fetched. `date_undated`: it also comes back dated by then
        (with `metadata["dated_by"] = "fetch"`), so a dated brief keeps it."""
        conditions, values = [], []
        if start is not None:
            conditions.append("sort_at >= ?")
            values.append(_sortable_utc(start))
        if end is not None:
            conditions.append("sort_at < ?")
            values.append(_sortable_utc(end))
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        query = f"SELECT {_COLUMNS}, fetched_at FROM articles {where} ORDER BY sort_at, id"
        return [_row_to_article(row, date_undated) for row in self._db.execute(query, values)]

    def has_url(self, url: str) -> bool:
        """Whether an article with this URL is stored (a fetcher skips its page then)."""
        return self._db.execute("SELECT 1 FROM articles WHERE url = ?", (url,)).fetchone() is not None

    def feed_state(self, url: str) -> FeedState | None:
        row = self._db.execute(
            "SELECT url, etag, last_modified, checked_at FROM feeds WHERE url = ?", (url,)
        ).fetchone()
        if row is None:
            return None
        return FeedState(row[0], row[1], row[2], _from_sortable_utc(row[3]))

    def save_feed_state(self, state: FeedState) -> None:
        with self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO feeds (url, etag, last_modified, checked_at) VALUES (?, ?, ?, ?)",
                (state.url, state.etag, state.last_modified, _sortable_utc(state.checked_at)),
            )

    # --- inside -------------------------------------------------------------------------

    def _prepare(self) -> None:
        """WAL journal, then the schema: created in a new file, checked in an old one."""
        self._db.execute("PRAGMA journal_mode = WAL")
        with self._transaction():
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                self._create_schema()
            elif version > SCHEMA_VERSION:
                raise InputError(
                    f"{self.path}: the article store has schema version {version}; this "
                    f"version of briefing reads up to {SCHEMA_VERSION} (update briefing)"
                )

    def _create_schema(self) -> None:
        tables = self._db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
        if tables:
            raise InputError(f"{self.path}: a SQLite database, but not an article store")
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                self._db.execute(statement)
        self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK when anything goes wrong in between."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _insert(self, article: Article, fetched: str) -> bool:
        """Insert one article unless its URL or content is stored; False for a duplicate."""
        digest = content_hash(article.text)
        if self._is_stored(article.url, digest):
            return False
        published = _aware(article.published).isoformat() if article.published else None
        sort_at = _sortable_utc(article.published) if article.published else fetched
        self._db.execute(
            f"INSERT INTO articles ({_COLUMNS}, content_hash, fetched_at, sort_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self._free_id(article.id),
                article.text,
                article.title,
                published,
                article.source,
                article.url,
                article.language,
                article.origin,
                json.dumps(article.metadata, ensure_ascii=False, default=str),
                digest,
                fetched,
                sort_at,
            ),
        )
        return True

    def _is_stored(self, url: str | None, digest: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM articles WHERE content_hash = ? OR (? IS NOT NULL AND url = ?)",
            (digest, url, url),
        ).fetchone()
        return row is not None

    def _free_id(self, wanted: str) -> str:
        """`wanted`, or with the first free suffix `-2`, `-3`, … when another article has it."""
        candidate, suffix = wanted, FIRST_ID_SUFFIX
        while self._db.execute("SELECT 1 FROM articles WHERE id = ?", (candidate,)).fetchone():
            candidate, suffix = f"{wanted}-{suffix}", suffix + 1
        return candidate


def content_hash(text: str) -> str:
    """sha256 of the text with every run of whitespace made one space: the dedupe key."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _row_to_article(row: tuple[Any, ...], date_undated: bool = False) -> Article:
    id, text, title, published, source, url, language, origin, metadata, fetched_at = row
    metadata = json.loads(metadata)
    if not published and date_undated:
        published, metadata["dated_by"] = fetched_at, "fetch"
    return Article(
        id=id,
        text=text,
        title=title,
        published=datetime.fromisoformat(published) if published else None,
        source=source,
        url=url,
        language=language,
        origin=origin,
        metadata=metadata,
    )


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a time without a timezone cannot be stored or compared: {moment}")
    return moment


def _sortable_utc(moment: datetime) -> str:
    """`2025-12-02T17:15:00.000000Z`: fixed width, so string order is time order."""
    utc = _aware(moment).astimezone(UTC).replace(tzinfo=None)
    return utc.isoformat(timespec="microseconds") + "Z"


def _from_sortable_utc(value: str) -> datetime:
    return datetime.fromisoformat(value.removesuffix("Z")).replace(tzinfo=UTC)
