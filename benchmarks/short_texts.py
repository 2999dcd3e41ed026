"""How far to lower the event and story bars for short texts (headlines, teasers), chosen by
leaving one set out at a time.

What it measures
    The dev sets of benchmarks/cluster_quality.py in three forms: whole, cut to their
    headlines (the title; an untitled text's first 120 characters) and cut to a teaser (the
    title and the first 30 words of the text). Events: ecbplus, newswcl50 and the DE+EN mixed
    set (B-cubed F1 of the events). Stories: ecbplus topics and the mixed set's stories
    (B-cubed F1), and semeval-de's sure pairs (accuracy of "raised similarity >= story
    threshold", as cluster_quality.py counts it). Every form of every set is one set here.

    For each level, every setting of (headline words, full words) in ZONES and of the factor
    in EVENT_FACTORS / STORY_FACTORS (the other level as shipped): `EventClusterer.cut` on
    the set's pairs, with the bar lowered as briefing/cluster/short_texts.py does. Factor
    1.0 is no lowering at all, the clusterer before short texts were told apart.

Leave one set out
    For each set left out, the setting whose worst score on the other sets is best (scores
    compared as printed); beside it, the left-out set's score there. The setting to ship is
    the one whose worst over all sets is best.

Run it from the repository root (about two minutes):

    python benchmarks/short_texts.py            # prints the tables, writes short_texts.md
"""

from __future__ import annotations

import dataclasses
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import cluster_quality as quality  # noqa: E402

from briefing.cluster import short_texts  # noqa: E402
from briefing.cluster.events import EventClusterer, event_similarity  # noqa: E402
from briefing.cluster.short_texts import ShortTextBar, fewer_words, raised, text_words  # noqa: E402
from briefing.cluster.signals import article_features, pair_similarity  # noqa: E402
from briefing.ingest import read_articles  # noqa: E402
from briefing.models import Article  # noqa: E402
from briefing.settings import Settings  # noqa: E402

FORMS = {"": "whole", "h": "headlines", "t": "teasers"}
TEASER_WORDS = 30
ZONES = ((20, 40), (25, 50), (30, 60))
EVENT_FACTORS = (1.0, 0.8, 0.7, 0.65, 0.6)
STORY_FACTORS = (1.0, 0.8, 0.7, 0.55, 0.4)
SETS = {
    "event": [("ecbplus", quality.ECBPLUS, lambda: quality.gold_events("ecbplus")),
              ("newswcl50", quality.NEWSWCL50, lambda: quality.gold_events("newswcl50")),
              ("mixed", quality.MIXED, lambda: quality.mixed_gold("event"))],
    "story": [("ecbplus stories", quality.ECBPLUS, quality.ecbplus_topics),
              ("mixed stories", quality.MIXED, lambda: quality.mixed_gold("story"))],
}  # fmt: skip


def cut_to(article: Article, form: str) -> Article:
    if form == "h":
        return dataclasses.replace(article, text=article.title or article.text[:120])
    if form == "t":
        opening = article.text.removeprefix(article.title or "").split()[:TEASER_WORDS]
        return dataclasses.replace(article, text=" ".join(opening))
    return article


@dataclass
class ClusterSet:
    """One form of a labelled set: its pairs, their similarities and shorter texts' words."""

    level: str
    articles: list[Article]
    gold: dict[str, str]
    rows: np.ndarray
    cols: np.ndarray
    similarity: np.ndarray
    apart: np.ndarray
    fewer: np.ndarray

    def score(self, event_bar: ShortTextBar, story_bar: ShortTextBar) -> float:
        clusterer = EventClusterer(quality.shipped().signals, short_text_bars=(event_bar, story_bar))
        cut = clusterer.cut(len(self.articles), self.rows, self.cols, self.similarity, self.apart, self.fewer)
        return quality.b_cubed(quality.labelled(self.articles, *cut, self.level), self.gold)[2]


@dataclass
class PairSet:
    """One form of semeval-de's sure pairs: their similarity and shorter texts' words."""

    similarity: np.ndarray
    fewer: np.ndarray
    same: np.ndarray
    unrelated: np.ndarray

    def score(self, event_bar: ShortTextBar, story_bar: ShortTextBar) -> float:
        ours = raised(self.similarity, self.fewer, story_bar) >= EventClusterer().story_threshold
        right = np.sum(self.same & ours) + np.sum(self.unrelated & ~ours)
        return float(right / (self.same.sum() + self.unrelated.sum()))


