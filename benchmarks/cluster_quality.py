"""How well the project's clustering finds events and stories, on labelled news nobody here wrote.

What it measures
    The clusters of `briefing clusters` (pipeline.cluster_paths: ingest, duplicate
    merging, the default clusterer; no date range) against the gold events and stories of
    the dev sets in ../shared/data, and the clusterer's article similarity against the
    crowd scores of semeval-de. One table, with the issue's targets:

    ecbplus            462 English articles, 40 events      B-cubed F1 of the events
    ecbplus stories    its 20 topics (two events of one     B-cubed F1 (precision, recall) of
                       kind each, months or years apart)    the stories
    newswcl50          10 events x 5 US outlets             B-cubed F1 of the events
    semeval-de         181 German article pairs             Pearson of similarity vs -overall
    semeval-de pairs   its pairs the crowd is sure of:      accuracy: a pair is "same story" when
                       overall <= 1.5 "same story",         the clusterer's pair_similarity is at
                       >= 3.5 "unrelated" (the rest out)    least its story threshold
    DE+EN mixed        examples/articles + the five seeds   same-event German-English pairs in one
                       (benchmarks/mixed_events.json)       event (and the events' B-cubed F1)
    DE+EN mixed        its stories: the NATO meeting and    B-cubed F1 of the stories
      stories          the Witkoff talks one story
    gnad-topics        514 German articles, 9 topics        B-cubed F1 (report only: topics, not events)

    A merged duplicate counts in its keeper's event and story. An event of one article is
    a singleton; it is in its story when that story has clusters (the brief shows it
    there, a single report of the story), else its own story.

Leave one set out
    Each threshold is chosen on the dev sets of its level, never on the set it is judged
    by. Events (SIMILARITY_THRESHOLD, the clusterer's `threshold`): ecbplus, newswcl50 and
    the DE+EN mixed set's B-cubed F1, on EVENT_GRID, the story threshold as shipped.
    Stories (STORY_THRESHOLD, `story_threshold`): ecbplus stories, semeval-de pairs and the
    DE+EN mixed stories, on STORY_GRID, the event threshold as shipped. (semeval-de's
    pairs are same story or unrelated, so they judge the story threshold only.) Each
    set's articles and features are computed once, its candidate pairs and similarities
    once per story threshold, and only average link runs per threshold
    (`Clustered.group_stories`, which must give what cluster_paths gives: the script
    checks that at the shipped thresholds).

    For each set left out, the threshold whose worst score on the other sets of its level
    is best (scores compared as printed, to 3 decimals; when several thresholds tie, the
    middle of the longest tied run, which may fall between grid points); beside the row,
    that threshold and the left-out set's score there. Below the table, each level's
    grid, the spread (min and max) of the left-out scores, and the threshold whose worst
    score over all the level's sets is best.

Run it from the repository root:

    python benchmarks/cluster_quality.py            # prints the tables, writes cluster_quality.md
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
sys.path.insert(0, str(REPO))

from briefing.cluster import EventClusterer  # noqa: E402
from briefing.cluster.events import event_similarity  # noqa: E402
from briefing.cluster.short_texts import fewer_words, text_words  # noqa: E402
from briefing.cluster.signals import Features, article_features  # noqa: E402
from briefing.ingest import read_articles  # noqa: E402
from briefing.models import Article  # noqa: E402
from briefing.pipeline import Clustering, cluster_paths, gather_articles, make_clusterer  # noqa: E402
from briefing.settings import Settings  # noqa: E402

ECBPLUS = (DATA / "ecbplus" / "articles.jsonl",)
NEWSWCL50 = (DATA / "newswcl50" / "articles.jsonl",)
GNAD = (DATA / "gnad-topics" / "articles.jsonl",)
MIXED = (REPO / "examples" / "articles", SHARED / "seeds")
SAME_STORY, UNRELATED = 1.5, 3.5  # semeval-de `overall`: at most / at least
EVENT_GRID, STORY_GRID, STEP = (0.30, 0.60), (0.16, 0.40), 0.02  # thresholds tried: low, high, step


@cache
def shipped() -> EventClusterer:
    """The clusterer `briefing clusters` uses, its thresholds as shipped."""
    return make_clusterer(Settings())


def grid(low: float, high: float, also: float) -> list[float]:
    """Thresholds low..high by STEP, and `also` (the shipped one)."""
    steps = round((high - low) / STEP)
    return sorted({round(low + STEP * step, 2) for step in range(steps + 1)} | {also})


# --- clusters: as the pipeline gives them, and at any threshold -----------------------------


def labelled(articles: list[Article], events: list[list[int]], stories: list[int], level: str) -> dict[str, int | str]:
    """Article id → its event (level "event") or story (level "story"); an event of one
    article is in its story if that story has clusters, else its own; a merged duplicate
    goes with its keeper."""
    assigned: dict[str, int | str] = {}
    with_clusters = {story for event, story in zip(events, stories) if len(event) > 1}
    for number, (event, story) in enumerate(zip(events, stories)):
        group = f"s{story}" if level == "story" and story in with_clusters else number
        for index in event:
            assigned[articles[index].id] = group
            assigned.update((ref.article_id, group) for ref in articles[index].duplicates)
    return assigned


@cache
def pipeline(paths: tuple[Path, ...]) -> Clustering:
    return cluster_paths(list(paths), Settings(), shipped())


def pipeline_clusters(paths: tuple[Path, ...], level: str) -> dict[str, int | str]:
    """Article id → its cluster (level "event") or story (level "story"), as `briefing
    clusters` groups them (duplicates with their keeper; a lone article is its own event,
    and its own story unless its story has clusters: the brief shows it there)."""
    result = pipeline(paths)
    assigned: dict[str, int | str] = {}
    for number, cluster in enumerate(result.clusters):
        for article in cluster.articles:
            group = cluster.story if level == "story" else number
            assigned[article.id] = group
            assigned.update((ref.article_id, group) for ref in article.duplicates)
    for number, article in enumerate(result.unclustered, start=len(result.clusters)):
        group = article.story if level == "story" and article.story else number
        assigned[article.id] = group
        assigned.update((ref.article_id, group) for ref in article.duplicates)
    return assigned


@dataclass
class Clustered:
    """A set's articles as `briefing clusters` reads them (ingest, duplicates merged), its
    features once, and its candidate pairs and similarities once per story threshold."""

    articles: list[Article]
    features: Features
    similar: dict[float, tuple[np.ndarray, ...]] = field(default_factory=dict)

    def group_stories(self, threshold: float, story_threshold: float) -> tuple[list[list[int]], list[int]]:
        """What `EventClusterer(threshold=..., story_threshold=...).group_stories` gives
        (the one copy of it here: adapt it when group_stories changes)."""
        clusterer = EventClusterer(shipped().signals, threshold, shipped().neighbours, story_threshold)
        story_threshold = clusterer.story_threshold
        if story_threshold not in self.similar:
            rows, cols, similarity = clusterer.compared_pairs(self.features, text_words(self.articles))
            apart = event_similarity(self.articles, self.features, rows, cols, similarity)
            fewer = fewer_words(text_words(self.articles), rows, cols)
            self.similar[story_threshold] = rows, cols, similarity, apart, fewer
        return clusterer.cut(len(self.articles), *self.similar[story_threshold])

    def at(self, level: str, value: float) -> dict[str, int | str]:
        """Article id → event or story with the `level`'s threshold at `value`, the other as shipped."""
        thresholds = (value, shipped().story_threshold) if level == "event" else (shipped().threshold, value)
        return labelled(self.articles, *self.group_stories(*thresholds), level)


