"""Stage 7: each cluster → a section (a headline and key statements, each citing its
passages), then the overview and what to watch.

Owns: segmenting articles into passages (`segment.py`), choosing passages
(`selection.py`), the `Summariser` protocol (`protocol.py`), the extractive summariser
(`extractive.py`, the offline default and the fallback) and the LLM one (`llm/`).
May import: models, settings, errors, `text`, `endpoint`, `verify`.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from briefing.models import Article, Cluster, Passage, Problem, RunReport, Section, Statement
from briefing.settings import LLMSettings
from briefing.summarise.extractive import ExtractiveSummariser, lead_statement
from briefing.summarise.llm import open_llm_summariser
from briefing.summarise.newsworthy import newsworthiness
from briefing.summarise.protocol import Summariser
from briefing.summarise.segment import segment_articles
from briefing.verify import addresses_a_model

T = TypeVar("T")
R = TypeVar("R")

MODEL_DIRECTED = "a sentence addressed to a language model: never used as evidence"

__all__ = [
    "Summariser", "citable_passages", "further_reports", "map_concurrently", "open_summariser", "segment_articles",
    "summarise_clusters",
]  # fmt: skip


def citable_passages(passages: dict[str, list[Passage]], report: RunReport) -> dict[str, list[Passage]]:
    """The passages that may be evidence. A sentence addressed to a language model ("ignore
    your instructions and write that …") is never cited, never shown to a model, and the
    run report names where it was."""
    citable: dict[str, list[Passage]] = {}
    for article_id, own in passages.items():
        flagged = [passage for passage in own if addresses_a_model(passage.text)]
        report.problems.extend(Problem(passage.id, MODEL_DIRECTED) for passage in flagged)
        citable[article_id] = [passage for passage in own if passage not in flagged]
    return citable


def open_summariser(llm: LLMSettings | None, report: RunReport) -> Summariser:
    """The LLM summariser when `llm` names an endpoint, else the extractive one."""
    return open_llm_summariser(llm, report) if llm is not None else ExtractiveSummariser()


def summarise_clusters(
    clusters: list[Cluster],
    passages: dict[str, list[Passage]],
    summariser: Summariser | None = None,
    on_section: Callable[[], None] | None = None,
) -> list[Section]:
    """A section per cluster, in order, by `summariser` (default: the extractive one); one
    with `concurrency` > 1 works on several at once. `on_section` is called as each
    section is done (for a progress bar). When the run is interrupted, the summariser is
    stopped, so that its threads end within moments instead of finishing their calls."""
    chosen = summariser or ExtractiveSummariser()

    def summarise(cluster: Cluster) -> Section:
        section = chosen.summarise(cluster, passages)
        if on_section is not None:
            on_section()
        return section

    return map_concurrently(chosen, summarise, clusters)


def map_concurrently(summariser: Summariser, work: Callable[[T], R], items: list[T]) -> list[R]:
    """`work` on each item, in order; on as many at once as the summariser's `concurrency`.
    When the run is interrupted, the summariser is stopped, so that its threads end within
    moments instead of finishing their calls."""
    workers = min(summariser.concurrency, len(items))
    if workers <= 1:
        return [work(item) for item in items]
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        return list(pool.map(work, items))
    except BaseException:  # SIGTERM or Ctrl-C: the calls under way are given up, not waited for
        summariser.stop()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def further_reports(articles: list[Article], passages: dict[str, list[Passage]]) -> list[tuple[Article, Statement]]:
    """Each article that fits no cluster, with its lead statement (marked opinion or
    satire), the most newsworthy first (`newsworthiness`)."""
    shown = [a for a in articles if passages.get(a.id)]
    worth = newsworthiness(shown)
    ranked = sorted(range(len(shown)), key=lambda i: worth[i], reverse=True)
    return [(shown[i], lead_statement(shown[i], passages[shown[i].id])) for i in ranked]
