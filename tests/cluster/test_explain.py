"""What `briefing clusters --explain` says about a cluster (briefing/explain.py)."""

import re
from itertools import combinations

import pytest
from builders import FERRY_DE, FERRY_EN, NATO_EN, ZOO_EN, build_article, story

from briefing.cluster.events import EventClusterer, default_signals
from briefing.cluster.explain import explain_cluster
from briefing.cluster.topics import cluster_articles
from briefing.models import Cluster


def nato_cluster() -> Cluster:
    articles = [build_article(story(NATO_EN, k), id=f"nato-{k}") for k in range(3)] + [build_article(ZOO_EN, id="zoo")]
    (cluster,), _ = cluster_articles(articles)
    return cluster


def members_with(word: str, cluster: Cluster) -> int:
    return sum(bool(re.search(rf"\b{re.escape(word)}\b", a.text, re.IGNORECASE)) for a in cluster.articles)


def test_shared_words_and_names_occur_in_at_least_half_of_the_members():
    cluster = nato_cluster()
    explanation = explain_cluster(cluster, EventClusterer())
    assert explanation.terms and explanation.names
    for shown in explanation.terms + explanation.names:
        assert members_with(shown, cluster) >= 2, shown
    # Brussels, Ukraine and Moscow are in every member, and more than 8 ties are shared:
    # some of them are shown (which ones among equals is not fixed, see the report).
    assert {"Brussels", "Ukraine", "Moscow", "Rutte"} & set(explanation.terms + explanation.names)


def test_names_are_listed_as_first_written_even_across_languages():
    articles = [build_article(FERRY_DE[0], id="de", title=FERRY_DE[1], language="de"),
                build_article(FERRY_EN[0], id="en", title=FERRY_EN[1], language="en")]  # fmt: skip
    explanation = explain_cluster(Cluster(id="c1", articles=articles), EventClusterer())
    assert sorted(explanation.names) == ["212", "Helgoland", "Nordlicht"]  # Helgoland = Heligoland (exonyms)


def test_signal_means_are_per_signal_and_the_mean_similarity_passed_the_threshold():
    cluster, clusterer = nato_cluster(), EventClusterer()
    explanation = explain_cluster(cluster, clusterer)
    assert set(explanation.signals) == {"lexical", "names", "semantic"}
    assert all(0.0 < value <= 1.0 for value in explanation.signals.values())
    pairs = list(combinations(range(len(cluster.articles)), 2))
    expected = clusterer.pair_similarity(cluster.articles, pairs).mean()
    assert explanation.similarity == pytest.approx(expected) and explanation.similarity >= clusterer.threshold


def test_without_embeddings_there_is_no_semantic_figure():
    explanation = explain_cluster(nato_cluster(), EventClusterer(default_signals("none")))
    assert set(explanation.signals) == {"lexical", "names"}
