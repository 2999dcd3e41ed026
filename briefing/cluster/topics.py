"""Groups of articles → topics: each cluster (an event, with the story it belongs to)
labelled (the title of its most central article), given keywords and an importance
score, ranked; then capped to what fits in the brief. Groups of one article are not
clusters: those articles are single reports, shown under their story when it has
clusters (`Article.story`), else in the brief's "Further reports".
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime

import numpy as np

from briefing.cluster.events import Clusterer, EventClusterer
from briefing.cluster.signals import article_terms
from briefing.cluster.window import newest_first
from briefing.models import Article, Cluster, RunReport
from briefing.settings import Settings
from briefing.text.terms import surface_forms, tfidf_matrix

KEYWORDS_PER_CLUSTER = 5
# Centrality and keywords are judged on the title and this much of the text: what the
# story is, at a third of the cost of whole texts.
DESCRIBED_CHARACTERS = 1000

# Importance = how many outlets carry a story, how many articles, how recent it is.
OUTLET_WEIGHT = 1.0
ARTICLE_WEIGHT = 0.5
RECENCY_WEIGHT = 0.5
RECENCY_HALF_LIFE_HOURS = 24.0


def cluster_articles(
    articles: list[Article], clusterer: Clusterer | None = None
) -> tuple[list[Cluster], list[Article]]:
    """Clusters of two or more articles, most important first, and the articles left over."""
    groups, stories = (clusterer or EventClusterer()).group_stories(articles)
    for article in articles:
        article.story = ""
    newest = max((a.published for a in articles if a.published), default=None)
    described: list[tuple[Cluster, int]] = []  # each cluster with its story's number
    unclustered: list[tuple[Article, int]] = []
    for group, story in zip(groups, stories):
        members = [articles[index] for index in group]
        if len(members) == 1:
            unclustered.append((members[0], story))
        else:
            described.append((describe_cluster(members, newest), story))
    described.sort(key=lambda pair: -pair[0].score)
    story_ids: dict[int, str] = {}  # stories numbered by their most important event
    for rank, (cluster, story) in enumerate(described, start=1):
        cluster.id = f"c{rank}"
        cluster.story = story_ids.setdefault(story, f"s{len(story_ids) + 1}")
    for article, story in unclustered:  # a single report of a story with clusters goes with it
        article.story = story_ids.get(story, "")
    return [cluster for cluster, _ in described], sorted((a for a, _ in unclustered), key=newest_first)


def describe_cluster(members: list[Article], newest: datetime | None) -> Cluster:
    """A cluster of `members` with its label, keywords and importance score."""
    vectors, vocabulary = tfidf_matrix([article_terms(_opening(article)) for article in members])
    centroid = np.asarray(vectors.mean(axis=0)).ravel()
    centrality = vectors @ centroid
    members = [members[index] for index in np.argsort(-centrality, kind="stable")]
    cluster = Cluster(id="", articles=members)
    cluster.label = _label(members)
    cluster.keywords = _keywords(members, centroid, vocabulary)
    cluster.score = importance(cluster, newest)
    return cluster


def _opening(article: Article) -> Article:
    """The article cut to what describes it: title and opening paragraphs."""
    return replace(article, text=article.text[:DESCRIBED_CHARACTERS])


def _label(members_by_centrality: list[Article]) -> str:
    """The title of the most central article that has one, else its opening words."""
    for article in members_by_centrality:
        if article.title:
            return article.title
    opening = members_by_centrality[0].text.split("\n", 1)[0]
    return opening if len(opening) <= 90 else opening[:89].rsplit(" ", 1)[0] + " …"


def _keywords(members_by_centrality: list[Article], centroid, vocabulary) -> list[str]:
    """The strongest terms of the centroid, as written in the most central article that has them."""
    top = [
        vocabulary[index]
        for index in np.argsort(-centroid, kind="stable")[:KEYWORDS_PER_CLUSTER]
        if centroid[index] > 0
    ]
    forms: dict[str, str] = {}
    for article in members_by_centrality:
        if all(stem in forms for stem in top):
            break
        for stem, form in surface_forms(
            f"{article.title or ''}\n{article.text[:DESCRIBED_CHARACTERS]}", article.language
        ).items():
            forms.setdefault(stem, form)
    return [forms.get(stem, stem) for stem in top]


def importance(cluster: Cluster, newest: datetime | None) -> float:
    """More outlets, more articles and more recent reports make a story more important."""
    latest = max((a.published for a in cluster.articles if a.published), default=None)
    recency = 0.0
    if latest and newest:
        age_hours = (newest - latest).total_seconds() / 3600
        recency = 0.5 ** (age_hours / RECENCY_HALF_LIFE_HOURS)
    return (
        OUTLET_WEIGHT * math.log1p(len(cluster.outlets))
        + ARTICLE_WEIGHT * math.log1p(len(cluster.articles))
        + RECENCY_WEIGHT * recency
    )


def cap_topics(
    clusters: list[Cluster], unclustered: list[Article], settings: Settings, report: RunReport
) -> tuple[list[Cluster], list[Article]]:
    """The clusters of the most important stories and the most recent single reports that
    fit the brief: `max_topics` counts stories, each shown whole, with its developments and
    its single reports; `max_further_reports` counts the single reports of no story."""
    shown, hidden = _split_stories(clusters, settings.max_topics)
    shown_stories = {cluster.story for cluster in shown}
    of_shown = [a for a in unclustered if a.story and a.story in shown_stories]
    of_hidden = [a for a in unclustered if a.story and a.story not in shown_stories]
    further, further_hidden = _split([a for a in unclustered if not a.story], settings.max_further_reports)
    report.topics_not_shown = story_labels(hidden)
    report.articles_not_shown = [a.id for cluster in hidden for a in cluster.articles] + [a.id for a in of_hidden]
    report.further_not_shown = [article.id for article in further_hidden]
    return shown, sorted(of_shown + further, key=newest_first)


def story_labels(clusters: list[Cluster]) -> list[str]:
    """A label for each story of `clusters`: its first (most important) cluster's."""
    labels: dict[str, str] = {}
    for cluster in clusters:
        labels.setdefault(cluster.story or cluster.id, cluster.label)
    return list(labels.values())


def _split_stories(clusters: list[Cluster], limit: int | None) -> tuple[list[Cluster], list[Cluster]]:
    """The clusters of the first `limit` stories (in the clusters' order) and the rest."""
    if limit is None:
        return clusters, []
    stories = list(dict.fromkeys(cluster.story or cluster.id for cluster in clusters))[:limit]
    kept = set(stories)
    return [c for c in clusters if (c.story or c.id) in kept], [c for c in clusters if (c.story or c.id) not in kept]


def _split(items: list, limit: int | None) -> tuple[list, list]:
    return (items, []) if limit is None else (items[:limit], items[limit:])
