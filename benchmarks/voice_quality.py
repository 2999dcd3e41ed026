"""How well `briefing.compare.voices` finds who said a direct quote, on hand-labelled quotes.

What it measures
    benchmarks/voices_labelled.jsonl: every direct quote of four words or more in the example
    articles (examples/articles), the five German seed articles (../shared/seeds) and 17
    articles of the fundus set (../shared/data/fundus), German and English; each with its
    speaker, or null where no speaker is named in its sentence or the one next to it
    (`why_none`: "unnamed", someone left unnamed; "institution", a body or a report speaks;
    "none", a term, a list or a title; "beyond", named further away). Labelled by reading,
    by reference only (file, article id, offset and length of the quote's text in
    `Article.text` after ingest): the seeds' and fundus' texts are copyrighted. A file under
    examples/ is the repository's; any other is under ../shared.

    Each labelled article is read as the tool reads it (`read_articles`, `segment_articles`),
    and `quotes_with_speakers` finds its voices; for the examples and seeds every article of
    the file, so that a voice on a quote nobody labelled (one of three words or fewer) counts
    too. A voice belongs to the labelled quote its text overlaps.

    correct   a voice whose speaker's surname (last word, folded) is the gold speaker's
    wrong     a voice on a quote with another gold speaker, with none (null), or on no
              labelled quote
    precision correct / (correct + wrong); recall correct / quotes with a gold speaker
    role      of the correct voices whose label gives a role: how many found a role, and how
              many found the same one (the same role of data/roles.txt, or the same words)

    Below the table, every wrong attribution by reference (file, article id, offset); for the
    examples with the speakers' names.

Run it from the repository root (a few seconds):

    python benchmarks/voice_quality.py            # prints the table, writes voice_quality.md
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

from briefing.compare.voices import quotes_with_speakers  # noqa: E402
from briefing.ingest import read_articles  # noqa: E402
from briefing.models import Article, Voice  # noqa: E402
from briefing.settings import Settings  # noqa: E402
from briefing.summarise.segment import segment_articles  # noqa: E402
from briefing.text.names import fold  # noqa: E402
from briefing.verify.roles import roles_in  # noqa: E402

LABELS = REPO / "benchmarks" / "voices_labelled.jsonl"
SOURCES = ("examples", "seeds", "fundus")
OPEN_SOURCES = {"examples"}  # whose texts and names may be printed


@dataclass
class Tally:
    """The counts of one source."""

    labelled: int = 0
    gold: int = 0
    found: int = 0
    correct: int = 0
    wrong: int = 0
    roles_given: int = 0
    roles_found: int = 0
    roles_right: int = 0
    mistakes: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("labelled", "gold", "found", "correct", "wrong", "roles_given", "roles_found", "roles_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.mistakes += other.mistakes

    @property
    def precision(self) -> float:
        return self.correct / (self.correct + self.wrong) if self.correct + self.wrong else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0


def labels() -> list[dict]:
    return [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]


def resolve(file: str) -> Path:
    """Where a labelled file is: examples/ in the repository, the rest under ../shared."""
    return REPO / file if file.startswith("examples/") else SHARED / file


def surname(name: str | None) -> str:
    return fold(name.split()[-1]) if name and name.split() else ""


def same_role(gold: str, found: str) -> bool:
    """The same role of data/roles.txt, or the same words."""
    return fold(gold) == fold(found) or bool(set(roles_in(gold)) & set(roles_in(found)))


def voice_span(voice: Voice) -> tuple[int, int]:
    """Where the voice's quote stands in its article's text."""
    citation = voice.citations[0]
    start = citation.start + citation.quote.index(voice.quote)
    return start, start + len(voice.quote)


def articles_of(file: str) -> list[Article]:
    articles, _ = read_articles([resolve(file)], Settings())
    return articles


def tally_file(file: str, rows: list[dict], source: str) -> Tally:
    """Score the voices found in `file`'s labelled articles (every article for examples and seeds)."""
    tally = Tally(labelled=len(rows), gold=sum(1 for row in rows if row["speaker"]))
    labelled_ids = {row["id"] for row in rows}
    articles = [a for a in articles_of(file) if source != "fundus" or a.id in labelled_ids]
    passages = segment_articles(articles)
    by_id: dict[str, list[dict]] = defaultdict(list)
    for labelled in rows:
        by_id[labelled["id"]].append(labelled)
    for article in articles:
        for voice in quotes_with_speakers(article, passages[article.id]):
            tally.found += 1
            start, end = voice_span(voice)
            overlapping = (r for r in by_id[article.id] if r["offset"] < end and start < r["offset"] + r["length"])
            row = next(overlapping, None)
            if row is not None and row["speaker"] and surname(row["speaker"]) == surname(voice.speaker):
                tally.correct += 1
                tally.roles_given += bool(row["role"])
                tally.roles_found += bool(row["role"] and voice.role)
                tally.roles_right += bool(row["role"] and voice.role and same_role(row["role"], voice.role))
                continue
            tally.wrong += 1
            tally.mistakes.append(mistake(file, article.id, start, row, voice, source))
    return tally


