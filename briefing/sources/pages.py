"""The pages behind a feed's teasers: fetched at the same time, politely, within the
feed's budget, and their main text extracted.

At most `FetchSettings.page_workers` pages are fetched at once, and at most
`pages_per_host` from one host; the URLs are taken host by host in turn, so one slow host
does not hold up the others. A page not begun when the feed's deadline passes is not
fetched at all: 1,000 teasers on a host that never answers cost the budget, not hours.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from itertools import chain, zip_longest
from urllib.parse import urlsplit

import trafilatura
from trafilatura.settings import Document

from briefing.ingest.normalise import clean_field, normalise_text
from briefing.sources.http import Download, DownloadError, FetchSettings, download

logger = logging.getLogger(__name__)

ACCEPT_PAGES = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


def fetch_pages(urls: list[str], fetch: FetchSettings, deadline: float) -> dict[str, Download | DownloadError]:
    """Each distinct URL's page, or the error that says why it was not fetched."""
    ordered = _host_by_host(list(dict.fromkeys(urls)))
    gates: defaultdict[str, threading.BoundedSemaphore] = defaultdict(
        lambda: threading.BoundedSemaphore(fetch.pages_per_host)
    )
    for url in ordered:  # made here, before the threads: defaultdict is not thread-safe
        gates[_host(url)]

    def fetch_one(url: str) -> Download | DownloadError:
        gate = gates[_host(url)]
        if not gate.acquire(timeout=max(deadline - time.monotonic(), 0)):
            return _budget_spent(fetch)
        try:
            if time.monotonic() >= deadline:
                return _budget_spent(fetch)
            return download(url, fetch, ACCEPT_PAGES, deadline=deadline)
        except DownloadError as error:
            return error
        finally:
            gate.release()

    if not ordered:
        return {}
    with ThreadPoolExecutor(max_workers=max(1, fetch.page_workers), thread_name_prefix="page") as pool:
        return dict(zip(ordered, pool.map(fetch_one, ordered), strict=True))


def page_text(html: bytes, title: str | None = None) -> str:
    """The main text of an article page, via trafilatura; "" when it finds none. The
    heading that repeats the title is not body text."""
    try:
        page = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as error:  # trafilatura and lxml raise many kinds on odd pages
        logger.info("trafilatura could not read a page: %s", error)
        return ""
    if not isinstance(page, Document) or not page.text:  # None: nothing found (a dict only with as_dict)
        return ""
    text = normalise_text(page.text)
    first, _, rest = text.partition("\n")
    if first.strip() in {title, clean_field(page.title)} - {None}:
        text = normalise_text(rest)
    return text


def _host_by_host(urls: list[str]) -> list[str]:
    """a1 a2 a3 b1 c1 → a1 b1 c1 a2 a3: each host in turn."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        by_host[_host(url)].append(url)
    return [url for url in chain.from_iterable(zip_longest(*by_host.values())) if url is not None]


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _budget_spent(fetch: FetchSettings) -> DownloadError:
    return DownloadError(f"the feed's time budget of {fetch.feed_budget:g} s ran out before it")
