"""How well the project's clustering finds events, on labelled news nobody here wrote.

What it measures
    The clusters of `briefing clusters` (pipeline.cluster_paths: ingest, duplicate
    merging, the default clusterer; no date range) against the gold events of the dev
    sets in ../shared/data, and the clusterer's article similarity against the crowd
    scores of semeval-de. One table, with the issue's targets:

    ecbplus       462 English articles, 40 events          B-cubed F1
    newswcl50     10 events x 5 US outlets                 B-cubed F1
    semeval-de    181 German article pairs                 Pearson of similarity vs -overall
    DE+EN mixed   examples/articles + the five seeds       same-event German-English pairs in one cluster
    gnad-topics   514 German articles, 9 coarse topics     B-cubed F1 (report only: topics, not events)

    A merged duplicate counts in its keeper's cluster. Clusters of one article are
    singletons, as they are in the brief.

Run it from the repository root:

    python benchmarks/cluster_quality.py            # prints the table, writes cluster_quality.md
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

from briefing.cluster import EventClusterer  # noqa: E402
from briefing.ingest import read_articles  # noqa: E402
from briefing.pipeline import cluster_paths  # noqa: E402
from briefing.settings import Settings  # noqa: E402


def predicted_clusters(paths: list[Path], level: str = "event") -> dict[str, int | str]:
    """Article id → its cluster (level "event") or story (level "story"), as `briefing
    clusters` groups them (duplicates with their keeper; a lone article is its own)."""
    result = cluster_paths(paths, Settings())
    assigned: dict[str, int | str] = {}
    for number, cluster in enumerate(result.clusters):
        for article in cluster.articles:
            group = cluster.story if level == "story" else number
            assigned[article.id] = group
            assigned.update((ref.article_id, group) for ref in article.duplicates)
    for number, article in enumerate(result.unclustered, start=len(result.clusters)):
        assigned[article.id] = number
        assigned.update((ref.article_id, number) for ref in article.duplicates)
    return assigned


def b_cubed(predicted: dict[str, int], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 over the gold items."""
    by_cluster, by_event = defaultdict(set), defaultdict(set)
    for item in gold:
        by_cluster[predicted[item]].add(item)
        by_event[gold[item]].add(item)
    precision = recall = 0.0
    for item in gold:
        both = len(by_cluster[predicted[item]] & by_event[gold[item]])
        precision += both / len(by_cluster[predicted[item]])
        recall += both / len(by_event[gold[item]])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def b_cubed_f1(predicted: dict[str, int], gold: dict[str, str]) -> float:
    return b_cubed(predicted, gold)[2]


def gold_events(name: str) -> dict[str, str]:
    return {g["id"]: g["event"] for g in map(json.loads, open(SHARED / "data" / name / "gold.jsonl"))}


def event_set(name: str) -> str:
    gold = gold_events(name)
    return f"{b_cubed_f1(predicted_clusters([SHARED / 'data' / name / 'articles.jsonl']), gold):.3f}"


def ecbplus_stories() -> str:
    """ECB+ topics (two events of one kind each, months or years apart) as stories."""
    lines = (SHARED / "data" / "ecbplus" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    gold = {g["id"]: str(g["topic"]) for g in map(json.loads, lines)}
    predicted = predicted_clusters([SHARED / "data" / "ecbplus" / "articles.jsonl"], level="story")
    precision, recall, f1 = b_cubed(predicted, gold)
    return f"{f1:.3f} (P {precision:.3f}, R {recall:.3f})"


def mixed_stories() -> str:
    """The DE+EN mixed set's stories: its events, with the NATO meeting and the Witkoff talks one story."""
    known = json.loads((REPO / "benchmarks" / "mixed_events.json").read_text(encoding="utf-8"))
    story_of = {event: story for story, events in known["stories"].items() for event in events}
    gold = {article: story_of.get(event, event) for event, members in known["events"].items() for article in members}
    predicted = predicted_clusters([REPO / "examples" / "articles", SHARED / "seeds"], level="story")
    return f"{b_cubed_f1(predicted, gold):.3f}"


def semeval_pearson() -> str:
    articles, _ = read_articles([SHARED / "data" / "semeval-de" / "articles.jsonl"], Settings())
    index = {article.id: position for position, article in enumerate(articles)}
    pairs = [json.loads(line) for line in open(SHARED / "data" / "semeval-de" / "pairs.jsonl")]
    ours = EventClusterer().pair_similarity(articles, [(index[p["a"]], index[p["b"]]) for p in pairs])
    return f"{np.corrcoef(ours, [-p['overall'] for p in pairs])[0, 1]:.3f}"


def mixed_languages() -> str:
    events = json.load(open(REPO / "benchmarks" / "mixed_events.json"))["events"]
    gold = {article: event for event, members in events.items() for article in members}
    predicted = predicted_clusters([REPO / "examples" / "articles", SHARED / "seeds"])
    articles, _ = read_articles([REPO / "examples" / "articles", SHARED / "seeds"], Settings())
    language = {a.id: a.language for a in articles}
    pairs = [(a, b) for a in gold for b in gold if a < b and gold[a] == gold[b] and language[a] != language[b]]
    together = sum(predicted[a] == predicted[b] for a, b in pairs)
    return f"{together}/{len(pairs)} (B-cubed F1 {b_cubed_f1(predicted, gold):.3f})"


ROWS = [
    ("ecbplus (462 docs, 40 events)", "B-cubed F1", lambda: event_set("ecbplus"), "≥ 0.93"),
    ("ecbplus stories (its 20 topics)", "B-cubed F1", ecbplus_stories, "≥ 0.95"),
    ("newswcl50 (10 events × 5 outlets)", "B-cubed F1", lambda: event_set("newswcl50"), "≥ 0.95"),
    ("semeval-de (181 German pairs)", "Pearson of similarity vs −overall", semeval_pearson, "≥ 0.82"),
    ("DE+EN mixed (examples + seeds)", "same-event DE–EN pairs in one cluster", mixed_languages, "all"),
    ("DE+EN mixed stories (NATO + Witkoff one)", "B-cubed F1", mixed_stories, ""),
    ("gnad-topics (514 docs, 9 topics)", "B-cubed F1 (report only)", lambda: event_set("gnad-topics"), ""),
]


def main() -> None:
    lines = ["| set | metric | now | target | seconds |", "| --- | --- | --- | --- | ---: |"]
    for name, metric, measure, target in ROWS:
        started = time.perf_counter()
        value = measure()
        lines.append(f"| {name} | {metric} | {value} | {target} | {time.perf_counter() - started:.1f} |")
        print(lines[-1], file=sys.stderr, flush=True)
    table = "\n".join(lines)
    header = f"# Clustering quality\n\nCommand: `python benchmarks/cluster_quality.py` ({date.today()}); clusterer: `EventClusterer`, the default.\n\n"
    (REPO / "benchmarks" / "cluster_quality.md").write_text(header + table + "\n")
    print(table)


if __name__ == "__main__":
    main()
