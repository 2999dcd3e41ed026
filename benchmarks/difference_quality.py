"""How well `briefing.compare.differences` finds the figures on which two reports of one story differ.

What it measures
    benchmarks/differences_labelled.jsonl: same-story article pairs from the sets in
    ../shared (NewsWCL50, ECB+, semeval-de's pairs rated the same story) and the DE+EN mixed
    set (examples/articles with the five seeds), labelled by reading both articles: whether
    they report a figure differently and, where they do, which quantity and where each side
    states it (character offsets into `Article.text`, a list per side). Roughly half have
    such a discrepancy; the other half report figures too, of similar or different things.
    A pair's labels refer to the articles by id and offsets only: the texts are not ours.

    For each pair, `differences_between` runs over every passage of the one article against
    every passage of the other (passages as the brief cuts them, `segment_article`). A
    prediction is true when its first passage overlaps a labelled span of the first side
    and its second passage one of the second side. Counted per labelled quantity:
    true positives are the labelled quantities found; false positives are the predictions
    that match no label, one per pair and topic (the brief shows one difference per
    quantity). Precision = TP / (TP + FP), recall = TP / labelled quantities. Per set and in
    total; below, every false positive by reference (set, ids, passage offsets), never its text.

    Per pair, too: how many pairs with a discrepancy have one found, how many without one
    have anything flagged.

    APPROXIMATION ("about four" is 4 ± this share) is measured at a few values beside the
    shipped one.

Section runs (unlabelled)
    `section_differences` as the brief calls it, on the gold events of NewsWCL50, ECB+ and
    the mixed set (benchmarks/mixed_events.json): every event a section, its articles'
    passages as `segment_articles` cuts them. ECB+ names no outlets: there every article
    counts as an outlet of its own. Listed by reference, to be read against the articles:
    these pairs are not labelled, so no precision is computed.

Run it from the repository root (about a minute and a half):

    python benchmarks/difference_quality.py       # prints the tables, writes difference_quality.md
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
sys.path.insert(0, str(REPO))

from briefing.compare import differences  # noqa: E402
from briefing.compare.differences import differences_between, section_differences  # noqa: E402
from briefing.ingest import read_articles  # noqa: E402
from briefing.models import Article, Cluster, Coverage, Passage, Section  # noqa: E402
from briefing.settings import Settings  # noqa: E402
from briefing.summarise.segment import segment_article, segment_articles  # noqa: E402

LABELS = REPO / "benchmarks" / "differences_labelled.jsonl"
SETS = {
    "newswcl50": (DATA / "newswcl50" / "articles.jsonl",),
    "ecbplus": (DATA / "ecbplus" / "articles.jsonl",),
    "semeval-de": (DATA / "semeval-de" / "articles.jsonl",),
    "mixed": (REPO / "examples" / "articles", SHARED / "seeds"),
}
APPROXIMATIONS = (0.05, 0.1, 0.15, 0.2)


@dataclass
class Tally:
    pairs: int = 0
    with_discrepancy: int = 0
    labelled: int = 0
    predicted: int = 0
    true_positives: int = 0
    false_positives: int = 0
    found_pairs: int = 0  # pairs with a discrepancy of which one is found
    flagged_pairs: int = 0  # pairs without one that have anything flagged
    false_refs: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for counter in dataclasses.fields(self):
            if counter.name != "false_refs":
                setattr(self, counter.name, getattr(self, counter.name) + getattr(other, counter.name))
        self.false_refs += other.false_refs

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.labelled if self.labelled else 1.0


@cache
def articles_of(name: str) -> dict[str, Article]:
    articles, _ = read_articles(list(SETS[name]), Settings())
    return {article.id: article for article in articles}


@cache
def passages_of(name: str, article_id: str) -> tuple[Passage, ...]:
    return tuple(segment_article(articles_of(name)[article_id]))


def overlaps(passage: Passage, spans: list[list[int]]) -> bool:
    return any(passage.start < end and start < passage.end for start, end in spans)


def judge(pair: dict) -> Tally:
    """One labelled pair: which labelled quantities are found, and what else is predicted."""
    first, second = articles_of(pair["set"])[pair["a"]], articles_of(pair["set"])[pair["b"]]
    labels = pair.get("differences", [])
    found: set[int] = set()
    false: dict[str, tuple[Passage, Passage]] = {}
    for mine in passages_of(pair["set"], first.id):
        for other in passages_of(pair["set"], second.id):
            difference = differences_between(mine, first, other, second)
            if difference is None:
                continue
            hits = [k for k, label in enumerate(labels) if overlaps(mine, label["a"]) and overlaps(other, label["b"])]
            found.update(hits)
            if not hits:
                false.setdefault(difference.topic, (mine, other))
    refs = [
        f"{pair['set']} {first.id} [{mine.start}:{mine.end}] / {second.id} [{other.start}:{other.end}] ({topic})"
        for topic, (mine, other) in false.items()
    ]
    found_pair, flagged_pair = int(bool(found)), int(not pair["discrepancy"] and bool(false))
    return Tally(
        1, int(pair["discrepancy"]), len(labels), len(found) + len(false), len(found), len(false), found_pair,
        flagged_pair, refs,
    )  # fmt: skip


def measure(pairs: list[dict]) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for pair in pairs:
        result = judge(pair)
        tallies[pair["set"]].add(result)
        tallies["total"].add(result)
    return dict(tallies)


def table(tallies: dict[str, Tally]) -> list[str]:
    lines = [
        "| set | pairs | with discrepancy | labelled quantities | predicted | true positives | false positives "
        "| precision | recall |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in [*SETS, "total"]:
        t = tallies.get(name, Tally())
        lines.append(
            f"| {name} | {t.pairs} | {t.with_discrepancy} | {t.labelled} | {t.predicted} | {t.true_positives} "
            f"| {t.false_positives} | {t.precision:.3f} | {t.recall:.3f} |"
        )
    return lines


def pair_table(tallies: dict[str, Tally]) -> list[str]:
    lines = [
        "| set | pairs with a discrepancy | of them found | pairs without | of them flagged |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name in [*SETS, "total"]:
        t = tallies.get(name, Tally())
        lines.append(
            f"| {name} | {t.with_discrepancy} | {t.found_pairs} | {t.pairs - t.with_discrepancy} | {t.flagged_pairs} |"
        )
    return lines


def gold_events(name: str) -> dict[str, list[str]]:
    """Each gold event of a set → its article ids."""
    if name == "mixed":
        return json.loads((REPO / "benchmarks" / "mixed_events.json").read_text(encoding="utf-8"))["events"]
    events: dict[str, list[str]] = defaultdict(list)
    for line in (DATA / name / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        events[str(row["event"])].append(row["id"])
    return dict(events)


def section_lines(name: str) -> list[str]:
    """`section_differences` on every gold event of a set, by reference."""
    articles = {id: a if a.source else dataclasses.replace(a, source=a.id) for id, a in articles_of(name).items()}
    lines = []
    for event, ids in gold_events(name).items():
        members = [articles[id] for id in ids if id in articles]
        cluster = Cluster(event, members)
        section = Section(cluster, event, [], "extractive", Coverage.of(cluster), language=members[0].language)
        for difference in section_differences(section, segment_articles(members), most=5):
            sides = " / ".join(
                f"{c.article_id} [{c.start}:{c.end}]" for side in difference.sides for c in side.citations
            )
            lines.append(f"- {name} event {event}: {difference.topic}: {sides}")
    return lines


def with_approximation(value: float, pairs: list[dict]) -> Tally:
    shipped = differences.APPROXIMATION
    differences.APPROXIMATION = value
    for cached in (differences._figures, differences._reading, differences._all_figures):
        cached.cache_clear()
    try:
        return measure(pairs)["total"]
    finally:
        differences.APPROXIMATION = shipped
        for cached in (differences._figures, differences._reading, differences._all_figures):
            cached.cache_clear()


def main() -> None:
    pairs = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    tallies = measure(pairs)
    total = tallies["total"]
    lines = [
        "# Where reports differ: figures",
        "",
        f"Command: `python benchmarks/difference_quality.py` ({date.today().isoformat()}); "
        f"{len(pairs)} labelled pairs (benchmarks/differences_labelled.jsonl), APPROXIMATION "
        f"{differences.APPROXIMATION}.",
        "",
        *table(tallies),
        "",
        *pair_table(tallies),
        "",
        "## False positives",
        "",
        *([f"- {ref}" for ref in total.false_refs] or ["- none"]),
        "",
        "## APPROXIMATION (total)",
        "",
        "| approximation | predicted | true positives | false positives | precision | recall |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for value in APPROXIMATIONS:
        t = with_approximation(value, pairs)
        mark = " (shipped)" if value == differences.APPROXIMATION else ""
        lines.append(
            f"| {value}{mark} | {t.predicted} | {t.true_positives} | {t.false_positives} | {t.precision:.3f} "
            f"| {t.recall:.3f} |"
        )
    lines += ["", "## Section runs (unlabelled; ECB+ articles each their own outlet)", ""]
    for name in ("newswcl50", "ecbplus", "mixed"):
        lines += section_lines(name) or [f"- {name}: none"]
    text = "\n".join(lines) + "\n"
    print(text)
    (REPO / "benchmarks" / "difference_quality.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
