"""Which pairs of articles are compared in full: each article's nearest neighbours by a
quick estimate, and more of them for an article in a story larger than its list.

Average link (`linkage.py`) counts every pair that is not compared as 0. That keeps
memory at n × NEIGHBOURS, and it keeps two stories of one kind apart, but it also puts a
ceiling on a story's size: the mean over a story of many more reports than one list
holds falls with its size, until the story falls apart into angles. Scaled down on ECB+
(5 neighbours against topics of about 23 reports, as 50 neighbours against a story of
230 headlines), stories score B³ 0.518 (P 1.00, R 0.35) against 0.921 with 50
(`benchmarks/large_stories.py`).

So an article whose every listed neighbour is as close as the story threshold (its list
may end inside its story) is compared with twice as many, and so on up to
MOST_NEIGHBOURS: on the scaled-down ECB+ stories score 0.881 (P 0.97, R 0.80) again.
Where every story is smaller than the list, as on every dev set at 50 neighbours,
nothing changes. (Widening every article with as many close partners as its list holds,
counting the lists of others that name it, joined stories of one kind instead.)
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from sklearn.preprocessing import normalize

from briefing.cluster.linkage import nearest_lists, unique_pairs
from briefing.cluster.signals import TIME_WINDOW_HOURS, WEIGHTS, Features, time_factor

# Each article is compared in full with this many of its most similar articles (by a
# quick estimate); pairs beyond count as unrelated.
NEIGHBOURS = 50
# … and with up to this many when its list is full of its story (doubling from NEIGHBOURS);
# it bounds the pairs and their memory at 400 per article.
MOST_NEIGHBOURS = 400
# Term weights kept per article for the quick estimate: its rarest, most telling terms.
ESTIMATE_TERMS = 20
BLOCK_ROWS = 512
MIN_THRESHOLD = 1e-3  # below this, time never rules a pair out (reach of 10 windows)

# (rows, cols) → the similarity of each pair.
Similarity = Callable[[np.ndarray, np.ndarray], np.ndarray]
# (rows, cols, similarity) → the same pairs' similarity as stories compare it.
Closeness = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


def compared_pairs(
    features: Features,
    similarity_of: Similarity,
    closeness: Closeness,
    threshold: float,
    neighbours: int = NEIGHBOURS,
    most: int = MOST_NEIGHBOURS,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs to compare in full (rows < cols) and their similarity: each article's
    list of its `neighbours` nearest, doubled, up to `most`, for each article whose every
    listed neighbour is as close as the story `threshold` (by `closeness`)."""
    n = len(features.languages)
    search = NeighbourSearch(features, threshold)
    sources, targets = search.lists(neighbours)
    rows, cols = unique_pairs(n, sources, targets)
    similarity = similarity_of(rows, cols)
    listed = neighbours
    while listed < most:
        close = closeness(sources, targets, similarity_at(n, rows, cols, similarity, sources, targets)) >= threshold
        full = lists_within_their_story(n, sources, close, listed)
        if not len(full):
            break
        listed = min(2 * listed, most)
        sources, targets = search.lists(listed, only=full)
        rows, cols, similarity = _with_pairs(n, rows, cols, similarity, sources, targets, similarity_of)
    return rows, cols, similarity


def lists_within_their_story(n: int, sources: np.ndarray, close: np.ndarray, listed: int) -> np.ndarray:
    """The articles whose list (their edges in `sources`) is `listed` long, every listed
    neighbour `close`: the list may end inside the story."""
    length = np.bincount(sources, minlength=n)
    far = np.bincount(sources[~close], minlength=n)
    return np.flatnonzero((length >= listed) & (far == 0))


def similarity_at(
    n: int, rows: np.ndarray, cols: np.ndarray, similarity: np.ndarray, sources: np.ndarray, targets: np.ndarray
) -> np.ndarray:
    """The `similarity` of the pairs (rows, cols) of 0..n-1 looked up for each (source,
    target), in either order; every such pair must be among them."""
    keys = rows * n + cols
    order = np.argsort(keys)
    wanted = np.minimum(sources, targets) * n + np.maximum(sources, targets)
    return similarity[order[np.searchsorted(keys, wanted, sorter=order)]]


def _with_pairs(
    n: int,
    rows: np.ndarray,
    cols: np.ndarray,
    similarity: np.ndarray,
    sources: np.ndarray,
    targets: np.ndarray,
    similarity_of: Similarity,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs and their similarity, with those of the lists (sources, targets) not among them yet."""
    new_rows, new_cols = unique_pairs(n, sources, targets)
    fresh = ~np.isin(new_rows * n + new_cols, rows * n + cols)
    new_rows, new_cols = new_rows[fresh], new_cols[fresh]
    return (
        np.concatenate([rows, new_rows]),
        np.concatenate([cols, new_cols]),
        np.concatenate([similarity, similarity_of(new_rows, new_cols)]),
    )


class NeighbourSearch:
    """Each article's most similar articles by a quick estimate: the weighted sum of the
    signals' cosines (each text cut to its ESTIMATE_TERMS strongest terms) times the time
    factor. It is computed for a block of articles at a time, close in time, against the
    articles near enough in time to reach `threshold` (and the undated): memory grows
    with n, never with n²."""

    def __init__(self, features: Features, threshold: float):
        self.features = features
        self.n = len(features.languages)
        self.estimate_rows = {name: _strongest(rows) for name, rows in features.rows.items() if WEIGHTS[name] > 0}
        self.reach = time_reach(threshold)
        self.order = np.argsort(features.hours, kind="stable")  # undated (NaN) last
        self.sorted_hours = features.hours[self.order]
        self.undated = self.order[np.isnan(self.sorted_hours)]

    def lists(self, neighbours: int, only: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Each article's (or each of `only`'s) `neighbours` nearest, as directed edges
        (sources, targets)."""
        chosen = self.order if only is None else self.order[np.isin(self.order, only)]
        if neighbours >= self.n - 1:  # every other article
            sources, targets = np.repeat(chosen, self.n), np.tile(np.arange(self.n), len(chosen))
            return sources[sources != targets], targets[sources != targets]
        blocks = [chosen[start : start + BLOCK_ROWS] for start in range(0, len(chosen), BLOCK_ROWS)]
        return nearest_lists(self.n, neighbours, self.block_scores, blocks)

    def block_scores(self, block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The articles near `block` in time (all, if any is undated) and the estimate of each pair."""
        hours = self.features.hours[block]
        first, last = np.searchsorted(self.sorted_hours, [hours.min() - self.reach, hours.max() + self.reach])
        if np.isnan(hours).any() or last - first + len(self.undated) == self.n:
            return np.arange(self.n), _estimate(self.features, self.estimate_rows, block, None)
        columns = np.concatenate([self.order[first:last], self.undated])
        return columns, _estimate(self.features, self.estimate_rows, block, columns)


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