def mistake(file: str, article_id: str, start: int, row: dict | None, voice: Voice, source: str) -> str:
    """A wrong attribution by reference; names only for the examples."""
    where = f"{file} `{article_id}` offset {row['offset'] if row else start}"
    if row is None:
        gold = "no labelled quote there"
    elif row["speaker"] is None:
        gold = f"gold: none ({row.get('why_none')})"
    else:
        gold = f"gold: {row['speaker']}" if source in OPEN_SOURCES else "gold: another speaker"
    found = f"found: {voice.speaker}" if source in OPEN_SOURCES else "found: a speaker"
    return f"- {source}: {where}; {gold}, {found}"


def measure() -> dict[str, Tally]:
    by_file: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in labels():
        by_file[(row["source"], row["file"])].append(row)
    tallies = {source: Tally() for source in SOURCES}
    for (source, file), rows in sorted(by_file.items()):
        if resolve(file).exists():
            tallies[source].add(tally_file(file, rows, source))
    total = Tally()
    for tally in tallies.values():
        total.add(tally)
    return {**tallies, "total": total}


def none_counts() -> str:
    """How many labelled quotes have no gold speaker, by `why_none`."""
    counts: dict[str, int] = defaultdict(int)
    for row in labels():
        if row["speaker"] is None:
            counts[row.get("why_none") or "?"] += 1
    return ", ".join(f"{why} {count}" for why, count in sorted(counts.items()))


def table(tallies: dict[str, Tally]) -> list[str]:
    lines = [
        "| source | quotes labelled | with a gold speaker | voices found | correct speaker | wrong speaker "
        "| precision | recall | roles: labelled / found / same |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for source, t in tallies.items():
        lines.append(
            f"| {source} | {t.labelled} | {t.gold} | {t.found} | {t.correct} | {t.wrong} | {t.precision:.3f} "
            f"| {t.recall:.3f} | {t.roles_given} / {t.roles_found} / {t.roles_right} |"
        )
    return lines


def main() -> None:
    tallies = measure()
    lines = [
        "# Voices: who said a direct quote",
        "",
        f"Command: `python benchmarks/voice_quality.py` ({date.today().isoformat()}); labels: "
        "benchmarks/voices_labelled.jsonl (quotes of four words or more). Target: precision ≥ 0.95.",
        "",
        *table(tallies),
        "",
        f"Quotes without a gold speaker, by why: {none_counts()}. The rules of briefing/compare/voices.py were "
        "written while reading these articles, so these figures are in-sample.",
        "",
        "Wrong attributions (by reference):",
        "",
        *(tallies["total"].mistakes or ["- none"]),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    (REPO / "benchmarks" / "voice_quality.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
