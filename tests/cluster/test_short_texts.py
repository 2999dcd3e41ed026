"""Short texts (headlines, teasers) held to lower bars (briefing/cluster/short_texts.py)."""

import numpy as np
import pytest

from briefing.cluster.events import EventClusterer
from briefing.cluster.short_texts import ShortTextBar, fewer_words, raised, text_words
from builders import build_article

BAR = ShortTextBar(headline_words=20, full_words=40, factor=0.5)


def test_a_headline_is_held_to_the_lowered_bar_a_full_text_to_the_threshold_and_between_in_proportion():
    similarity = np.full(4, 0.3)
    assert raised(similarity, np.array([10, 20, 30, 40]), BAR) == pytest.approx([0.6, 0.6, 0.4, 0.3])
    assert raised(similarity, None, BAR) is similarity


def test_a_raised_similarity_is_at_most_one():
    assert raised(np.array([0.9]), np.array([5]), BAR)[0] == 1.0


def test_a_pair_counts_the_words_of_its_shorter_text_title_included():
    articles = [build_article("one two three", title="Four five"), build_article("word " * 100)]
    words = text_words(articles)
    assert words.tolist() == [5, 100]
    assert fewer_words(words, np.array([0]), np.array([1])).tolist() == [5]


@pytest.mark.parametrize("words, together", [(12, True), (300, False)])
def test_two_headlines_as_alike_as_two_full_reports_that_stay_apart_are_one_event(words, together):
    similarity = np.array([0.8 * EventClusterer().threshold])  # under the bar, over the lowered one
    events, _ = EventClusterer(signals=[]).cut(2, np.array([0]), np.array([1]), similarity, similarity, np.array([words]))
    assert (events == [[0, 1]]) is together

