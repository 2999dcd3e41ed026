"""RSS and Atom feeds over HTTP, into the article store.

`fetch_feeds` takes each feed in turn: 1. download it (a conditional GET with the ETag and
Last-Modified the store remembers; 304 means nothing new), 2. read its items as
`ingest.feeds` reads a feed file, 3. fetch the page of an item that carries only a teaser
and take the page's text when it is longer, 4. store the feed's articles in one
transaction, 5. remember the feed's new ETag / Last-Modified. Plain urllib with a polite
User-Agent, a timeout, gzip and a size cap. A feed that cannot be fetched or read fails
alone, with a one-line reason naming its URL; the others go on.
"""

from __future__ import annotations

import io
import logging
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.message import Message
from http import HTTPStatus
from http.client import HTTPException, InvalidURL
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import feedparser
import trafilatura
from trafilatura.settings import Document

from briefing import __version__
from briefing.ingest.feeds import item_id, item_to_article
from briefing.ingest.normalise import clean_field, normalise_text
from briefing.models import Article, Problem
from briefing.settings import Settings
from briefing.sources.store import ArticleStore, FeedState

logger = logging.getLogger(__name__)

FETCHED, NOT_MODIFIED, FAILED = "fetched", "not modified", "failed"  # FeedResult.status
HTTP_SCHEMES = ("http", "https")  # never file:, ftp: …, whatever a feed's links say
URL_SAFE = "/:@!$&'()*+,;=%?"  # kept as they are when a path or query is percent-encoded
READ_CHUNK_BYTES = 64 * 1024  # the body is read in pieces, so the size cap and deadline hold
GZIP_ENCODINGS = ("gzip", "x-gzip")  # the only Content-Encoding we ask for
ACCEPT_FEEDS = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
ACCEPT_PAGES = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"

# One opener of our own: a global one that other code installed does not change our requests.
_OPENER = urllib.request.build_opener()


@dataclass(frozen=True)
class FetchSettings:
    timeout: float = 20.0  # seconds per HTTP request, from connecting to the last byte
    user_agent: str = f"briefing/{__version__} (news brief generator)"
    max_bytes: int = 10_000_000  # a bigger response (after gunzip, too) is refused
    teaser_characters: int = 600  # an item whose text is shorter gets its page fetched


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


class DownloadError(Exception):
    """A URL could not be fetched; the message is one line saying why."""


@dataclass(frozen=True)
class Download:
    status: int  # 200 (or another 2xx) or 304
    body: bytes  # decompressed; empty for 304
    url: str  # after redirects
    headers: Message


def fetch_feeds(
    urls: list[str],
    store: ArticleStore,
    settings: Settings,
    fetch: FetchSettings = FetchSettings(),
    on_feed: Callable[[FeedResult], None] | None = None,
) -> list[FeedResult]:
    """Fetch every feed into the store, one after the other; `on_feed` hears of each."""
    results = []
    for url in urls:
        result = fetch_feed(url, store, settings, fetch)
        results.append(result)
        if on_feed is not None:
            on_feed(result)
    return results


def fetch_feed(url: str, store: ArticleStore, settings: Settings, fetch: FetchSettings) -> FeedResult:
    """One feed, steps 1–5 of the module docstring."""
    previous = store.feed_state(url)
    try:
        answer = download(url, fetch, ACCEPT_FEEDS, _conditional_headers(previous))
    except DownloadError as error:
        return _failed(url, str(error))
    if answer.status == HTTPStatus.NOT_MODIFIED:
        store.save_feed_state(_next_state(url, answer, previous))
        return FeedResult(url, NOT_MODIFIED)
    parsed = _parse_feed(answer)
    if reason := _not_a_feed(parsed):
        return _failed(url, f"not a feed: {reason}")
    result = FeedResult(url, FETCHED)
    articles = _feed_articles(parsed, url, store, settings, fetch, result.problems)
    stored = store.add(articles, fetched_at=datetime.now(UTC))
    result.added, result.duplicates = stored.added, stored.duplicates
    store.save_feed_state(_next_state(url, answer, previous))  # only once the articles are in
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
        return _one_line(str(parsed.get("bozo_exception") or "unreadable XML"))
    if not parsed.get("version"):
        return "no RSS or Atom element found"
    return None


def _feed_articles(
    parsed: Any, feed_url: str, store: ArticleStore, settings: Settings, fetch: FetchSettings,
    problems: list[Problem],
) -> list[Article]:  # fmt: skip
    articles = []
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{feed_url}#{number}"
        article = item_to_article(entry, parsed.feed, where, item_id(where), settings, problems)
        if article is not None:
            articles.append(_expanded(article, store, fetch, problems))
    return articles


