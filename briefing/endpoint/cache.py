"""LLM responses on disk (SQLite), keyed by model, prompt name and version, and the input.

A re-run of the same brief with the same model and prompts makes no call at all.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from pathlib import Path

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
    """A thread-safe key → (content, usage) store; `path=None` stores nothing."""

    def __init__(self, path: Path | None):
        self._lock = threading.Lock()
        self._db = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.executescript(SCHEMA)

    def get(self, key: str) -> tuple[str, dict] | None:
        row = self._query("SELECT content, usage FROM responses WHERE key = ?", (key,))
        return (row[0], json.loads(row[1])) if row else None

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

    def _query(self, sql: str, parameters: tuple):
        if self._db is None:
            return None
        with self._lock:
            return self._db.execute(sql, parameters).fetchone()

    def _execute(self, sql: str, parameters: tuple) -> None:
        if self._db is not None:
            with self._lock:
                self._db.execute(sql, parameters)