@cache
def clustered(paths: tuple[Path, ...]) -> Clustered:
    articles, _ = gather_articles(list(paths), Settings(), clusterer=shipped())
    return Clustered(articles, article_features(articles, shipped().signals))


# --- measures -------------------------------------------------------------------------------


def b_cubed(predicted: dict[str, int | str], gold: dict[str, str]) -> tuple[float, float, float]:
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


def f1(gold: dict[str, str]) -> Callable[[dict], tuple[float, str]]:
    def measure(predicted: dict) -> tuple[float, str]:
        score = b_cubed(predicted, gold)[2]
        return score, f"{score:.3f}"

    return measure


def f1_with_parts(gold: dict[str, str]) -> Callable[[dict], tuple[float, str]]:
    def measure(predicted: dict) -> tuple[float, str]:
        precision, recall, score = b_cubed(predicted, gold)
        return score, f"{score:.3f} (P {precision:.3f}, R {recall:.3f})"

    return measure


def cross_language(gold: dict[str, str]) -> Callable[[dict], tuple[float, str]]:
    """Same-event pairs of two languages in one event, and the B-cubed F1 (the score)."""
    articles, _ = read_articles(list(MIXED), Settings())
    language = {article.id: article.language for article in articles}
    pairs = [(a, b) for a in gold for b in gold if a < b and gold[a] == gold[b] and language[a] != language[b]]

    def measure(predicted: dict) -> tuple[float, str]:
        together = sum(predicted[a] == predicted[b] for a, b in pairs)
        score = b_cubed(predicted, gold)[2]
        return score, f"{together}/{len(pairs)} (B-cubed F1 {score:.3f})"

    return measure


