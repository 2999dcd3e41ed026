"""How long `briefing build` takes, and how much memory it needs, for 100 to 5,000 articles.

What it measures
    The extractive path (no LLM) of `python -m briefing build`, each corpus size and output
    format in a fresh subprocess: wall seconds and that child's own peak RSS (from
    `os.wait4`, so every row is one run's peak, not the maximum over all runs). The issue's
    target is 1,000 articles in under 20 s on this machine; the script reports, it never
    asserts. A second table times each pipeline stage in-process for one corpus size, to
    show where the time goes.

The corpus
    The articles of the dev sets in ../shared/data (see DESIGN.md, "Data you can use"),
    taken round-robin across the sets and repeated until N. Every article gets a distinct id
    (`id~copy`), a `published` time spread over 2025-12-01..03 (Europe/Berlin), and copies
    get an outlet suffix so they look like other outlets' reports. The duplicate detector
    merges texts sharing >= 80 % of their word 5-grams, so reordered sentences or a dropped
    sentence would still be merged; each copy instead swaps one pair of neighbouring words
    in every five (a different pair per copy). That breaks every 5-gram but keeps the bag of
    words, so copies still cluster with their original, as other outlets' reports of the
    same story would. The table's "in brief" column is the run's own `report.articles_selected`
    (after duplicate merging and date selection), so it shows what was really measured.

Run it from the repository root:

    python benchmarks/build_scale.py                      # 100, 1000, 5000 articles; json and pdf
    python benchmarks/build_scale.py --sizes 1000 --formats json --stages-size 0

It prints Markdown and writes it to benchmarks/build_scale.md (see --out). Needs only the
standard library and the project; pypdf (optional) adds the PDF's page count.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
DATASETS = ("ecbplus", "fundus", "gnad-topics", "newswcl50", "semeval-de")
DATE_FROM, DATE_TO = date(2025, 12, 1), date(2025, 12, 3)
TIMEZONE = "Europe/Berlin"
WINDOW_MINUTES = 3 * 24 * 60
MINUTE_STRIDE = 7919  # a prime: consecutive articles land far apart in the window
SWAP_PERIOD = 5  # the duplicate detector's shingle length: every shingle then holds a swap
WORD = re.compile(r"[^\W\d_](?:[\w'’]*\w)?")  # as briefing.text.terms.WORD: the words shingles see

sys.path.insert(0, str(REPO))  # the stage table imports the project from this checkout


# --- the corpus -------------------------------------------------------------------------


def load_articles(data: Path = DATA) -> list[dict]:
    """The dev sets' articles, round-robin across the sets, each tagged with its set."""
    sets = []
    for name in DATASETS:
        lines = (data / name / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        sets.append([{**json.loads(line), "dataset": name} for line in lines if line.strip()])
    mixed = []
    for position in range(max(len(records) for records in sets)):
        mixed.extend(records[position] for records in sets if position < len(records))
    return mixed


def make_corpus(originals: list[dict], size: int) -> list[dict]:
    """`size` articles: the originals, then copies 1, 2, … of them, all in the date window."""
    corpus = []
    for index in range(size):
        copy, original = divmod(index, len(originals))
        corpus.append(corpus_record(originals[original], copy, index))
    return corpus


def corpus_record(original: dict, copy: int, index: int) -> dict:
    outlet = original.get("source") or original["dataset"]
    return {
        "id": f"{original['id']}~{copy}",
        "title": original.get("title"),
        "text": vary_text(original["text"], copy),
        "published": published_at(index),
        "source": outlet if copy == 0 else f"{outlet} (copy {copy})",
        "url": original.get("url"),
        "language": original.get("language"),
    }


def published_at(index: int) -> str:
    """A deterministic moment in 2025-12-01..03, Europe/Berlin, spread by index."""
    start = datetime(DATE_FROM.year, DATE_FROM.month, DATE_FROM.day, tzinfo=ZoneInfo(TIMEZONE))
    return (start + timedelta(minutes=(index * MINUTE_STRIDE) % WINDOW_MINUTES)).isoformat()


def vary_text(text: str, copy: int) -> str:
    """Copy 0 is the text; copy c swaps word k with word k+d wherever k % 5 == (c-1) % 5."""
    if copy == 0:
        return text
    offset, distance = (copy - 1) % SWAP_PERIOD, 1 + (copy - 1) // SWAP_PERIOD
    spans = [match.span() for match in WORD.finditer(text)]
    order = list(range(len(spans)))
    for k in range(offset, len(spans) - distance, SWAP_PERIOD):
        order[k], order[k + distance] = order[k + distance], order[k]
    pieces, last = [], 0
    for position, (start, end) in enumerate(spans):
        source_start, source_end = spans[order[position]]
        pieces.append(text[last:start] + text[source_start:source_end])
        last = end
    return "".join(pieces) + text[last:]


def write_jsonl(records: list[dict], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as file:
        for record in records:
            file.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


# --- one measured run -------------------------------------------------------------------


@dataclass
class Run:
    generated: int
    fmt: str
    seconds: float
    cpu_seconds: float
    peak_mib: float
    exit_code: int
    stderr: str
    timed_out: bool = False
    in_brief: int | None = None
    merged: int | None = None
    sections: int | None = None
    pages: int | None = None


def build_command(corpus: Path, fmt: str, out: Path) -> list[str]:
    return [
        sys.executable, "-m", "briefing", "build", str(corpus),
        "--from", DATE_FROM.isoformat(), "--to", DATE_TO.isoformat(),
        "--format", fmt, "--out", str(out), "--quiet",
    ]  # fmt: skip


def measure(command: list[str], timeout: float, log: Path) -> tuple[float, float, float, int, bool]:
    """Wall and CPU seconds, the child's own peak RSS in MiB, its exit code, and whether it timed out."""
    with log.open("wb") as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=stderr)
        killer = threading.Timer(timeout, child.kill)
        killer.start()
        _, status, usage = os.wait4(child.pid, 0)  # this child's rusage alone
        seconds = time.perf_counter() - started
        timed_out = not killer.is_alive()
        killer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, child.returncode, timed_out  # ru_maxrss: KiB on Linux


def run_build(corpus: Path, generated: int, fmt: str, workdir: Path, timeout: float) -> Run:
    out = workdir / f"brief-{generated}.{fmt}"
    log = workdir / f"stderr-{generated}-{fmt}.txt"
    seconds, cpu, peak, code, timed_out = measure(build_command(corpus, fmt, out), timeout, log)
    run = Run(generated, fmt, seconds, cpu, peak, code, log.read_text(errors="replace").strip(), timed_out)
    if code == 0 and fmt == "json":
        read_json_facts(run, out)
    if code == 0 and fmt == "pdf":
        run.pages = pdf_pages(out)
    return run


def read_json_facts(run: Run, path: Path) -> None:
    brief = json.loads(path.read_text(encoding="utf-8"))
    run.in_brief = brief["report"]["articles_selected"]
    run.merged = brief["report"]["duplicates_merged"]
    run.sections = len(brief["sections"])


def pdf_pages(path: Path) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(path).pages)


