"""The one place where the stages meet.

`build_brief` runs them in order (each stage is a subpackage; docs/ARCHITECTURE.md
draws the layers):

1. ingest     files, folders, globs, and the article store → articles (what cannot be
              read → run report); past the caps, the newest, each cut to a length
2. select     the articles published within --from/--to or --since (in the configured
              timezone)
3. dedupe     the same story carried twice → one article that keeps all its outlets (the
              JSON lists the merged ids beside it); then, with --topic, only those about
              the topic
4. cluster    articles → events (clusters), each in a story, labelled and ranked by importance
5. cap        the top --max-topics stories (their events and single reports) and the
              newest --max-further reports of no story
6. segment    the shown articles → sentence passages with stable ids and offsets; a
              sentence addressed to a language model is never evidence (run report)
7. summarise  each cluster → a headline and key statements, each citing its passages:
              written by the LLM and verified (by rules, then by the judge), or extractive
              (the offline default and the fallback); then the overview and what to
              watch, held to the same rules
8. compare    each section's voices (key quotes with their speakers), where its outlets
              report differently, and how many outlets carry each statement; with
              earlier briefs (`--previous`, `daily`), what each section continues
9. assemble   sections → the brief: overview, stories (their sections as developments,
              earliest first, each with its coverage timeline), further reports, numbered
              sources, and the checks that ran

Rendering the brief (Markdown, HTML, PDF, JSON) is `output.render.render`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Protocol

from briefing.cluster import (
    Clusterer,
    EventClusterer,
    articles_about,
    cap_articles,
    cap_topics,
    check_range,
    cluster_articles,
    default_signals,
    merge_duplicates,
    merged_ids,
    select_articles,
)  # fmt: skip
from briefing.cluster.signals import SemanticSignal
from briefing.compare import compare_sections
from briefing.errors import InputError, LLMUnavailable, NothingToBrief, UsageError
from briefing.ingest import make_ids_unique, read_articles, tidy_articles
from briefing.models import Article, Brief, Cluster, Passage, Problem, RunReport, Section
from briefing.output.assemble import assemble_brief, format_range
from briefing.output.history import link_to_earlier, read_earlier_briefs
from briefing.settings import EMBEDDINGS, LLMSettings, Settings, vector_cache_path
from briefing.sources.store import ArticleStore, StoredVectors
from briefing.summarise import (
    citable_passages,
    further_reports,
    open_summariser,
    segment_articles,
    summarise_clusters,
)
from briefing.text.embeddings import E5Embedder, Embedder, EndpointEmbedder, offline_embedder
from briefing.text.vector_cache import CachedEmbedder, ReadThrough, VectorCache, VectorFile


class Progress(Protocol):
    """What a run tells a progress display (the CLI's bar on a terminal)."""

    def restart(self, description: str, total: int | None = None) -> None: ...

    def advance(self, description: str | None = None) -> None: ...

    def describe(self, description: str) -> None: ...


class NoProgress:
    """Progress shown nowhere."""

    def restart(self, description: str, total: int | None = None) -> None:
        pass

    def advance(self, description: str | None = None) -> None:
        pass

    def describe(self, description: str) -> None:
        pass


@dataclass
class Clustering:
    clusters: list[Cluster]
    unclustered: list[Article]
    report: RunReport


def build_brief(
    paths: Sequence[str | Path],
    settings: Settings,
    llm: LLMSettings | None = None,
    clusterer: Clusterer | None = None,
    store: Path | None = None,
    progress: Progress | None = None,
) -> Brief:
    """Read the articles at `paths` (and in the article `store`) and make the brief for
    `settings`' range and topic; with an LLM endpoint in `llm`, the model writes the
    sections, else they are extractive. `progress` shows the stages on a terminal."""
    progress = progress or NoProgress()
    clusterer = clusterer or make_clusterer(settings)
    articles, report = gather_articles(paths, settings, store, clusterer)  # 1-3
    progress.restart(f"clustering {len(articles):,} articles")
    clusters, unclustered = cluster_articles(articles, clusterer)  # 4
    clusters, unclustered = cap_topics(clusters, unclustered, settings, report)  # 5
    passages = segment_articles([a for c in clusters for a in c.articles] + unclustered)  # 6
    passages = citable_passages(passages, report)
    summariser = open_summariser(llm, report)
    by_llm = " with the LLM" if summariser.name == "llm" else ""
    progress.restart(f"summarising {len(clusters)} topics{by_llm}", len(clusters))
    sections = summarise_clusters(clusters, passages, summariser, on_section=progress.advance)  # 7
    progress.restart("comparing the reports")
    compare_sections(sections, passages, summariser)  # 8
    compared_with = link_to_earlier_briefs(sections, passages, settings, report)
    progress.restart("writing the overview and what to watch")
    overview = summariser.overview(sections)
    watch = summariser.watch_next(clusters, passages)
    further = further_reports(unclustered, passages)
    checks = summariser.checks
    duplicates = merged_ids(articles)  # of every selected article, shown or not: the JSON lists each id
    brief = assemble_brief(
        sections, further, report, settings, overview, watch, summariser.record, checks, unclustered, duplicates
    )  # 9
    brief.compared_with = compared_with
    return brief


def link_to_earlier_briefs(
    sections: list[Section], passages: dict[str, list[Passage]], settings: Settings, report: RunReport
) -> list[date]:
    """Links each section to what it continues of the earlier briefs in `settings.previous`
    (a file that cannot be read is a problem in the run report); the days compared with."""
    if not settings.previous:
        return []
    earlier, problems = read_earlier_briefs(settings.previous)
    report.problems.extend(problems)
    return link_to_earlier(sections, earlier, passages, settings.links_from)


def require_llm(brief: Brief) -> None:
    """LLMUnavailable unless the LLM wrote at least one section of `brief` (--require-llm):
    for users who would rather have no brief than an extractive one."""
    if brief.record is None:
        raise LLMUnavailable("--require-llm: no LLM endpoint is configured (set OPENAI_BASE_URL or OPENAI_API_KEY)")
    if any(section.method == "llm" for section in brief.sections):
        return
    reason = brief.record.not_reached()
    why = f"the LLM at {brief.record.endpoint_host} was not reached ({reason})" if reason else _first_fallback(brief)
    raise LLMUnavailable(f"--require-llm: {why}; no brief written")


def _first_fallback(brief: Brief) -> str:
    reasons = [section.fallback_reason for section in brief.sections if section.fallback_reason]
    return f"the LLM wrote no section ({reasons[0]})" if reasons else "the LLM wrote no section"


def cluster_paths(paths: Sequence[str | Path], settings: Settings, clusterer: Clusterer | None = None) -> Clustering:
    """Stages 1-4: every cluster of the articles at `paths`, without summaries."""
    clusterer = clusterer or make_clusterer(settings)
    articles, report = gather_articles(paths, settings, clusterer=clusterer)
    clusters, unclustered = cluster_articles(articles, clusterer)
    return Clustering(clusters, unclustered, report)


def make_clusterer(
    settings: Settings, endpoint: LLMSettings | None = None, vectors: VectorCache | None = None
) -> EventClusterer:
    """The default clusterer, its semantic signal as `settings.embeddings` says. An offline
    embedder takes what it embedded before from `vectors` and keeps what it embeds there."""
    if settings.embeddings not in EMBEDDINGS:
        raise UsageError(f"unknown embeddings {settings.embeddings!r} (choose {', '.join(EMBEDDINGS)})")
    embedder: Embedder | None = None
    if settings.embeddings == "endpoint":
        if endpoint is None or not endpoint.configured:
            raise UsageError("--embeddings endpoint needs an endpoint: --base-url, OPENAI_BASE_URL or OPENAI_API_KEY")
        embedder = EndpointEmbedder(endpoint, settings.embedding_model)
    elif (offline := offline_embedder(settings.embeddings)) is not None:
        embedder = CachedEmbedder(offline, vectors, offline.model_name)
    # an endpoint's model may put unrelated texts anywhere: its cosines are read from its floor
    return EventClusterer(default_signals(settings.embeddings, embedder, calibrated=settings.embeddings == "endpoint"))


def open_vectors(cache: Path | None, store: Path | None, warn: Callable[[str], None]) -> VectorCache | None:
    """Where embedded leads are kept: the article store's vectors (`fetch` put them there)
    first, then the vector file beside the LLM `cache` (None: no file), where new ones go."""
    path = vector_cache_path(cache)
    vectors: VectorCache | None = VectorFile(path, warn=warn) if path is not None else None
    if store is not None and store.exists():
        vectors = ReadThrough(StoredVectors(store), vectors) if vectors is not None else StoredVectors(store)
    return vectors


def gather_articles(
    paths: Sequence[str | Path], settings: Settings, store: Path | None = None, clusterer: Clusterer | None = None
) -> tuple[list[Article], RunReport]:
    """Stages 1-3: the deduplicated articles in range (and on topic), and the report of
    what was left out. The clusterer's embeddings, if any, help find the topic."""
    check_range(settings)
    articles, problems = read_articles(paths, settings) if paths else ([], [])
    if store is not None:
        stored = stored_articles(store, settings)
        problems += tidy_articles(stored)
        problems += make_ids_unique(articles + stored)  # a stored id a file uses too is renamed
        articles += stored
    report = RunReport(problems=problems, articles_read=len(articles))
    if not articles:
        raise InputError(_nothing_read(paths, store, problems))
    articles = cap_articles(articles, settings, report)
    selected = select_articles(articles, settings, report)
    if not selected:
        raise NothingToBrief(_nothing_selected(settings, report))
    # merged within the range only: a copy in range never goes with a keeper outside it
    selected, report.duplicates_merged = merge_duplicates(selected)
    report.articles_selected = len(selected)
    if settings.topic is not None:
        selected = _on_topic(selected, settings.topic, clusterer, report)
    return selected, report


def stored_articles(store: Path, settings: Settings) -> list[Article]:
    """The articles of the store in `settings`' range (all when undated). A feed item
    without a date counts as published when it was fetched: a daily brief sees
    everything collected during its day."""
    start, end = day_bounds(settings)
    with ArticleStore(store, read_only=True) as articles:
        return articles.articles(start, end, date_undated=True)


def day_bounds(settings: Settings) -> tuple[datetime | None, datetime | None]:
    """The range as instants: from midnight of --from (or --since) to midnight after --to."""
    start = datetime.combine(settings.date_from, time(), settings.tz) if settings.date_from else None
    if settings.since is not None:
        start = max(start, settings.since) if start else settings.since
    end = datetime.combine(settings.date_to + timedelta(days=1), time(), settings.tz) if settings.date_to else None
    return start, end


def _on_topic(articles: list[Article], topic: str, clusterer: Clusterer | None, report: RunReport) -> list[Article]:
    embedder = semantic_embedder(clusterer)
    relevant = articles_about(articles, topic, embedder, retrieval_embedder(embedder))
    if not relevant:
        raise NothingToBrief(f"no article of the {len(articles)} in range is about {topic!r}")
    report.off_topic = len(articles) - len(relevant)
    report.articles_selected = len(relevant)
    return relevant


def semantic_embedder(clusterer: Clusterer | None) -> Embedder | None:
    """The embedder of the clusterer's semantic signal, if it has one."""
    signals = getattr(clusterer, "signals", [])
    return next((signal.embedder for signal in signals if isinstance(signal, SemanticSignal)), None)


def retrieval_embedder(embedder: Embedder | None) -> CachedEmbedder | None:
    """e5 in its retrieval form beside an offline embedder (keeping its vectors where that
    one does), for topic search; None beside an endpoint's embeddings, or none."""
    if not isinstance(embedder, CachedEmbedder):
        return None
    e5 = E5Embedder()
    return CachedEmbedder(e5, embedder.cache, e5.model_name)


def _nothing_read(paths: Sequence[str | Path], store: Path | None, problems: list[Problem]) -> str:
    where = ", ".join([str(path) for path in paths] + ([f"the article store {store}"] if store else []))
    where = where or "anywhere: no folders given, and no article store yet (`briefing fetch` makes one)"
    first = f" (first problem: {problems[0]})" if problems else ""
    return f"no article could be read from {where}{first}"


def _nothing_selected(settings: Settings, report: RunReport) -> str:
    undated = len(report.undated_left_out)
    return (
        f"no article published {format_range(settings.date_from, settings.date_to)} ({settings.timezone}): "
        f"{report.articles_read} read, {report.out_of_range} outside the range, {undated} undated"
    )
