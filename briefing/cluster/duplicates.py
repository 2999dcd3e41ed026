"""The same story carried twice (an agency text in two feeds) becomes one article.

Two texts are the same story when most word 5-grams ("shingles") of the shorter one
occur in the longer one. The article with the longest text is kept; the others are
remembered as its duplicates, so their outlets still count for the story, and their ids
are listed beside it wherever it is listed (`merged_ids`, `with_duplicates`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
from scipy.sparse import csr_matrix

from briefing.models import Article, SourceRef
from briefing.text.terms import words

SHINGLE_WORDS = 5
# Share of the shorter text's shingles found in the longer one. Edited copies of one
# agency story (new headline, a changed word) score > 0.9; distinct reports on the same
# event rarely share more than a few quoted sentences (< 0.3).
NEAR_DUPLICATE_CONTAINMENT = 0.8
# Below this many shingles a text is too short to call a copy of another.
MIN_SHINGLES = 8


def merge_duplicates(articles: list[Article]) -> tuple[list[Article], int]:
    """The articles with duplicates merged, and how many were merged away."""
    groups = _duplicate_groups(articles)
    kept = [_merge(group) for group in groups]
    order = {id(article): position for position, article in enumerate(articles)}
    kept.sort(key=lambda article: order[id(article)])
    return kept, len(articles) - len(kept)


def merged_ids(articles: Iterable[Article]) -> dict[str, list[str]]:
    """Each article with merged duplicates → their ids (each once), for the JSON formats."""
    return {article.id: ids for article in articles if (ids := duplicate_ids(article))}


def duplicate_ids(article: Article) -> list[str]:
    """The ids of the articles merged into `article`, each once, in the order merged."""
    return [i for i in dict.fromkeys(ref.article_id for ref in article.duplicates) if i != article.id]


def with_duplicates(ids: Iterable[str], merged: Mapping[str, list[str]]) -> list[str]:
    """The ids, each followed by the ids merged into it (from `merged_ids`)."""
    return [listed for article_id in ids for listed in (article_id, *merged.get(article_id, ()))]


def _merge(group: list[Article]) -> Article:
    keeper = max(group, key=lambda article: len(article.text))  # the first of equals
    for other in group:
        if other is not keeper:
            keeper.duplicates.append(_reference(other))
            keeper.duplicates.extend(other.duplicates)
    return keeper


def _reference(article: Article) -> SourceRef:
    return SourceRef(article.id, article.source, article.url, article.published)


def _duplicate_groups(articles: list[Article]) -> list[list[Article]]:
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in _duplicate_pairs(articles):
        parent[root(i)] = root(j)
    groups: dict[int, list[Article]] = {}
    for index, article in enumerate(articles):
        groups.setdefault(root(index), []).append(article)
    return list(groups.values())


def _duplicate_pairs(articles: list[Article]) -> list[tuple[int, int]]:
    """Index pairs (i < j) of articles whose texts are the same story."""
    shingles = _shingle_matrix(articles)
    sizes = np.asarray(shingles.sum(axis=1)).ravel()
    shared = (shingles @ shingles.T).tocoo()
    pairs = []
    for i, j, count in zip(shared.row, shared.col, shared.data):
        smaller = min(sizes[i], sizes[j])
        if i < j and smaller >= MIN_SHINGLES and count / smaller >= NEAR_DUPLICATE_CONTAINMENT:
            pairs.append((int(i), int(j)))
    return pairs


def _shingle_matrix(articles: list[Article]) -> csr_matrix:
    """One row per article, one column per distinct shingle, 1 where it occurs."""
    vocabulary: dict[tuple[str, ...], int] = {}
    rows, columns = [], []
    for row, article in enumerate(articles):
        tokens = words(article.text)
        distinct = {tuple(tokens[k : k + SHINGLE_WORDS]) for k in range(len(tokens) - SHINGLE_WORDS + 1)}
        for shingle in distinct:
            rows.append(row)
            columns.append(vocabulary.setdefault(shingle, len(vocabulary)))
    data = np.ones(len(rows), dtype=np.float32)
    return csr_matrix((data, (rows, columns)), shape=(len(articles), max(len(vocabulary), 1)))