def borrow_json_facts(runs: list[Run]) -> None:
    """A PDF run's brief is the JSON run's brief (same corpus, same pipeline): share its counts."""
    by_size = {run.generated: run for run in runs if run.fmt == "json" and run.in_brief is not None}
    for run in runs:
        source = by_size.get(run.generated)
        if run.fmt != "json" and run.exit_code == 0 and source:
            run.in_brief, run.merged, run.sections = source.in_brief, source.merged, source.sections


# --- the per-stage breakdown ------------------------------------------------------------


def time_stages(corpus: Path) -> list[tuple[str, float, str]]:
    """(stage, seconds, what it produced) for each stage of `build_brief`, run in-process."""
    rows = []

    def timed(name, call, describe):
        started = time.perf_counter()
        result = call()
        rows.append((name, time.perf_counter() - started, describe(result)))
        return result

    timed("import briefing (pipeline, render)", _import_briefing, lambda _: "")
    from briefing.cluster.duplicates import merge_duplicates
    from briefing.cluster.topics import cap_topics, cluster_articles
    from briefing.cluster.window import select_articles
    from briefing.ingest import read_articles
    from briefing.models import RunReport
    from briefing.output.assemble import assemble_brief
    from briefing.output.render import render
    from briefing.settings import Settings
    from briefing.summarise import further_reports, summarise_clusters
    from briefing.summarise.segment import segment_articles

    settings = Settings(timezone=TIMEZONE, date_from=DATE_FROM, date_to=DATE_TO)
    read, problems = timed("1 ingest: read_articles", lambda: read_articles([corpus], settings),
                           lambda r: f"{len(r[0])} articles, {len(r[1])} problems")  # fmt: skip
    report = RunReport(problems=problems, articles_read=len(read))
    kept, report.duplicates_merged = timed("2 dedupe: merge_duplicates", lambda: merge_duplicates(read),
                                           lambda r: f"{r[1]} merged")  # fmt: skip
    articles = timed("3 select: select_articles", lambda: select_articles(kept, settings, report),
                     lambda r: f"{len(r)} selected")  # fmt: skip
    clusters, unclustered = timed("4 cluster: cluster_articles", lambda: cluster_articles(articles),
                                  lambda r: f"{len(r[0])} clusters, {len(r[1])} unclustered")  # fmt: skip
    clusters, unclustered = timed("5 select: select_topics",
                                  lambda: cap_topics(clusters, unclustered, settings, report),
                                  lambda r: f"{len(r[0])} topics, {len(r[1])} single reports shown")  # fmt: skip
    shown = [a for c in clusters for a in c.articles] + unclustered
    passages = timed("6 segment: segment_articles", lambda: segment_articles(shown),
                     lambda r: f"{len(r)} articles, {sum(map(len, r.values()))} passages")  # fmt: skip
    sections = timed("7 summarise: summarise_clusters", lambda: summarise_clusters(clusters, passages),
                     lambda r: f"{len(r)} sections")  # fmt: skip
    further = timed("8a further_reports", lambda: further_reports(unclustered, passages),
                    lambda r: f"{len(r)} further reports")  # fmt: skip
    brief = timed("8b assemble_brief", lambda: assemble_brief(sections, further, report, settings),
                  lambda r: f"{len(r.sources)} numbered sources")  # fmt: skip
    timed("9 import weasyprint (first PDF only)", _import_weasyprint, lambda _: "")
    for fmt in ("md", "json", "pdf"):
        timed(f"9 render {fmt}", lambda fmt=fmt: render(brief, fmt), _size)
    return rows


