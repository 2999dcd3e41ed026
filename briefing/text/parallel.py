"""Per-article work spread over two processes when there is much of it (stemming 50,000
articles takes a minute on one core)."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# From this many items, the work runs in two processes, in chunks of this many.
PARALLEL_FROM_ARTICLES = 2000
PARALLEL_CHUNK = 256


def map_articles(function: Callable[[Item], Result], articles: list[Item]) -> list[Result]:
    """`function` of each article, in two processes when there are many."""
    if len(articles) < PARALLEL_FROM_ARTICLES:
        return [function(article) for article in articles]
    return in_processes(function, articles, chunksize=PARALLEL_CHUNK)


def in_processes(function: Callable[[Item], Result], items: list[Item], chunksize: int = 1) -> list[Result]:
    workers = min(2, os.cpu_count() or 1)
    if workers < 2:
        return [function(item) for item in items]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(function, items, chunksize=chunksize))


def batches(items: list[Any], size: int) -> list[list[Any]]:
    return [items[start : start + size] for start in range(0, len(items), size)]
