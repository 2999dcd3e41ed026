"""Which article ids the clusters JSON left out before issue 17, and where they are now.

What it prints
    For each set the benchmarks read (the dev sets in ../shared/data, examples/articles,
    the seeds, the DE+EN mixed set of both), and for all of them cut to headlines and to
    teasers as benchmarks/short_texts.py cuts them (a headline stream: each title, or an
    untitled text's first 120 characters, the whole text of an article): the clusters of
    `briefing clusters` (pipeline.cluster_paths, the default clusterer, no date range), and

    ids in           the articles read (ingest renames an id used twice: `id-2`)
    missing before   ids the JSON did not list before: it listed only the article kept of
                     each group of duplicates (its keeper), in its cluster or `unclustered`
    missing now      ids `output.clusters.clusters_as_data` does not list (target 0)
    listed twice     ids it lists more than once (target 0)
    in a cluster     merged ids now listed in their keeper's cluster
    unclustered      merged ids now listed beside their keeper in `unclustered`

    then every move: keeper → the ids merged into it, and where they were put.

Run it from the repository root (about a minute):

    python benchmarks/duplicate_ids.py
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
DEV_SETS = ("ecbplus", "newswcl50", "semeval-de", "gnad-topics", "fundus")
TEASER_WORDS = 30  # as benchmarks/short_texts.py
sys.path.insert(0, str(REPO))

from briefing.cluster.duplicates import duplicate_ids  # noqa: E402
from briefing.ingest import read_articles  # noqa: E402
from briefing.models import Article  # noqa: E402
from briefing.output.clusters import clusters_as_data  # noqa: E402
from briefing.pipeline import Clustering, cluster_paths, make_clusterer  # noqa: E402
from briefing.settings import Settings  # noqa: E402


@dataclass
class Moves:
    """One set: its ids, what the JSON listed before and lists now, and each move."""

    name: str
    ids_in: int = 0
    missing_before: int = 0
    missing_now: int = 0
    listed_twice: int = 0
    into_clusters: int = 0
    into_unclustered: int = 0
    moves: list[tuple[str, list[str], str]] = field(default_factory=list)  # keeper, merged ids, where
    seconds: float = 0.0


def sets() -> dict[str, list[Path]]:
    named = {name: [DATA / name / "articles.jsonl"] for name in DEV_SETS}
    named |= {"examples": [REPO / "examples" / "articles"], "seeds": [SHARED / "seeds"]}
    named["DE+EN mixed"] = [REPO / "examples" / "articles", SHARED / "seeds"]
    return named


def write_cut(paths: list[Path], form: str, path: Path) -> Path:
    """Every article of `paths` cut to its headline or teaser, one JSONL record each (an
    article that is all title has no teaser, and is left out)."""
    with path.open("w", encoding="utf-8") as out:
        for article in read_articles(paths, Settings())[0]:
            if text := cut_to(article, form):
                record = {"id": article.id, "title": article.title, "text": text, "published": article.published,
                          "source": article.source, "language": article.language}  # fmt: skip
                out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    return path


def cut_to(article: Article, form: str) -> str:
    """As benchmarks/short_texts.py: the title (else the first 120 characters), or the first
    TEASER_WORDS words after the title."""
    if form == "headlines":
        return article.title or article.text[:120]
    return " ".join(article.text.removeprefix(article.title or "").split()[:TEASER_WORDS])


def measure(name: str, paths: list[Path], clusterer) -> Moves:
    started = time.perf_counter()
    ids_in = [article.id for article in read_articles(paths, Settings())[0]]
    result = cluster_paths(paths, Settings(), clusterer)
    moves = Moves(name, len(ids_in))
    moves.missing_before = len(set(ids_in) - set(keepers_listed(result)))
    data = clusters_as_data(result.clusters, result.unclustered, {})
    listed = [a for cluster in data["clusters"] for a in cluster["articles"]] + data["unclustered"]
    moves.missing_now = len(set(ids_in) - set(listed))
    moves.listed_twice = sum(count > 1 for count in Counter(listed).values())
    for where, articles in [(c.id, c.articles) for c in result.clusters] + [("unclustered", result.unclustered)]:
        for article in articles:
            if merged := duplicate_ids(article):
                moves.moves.append((article.id, merged, where))
    moves.into_clusters = sum(len(merged) for _, merged, where in moves.moves if where != "unclustered")
    moves.into_unclustered = sum(len(merged) for _, merged, where in moves.moves if where == "unclustered")
    moves.seconds = time.perf_counter() - started
    return moves


def keepers_listed(result: Clustering) -> list[str]:
    """What the JSON listed before: each cluster's articles and `unclustered`, keepers only."""
    return [a.id for c in result.clusters for a in c.articles] + [a.id for a in result.unclustered]


def table(measured: list[Moves]) -> str:
    lines = [
        "| set | ids in | missing before | missing now | listed twice | in a cluster | unclustered | seconds |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for m in measured:
        cells = [m.ids_in, m.missing_before, m.missing_now, m.listed_twice, m.into_clusters, m.into_unclustered]
        lines.append(f"| {m.name} | " + " | ".join(map(str, cells)) + f" | {m.seconds:.0f} |")
    lines += ["", "| set | keeper | merged ids | put in |", "| --- | --- | --- | --- |"]
    for m in measured:
        lines += [f"| {m.name} | {keeper} | {', '.join(merged)} | {where} |" for keeper, merged, where in m.moves]
    return "\n".join(lines)


def main() -> None:
    clusterer = make_clusterer(Settings())
    named = sets()
    every = [path for name in (*DEV_SETS, "DE+EN mixed") for path in named[name]]
    with tempfile.TemporaryDirectory() as folder:
        for form in ("headlines", "teasers"):
            named[f"all cut to {form}"] = [write_cut(every, form, Path(folder) / f"{form}.jsonl")]
        measured = [measure(name, paths, clusterer) for name, paths in named.items()]
    print(table(measured))


if __name__ == "__main__":
    main()