def _import_briefing() -> None:
    import briefing.output.render  # noqa: F401
    import briefing.pipeline  # noqa: F401  (scikit-learn, scipy, pysbd, … load here)


def _import_weasyprint() -> None:
    import weasyprint  # noqa: F401  (render.html_to_pdf imports it on first use)


def _size(content: str | bytes) -> str:
    return f"{len(content) / 1024:,.0f} KiB"


# --- the report -------------------------------------------------------------------------


def machine_line() -> str:
    return (
        f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()} "
        f"({platform.system()} {platform.machine()}), {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}."
    )


def _cell(value) -> str:
    return "–" if value is None else str(value)


def runs_table(runs: list[Run]) -> str:
    lines = [
        "| articles generated | articles in brief | merged as duplicates | format | seconds | CPU seconds | peak MiB | sections | pages |",
        "| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        seconds = f"{run.seconds:.1f}" + (" (timed out)" if run.timed_out else "")
        seconds += f" (exit {run.exit_code})" if run.exit_code and not run.timed_out else ""
        lines.append(
            f"| {run.generated:,} | {_cell(run.in_brief)} | {_cell(run.merged)} | {run.fmt} | {seconds} "
            f"| {run.cpu_seconds:.1f} | {run.peak_mib:,.0f} | {_cell(run.sections)} | {_cell(run.pages)} |"
        )
    return "\n".join(lines)


def stages_table(rows: list[tuple[str, float, str]]) -> str:
    total = sum(seconds for _, seconds, _ in rows)
    lines = ["| stage | seconds | share | result |", "| --- | ---: | ---: | --- |"]
    lines += [f"| {name} | {seconds:.2f} | {seconds / total:.0%} | {result} |" for name, seconds, result in rows]
    lines.append(f"| total | {total:.2f} | 100% | |")
    return "\n".join(lines)


def stderr_notes(runs: list[Run]) -> str:
    notes = [f"- {run.generated:,} {run.fmt}: {_first_lines(run.stderr)}" for run in runs if run.stderr]
    return "\n".join(["Standard error of the runs:", "", *notes]) if notes else "No run wrote to standard error."


def _first_lines(text: str, count: int = 3) -> str:
    lines = text.splitlines()
    shown = " / ".join(line.strip() for line in lines[:count])
    return shown + (f" … ({len(lines)} lines)" if len(lines) > count else "")


# --- main -------------------------------------------------------------------------------


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="corpus sizes, comma-separated")
    parser.add_argument("--formats", default="json,pdf", help="output formats, comma-separated")
    parser.add_argument("--stages-size", type=int, default=1000, help="corpus size of the per-stage table (0: none)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a run is stopped")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_suffix(".md"), help="Markdown file to write")
    parser.add_argument("--keep", action="store_true", help="keep the corpora and briefs in the temp folder")
    arguments = parser.parse_args(argv)
    arguments.sizes = [int(size) for size in arguments.sizes.split(",")]
    arguments.formats = [fmt.strip() for fmt in arguments.formats.split(",")]
    return arguments


