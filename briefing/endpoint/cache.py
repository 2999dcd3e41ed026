"""LLM responses on disk (SQLite), keyed by model, prompt name and version, and the input.

A re-run of the same brief with the same model and prompts makes no call at all. A cache
that cannot be used (not a database, a folder, unwritable, broken mid-run) never stops a
brief: the run goes on without it, and `problem` says why in one line naming the file.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY, model TEXT, prompt TEXT, version INTEGER, content TEXT, usage TEXT,
    created TEXT DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS endpoint_modes (endpoint TEXT PRIMARY KEY, mode TEXT);
"""


def cache_key(model: str, prompt: str, version: int, messages: list[dict], schema: dict) -> str:
    material = json.dumps([model, prompt, version, messages, schema], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class ResponseCache:
    """A thread-safe key → (content, usage) store; `path=None` stores nothing, and so does
    a cache that cannot be used (`problem` says why)."""

    def __init__(self, path: Path | None):
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self.path = path
        self.problem: str | None = None
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
                self._db.executescript(SCHEMA)
            except (sqlite3.Error, OSError) as error:
                self._give_up(error)

    def get(self, key: str) -> tuple[str, dict] | None:
        row = self._query("SELECT content, usage FROM responses WHERE key = ?", (key,))
        try:
            content, usage = row if row else (None, None)
            usage = json.loads(usage) if isinstance(usage, str) else None
        except (ValueError, RecursionError):
            return None
        return (content, usage) if isinstance(content, str) and isinstance(usage, dict) else None

    def put(self, key: str, model: str, prompt: str, version: int, content: str, usage: dict) -> None:
        self._execute(
            "INSERT OR REPLACE INTO responses (key, model, prompt, version, content, usage) VALUES (?, ?, ?, ?, ?, ?)",
            (key, model, prompt, version, content, json.dumps(usage)),
        )

    def mode(self, endpoint: str) -> str | None:
        row = self._query("SELECT mode FROM endpoint_modes WHERE endpoint = ?", (endpoint,))
        return row[0] if row else None

    def remember_mode(self, endpoint: str, mode: str) -> None:
        self._execute("INSERT OR REPLACE INTO endpoint_modes (endpoint, mode) VALUES (?, ?)", (endpoint, mode))

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    def _query(self, sql: str, parameters: tuple) -> Any:
        with self._lock:
            try:
                return self._db.execute(sql, parameters).fetchone() if self._db is not None else None
            except sqlite3.Error as error:
                self._give_up(error)
                return None

    def _execute(self, sql: str, parameters: tuple) -> None:
        with self._lock:
            try:
                if self._db is not None:
                    self._db.execute(sql, parameters)
            except sqlite3.Error as error:
                self._give_up(error)

    def _give_up(self, error: Exception) -> None:
        """Run on without the cache, and say why and what to do."""
        if self._db is not None:
            self._db.close()
        self._db = None
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        self.problem = (
            f"the LLM cache {self.path} cannot be used ({reason}): running without it; "
            "move the file aside, or use --no-cache"
        )
