"""The clusters of `briefing clusters`, as JSON (the format other tools rely on, see the
README) or as a readable list; `--explain` adds what ties each cluster together.

Every selected article is listed once: a merged duplicate right after the article it was
merged into (its keeper), in the keeper's cluster or in `unclustered`; `duplicates` maps
each keeper to the ids merged into it.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from briefing.cluster.duplicates import duplicate_ids, merged_ids, with_duplicates
from briefing.cluster.explain import Explanation
from briefing.models import Article, Cluster


def clusters_as_data(
    clusters: list[Cluster], unclustered: list[Article], explanations: dict[str, Explanation]
) -> dict[str, Any]:
    merged = merged_ids([a for c in clusters for a in c.articles] + unclustered)
    return {
        "clusters": [_cluster_as_data(c, explanations.get(c.id), merged) for c in clusters],
        "stories": [
            {
                "id": story,
                "label": members[0].label,
                "clusters": [c.id for c in members],
                "reports": with_duplicates([a.id for a in unclustered if a.story == story], merged),
            }
            for story, members in stories_of(clusters).items()
        ],
        "unclustered": with_duplicates([a.id for a in unclustered], merged),
        "duplicates": merged,
    }


def stories_of(clusters: list[Cluster]) -> dict[str, list[Cluster]]:
    """The clusters of each story, most important first (a story is labelled by its first)."""
    stories: dict[str, list[Cluster]] = {}
    for cluster in clusters:
        stories.setdefault(cluster.story, []).append(cluster)
    return stories


def _cluster_as_data(cluster: Cluster, explanation: Explanation | None, merged: dict[str, list[str]]) -> dict[str, Any]:
    data = {
        "id": cluster.id,
        "story": cluster.story,
        "label": cluster.label,
        "articles": with_duplicates([a.id for a in cluster.articles], merged),
        "sources": sorted(cluster.outlets),
        "keywords": cluster.keywords,
        "duplicates": {a.id: merged[a.id] for a in cluster.articles if a.id in merged},
    }
    if explanation is not None:
        data["explanation"] = asdict(explanation)
    return data


def clusters_as_text(clusters: list[Cluster], unclustered: list[Article], explanations: dict[str, Explanation]) -> str:
    """Each story with its events (a story of one event is the event alone), then the rest."""
    lines = []
    for story, members in stories_of(clusters).items():
        indent = ""
        if len(members) > 1:
            lines.append(f"{story}  {members[0].label}  (story of {len(members)} events)")
            indent = "  "
        for cluster in members:
            lines.extend(indent + line for line in _cluster_lines(cluster, explanations))
    lines.append(f"unclustered ({len(unclustered)}{_and_duplicates(unclustered)}):")
    lines.extend(line for a in unclustered for line in _article_lines(a, _of_story(a)))
    return "\n".join(lines) + "\n"


def _article_lines(article: Article, note: str = "") -> list[str]:
    """The article, then each article merged into it: `- id: (duplicate of keeper)`."""
    lines = [f"    - {article.id}: {article.title or article.text[:70]}{note}"]
    lines.extend(f"    - {merged}: (duplicate of {article.id})" for merged in duplicate_ids(article))
    return lines


def _and_duplicates(articles: list[Article]) -> str:
    """` and 2 duplicates` merged into the articles, or "" when none were."""
    duplicates = sum(len(duplicate_ids(a)) for a in articles)
    return f" and {duplicates} duplicate{'s' if duplicates != 1 else ''}" if duplicates else ""


def _of_story(article: Article) -> str:
    return f"  (single report of {article.story})" if article.story else ""


def _cluster_lines(cluster: Cluster, explanations: dict[str, Explanation]) -> list[str]:
    outlets = ", ".join(sorted(cluster.outlets)) or "outlet not given"
    counted = f"{len(cluster.articles)} articles{_and_duplicates(cluster.articles)}"
    lines = [f"{cluster.id}  {cluster.label}  ({counted}; {outlets})",
             f"    keywords: {', '.join(cluster.keywords)}"]  # fmt: skip
    if cluster.id in explanations:
        lines.extend(_explanation_lines(explanations[cluster.id]))
    lines.extend(line for a in cluster.articles for line in _article_lines(a))
    return lines


def _explanation_lines(explanation: Explanation) -> list[str]:
    signals = ", ".join(f"{name} {value:.2f}" for name, value in explanation.signals.items())
    return [
        f"    shared words: {', '.join(explanation.terms) or '(none in half the articles)'}",
        f"    shared names and numbers: {', '.join(explanation.names) or '(none in half the articles)'}",
        f"    mean similarity {explanation.similarity:.2f} ({signals})",
    ]