def _expanded(article: Article, store: ArticleStore, fetch: FetchSettings, problems: list[Problem]) -> Article:
    """The article with its page's text when the feed gave only a teaser; else as it is."""
    if len(article.text) >= fetch.teaser_characters or not article.url:
        return article
    if store.has_url(article.url):
        return article  # stored on an earlier run: a duplicate, its page is not fetched again
    try:
        page = download(article.url, fetch, ACCEPT_PAGES)
    except DownloadError as error:
        problems.append(Problem(article.url, f"page not fetched ({error}); the feed's teaser is kept"))
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


# --- HTTP -----------------------------------------------------------------------------------


def download(url: str, fetch: FetchSettings, accept: str, headers: dict[str, str] | None = None) -> Download:
    """GET the URL: its body (gunzipped, at most `fetch.max_bytes`), or a 304. Raises
    DownloadError with a one-line reason for anything else."""
    if urlsplit(url).scheme.lower() not in HTTP_SCHEMES:
        raise DownloadError("only http and https URLs are fetched")
    request = urllib.request.Request(_ascii_url(url), headers={
        "User-Agent": fetch.user_agent, "Accept": accept, "Accept-Encoding": "gzip", **(headers or {}),
    })  # fmt: skip
    deadline = time.monotonic() + fetch.timeout
    try:
        with _OPENER.open(request, timeout=fetch.timeout) as response:
            body = _read_capped(response, fetch, deadline)
            encoding = response.headers.get("Content-Encoding", "").strip().lower()
            return Download(response.status, _decompressed(body, encoding, fetch.max_bytes),
                            response.geturl(), response.headers)  # fmt: skip
    except urllib.error.HTTPError as error:
        error.close()
        if error.code == HTTPStatus.NOT_MODIFIED:
            return Download(error.code, b"", error.geturl() or url, error.headers)
        raise DownloadError(f"HTTP {error.code} {error.reason}".strip()) from None
    except (urllib.error.URLError, TimeoutError, HTTPException, OSError, ValueError) as error:
        raise DownloadError(_network_reason(error, fetch)) from None


def _ascii_url(url: str) -> str:
    """`/straße` → `/stra%C3%9Fe`: http.client sends only ASCII (the host it encodes itself)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=quote(parts.path, safe=URL_SAFE),
                                     query=quote(parts.query, safe=URL_SAFE), fragment=""))  # fmt: skip


def _read_capped(response: Any, fetch: FetchSettings, deadline: float) -> bytes:
    announced = response.headers.get("Content-Length", "").strip()
    if announced.isdigit() and int(announced) > fetch.max_bytes:
        raise DownloadError(_too_big(fetch.max_bytes) + f" (it announces {int(announced):,})")
    chunks, size = [], 0
    while chunk := response.read1(READ_CHUNK_BYTES):  # read1: one wait, so a trickle times out
        size += len(chunk)
        if size > fetch.max_bytes:
            raise DownloadError(_too_big(fetch.max_bytes))
        if time.monotonic() > deadline:
            raise DownloadError(_timed_out(fetch))
        chunks.append(chunk)
    return b"".join(chunks)


def _decompressed(body: bytes, encoding: str, max_bytes: int) -> bytes:
    if encoding in ("", "identity"):
        return body
    if encoding not in GZIP_ENCODINGS:
        raise DownloadError(f"unsupported Content-Encoding {encoding!r}")
    decompressor = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)  # 16: the gzip wrapper
    try:
        data = decompressor.decompress(body, max_bytes + 1)  # a gzip bomb stops here
    except zlib.error as error:
        raise DownloadError(f"broken gzip body ({error})") from None
    if len(data) > max_bytes:
        raise DownloadError(_too_big(max_bytes) + " once unzipped")
    if not decompressor.eof:
        raise DownloadError("the gzip body is cut short")
    return data


def _network_reason(error: Exception, fetch: FetchSettings) -> str:
    """One line for what went wrong on the way: timeout, refused, unknown host, …"""
    cause = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(cause, TimeoutError):
        return _timed_out(fetch)
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    if isinstance(cause, (InvalidURL, ValueError)):
        return f"not a valid URL ({cause})"
    if isinstance(cause, HTTPException):
        return f"broken HTTP answer ({type(cause).__name__}: {cause})"
    return _one_line(f"network error ({getattr(cause, 'strerror', None) or cause})")


def _timed_out(fetch: FetchSettings) -> str:
    return f"timed out after {fetch.timeout:g} s"


def _too_big(max_bytes: int) -> str:
    return f"the response is bigger than the limit of {max_bytes:,} bytes"


def _one_line(text: str) -> str:
    return " ".join(text.split())
