"""Each cluster → a section: a headline and its key statements, each cited.

Summarisers are small strategy classes behind a registry; the extractive one always
works offline. Its statements are passages quoted verbatim, so each is correct by
construction: the only question is which passages say the most about the story.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

import numpy as np

from .signals import tfidf_matrix
from .models import Article, Citation, Cluster, Coverage, Passage, Section, Statement
from .terms import terms

MIN_STATEMENTS = 3
MAX_STATEMENTS = 6
# A statement is a whole sentence: enough words to say something, short enough to read.
MIN_STATEMENT_WORDS = 6
MAX_STATEMENT_CHARS = 400
SENTENCE_END = (".", "!", "…", '"', "“", "”", "»", "«", "'", "’", ")")
# News puts the key facts first: a passage's relevance gains this much, divided by its
# position among its article's candidate passages (1, 2, 3, …).
LEAD_BONUS = 0.25
# Maximal marginal relevance: how much similarity to an already chosen statement costs.
REDUNDANCY_WEIGHT = 0.7
# A candidate this similar (cosine of stemmed TF-IDF) to a chosen one says the same again.
MAX_OVERLAP = 0.5
# Each statement already taken from the same article costs this much: spread the voices.
SAME_ARTICLE_PENALTY = 0.08


class Summariser(Protocol):
    name: str

    def summarise(self, cluster: Cluster, passages: dict[str, list[Passage]]) -> Section:
        """A section for `cluster`; `passages` maps article id → its passages."""


def is_statement(passage: Passage) -> bool:
    """Whether a passage reads as a whole declarative sentence (not a heading or question)."""
    text = passage.text
    return (
        len(text.split()) >= MIN_STATEMENT_WORDS
        and len(text) <= MAX_STATEMENT_CHARS
        and text.endswith(SENTENCE_END)
        and not text[0].islower()
    )


def statement_count(cluster: Cluster) -> int:
    return max(MIN_STATEMENTS, min(MAX_STATEMENTS, len(cluster.articles) + 2))


def coverage_of(cluster: Cluster) -> Coverage:
    unknown = sum(1 for article in cluster.articles if not article.outlets)
    return Coverage(len(cluster.articles), sorted(cluster.outlets), unknown)


def lead_statement(article: Article, passages: list[Passage]) -> Statement:
    """The article's first passage that reads as a statement (else its first passage)."""
    lead = next((p for p in passages if is_statement(p)), passages[0])
    return Statement(lead.text, [Citation.of(lead)])


class ExtractiveSummariser:
    """Central, non-redundant passages from all of a cluster's articles, quoted verbatim."""

    name = "extractive"

    def summarise(self, cluster: Cluster, passages: dict[str, list[Passage]]) -> Section:
        languages = {article.id: article.language for article in cluster.articles}
        candidates = _candidates(cluster, passages)
        chosen = select_passages(candidates, languages, statement_count(cluster))
        statements = [Statement(p.text, [Citation.of(p)]) for p in chosen]
        quoted = [language for language, _ in Counter(languages[p.article_id] for p in chosen).most_common() if language]
        return Section(
            cluster=cluster,
            headline=cluster.label,
            statements=statements,
            method="extractive",
            coverage=coverage_of(cluster),
            language=quoted[0] if quoted else None,
            quoted_languages=quoted,
        )


def _candidates(cluster: Cluster, passages: dict[str, list[Passage]]) -> list[Passage]:
    pool = [p for article in cluster.articles for p in passages.get(article.id, [])]
    statements = [p for p in pool if is_statement(p)]
    return statements if len(statements) >= MIN_STATEMENTS else pool


def select_passages(candidates: list[Passage], languages: dict[str, str | None], count: int) -> list[Passage]:
    """Up to `count` passages by maximal marginal relevance: central, lead, not repeated."""
    if not candidates:
        return []
    vectors, _ = tfidf_matrix([terms(p.text, languages.get(p.article_id)) for p in candidates])
    similarity = (vectors @ vectors.T).toarray()
    relevance = _centrality(vectors) + LEAD_BONUS * _lead_weights(candidates)
    article_of = np.array([p.article_id for p in candidates])
    redundancy = np.zeros(len(candidates))  # each candidate's highest similarity to a chosen one
    taken_from = np.zeros(len(candidates))  # statements already taken from its article
    available = np.ones(len(candidates), dtype=bool)
    chosen: list[int] = []
    while len(chosen) < count:
        value = relevance - REDUNDANCY_WEIGHT * redundancy - SAME_ARTICLE_PENALTY * taken_from
        value[~available | (redundancy > MAX_OVERLAP)] = -np.inf
        best = int(np.argmax(value))
        if value[best] == -np.inf:
            break
        chosen.append(best)
        available[best] = False
        redundancy = np.maximum(redundancy, similarity[:, best])
        taken_from[article_of == article_of[best]] += 1
    return [candidates[index] for index in chosen]


def _centrality(vectors) -> np.ndarray:
    """Cosine of each passage with the centroid of all of them."""
    centroid = np.asarray(vectors.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    return np.asarray(vectors @ (centroid / norm)).ravel() if norm else np.zeros(vectors.shape[0])


def _lead_weights(candidates: list[Passage]) -> np.ndarray:
    position: Counter[str] = Counter()
    weights = []
    for passage in candidates:
        position[passage.article_id] += 1
        weights.append(1.0 / position[passage.article_id])
    return np.array(weights)


SUMMARISERS: dict[str, type] = {ExtractiveSummariser.name: ExtractiveSummariser}


def summarise_clusters(
    clusters: list[Cluster],
    passages: dict[str, list[Passage]],
    summariser: Summariser | None = None,
    on_section: Callable[[], None] | None = None,
) -> list[Section]:
    """A section per cluster, in order; a summariser with `concurrency` > 1 works on several
    at once. `on_section` is called as each section is done (for a progress bar)."""
    summariser = summariser or ExtractiveSummariser()

    def summarise(cluster: Cluster) -> Section:
        section = summariser.summarise(cluster, passages)
        if on_section is not None:
            on_section()
        return section

    workers = min(getattr(summariser, "concurrency", 1), len(clusters))
    if workers <= 1:
        return [summarise(cluster) for cluster in clusters]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(summarise, clusters))
