import numpy as np
import pytest
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from briefing.cluster.linkage import average_link, nearest_neighbours


def random_similarity(n: int, seed: int) -> np.ndarray:
    upper = np.triu(np.random.default_rng(seed).random((n, n)), k=1)
    return upper + upper.T + np.eye(n)


def scipy_partition(similarity: np.ndarray, threshold: float) -> set[frozenset[int]]:
    tree = linkage(squareform(1.0 - similarity, checks=False), method="average")
    labels = fcluster(tree, t=1.0 - threshold, criterion="distance")
    return {frozenset(np.flatnonzero(labels == label).tolist()) for label in set(labels)}


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("threshold", [0.15, 0.3, 0.45, 0.55, 0.7, 0.9])
def test_with_all_pairs_given_the_partition_equals_scipy_average_linkage(seed, threshold):
    similarity = random_similarity(30, seed) ** 3  # skewed, so the cuts give varied group sizes
    rows, cols = np.triu_indices(30, k=1)
    groups = average_link(30, rows, cols, similarity[rows, cols], threshold)
    assert {frozenset(group) for group in groups} == scipy_partition(similarity, threshold)
    assert sorted(i for group in groups for i in group) == list(range(30))
    assert groups == sorted(groups) and all(group == sorted(group) for group in groups)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("threshold", [0.05, 0.1, 0.2, 0.4])
def test_with_only_the_nonzero_pairs_given_the_partition_equals_scipy_on_the_zero_filled_matrix(seed, threshold):
    similarity = random_similarity(40, seed)
    similarity[random_similarity(40, seed + 100) < 0.8] = 0.0  # about 80% of pairs have no edge
    np.fill_diagonal(similarity, 1.0)
    rows, cols = np.nonzero(np.triu(similarity, k=1))
    groups = average_link(40, rows, cols, similarity[rows, cols], threshold)
    assert {frozenset(group) for group in groups} == scipy_partition(similarity, threshold)


def test_a_missing_edge_counts_as_zero_similarity():
    # 0-1 and 1-2 are alike, 0-2 has no edge: {0, 1} forms, then {0, 1} vs 2 averages (0 + 0.8) / 2.
    rows, cols, similarity = np.array([0, 1]), np.array([1, 2]), np.array([0.9, 0.8])
    assert average_link(3, rows, cols, similarity, threshold=0.5) == [[0, 1], [2]]
    assert average_link(3, rows, cols, similarity, threshold=0.4) == [[0, 1, 2]]


def test_isolated_nodes_stay_single_and_tiny_inputs_work():
    rows, cols, similarity = np.array([3]), np.array([1]), np.array([0.95])
    assert average_link(5, rows, cols, similarity, 0.5) == [[0], [1, 3], [2], [4]]
    assert average_link(0, np.array([]), np.array([]), np.array([]), 0.5) == []
    assert average_link(1, np.array([]), np.array([]), np.array([]), 0.5) == [[0]]


def test_repeated_self_and_non_positive_edges_do_not_add_similarity():
    rows, cols = np.array([0, 1, 0, 2, 0]), np.array([1, 0, 0, 0, 2])
    similarity = np.array([0.9, 0.9, 5.0, -3.0, 0.7])
    # Counted: 0-1 at 0.9 (once) and 0-2 at 0.7, so {0, 1} vs 2 averages 0.35.
    assert average_link(3, rows, cols, similarity, 0.4) == [[0, 1], [2]]
    assert average_link(3, rows, cols, similarity, 0.3) == [[0, 1, 2]]


def unit_rows(n: int, d: int, seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((n, d)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def brute_force_edges(vectors: np.ndarray, k: int) -> set[tuple[int, int]]:
    products = vectors @ vectors.T
    np.fill_diagonal(products, -np.inf)
    top = np.argsort(-products, axis=1)[:, :k]
    return {(min(i, int(j)), max(i, int(j))) for i in range(len(vectors)) for j in top[i]}


def neighbours_of(vectors: np.ndarray, k: int, block_rows: int, columns=None):
    """nearest_neighbours over dense vectors, blocks of consecutive rows, `columns` (None: all)."""
    n = len(vectors)
    every = np.arange(n) if columns is None else np.asarray(columns)

    def block_scores(block):
        return every, vectors[block] @ vectors[every].T

    blocks = [np.arange(start, min(start + block_rows, n)) for start in range(0, n, block_rows)]
    return nearest_neighbours(n, k, block_scores, blocks)


@pytest.mark.parametrize("block_rows", [7, 1024])
def test_nearest_neighbours_are_each_rows_true_top_k(block_rows):
    vectors = unit_rows(60, 16, seed=1)
    rows, cols = neighbours_of(vectors, k=4, block_rows=block_rows)
    pairs = list(zip(rows.tolist(), cols.tolist()))
    assert all(row < col for row, col in pairs) and len(pairs) == len(set(pairs))
    assert set(pairs) == brute_force_edges(vectors, k=4)


def test_nearest_neighbours_with_k_at_least_n_minus_one_gives_all_pairs():
    rows, cols = neighbours_of(unit_rows(6, 4, seed=2), k=10, block_rows=4)
    assert set(zip(rows.tolist(), cols.tolist())) == {(i, j) for i in range(6) for j in range(i + 1, 6)}
    assert [len(a) for a in neighbours_of(unit_rows(1, 4, seed=3), k=3, block_rows=4)] == [0, 0]


def test_nearest_neighbours_look_only_at_the_columns_offered():
    vectors = unit_rows(20, 8, seed=4)
    rows, cols = neighbours_of(vectors, k=3, block_rows=5, columns=range(10))
    assert set(cols.tolist()) | set(rows.tolist()) <= set(range(20))
    assert all(min(edge) < 10 or max(edge) < 10 for edge in zip(rows.tolist(), cols.tolist()))