def gold_events(name: str) -> dict[str, str]:
    lines = (DATA / name / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return {g["id"]: g["event"] for g in map(json.loads, lines)}


def ecbplus_topics() -> dict[str, str]:
    """ECB+ topics (two events of one kind each, months or years apart) as stories."""
    lines = (DATA / "ecbplus" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return {g["id"]: str(g["topic"]) for g in map(json.loads, lines)}


def mixed_gold(level: str) -> dict[str, str]:
    """The DE+EN mixed set's events; or its stories (events of one matter, else its own)."""
    known = json.loads((REPO / "benchmarks" / "mixed_events.json").read_text(encoding="utf-8"))
    story_of = {event: story for story, events in known["stories"].items() for event in events}
    name = (lambda event: story_of.get(event, event)) if level == "story" else (lambda event: event)
    return {article: name(event) for event, members in known["events"].items() for article in members}


@cache
def semeval() -> tuple[list[dict], np.ndarray]:
    """semeval-de's pairs and the clusterer's similarity of each."""
    articles, _ = read_articles([DATA / "semeval-de" / "articles.jsonl"], Settings())
    index = {article.id: position for position, article in enumerate(articles)}
    lines = (DATA / "semeval-de" / "pairs.jsonl").read_text(encoding="utf-8").splitlines()
    pairs = [json.loads(line) for line in lines]
    return pairs, EventClusterer().pair_similarity(articles, [(index[p["a"]], index[p["b"]]) for p in pairs])


def semeval_pearson() -> tuple[float, str]:
    pairs, ours = semeval()
    score = np.corrcoef(ours, [-p["overall"] for p in pairs])[0, 1]
    return score, f"{score:.3f}"


def semeval_sure() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """semeval-de's similarities, and which pairs the crowd calls same story, which unrelated."""
    pairs, ours = semeval()
    overall = np.array([p["overall"] for p in pairs])
    return ours, overall <= SAME_STORY, overall >= UNRELATED


def semeval_accuracy(threshold: float) -> tuple[float, str]:
    """Share of the sure pairs called right by "similarity ≥ threshold means same story"."""
    ours, same, unrelated = semeval_sure()
    right = np.sum(same & (ours >= threshold)) + np.sum(unrelated & (ours < threshold))
    score = float(right / (same.sum() + unrelated.sum()))
    return score, f"{score:.3f}"


def semeval_accuracy_now() -> tuple[float, str]:
    """The accuracy at the shipped story threshold, with how many pairs of each kind."""
    ours, same, unrelated = semeval_sure()
    score, text = semeval_accuracy(shipped().story_threshold)
    between = len(ours) - same.sum() - unrelated.sum()
    return score, f"{text} ({same.sum()} same story, {unrelated.sum()} unrelated; {between} between left out)"


# --- the rows -------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table: its value from the pipeline, and for a dev set of a level
    ("event" or "story") its value at any threshold of that level."""

    name: str
    metric: str
    target: str
    now: Callable[[], tuple[float, str]]
    level: str = ""  # "": report only, in no leave-one-set-out
    column: str = ""  # its name in the grid
    at: Callable[[float], tuple[float, str]] | None = None


Measure = Callable[[dict[str, str]], Callable[[dict], tuple[float, str]]]  # gold → clusters → (score, text)


def clusters_row(
    name: str,
    metric: str,
    target: str,
    paths: tuple[Path, ...],
    gold: Callable[[], dict[str, str]],
    measure: Measure,
    level: str = "",
    column: str = "",
) -> Row:
    """A row measured on the clusters of the files at `paths` against `gold()`."""

    def now() -> tuple[float, str]:
        return measure(gold())(pipeline_clusters(paths, level or "event"))

    def at(value: float) -> tuple[float, str]:
        return measure(gold())(clustered(paths).at(level, value))

    return Row(name, metric, target, now, level, column, at if level else None)


def rows() -> list[Row]:
    return [
        clusters_row("ecbplus (462 docs, 40 events)", "B-cubed F1", "≥ 0.92",
                     ECBPLUS, lambda: gold_events("ecbplus"), f1, "event", "ecbplus"),
        clusters_row("ecbplus stories (its 20 topics)", "B-cubed F1", "≥ 0.95",
                     ECBPLUS, ecbplus_topics, f1_with_parts, "story", "ecbplus stories"),
        clusters_row("newswcl50 (10 events × 5 outlets)", "B-cubed F1", "≥ 0.95",
                     NEWSWCL50, lambda: gold_events("newswcl50"), f1, "event", "newswcl50"),
        Row("semeval-de (181 German pairs)", "Pearson of similarity vs −overall", "≥ 0.82", semeval_pearson),
        Row("semeval-de pairs (overall ≤ 1.5 same story, ≥ 3.5 unrelated)",
            "accuracy of similarity ≥ story threshold", "≥ 0.95",
            semeval_accuracy_now, "story", "semeval-de pairs", semeval_accuracy),
        clusters_row("DE+EN mixed (examples + seeds)", "same-event DE–EN pairs in one event", "all",
                     MIXED, lambda: mixed_gold("event"), cross_language, "event", "mixed"),
        clusters_row("DE+EN mixed stories (NATO + Witkoff one)", "B-cubed F1", "",
                     MIXED, lambda: mixed_gold("story"), f1, "story", "mixed stories"),
        clusters_row("gnad-topics (514 docs, 9 topics)", "B-cubed F1 (report only)", "",
                     GNAD, lambda: gold_events("gnad-topics"), f1),
    ]  # fmt: skip


# --- leave one set out ----------------------------------------------------------------------


@dataclass
class Choice:
    """The threshold whose worst score over some sets is best: the plateau of thresholds
    tied there (compared to 3 decimals; of several plateaus the longest, the first of equal
    length), its middle, and that worst score."""

    low: float
    high: float
    worst: float

    @property
    def value(self) -> float:
        return round((self.low + self.high) / 2, 3)

    def __str__(self) -> str:
        plateau = f" (middle of {self.low:.2f}–{self.high:.2f})" if self.high > self.low else ""
        return f"{self.value:.3g}{plateau}"


def best_worst(thresholds: list[float], scores: list[list[float]]) -> Choice:
    """The choice among `thresholds` by `scores` (one list per set, a score per threshold)."""
    worst = [round(min(column), 3) for column in zip(*scores)]
    runs: list[list[int]] = []
    for index, value in enumerate(worst):
        if value != max(worst):
            continue
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    plateau = max(runs, key=len)
    return Choice(thresholds[plateau[0]], thresholds[plateau[-1]], max(worst))


@dataclass
class Level:
    """One level's dev sets, their scores on its grid, and each set's threshold chosen
    on the others, with its own score there."""

    name: str  # "event" or "story"
    shipped: float
    thresholds: list[float]
    rows: list[Row]
    scores: dict[str, list[float]] = field(default_factory=dict)  # row name → score per threshold
    chosen: dict[str, Choice] = field(default_factory=dict)  # row name → chosen without it
    left_out: dict[str, tuple[float, str]] = field(default_factory=dict)  # row name → its score there

    def run(self, now: dict[str, float]) -> Level:
        """Score every set on the grid, checking the shipped threshold against `now` (the
        pipeline's scores), and choose each set's threshold on the others."""
        for row in self.rows:
            self.scores[row.name] = [row.at(value)[0] for value in self.thresholds]
            at_shipped = self.scores[row.name][self.thresholds.index(self.shipped)]
            assert at_shipped == now[row.name], f"{row.name}: the grid gives {at_shipped}, the pipeline {now[row.name]}"
        for row in self.rows:
            others = [scores for name, scores in self.scores.items() if name != row.name]
            self.chosen[row.name] = best_worst(self.thresholds, others)
            self.left_out[row.name] = row.at(self.chosen[row.name].value)
        return self

    def grid_lines(self) -> list[str]:
        """Score per set per threshold, the worst, and which thresholds are the shipped and the best worst."""
        best = best_worst(self.thresholds, list(self.scores.values()))
        lines = [
            f"| {self.name} threshold | " + " | ".join(row.column for row in self.rows) + " | worst | |",
            "| ---: |" + " ---: |" * (len(self.rows) + 1) + " --- |",
        ]
        for position, value in enumerate(self.thresholds):
            scores = [self.scores[row.name][position] for row in self.rows]
            marks = ["shipped"] * (value == self.shipped) + ["best worst"] * (best.low <= value <= best.high)
            cells = " | ".join(f"{score:.3f}" for score in scores)
            lines.append(f"| {value:.2f} | {cells} | {min(scores):.3f} | {', '.join(marks)} |")
        return lines

    def summary_lines(self) -> list[str]:
        """Each set's choice without it and its score there, their spread, and the best worst over all."""
        lines = []
        for row in self.rows:
            choice, score = self.chosen[row.name], self.left_out[row.name][0]
            others = f"the others' worst {choice.worst:.3f}"
            lines.append(f"- without {row.column}: {choice}, {others}; {row.column} there {score:.3f}")
        left_out = [score for score, _ in self.left_out.values()]
        best = best_worst(self.thresholds, list(self.scores.values()))
        shipped_worst = min(scores[self.thresholds.index(self.shipped)] for scores in self.scores.values())
        return [
            *lines,
            f"- spread of the left-out scores: min {min(left_out):.3f}, max {max(left_out):.3f}",
            f"- best worst over all {len(self.rows)} sets: {best}, worst {best.worst:.3f}; "
            f"shipped {self.shipped:.2f}, worst {shipped_worst:.3f}",
        ]


# --- the report -----------------------------------------------------------------------------


def measure_now(all_rows: list[Row]) -> dict[str, tuple[float, str, float]]:
    """Each row's score and text from the pipeline, and the seconds it took."""
    now = {}
    for row in all_rows:
        started = time.perf_counter()
        score, text = row.now()
        now[row.name] = score, text, time.perf_counter() - started
        print(f"{row.name}: {text}", file=sys.stderr, flush=True)
    return now


def table_lines(all_rows: list[Row], now: dict, levels: dict[str, Level]) -> list[str]:
    lines = [
        "| set | metric | now | target | leave-one-out threshold | score there | seconds |",
        "| --- | --- | --- | --- | ---: | --- | ---: |",
    ]
    for row in all_rows:
        _, text, seconds = now[row.name]
        loo = ["", ""]
        if row.level:
            loo = [str(levels[row.level].chosen[row.name]), levels[row.level].left_out[row.name][1]]
        lines.append(f"| {row.name} | {row.metric} | {text} | {row.target} | {' | '.join(loo)} | {seconds:.1f} |")
    return lines


def main() -> None:
    all_rows = rows()
    now = measure_now(all_rows)
    started = time.perf_counter()
    event, story = shipped().threshold, shipped().story_threshold
    levels = {
        "event": Level("event", event, grid(*EVENT_GRID, event), [row for row in all_rows if row.level == "event"]),
        "story": Level("story", story, grid(*STORY_GRID, story), [row for row in all_rows if row.level == "story"]),
    }
    for level in levels.values():
        level.run({name: score for name, (score, _, _) in now.items()})
    lines = table_lines(all_rows, now, levels)
    held = {"event": f"story threshold {story:.2f}", "story": f"event threshold {event:.2f}"}
    for name, level in levels.items():
        lines += ["", f"## {name.capitalize()} threshold, one set left out at a time ({held[name]} as shipped)", ""]
        lines += [*level.grid_lines(), "", *level.summary_lines()]
    lines += ["", f"Grids and leave-one-out: {time.perf_counter() - started:.1f} s."]
    report = "\n".join(lines)
    header = (
        f"# Clustering quality\n\nCommand: `python benchmarks/cluster_quality.py` ({date.today()}); "
        f"clusterer: `EventClusterer`, the default (event threshold {event:.2f}, story threshold {story:.2f}).\n\n"
    )
    (REPO / "benchmarks" / "cluster_quality.md").write_text(header + report + "\n", encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
