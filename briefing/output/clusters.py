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
        "unclustered": [a.id for a in unclustered],
    }


def _cluster_as_data(cluster: Cluster, explanation: Explanation | None) -> dict[str, Any]:
    data = {
        "id": cluster.id,
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
    lines = []
    for cluster in clusters:
        outlets = ", ".join(sorted(cluster.outlets)) or "outlet not given"
        lines.append(f"{cluster.id}  {cluster.label}  ({len(cluster.articles)} articles; {outlets})")
        lines.append(f"    keywords: {', '.join(cluster.keywords)}")
        if cluster.id in explanations:
            lines.extend(_explanation_lines(explanations[cluster.id]))
        lines.extend(f"    - {a.id}: {a.title or a.text[:70]}" for a in cluster.articles)
    lines.append(f"unclustered ({len(unclustered)}):")
    lines.extend(f"    - {a.id}: {a.title or a.text[:70]}" for a in unclustered)
    return "\n".join(lines) + "\n"


def _explanation_lines(explanation: Explanation) -> list[str]:
    signals = ", ".join(f"{name} {value:.2f}" for name, value in explanation.signals.items())
    return [
        f"    shared words: {', '.join(explanation.terms) or '(none in half the articles)'}",
        f"    shared names and numbers: {', '.join(explanation.names) or '(none in half the articles)'}",
        f"    mean similarity {explanation.similarity:.2f} ({signals})",
    ]
