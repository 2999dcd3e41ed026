"""The article store's vectors (briefing/sources/store.py, schema version 2) and the
migration of a version-1 store."""

import sqlite3
import time
from datetime import datetime, timezone

import numpy as np
import pytest

from briefing.models import Article
from briefing.sources.store import SCHEMA_VERSION, ArticleStore, StoreDamaged, StoredVectors
from briefing.text.vector_cache import CachedEmbedder

FETCHED_AT = datetime(2025, 12, 3, 6, 0, tzinfo=timezone.utc)
MODEL = "usem3 for the tests"
VECTOR = np.array([0.6, 0.8], dtype=np.float32)


def version_1_store(path) -> None:
    """A store as briefing wrote it before vectors: schema version 1, one article."""
    with ArticleStore(path) as store:
        store.add([Article(id="a", text="Die Fähre liegt vor Helgoland fest.", url="https://example.org/a")], FETCHED_AT)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("DROP TABLE vectors")
    db.execute("PRAGMA user_version = 1")
    db.close()


def tables(path) -> set[str]:
    db = sqlite3.connect(path)
    try:
        return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        db.close()


def test_the_store_keeps_vectors_by_model_and_text_hash(tmp_path):
    path = tmp_path / "articles.sqlite"
    with ArticleStore(path) as store:
        store.put_vectors(MODEL, {"h1": VECTOR})
        assert store.get_vectors(MODEL, ["h1", "h2"]).keys() == {"h1"}
        assert store.get_vectors("another model", ["h1"]) == {}
    with ArticleStore(path, read_only=True) as store:
        assert store.get_vectors(MODEL, ["h1"])["h1"].tolist() == VECTOR.tolist()
    assert StoredVectors(path).get_vectors(MODEL, ["h1"]).keys() == {"h1"}


def test_a_version_1_store_is_read_as_it_is_and_has_no_vectors(tmp_path):
    path = tmp_path / "articles.sqlite"
    version_1_store(path)
    with ArticleStore(path, read_only=True) as store:
        assert [article.id for article in store.articles()] == ["a"]
        assert store.get_vectors(MODEL, ["h1"]) == {}
    assert StoredVectors(path).get_vectors(MODEL, ["h1"]) == {}
    assert "vectors" not in tables(path)  # a reader changes nothing


def test_opening_a_version_1_store_for_writing_migrates_it_and_keeps_its_articles(tmp_path):
    path = tmp_path / "articles.sqlite"
    version_1_store(path)
    with ArticleStore(path) as store:
        assert [article.id for article in store.articles()] == ["a"]
        store.put_vectors(MODEL, {"h1": VECTOR})
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    db.close()
    assert StoredVectors(path).get_vectors(MODEL, ["h1"]).keys() == {"h1"}


def test_opening_a_current_store_for_writing_waits_for_no_other_write(tmp_path):
    path = tmp_path / "articles.sqlite"
    ArticleStore(path).close()
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a long fetch holds the write lock
    started = time.monotonic()
    try:
        ArticleStore(path).close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert time.monotonic() - started < 2  # the busy timeout is 10 s


def test_a_missing_or_damaged_store_has_no_vectors_for_a_reader(tmp_path):
    assert StoredVectors(tmp_path / "nothing.sqlite").get_vectors(MODEL, ["h1"]) == {}
    (tmp_path / "damaged.sqlite").write_bytes(b"kein SQLite" * 100)
    assert StoredVectors(tmp_path / "damaged.sqlite").get_vectors(MODEL, ["h1"]) == {}


class Recording:
    def __init__(self):
        self.calls: list[list[str]] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls.append(texts)
        return np.array([[len(text), 1.0] for text in texts], dtype=np.float32)


def test_a_cached_embedder_on_the_store_embeds_only_what_it_does_not_hold(tmp_path):
    with ArticleStore(tmp_path / "articles.sqlite") as store:
        inner = Recording()
        CachedEmbedder(inner, store, MODEL).embed(["ein", "zwei"])
        rows = CachedEmbedder(inner, store, MODEL).embed(["zwei", "dreizehn", "ein"])
    assert inner.calls == [["ein", "zwei"], ["dreizehn"]] and rows[:, 0].tolist() == [4, 8, 3]


def test_a_text_that_is_no_longer_utf8_is_a_damaged_store_in_one_short_line(tmp_path):
    """A damaged page may fall in a text column: that is damage too, and the reason stays short."""
    path = tmp_path / "articles.sqlite"
    version_1_store(path)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("UPDATE articles SET text = CAST(x'4661ff6872' AS TEXT)")
    db.close()
    with pytest.raises(StoreDamaged) as caught, ArticleStore(path, read_only=True) as store:
        store.articles()
    assert str(caught.value) == (
        f"{path}: the article store is damaged (a stored text is not UTF-8); move the file aside "
        "(`briefing fetch` then starts a new store) or restore it from a backup"
    )
