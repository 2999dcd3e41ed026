"""The clusters of `briefing clusters`, as JSON (the format other tools rely on, see the
README) or as a readable list; `--explain` adds what ties each cluster together."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from briefing.cluster.explain import Explanation
from briefing.models import Article, Cluster


def clusters_as_data(
    clusters: list[Cluster], unclustered: list[Article], explanations: dict[str, Explanation]
) -> dict[str, Any]:
    return {
        "clusters": [_cluster_as_data(c, explanations.get(c.id)) for c in clusters],
        "stories": [
            {
                "id": story,
                "label": members[0].label,
                "clusters": [c.id for c in members],
                "reports": [a.id for a in unclustered if a.story == story],
            }
            for story, members in stories_of(clusters).items()
        ],
        "unclustered": [a.id for a in unclustered],
    }


def stories_of(clusters: list[Cluster]) -> dict[str, list[Cluster]]:
    """The clusters of each story, most important first (a story is labelled by its first)."""
    stories: dict[str, list[Cluster]] = {}
    for cluster in clusters:
        stories.setdefault(cluster.story, []).append(cluster)
    return stories


def _cluster_as_data(cluster: Cluster, explanation: Explanation | None) -> dict[str, Any]:
    data = {
        "id": cluster.id,
        "story": cluster.story,
        "label": cluster.label,
        "articles": [a.id for a in cluster.articles],
        "sources": sorted(cluster.outlets),
        "keywords": cluster.keywords,
        "duplicates": {a.id: [d.article_id for d in a.duplicates] for a in cluster.articles if a.duplicates},
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
    lines.append(f"unclustered ({len(unclustered)}):")
    lines.extend(f"    - {a.id}: {a.title or a.text[:70]}{_of_story(a)}" for a in unclustered)
    return "\n".join(lines) + "\n"


def _of_story(article: Article) -> str:
    return f"  (single report of {article.story})" if article.story else ""


def _cluster_lines(cluster: Cluster, explanations: dict[str, Explanation]) -> list[str]:
    outlets = ", ".join(sorted(cluster.outlets)) or "outlet not given"
    lines = [f"{cluster.id}  {cluster.label}  ({len(cluster.articles)} articles; {outlets})",
             f"    keywords: {', '.join(cluster.keywords)}"]  # fmt: skip
    if cluster.id in explanations:
        lines.extend(_explanation_lines(explanations[cluster.id]))
    lines.extend(f"    - {a.id}: {a.title or a.text[:70]}" for a in cluster.articles)
    return lines


def _explanation_lines(explanation: Explanation) -> list[str]:
    signals = ", ".join(f"{name} {value:.2f}" for name, value in explanation.signals.items())
    return [
        f"    shared words: {', '.join(explanation.terms) or '(none in half the articles)'}",
        f"    shared names and numbers: {', '.join(explanation.names) or '(none in half the articles)'}",
        f"    mean similarity {explanation.similarity:.2f} ({signals})",
    ]
