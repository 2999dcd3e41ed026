"""Words as a search engine sees them: lower-cased, stop words out, stemmed per language.

Shared by clustering, topic relevance, the extractive summary and verification, so that
all compare texts alike; `tfidf_matrix` weighs terms for the first three.
German and English stems often coincide for names and loan words (`ukrain`, `nato`,
`rutte`), which gives a first, weak bridge between the two languages.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import numpy as np
import snowballstemmer
import stopwordsiso
from scipy.sparse import csr_matrix
from sklearn.preprocessing import normalize

WORD = re.compile(r"[^\W\d_](?:[\w'’]*\w)?")  # a word starts with a letter
MIN_TERM_LENGTH = 2

# py3langid codes → Snowball algorithm names
SNOWBALL_LANGUAGES = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german",
    "el": "greek", "en": "english", "es": "spanish", "eu": "basque", "fi": "finnish",
    "fr": "french", "hu": "hungarian", "id": "indonesian", "it": "italian",
    "lt": "lithuanian", "nl": "dutch", "no": "norwegian", "pl": "polish",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sv": "swedish", "tr": "turkish",
}  # fmt: skip
FALLBACK_LANGUAGE = "en"
# Term rarity is judged as if the input had this many more documents, none with the term.
# Without it, a handful of reports on one event (the five seeds) share their key terms
# (NATO, Rutte, Ukraine) in every document, plain IDF weighs those terms least, and the
# reports look unrelated.
BACKGROUND_DOCUMENTS = 50


@cache
def _stemmer(language: str):
    name = SNOWBALL_LANGUAGES.get(language, SNOWBALL_LANGUAGES[FALLBACK_LANGUAGE])
    return snowballstemmer.stemmer(name)


@cache
def stop_words(language: str) -> frozenset[str]:
    """Stop words of `language`, English ones always included (mixed-language news)."""
    words = set(stopwordsiso.stopwords(FALLBACK_LANGUAGE))
    if stopwordsiso.has_lang(language):
        words |= stopwordsiso.stopwords(language)
    return frozenset(words)


def words(text: str) -> list[str]:
    """The lower-cased words of `text`, in order."""
    return WORD.findall(text.lower())


def terms(text: str, language: str | None) -> list[str]:
    """The stems of `text`'s content words, in order, repeats kept."""
    language = language or FALLBACK_LANGUAGE
    stop = stop_words(language)
    kept = [w for w in words(text) if len(w) >= MIN_TERM_LENGTH and w not in stop]
    return _stemmer(language).stemWords(kept)


def surface_forms(text: str, language: str | None) -> dict[str, str]:
    """For each stem of `text`, the word form it appears in most often: for display."""
    language = language or FALLBACK_LANGUAGE
    stop = stop_words(language)
    kept = [w for w in WORD.findall(text) if len(w) >= MIN_TERM_LENGTH and w.lower() not in stop]
    stems = _stemmer(language).stemWords([w.lower() for w in kept])
    counts = Counter(zip(stems, kept))
    forms: dict[str, str] = {}
    for (stem, form), _ in counts.most_common():
        forms.setdefault(stem, form)
    return forms


def tfidf_matrix(documents: list[list[str]], background: int = BACKGROUND_DOCUMENTS):
    """Sublinear TF-IDF rows of unit length (their dot product is the cosine), and the terms."""
    vocabulary: dict[str, int] = {}
    indices: list[int] = []
    counts: list[int] = []
    indptr = [0]
    for document in documents:
        document_counts = Counter(vocabulary.setdefault(term, len(vocabulary)) for term in document)
        indices.extend(document_counts)
        counts.extend(document_counts.values())
        indptr.append(len(indices))
    matrix = csr_matrix(
        (np.asarray(counts, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
        shape=(len(documents), len(vocabulary)),
    )
    document_frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
    idf = np.log((matrix.shape[0] + background) / (document_frequency + 1.0)) + 1.0
    matrix.data = 1.0 + np.log(matrix.data)
    return normalize(matrix.multiply(idf).tocsr()), list(vocabulary)