def cluster_set(level: str, paths: tuple[Path, ...], gold: dict[str, str], form: str) -> ClusterSet:
    articles = [cut_to(article, form) for article in quality.clustered(paths).articles]
    features = article_features(articles, quality.shipped().signals)
    rows, cols, similarity = quality.shipped().compared_pairs(features, text_words(articles))
    apart = event_similarity(articles, features, rows, cols, similarity)
    fewer = fewer_words(text_words(articles), rows, cols)
    return ClusterSet(level, articles, gold, rows, cols, similarity, apart, fewer)


def pair_set(form: str) -> PairSet:
    articles, _ = read_articles([quality.DATA / "semeval-de" / "articles.jsonl"], Settings())
    articles = [cut_to(article, form) for article in articles]
    index = {article.id: position for position, article in enumerate(articles)}
    lines = (quality.DATA / "semeval-de" / "pairs.jsonl").read_text(encoding="utf-8").splitlines()
    pairs = [json.loads(line) for line in lines]
    rows, cols = (np.array([index[p[side]] for p in pairs]) for side in ("a", "b"))
    similarity = pair_similarity(article_features(articles, quality.shipped().signals), rows, cols)
    overall = np.array([p["overall"] for p in pairs])
    fewer = fewer_words(text_words(articles), rows, cols)
    return PairSet(similarity, fewer, overall <= quality.SAME_STORY, overall >= quality.UNRELATED)


def dev_sets(level: str) -> dict[str, ClusterSet | PairSet]:
    found: dict[str, ClusterSet | PairSet] = {}
    for name, paths, gold in SETS[level]:
        for form, label in FORMS.items():
            found[f"{name} {label}" if form else name] = cluster_set(level, paths, gold(), form)
    if level == "story":
        for form, label in FORMS.items():
            found[f"semeval-de pairs {label}" if form else "semeval-de pairs"] = pair_set(form)
    return found


def settings(level: str) -> list[ShortTextBar]:
    factors = EVENT_FACTORS if level == "event" else STORY_FACTORS
    return [ShortTextBar(low, high, factor) for low, high in ZONES for factor in factors]


def grid(level: str, shipped: dict[str, ShortTextBar]) -> tuple[list[str], dict[ShortTextBar, list[float]]]:
    """The sets of `level`, and each setting of its bar (the other as shipped) → its score on each."""
    found = dev_sets(level)
    table = {}
    for bar in settings(level):
        bars = {**shipped, level: bar}
        table[bar] = [round(dev.score(bars["event"], bars["story"]), 3) for dev in found.values()]
    return list(found), table


def label(bar: ShortTextBar) -> str:
    return f"{bar.headline_words}–{bar.full_words} words, × {bar.factor}"


def choice_without(table: dict[ShortTextBar, list[float]], left_out: int) -> ShortTextBar:
    """The setting whose worst score on the sets but `left_out` is best."""
    return max(table, key=lambda bar: min(s for k, s in enumerate(table[bar]) if k != left_out))


def level_lines(level: str, shipped: dict[str, ShortTextBar]) -> list[str]:
    names, table = grid(level, shipped)
    best = max(table, key=lambda bar: min(table[bar]))
    lines = [f"## {level.capitalize()} bar (the other as shipped)", "",
             f"| setting | {' | '.join(names)} | worst | |", "| --- |" + " ---: |" * (len(names) + 1) + " --- |"]  # fmt: skip
    for bar, scores in table.items():
        marks = ", ".join(m for m, on in (("shipped", bar == shipped[level]), ("best worst", bar == best)) if on)
        cells = " | ".join(f"{s:.3f}" for s in scores)
        lines.append(f"| {label(bar)} | {cells} | {min(scores):.3f} | {marks} |")
    lines.append("")
    left_out_scores = []
    for k, name in enumerate(names):
        choice = choice_without(table, k)
        others = min(s for j, s in enumerate(table[choice]) if j != k)
        left_out_scores.append(table[choice][k])
        lines.append(f"- without {name}: {label(choice)}, the others' worst {others:.3f}; {name} there {table[choice][k]:.3f}")
    lines.append(f"- spread of the left-out scores: min {min(left_out_scores):.3f}, max {max(left_out_scores):.3f}")
    lines.append(f"- best worst over all sets: {label(best)}; shipped {label(shipped[level])}")
    return [*lines, ""]


def main() -> None:
    shipped = {"event": short_texts.EVENT_BAR, "story": short_texts.STORY_BAR}
    lines = [
        "# Lower bars for short texts",
        "",
        f"Command: `python benchmarks/short_texts.py` ({date.today().isoformat()}); event threshold "
        f"{EventClusterer().threshold}, story threshold {EventClusterer().story_threshold}. "
        "A factor of 1.0 is no lowering (the clusterer before).",
        "",
    ]
    for level in ("event", "story"):
        lines += level_lines(level, shipped)
    text = "\n".join(lines)
    print(text)
    (REPO / "benchmarks" / "short_texts.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
