"""Which passages say the most about a story: whole declarative sentences, central to the
cluster, early in their article, and not repeating one another (maximal marginal
relevance). The extractive summary quotes what this chooses; the LLM path shows it to
the model."""

from __future__ import annotations

from collections import Counter

import numpy as np
from scipy.sparse import csr_matrix

from briefing.models import Cluster, Passage
from briefing.text.terms import terms, tfidf_matrix

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
    """How many statements a section of `cluster` has: more articles, more to say."""
    return max(MIN_STATEMENTS, min(MAX_STATEMENTS, len(cluster.articles) + 2))


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


def _centrality(vectors: csr_matrix) -> np.ndarray:
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
