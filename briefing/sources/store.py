"""The article store: one SQLite file that fetched articles collect in between briefs.

`ArticleStore.add` writes a batch in one transaction, so a run killed mid-fetch leaves
whole batches or nothing of a batch. An article whose URL or text (its content hash) is
already stored is a duplicate and not inserted. Times are kept as UTC ISO strings of fixed
width, so string order is time order. The feed table remembers each feed's ETag and
Last-Modified for conditional GETs. The vector table keeps the embeddings of the
articles' leads, computed at fetch time: the same (model, text hash) → vector table as the
vector cache (`text/vector_cache.py`), so that a build embeds only what fetch did not.
`PRAGMA user_version` numbers the schema; opening an older store for writing migrates it
(`MIGRATIONS`), and a reader takes an older store as it is (it has no vectors then).

`read_only=True` opens the file with SQLite's `mode=ro` and takes no lock on opening: in
WAL mode it reads while a long `fetch` writes. Every failure of SQLite or of the disk
leaves a method as one of the `StoreError`s below, whose message names the file and says
what to do: `StoreFull` when a write fails (the disk is full), `StoreDamaged` when the file
is not a healthy article store (move it aside; `briefing fetch` starts a new one),
`StoreBusy` when another process holds the lock too long.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from briefing.errors import BriefingError, InputError
from briefing.models import Article
from briefing.text.vector_cache import VECTOR_TABLE, insert_vectors, select_vectors

SCHEMA_VERSION = 2  # PRAGMA user_version of the schema below; raise it with a migration
VECTORS_SINCE = 2  # the schema version that added the vector table
BUSY_TIMEOUT_SECONDS = 10.0  # how long a write waits for another process's transaction
FIRST_ID_SUFFIX = 2  # a taken id "x" becomes "x-2", then "x-3", …
# SQLite's primary result codes (sqlite3.Error.sqlite_errorcode & 0xFF) that say what went wrong
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_CORRUPT = 5, 6, 10, 11
SQLITE_FULL, SQLITE_NOTADB = 13, 26
PRIMARY_CODE_MASK = 0xFF  # extended result codes keep the primary one in the low byte
# Python's sqlite3 on a TEXT value that is not UTF-8: a damaged page (only str is written)
UNDECODABLE = "Could not decode to UTF-8"

_SCHEMA = f"""
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
{VECTOR_TABLE}"""
# From a schema version to the next: the statements that bring a store there.
MIGRATIONS = {1: VECTOR_TABLE}
_COLUMNS = "id, text, title, published, source, url, language, origin, metadata"


class StoreError(BriefingError):
    """The article store could not be read or written; the message names the file."""


class StoreFull(StoreError):
    """A write failed: the disk (or the file's size limit) is full, or the disk failed."""


class StoreBusy(StoreError):
    """Another process held the store's lock for longer than BUSY_TIMEOUT_SECONDS."""


class StoreDamaged(StoreError, InputError):
    """The file is damaged or not an article store at all."""

    exit_code = InputError.exit_code


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

    def __init__(self, path: Path, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        self._db = self._connect()
        try:
            with self._errors():
                self._prepare()
        except BaseException:
            self._db.close()
            raise

    def _connect(self) -> sqlite3.Connection:
        if self.read_only and not self.path.is_file():
            raise InputError(f"{self.path}: no article store there (`briefing fetch` makes one)")
        try:
            if self.read_only:  # a URI, so that SQLite opens it read-only (no lock taken on opening)
                uri = f"{self.path.absolute().as_uri()}?mode=ro"
                return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise InputError(f"{self.path}: cannot open the article store ({_reason(error)})") from None

    def __enter__(self) -> ArticleStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def __len__(self) -> int:
        with self._errors():
            return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def add(self, articles: Iterable[Article], fetched_at: datetime) -> AddResult:
        """Insert the articles that are new, all in one transaction; count the duplicates."""
        fetched = _sortable_utc(fetched_at)
        added = duplicates = 0
        with self._errors(), self._transaction():
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
        with self._errors():
            return [_row_to_article(row, date_undated) for row in self._db.execute(query, values)]

    def has_url(self, url: str) -> bool:
        """Whether an article with this URL is stored (a fetcher skips its page then)."""
        with self._errors():
            return self._db.execute("SELECT 1 FROM articles WHERE url = ?", (url,)).fetchone() is not None

    def feed_state(self, url: str) -> FeedState | None:
        with self._errors():
            row = self._db.execute(
                "SELECT url, etag, last_modified, checked_at FROM feeds WHERE url = ?", (url,)
            ).fetchone()
        if row is None:
            return None
        return FeedState(row[0], row[1], row[2], _from_sortable_utc(row[3]))

    def save_feed_state(self, state: FeedState) -> None:
        with self._errors(), self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO feeds (url, etag, last_modified, checked_at) VALUES (?, ?, ?, ?)",
                (state.url, state.etag, state.last_modified, _sortable_utc(state.checked_at)),
            )

    def get_vectors(self, model: str, digests: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors of `model` for these text hashes (a `VectorCache`); none in a
        store older than the vector table."""
        if self._version < VECTORS_SINCE:
            return {}
        with self._errors():
            return select_vectors(self._db, model, digests)

    def put_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        """Keep the vectors of `model` (by text hash), all in one transaction."""
        with self._errors(), self._transaction():
            insert_vectors(self._db, model, vectors)

    # --- inside -------------------------------------------------------------------------

    def _prepare(self) -> None:
        """WAL journal, then the schema: created in a new file, checked in an old one (and
        migrated when older). An existing store of this version is only read here, so
        opening waits for no other process's write."""
        version = self._version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if self.read_only:
            if version == 0:
                raise StoreDamaged(f"{self.path}: a SQLite database, but not an article store")
            self._check_version(version)
            return
        if self._db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self._db.execute("PRAGMA journal_mode = WAL")
        if version == 0:
            with self._transaction():  # checked again inside: another process may have made it
                if self._db.execute("PRAGMA user_version").fetchone()[0] == 0:
                    self._create_schema()
        self._check_version(self._db.execute("PRAGMA user_version").fetchone()[0])
        self._check_integrity()
        self._migrate()

    def _migrate(self) -> None:
        """Bring an older store to SCHEMA_VERSION, one step at a time, in one transaction
        (the version read again inside: another process may have migrated it). A current
        store is only read: opening it waits for no other process's write."""
        if self._db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            with self._transaction():
                for step in range(self._db.execute("PRAGMA user_version").fetchone()[0], SCHEMA_VERSION):
                    self._db.execute(MIGRATIONS[step])
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self._version = SCHEMA_VERSION

    def _check_integrity(self) -> None:
        """Before writing: a damaged file is not written to (that would damage it more).
        quick_check reads every page once, a second or so for a store of 100 MB."""
        verdict = self._db.execute("PRAGMA quick_check(1)").fetchone()[0]
        if verdict != "ok":
            raise StoreDamaged(_damaged(self.path, verdict.replace("*** in database main ***", "")))

    def _check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise InputError(
                f"{self.path}: the article store has schema version {version}; this "
                f"version of briefing reads up to {SCHEMA_VERSION} (update briefing)"
            )

    def _create_schema(self) -> None:
        tables = self._db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
        if tables:
            raise StoreDamaged(f"{self.path}: a SQLite database, but not an article store")
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
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:  # SQLite may have rolled back itself (a full disk)
                with suppress(sqlite3.Error):  # the error that brought us here is the one to tell
                    self._db.execute("ROLLBACK")
            raise

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """SQLite's and the disk's errors as a StoreError that names the file and what to do."""
        try:
            yield
        except sqlite3.Error as error:
            raise _store_error(self.path, error) from None
        except OSError as error:  # e.g. ENOSPC writing the WAL
            raise StoreFull(f"{self.path}: cannot write the article store ({_reason(error)})") from None

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


class StoredVectors:
    """The vectors of the store at `path` for a reader (a `VectorCache` that writes
    nothing: a build reads the store while `fetch` may write it). The store is opened for
    each lookup; one that cannot be read has no vectors (reading its articles says why)."""

    def __init__(self, path: Path):
        self.path = path

    def get_vectors(self, model: str, digests: list[str]) -> dict[str, np.ndarray]:
        try:
            with ArticleStore(self.path, read_only=True) as store:
                return store.get_vectors(model, digests)
        except (StoreError, InputError):  # reading the articles tells what is wrong
            return {}

    def put_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        pass


def _store_error(path: Path, error: sqlite3.Error) -> StoreError:
    code = (getattr(error, "sqlite_errorcode", None) or 0) & PRIMARY_CODE_MASK
    reason = _reason(error)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return StoreDamaged(_damaged(path, reason))
    if str(error).startswith(UNDECODABLE):
        return StoreDamaged(_damaged(path, "a stored text is not UTF-8"))
    if code in (SQLITE_FULL, SQLITE_IOERR):
        return StoreFull(f"{path}: cannot write the article store ({reason}); free some disk space")
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreBusy(
            f"{path}: the article store stayed locked by another process for "
            f"{BUSY_TIMEOUT_SECONDS:g} s (is a `briefing fetch` running?); try again later"
        )
    return StoreError(f"{path}: the article store cannot be used ({reason})")


def _damaged(path: Path, reason: str) -> str:
    return (
        f"{path}: the article store is damaged ({' '.join(reason.split())}); move the file aside "
        "(`briefing fetch` then starts a new store) or restore it from a backup"
    )


def _reason(error: BaseException) -> str:
    text = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return " ".join(str(text).split())


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
