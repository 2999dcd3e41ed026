"""Stories larger than a neighbour list: widened lists (`briefing/cluster/neighbours.py`)."""

import numpy as np
from builders import b_cubed_f1, labelled_set

from briefing.cluster.events import EventClusterer
from briefing.cluster.neighbours import compared_pairs, lists_within_their_story, similarity_at
from briefing.cluster.signals import Features, pair_similarity


def semantic_features(vectors: np.ndarray) -> Features:
    """Features of undated English articles with one signal, their given unit rows."""
    n = len(vectors)
    return Features({"semantic": vectors}, np.array(["en"] * n), np.full(n, np.nan))


def one_large_story_and_noise(story: int, noise: int, seed: int = 0) -> np.ndarray:
    """`story` rows close to one direction (cosines about 0.8), then `noise` random rows."""
    generator = np.random.default_rng(seed)
    centre = generator.normal(size=64)
    rows = np.vstack([centre + 0.5 * np.linalg.norm(centre) / 8 * generator.normal(size=(story, 64)),
                      generator.normal(size=(noise, 64))])  # fmt: skip
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def pairs_of(features: Features, neighbours: int, most: int) -> set[tuple[int, int]]:
    def similarity_of(rows, cols):
        return pair_similarity(features, rows, cols)

    def closeness(rows, cols, similarity):
        return similarity

    rows, cols, _ = compared_pairs(features, similarity_of, closeness, 0.3, neighbours, most)
    return set(zip(rows.tolist(), cols.tolist()))


def test_an_article_whose_list_is_full_of_its_story_is_compared_with_the_whole_story():
    features = semantic_features(one_large_story_and_noise(story=60, noise=40))
    within = {(a, b) for a in range(60) for b in range(a + 1, 60)}
    assert within <= pairs_of(features, neighbours=10, most=80)
    assert len(within & pairs_of(features, neighbours=10, most=10)) < len(within) / 2


def test_lists_grow_no_further_than_most_and_not_at_all_where_no_list_is_full():
    features = semantic_features(one_large_story_and_noise(story=60, noise=40))
    widened = pairs_of(features, neighbours=10, most=20)
    assert len(widened) <= 100 * 20 < len(pairs_of(features, neighbours=10, most=80))  # each list at most 20
    noise = semantic_features(one_large_story_and_noise(story=0, noise=80, seed=1))
    assert pairs_of(noise, neighbours=10, most=80) == pairs_of(noise, neighbours=10, most=10)


def test_a_list_is_within_its_story_when_it_is_full_and_every_neighbour_on_it_is_close():
    sources = np.array([0, 0, 1, 1, 2, 3, 3])
    close = np.array([True, True, True, False, True, True, True])
    assert lists_within_their_story(5, sources, close, listed=2).tolist() == [0, 3]  # 1 has a far one, 2 one only


def test_the_similarity_of_a_listed_pair_is_found_in_either_order():
    rows, cols, similarity = np.array([0, 1, 0]), np.array([3, 2, 1]), np.array([0.1, 0.2, 0.3])
    assert similarity_at(4, rows, cols, similarity, np.array([3, 1, 2, 0]), np.array([0, 0, 1, 1])).tolist() == [
        0.1, 0.3, 0.2, 0.3,
    ]  # fmt: skip


def test_events_larger_than_the_list_hold_together_on_ecbplus(shared_data):
    """ECB+'s events are about 11 reports: with lists of 5 they are to their lists what a
    story of 110 headlines is at 50 (benchmarks/large_stories.py)."""
    articles, gold = labelled_set(shared_data / "ecbplus")

    def f1(clusterer: EventClusterer) -> float:
        predicted = [0] * len(articles)
        for number, group in enumerate(clusterer.group(articles)):
            for index in group:
                predicted[index] = number
        return b_cubed_f1(predicted, gold)

    assert f1(EventClusterer(neighbours=5, most_neighbours=5)) < 0.65
    assert f1(EventClusterer(neighbours=5, most_neighbours=40)) >= 0.88
