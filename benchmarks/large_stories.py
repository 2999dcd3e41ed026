"""Stories larger than a neighbour list: on the dev sets with lists scaled down, and made large.

What it measures
    Each article is compared in full with its `neighbours` nearest articles, and average
    link counts every other pair as 0, so a story of many more reports than one list
    holds cannot hold together. No dev set has such stories at the shipped 50 neighbours
    (ECB+ topics have about 23 reports), so the script scales the list down instead:
    with 5 neighbours an ECB+ topic is to its lists what a story of 230 headlines is at
    50. For each list length it prints the B-cubed F1 (precision, recall) of the ECB+
    events and topics, newswcl50 and the DE+EN mixed set's events and stories, with the
    lists as they are ("fixed") and widened for articles whose list is full of their
    story, up to 8 × the list (`briefing/cluster/neighbours.py`, "widened"), and how many
    pairs each compares. At the shipped 50 the two must agree: widening changes nothing
    where every story fits in a list.

    A second table makes the stories large at the shipped 50 instead: every ECB+ article
    ten times over, each version keeping each sentence with probability 0.6 (fixed
    seed), so events hold about 110 reports and topics about 230; fixed lists against
    lists widened up to 400 (shipped), with each call's seconds.

    A third table puts all dev sets into one input, as `cluster_scale.py` builds it
    (1,646 articles dated over 72 hours: many more near neighbours of another story than
    any set alone), and scores the ECB+ and newswcl50 events and ECB+ topics there with
    the shipped 50 neighbours, fixed, widened, and every pair compared.

Run it from the repository root:

    python benchmarks/large_stories.py          # prints the tables, writes large_stories.md
"""

from __future__ import annotations

import dataclasses
import random
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import cluster_quality as quality  # noqa: E402
import cluster_scale as scale  # noqa: E402

from briefing.cluster import cluster_articles  # noqa: E402
from briefing.cluster.events import EventClusterer, event_similarity  # noqa: E402
from briefing.cluster.short_texts import fewer_words, text_words  # noqa: E402

LISTS = (5, 10, 20, 50)
WIDEST = 8  # widened lists reach this many times the list
VERSIONS = 10  # of each ECB+ article, for stories larger than the shipped list
KEPT = 0.6  # the chance that a version keeps a sentence


def sets() -> list[tuple[str, tuple[Path, ...], str, dict[str, str]]]:
    return [
        ("ECB+ events", quality.ECBPLUS, "event", quality.gold_events("ecbplus")),
        ("ECB+ topics", quality.ECBPLUS, "story", quality.ecbplus_topics()),
        ("newswcl50", quality.NEWSWCL50, "event", quality.gold_events("newswcl50")),
        ("mixed events", quality.MIXED, "event", quality.mixed_gold("event")),
        ("mixed stories", quality.MIXED, "story", quality.mixed_gold("story")),
    ]


def scored(paths: tuple[Path, ...], level: str, gold: dict[str, str], neighbours: int, most: int) -> tuple[str, int]:
    """B-cubed F1 (P, R) of one set at one level with lists of `neighbours` widened up to
    `most`, and the number of pairs compared."""
    shipped = quality.shipped()
    clusterer = EventClusterer(
        shipped.signals, shipped.threshold, neighbours, shipped.story_threshold, most_neighbours=most
    )
    data = quality.clustered(paths)
    rows, cols, similarity = clusterer.compared_pairs(data.features, text_words(data.articles))
    apart = event_similarity(data.articles, data.features, rows, cols, similarity)
    fewer = fewer_words(text_words(data.articles), rows, cols)
    events, stories = clusterer.cut(len(data.articles), rows, cols, similarity, apart, fewer)
    precision, recall, f1 = quality.b_cubed(quality.labelled(data.articles, events, stories, level), gold)
    return f"{f1:.3f} (P {precision:.2f}, R {recall:.2f})", len(rows)


def table() -> list[str]:
    names = [name for name, *_ in sets()]
    lines = [
        "| neighbours | lists | " + " | ".join(names) + " | pairs (ECB+) |",
        "| ---: | --- | " + " | ".join("---" for _ in names) + " | ---: |",
    ]
    for neighbours in LISTS:
        for label, most in (("fixed", neighbours), ("widened", WIDEST * neighbours)):
            cells, pairs = [], 0
            for name, paths, level, gold in sets():
                text, compared = scored(paths, level, gold, neighbours, most)
                cells.append(text)
                pairs = compared if name == "ECB+ topics" else pairs
            lines.append(f"| {neighbours} | {label} | " + " | ".join(cells) + f" | {pairs:,} |")
            print(lines[-1], flush=True)
    return lines


