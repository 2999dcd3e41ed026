"""Why articles share a cluster: the terms and names they have in common, and how much
each similarity signal says about them (`briefing clusters --explain`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from briefing.cluster.events import EventClusterer
from briefing.cluster.signals import article_features, names_as_written, pair_similarity, signal_similarity
from briefing.models import Article, Cluster
from briefing.text.terms import surface_forms, terms

SHOWN_TIES = 8
# Pairs averaged for the signal figures: all of them up to this many members.
EXPLAINED_MEMBERS = 30


@dataclass
class Explanation:
    terms: list[str]  # words in at least half of the articles (at least two), most shared first
    names: list[str]  # names and numbers likewise
    signals: dict[str, float]  # each signal's mean similarity over the member pairs
    similarity: float  # the combined mean similarity (what average link compared)


def explain_cluster(cluster: Cluster, clusterer: EventClusterer) -> Explanation:
    """What the articles of `cluster` (two or more) share."""
    members = cluster.articles[:EXPLAINED_MEMBERS]
    return Explanation(
        terms=_shared(members, _terms_as_written),
        names=_shared(members, names_as_written),
        **_signal_means(members, clusterer),
    )


def _terms_as_written(article: Article) -> list[tuple[str, str]]:
    text = f"{article.title or ''}\n{article.text}"
    forms = surface_forms(text, article.language)
    return [(stem, forms.get(stem, stem)) for stem in terms(text, article.language)]


def _shared(members: list[Article], ties_of) -> list[str]:
    """What at least half of the members (two at least) have, as first written."""
    counts: Counter[str] = Counter()
    written: dict[str, str] = {}
    for article in members:
        ties = ties_of(article)
        counts.update(list(dict.fromkeys(key for key, _ in ties)))  # once per article, in order
        for key, form in ties:
            written.setdefault(key, form)
    needed = max(2, (len(members) + 1) // 2)
    shared = [key for key, count in counts.most_common() if count >= needed]
    return [written[key] for key in shared[:SHOWN_TIES]]


def _signal_means(members: list[Article], clusterer: EventClusterer) -> dict:
    features = article_features(members, clusterer.signals)
    pairs = list(combinations(range(len(members)), 2))
    rows, cols = (np.array(side, dtype=np.int64) for side in zip(*pairs))
    signals = {name: float(signal_similarity(features, name, rows, cols).mean()) for name in features.rows}
    return {"signals": signals, "similarity": float(pair_similarity(features, rows, cols).mean())}