def run_all(arguments: argparse.Namespace, workdir: Path) -> tuple[list[Run], list | None]:
    originals = load_articles()
    corpora = {size: write_jsonl(make_corpus(originals, size), workdir / f"corpus-{size}.jsonl")
               for size in {*arguments.sizes, arguments.stages_size} if size > 0}  # fmt: skip
    runs, too_slow = [], set()
    for size in arguments.sizes:
        for fmt in arguments.formats:
            if fmt in too_slow:
                continue
            print(f"… {size:,} articles, {fmt}", file=sys.stderr, flush=True)
            runs.append(run_build(corpora[size], size, fmt, workdir, arguments.timeout))
            if runs[-1].timed_out:
                too_slow.add(fmt)  # a larger corpus would only take longer
    borrow_json_facts(runs)
    stages = None
    if arguments.stages_size > 0:
        print(f"… stages, {arguments.stages_size:,} articles", file=sys.stderr, flush=True)
        stages = time_stages(corpora[arguments.stages_size])
    return runs, stages


def report(arguments: argparse.Namespace, runs: list[Run], stages, originals: int) -> str:
    command = shlex.join(["python", "benchmarks/build_scale.py", *sys.argv[1:]])
    parts = [
        "# `briefing build` at scale",
        "",
        f"Command: `{command}`  ",
        machine_line() + "  ",
        f"Corpus: {originals:,} dev-set articles ({', '.join(DATASETS)}), repeated with varied text "
        f"to the size; all published {DATE_FROM}..{DATE_TO} ({TIMEZONE}). Extractive path, no LLM. "
        "Target: 1,000 articles in under 20 s.",
        "",
        "Each run is `python -m briefing build CORPUS --from 2025-12-01 --to 2025-12-03 "
        "--format FMT --out FILE --quiet` in a fresh process; peak MiB is that process's max RSS; "
        "CPU seconds (user + system) above wall seconds means it used both cores, well below means it waited. "
        "\"in brief\" is the run's `report.articles_selected`; a PDF row takes it, the merged count "
        "and the sections from the JSON run of the same corpus.",
        "",
        runs_table(runs),
        "",
        stderr_notes(runs),
    ]
    if stages:
        parts += [
            "",
            f"## Where the time goes: stages for {arguments.stages_size:,} articles, in-process",
            "",
            stages_table(stages),
        ]
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> None:
    arguments = parse_arguments(argv)
    workdir = Path(tempfile.mkdtemp(prefix="briefing-build-scale-"))
    try:
        runs, stages = run_all(arguments, workdir)
        markdown = report(arguments, runs, stages, len(load_articles()))
    finally:
        if arguments.keep:
            print(f"kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(markdown, end="")
    arguments.out.write_text(markdown, encoding="utf-8")


if __name__ == "__main__":
    main()