def versions_of_ecbplus() -> tuple[list, dict[str, str], dict[str, str]]:
    """Every ECB+ article VERSIONS times, each version keeping each sentence with
    probability KEPT, and the gold events and topics of the versions."""
    chance = random.Random(0)
    events, topics = quality.gold_events("ecbplus"), quality.ecbplus_topics()
    articles, event_of, topic_of = [], {}, {}
    for article in quality.clustered(quality.ECBPLUS).articles:
        sentences = article.text.split(". ")
        for version in range(VERSIONS):
            kept = [sentence for sentence in sentences if chance.random() < KEPT] or sentences[:1]
            copy = dataclasses.replace(article, id=f"{article.id}~{version}", text=". ".join(kept))
            articles.append(copy)
            event_of[copy.id], topic_of[copy.id] = events[article.id], topics[article.id]
    return articles, event_of, topic_of


def versions_table() -> list[str]:
    articles, event_of, topic_of = versions_of_ecbplus()
    title = (
        f"ECB+ {VERSIONS} times over ({len(articles):,} articles; events of about 110 reports, topics of about 230):"
    )
    clusterers = [
        ("50, fixed", EventClusterer(most_neighbours=50)),
        ("50, widened up to 400 (shipped)", EventClusterer()),
    ]
    return grouping_table(title, articles, event_of, topic_of, clusterers)


def grouping_table(
    title: str, articles: list, event_of: dict[str, str], topic_of: dict[str, str], clusterers: list
) -> list[str]:
    """A table of events and stories (B-cubed against `event_of` and `topic_of`) and
    seconds, one row per (label, clusterer)."""
    lines = [title, "", "| lists | events | stories (ECB+ topics) | seconds |", "| --- | --- | --- | ---: |"]
    for label, clusterer in clusterers:
        started = time.perf_counter()
        events, stories = scored_calls(articles, clusterer)
        seconds = time.perf_counter() - started
        cells = [_b_cubed_text(events, event_of), _b_cubed_text(stories, topic_of)]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {seconds:.1f} |")
        print(lines[-1], flush=True)
    return lines


def scored_calls(articles: list, clusterer: EventClusterer) -> tuple[dict[str, object], dict[str, object]]:
    """Article id → its event and → its story, as `briefing clusters` groups them (a lone
    article is an event and a story of its own)."""
    clusters, unclustered = cluster_articles(articles, clusterer)
    event_of: dict[str, object] = {
        article.id: number for number, cluster in enumerate(clusters) for article in cluster.articles
    }
    story_of: dict[str, object] = {article.id: cluster.story for cluster in clusters for article in cluster.articles}
    for article in unclustered:
        event_of[article.id] = story_of[article.id] = f"lone {article.id}"
    return event_of, story_of


def _b_cubed_text(predicted: dict, gold: dict[str, str]) -> str:
    precision, recall, f1 = quality.b_cubed(predicted, gold)
    return f"{f1:.3f} (P {precision:.2f}, R {recall:.2f})"


def together_table() -> list[str]:
    """All dev sets in one input: events and stories with 50 neighbours, fixed, widened, all pairs."""
    articles = scale.make_corpus(scale.load_articles(), len(scale.load_articles()))
    event_of = scale.corpus_gold(articles, scale.gold_labels("event", scale.LABELLED))
    topic_of = scale.corpus_gold(articles, scale.gold_labels("topic", scale.LABELLED))
    title = f"All dev sets in one input ({len(articles):,} articles), ECB+ and newswcl50 scored:"
    clusterers = [
        ("50, fixed", EventClusterer(most_neighbours=50)),
        ("50, widened (shipped)", EventClusterer()),
        ("every pair", EventClusterer(neighbours=len(articles))),
    ]
    return grouping_table(title, articles, event_of, topic_of, clusterers)


def main() -> None:
    lines = [*table(), "", *versions_table(), "", *together_table()]
    header = (
        f"# Stories larger than a neighbour list\n\nCommand: `python benchmarks/large_stories.py` ({date.today()}). "
        f"Lists widened up to {WIDEST} × their length; shipped: 50 neighbours, widened up to 400.\n\n"
    )
    (REPO / "benchmarks" / "large_stories.md").write_text(header + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
