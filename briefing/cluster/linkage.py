"""Average-link agglomerative clustering on a sparse similarity graph.

scipy's `linkage(..., method="average")` needs the dense condensed distance matrix:
n(n-1)/2 float64 values, about 10 GB for 50,000 articles. Here only the similar pairs
are kept, as a graph of edges (typically each article's k nearest neighbours), and a pair
without an edge counts as similarity 0. With every positive pair given, `average_link`
gives the same partition as scipy's average linkage cut at distance 1 - threshold.

Similarities at or below 0 are dropped, i.e. clipped to 0 (a missing edge means the same).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from operator import truediv

import numpy as np

# A heap entry's neighbour field when the entry is only a bound, with no pair to try.
NO_HINT = -1


def nearest_neighbours(
    n: int, k: int, block_scores: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]], blocks: Iterable[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Each of 0..n-1's k best-scoring partners, as deduplicated edges (rows < cols); see
    `nearest_lists`."""
    return unique_pairs(n, *nearest_lists(n, k, block_scores, blocks))


def nearest_lists(
    n: int, k: int, block_scores: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]], blocks: Iterable[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Each blocked row's k best-scoring partners, as directed edges (sources, targets):
    its list, in no particular order.

    `blocks` partition the rows to list (all of 0..n-1, or some); `block_scores(block)`
    gives the columns worth comparing with that block and a len(block) × len(columns)
    array of scores, so memory stays at one block's scores. A row is never its own partner."""
    empty = np.empty(0, dtype=np.int64)
    if n < 2 or k < 1:
        return empty, empty
    sources, targets = [], []
    for block in blocks:
        columns, scores = block_scores(block)
        scores[block[:, None] == columns[None, :]] = -np.inf  # a row is not its own neighbour
        take = min(k, len(columns) - 1)
        if take < 1:
            continue
        np.negative(scores, out=scores)  # best first
        top = np.argpartition(scores, take - 1, axis=1)[:, :take]
        sources.append(np.repeat(block, take))
        targets.append(columns[top].ravel())
    if not sources:
        return empty, empty
    return np.concatenate(sources).astype(np.int64), np.concatenate(targets).astype(np.int64)


def unique_pairs(n: int, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (a[i], b[i]) as (low, high), without self-pairs or repeats."""
    low, high, _ = _unique_pairs(n, a, b)
    return low, high


def _unique_pairs(n: int, a: np.ndarray, b: np.ndarray, keep: np.ndarray | None = None):
    """Pairs as (low, high) without self-pairs or repeats (the first of repeats is kept)."""
    low, high = np.minimum(a, b).astype(np.int64), np.maximum(a, b).astype(np.int64)
    distinct = low != high if keep is None else (low != high) & keep
    low, high = low[distinct], high[distinct]
    _, first = np.unique(low * n + high, return_index=True)
    first.sort()
    return low[first], high[first], np.flatnonzero(distinct)[first]


def average_link(
    n: int, rows: np.ndarray, cols: np.ndarray, similarity: np.ndarray, threshold: float
) -> list[list[int]]:
    """Partition 0..n-1 into groups by average-link agglomeration on a sparse graph.
    Edges (rows[i], cols[i]) carry similarity[i]; a pair that is not an edge counts as similarity 0
    (so with all positive pairs given, the result equals scipy's average linkage cut at distance 1 - threshold).
    Two groups merge while the mean similarity over all their cross pairs (sum of edge similarities
    between them / (size_a * size_b)) is >= threshold; always the best pair first.
    Every index appears in exactly one group; isolated nodes are groups of one. Groups are listed
    in order of their smallest index, members sorted.

    Self-edges are ignored, similarities <= 0 count as 0, and of a pair given twice only its
    first edge counts. With threshold <= 0 every pair qualifies, so all of 0..n-1 is one group."""
    if n == 0:
        return []
    if threshold <= 0:
        return [list(range(n))]
    similarity = np.asarray(similarity, dtype=np.float64)
    low, high, kept = _unique_pairs(n, np.asarray(rows), np.asarray(cols), keep=similarity > 0)
    parent = _agglomerate(n, low.tolist(), high.tolist(), similarity[kept].tolist(), threshold)
    return _groups(parent)


def _agglomerate(n: int, low: list, high: list, weight: list, threshold: float) -> np.ndarray:
    """Merge greedily, best pair first; returns parent[i], the cluster node i was merged into.

    Average link is reducible: a merged group is never more similar to a third group than
    the better of its parts was. So each cluster's best mean so far is an upper bound on its
    best mean from then on, and the heap holds one entry per cluster, (-bound, id, version,
    hinted neighbour). A popped entry whose hinted pair still has exactly that mean is the
    best pair overall; otherwise the cluster's neighbours are scanned for a fresh entry, and a
    cluster whose best falls below the threshold is done for good. A merged cluster keeps
    the id of the part with more neighbours, and only the other part's neighbours are moved
    over (small into large)."""
    links: list[dict[int, float]] = [{} for _ in range(n)]
    for a, b, s in zip(low, high, weight):
        links[a][b] = links[b][a] = s
    size, parent, version = [1] * n, list(range(n)), [0] * n
    heap = [entry for a in range(n) if (entry := _best_entry(a, links, size, version, threshold))]
    heapq.heapify(heap)
    while heap:
        negative_mean, a, entry_version, b = heapq.heappop(heap)
        if parent[a] != a or version[a] != entry_version:
            continue  # merged away, or superseded by a newer entry
        version[a] += 1
        if b == NO_HINT or parent[b] != b or links[a][b] / (size[a] * size[b]) != -negative_mean:
            if entry := _best_entry(a, links, size, version, threshold):
                heapq.heappush(heap, entry)
            continue
        keep, gone = (a, b) if len(links[a]) >= len(links[b]) else (b, a)
        parent[gone] = keep
        size[keep] += size[gone]
        kept_links = links[keep]
        del kept_links[gone]
        for other, s in links[gone].items():
            if other != keep:
                total = kept_links[other] = kept_links.get(other, 0.0) + s
                other_links = links[other]
                del other_links[gone]
                other_links[keep] = total
        links[gone] = {}
        version[keep] += 1  # the merged pair's mean bounds the merged cluster's best
        heapq.heappush(heap, (negative_mean, keep, version[keep], NO_HINT))
    return np.array(parent, dtype=np.int64)


def _best_entry(a: int, links: list, size: list, version: list, threshold: float) -> tuple | None:
    """Heap entry (-mean, a, version, neighbour) for a's most similar neighbour, if mergeable."""
    neighbours = links[a]
    if not neighbours:
        return None
    _, b = max(zip(map(truediv, neighbours.values(), map(size.__getitem__, neighbours)), neighbours))
    mean = neighbours[b] / (size[a] * size[b])
    return (-mean, a, version[a], b) if mean >= threshold else None


def _groups(parent: np.ndarray) -> list[list[int]]:
    """Groups by root of the merge forest, ordered by smallest member."""
    while True:  # pointer jumping until every node points at its root
        grand = parent[parent]
        if np.array_equal(grand, parent):
            break
        parent = grand
    order = np.argsort(parent, kind="stable")
    _, starts = np.unique(parent[order], return_index=True)
    groups = [members.tolist() for members in np.split(order, starts[1:])]
    groups.sort(key=lambda members: members[0])
    return groups
