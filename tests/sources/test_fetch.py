"""fetch_feeds against a real HTTP server on 127.0.0.1 that serves the files in data/feeds."""

import gzip
import socket
import sys
import threading
from dataclasses import replace
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import pytest
from builders import TEST_DATA

from briefing.settings import Settings
from briefing.sources.fetch import FAILED, FETCHED, NOT_MODIFIED, FetchSettings, fetch_feeds
from briefing.sources.store import ArticleStore

FEEDS = TEST_DATA / "feeds"
SETTINGS = Settings()
# small: the slow feed costs 0.5 s; the test server's teaser pages are on 127.0.0.1, allowed here
FETCH = FetchSettings(timeout=0.5, teaser_characters=200, allow_hosts=("127.0.0.1",))
ETAG = '"inselfunk-v1"'
LAST_MODIFIED = "Mon, 01 Dec 2025 11:00:00 GMT"
SLOW_HANDLER_SECONDS = 5  # far past FETCH.timeout; the fixture wakes it up at teardown
TRICKLE_PAUSE_SECONDS = 0.05  # between the bytes of the trickling feed
SHUTDOWN_POLL_SECONDS = 0.01  # how often serve_forever looks for shutdown (default 0.5 s)
CONTENT_TYPES = {".rss": "application/rss+xml", ".atom": "application/atom+xml",
                 ".xml": "application/xml", ".html": "text/html; charset=utf-8"}  # fmt: skip


class FeedServer(ThreadingHTTPServer):
    """Serves data/feeds with `{base}` filled in; remembers every request it got."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), FeedHandler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stop_slow = threading.Event()

    def file(self, name: str) -> bytes:
        return (FEEDS / name).read_text(encoding="utf-8").replace("{base}", self.base).encode("utf-8")

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that gave up, as it should
            super().handle_error(request, client_address)

    def requests_for(self, path: str) -> list[dict[str, str]]:
        return [headers for seen, headers in self.requests if seen == path]


class FeedHandler(BaseHTTPRequestHandler):
    server: FeedServer
    FILES = {"/good.rss": "good.rss", "/teasers.atom": "teasers.atom", "/broken.xml": "broken.xml",
             "/artikel/windpark-nördlich-von-sylt.html": "windpark.html", "/articles/stub.html": "stub.html"}  # fmt: skip

    def do_GET(self):
        self.path = unquote(self.path)
        self.server.requests.append((self.path, dict(self.headers.items())))
        route = {"/slow.rss": self.slow, "/conditional.rss": self.conditional, "/big.rss": self.big,
                 "/big-unannounced.rss": self.big_unannounced, "/gzip.rss": self.gzipped, "/trickle.rss": self.trickle}  # fmt: skip
        if self.path in self.FILES:
            self.send(200, self.server.file(self.FILES[self.path]), Path(self.path).suffix)
        elif self.path in route:
            route[self.path]()
        else:
            self.send(404, b"<h1>Nicht gefunden</h1>", ".html")

    def slow(self):
        if not self.server.stop_slow.wait(SLOW_HANDLER_SECONDS):  # woken at teardown: nobody waits
            self.send(200, self.server.file("good.rss"), ".rss")

    def trickle(self):  # a byte now and then: every read is quick, the whole is too slow
        self.send_response(200)
        self.end_headers()
        while not self.server.stop_slow.wait(TRICKLE_PAUSE_SECONDS):
            self.wfile.write(b" ")
            self.wfile.flush()

    def conditional(self):
        if self.headers.get("If-None-Match") == ETAG or self.headers.get("If-Modified-Since") == LAST_MODIFIED:
            self.send(304, b"", ".rss")
        else:
            self.send(200, self.server.file("conditional.rss"), ".rss", ETag=ETAG, **{"Last-Modified": LAST_MODIFIED})

    def big(self):
        self.send(200, b" " * (FETCH.max_bytes + 1), ".rss")

    def big_unannounced(self):  # no Content-Length: HTTP/1.0 reads to the end of the connection
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<rss>" + b" " * 4096)

    def gzipped(self):
        assert "gzip" in self.headers.get("Accept-Encoding", "")
        self.send(200, gzip.compress(self.server.file("conditional.rss")), ".rss", **{"Content-Encoding": "gzip"})

    def send(self, status: int, body: bytes, suffix: str, **headers: str):
        self.send_response(status)
        self.send_header("Content-Type", CONTENT_TYPES[suffix])
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def server():
    server = FeedServer()
    thread = threading.Thread(target=server.serve_forever, args=(SHUTDOWN_POLL_SECONDS,), daemon=True)
    thread.start()
    yield server
    server.stop_slow.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def store(tmp_path):
    with ArticleStore(tmp_path / "articles.db") as store:
        yield store


def fetch(server, store, *paths, settings=FETCH, **options):
    return fetch_feeds([server.base + path for path in paths], store, SETTINGS, settings, **options)


def reason(result) -> str:
    assert result.failed and len(result.problems) == 1
    assert result.problems[0].where == result.url
    return result.problems[0].reason


# --- good feeds ---------------------------------------------------------------------------


def test_a_full_text_feed_lands_in_the_store(server, store):
    (result,) = fetch(server, store, "/good.rss")
    assert (result.status, result.added, result.duplicates, result.problems) == (FETCHED, 2, 0, [])
    schleuse, pilots = store.articles()
    assert schleuse.title == "Neue Schleuse in Brunsbüttel eröffnet"
    assert schleuse.text.startswith("Nach acht Jahren Bauzeit")
    assert "\n\nDas Wasserstraßen-" in schleuse.text
    assert schleuse.published == datetime(2025, 12, 2, 17, 15, tzinfo=timezone.utc)
    assert (schleuse.source, schleuse.language) == ("Hafenbote", "de")
    assert schleuse.url == f"{server.base}/news/schleuse.html"
    assert schleuse.origin == f"{server.base}/good.rss#1"
    assert pilots.language == "en" and "pay rise of four percent" in pilots.text
    assert not any(path.startswith("/news/") for path, _ in server.requests)  # full text: no page


def test_the_request_is_polite(server, store):
    fetch(server, store, "/good.rss")
    (headers,) = server.requests_for("/good.rss")
    assert headers["User-Agent"] == FETCH.user_agent
    assert FETCH.user_agent.startswith("briefing/")
    assert "gzip" in headers["Accept-Encoding"]


def test_a_feed_fetched_again_without_validators_adds_only_duplicates(server, store):
    fetch(server, store, "/good.rss")
    (again,) = fetch(server, store, "/good.rss")
    assert (again.status, again.added, again.duplicates) == (FETCHED, 0, 2)
    assert len(store) == 2


def test_a_gzipped_feed_is_unzipped(server, store):
    (result,) = fetch(server, store, "/gzip.rss")
    assert (result.status, result.added) == (FETCHED, 1)
    assert store.articles()[0].title == "Wattwanderung mit Rekordbeteiligung"


# --- conditional GET --------------------------------------------------------------------


def test_a_second_fetch_is_conditional_and_a_304_adds_nothing(server, store):
    (first,) = fetch(server, store, "/conditional.rss")
    (second,) = fetch(server, store, "/conditional.rss")
    assert (first.status, first.added) == (FETCHED, 1)
    assert (second.status, second.added, second.duplicates) == (NOT_MODIFIED, 0, 0)
    plain, conditional = server.requests_for("/conditional.rss")
    assert "If-None-Match" not in plain and "If-Modified-Since" not in plain
    assert conditional["If-None-Match"] == ETAG
    assert conditional["If-Modified-Since"] == LAST_MODIFIED
    assert conditional["User-Agent"] == FETCH.user_agent
    state = store.feed_state(f"{server.base}/conditional.rss")
    assert (state.etag, state.last_modified) == (ETAG, LAST_MODIFIED)  # a 304 keeps them
    assert len(store) == 1


# --- teasers ------------------------------------------------------------------------------


def test_teasers_are_expanded_from_their_pages_or_kept_with_a_reason(server, store):
    (result,) = fetch(server, store, "/teasers.atom")
    assert (result.status, result.added) == (FETCHED, 3)
    windpark, gone, stub = store.articles()
    assert windpark.text.startswith("Der neue Offshore-Windpark westlich von Sylt")  # no title line
    assert "400.000 Haushalte" in windpark.text
    assert windpark.metadata["teaser"].startswith("Der neue Windpark westlich von Sylt")
    assert gone.text == "Die Inselfähre nach Amrum fällt am Donnerstag wegen Sturms aus."
    assert stub.text.startswith("Die Herbstdeichschau")  # the page says less than the teaser
    problems = {problem.where: problem.reason for problem in result.problems}
    assert problems == {
        f"{server.base}/articles/gone.html": "page not fetched (HTTP 404 Not Found); the feed's teaser is kept",
        f"{server.base}/articles/stub.html": "the page's text (17 characters) is not longer than the "
        "feed's teaser; the teaser is kept",
    }
    page_headers = server.requests_for("/artikel/windpark-nördlich-von-sylt.html")[0]
    assert page_headers["User-Agent"] == FETCH.user_agent


def test_pages_of_stored_teasers_are_not_fetched_again(server, store):
    fetch(server, store, "/teasers.atom")
    (again,) = fetch(server, store, "/teasers.atom")
    assert (again.added, again.duplicates, again.problems) == (0, 3, [])
    assert len(server.requests_for("/artikel/windpark-nördlich-von-sylt.html")) == 1


def test_a_long_enough_item_is_not_a_teaser(server, store):
    fetch(server, store, "/teasers.atom", settings=replace(FETCH, teaser_characters=50))
    assert not any(path.startswith(("/articles/", "/artikel/")) for path, _ in server.requests)


# --- dead feeds -------------------------------------------------------------------------


def test_dead_feeds_fail_with_clear_reasons_and_the_good_ones_still_land(server, store):
    seen = []
    results = fetch(server, store, "/missing.rss", "/slow.rss", "/good.rss", "/broken.xml",
                    "/big.rss", "/teasers.atom", on_feed=seen.append)  # fmt: skip
    assert seen == results
    assert [result.status for result in results] == [FAILED, FAILED, FETCHED, FAILED, FAILED, FETCHED]
    missing, slow, _, broken, big, _ = results
    assert reason(missing) == "HTTP 404 Not Found"
    assert reason(slow) == "timed out after 0.5 s"
    assert reason(broken).startswith("not a feed: ") and "not well-formed" in reason(broken)
    assert reason(big) == "the response is bigger than the limit of 10,000,000 bytes (it announces 10,000,001)"
    assert str(missing) == f"{server.base}/missing.rss: failed: HTTP 404 Not Found"
    assert len(store) == 5
    assert store.feed_state(f"{server.base}/missing.rss") is None


def test_a_trickling_answer_times_out_as_a_whole(server, store):
    (result,) = fetch(server, store, "/trickle.rss")
    assert reason(result) == "timed out after 0.5 s"


def test_an_oversize_answer_without_length_is_cut_off(server, store):
    (result,) = fetch(server, store, "/big-unannounced.rss", settings=replace(FETCH, max_bytes=1000))
    assert reason(result) == "the response is bigger than the limit of 1,000 bytes"


def test_the_size_cap_holds_after_gunzip_too(server, store):
    unzipped = len(server.file("conditional.rss"))
    (result,) = fetch(server, store, "/gzip.rss", settings=replace(FETCH, max_bytes=unzipped - 1))
    assert reason(result) == f"the response is bigger than the limit of {unzipped - 1:,} bytes once unzipped"


def test_an_html_page_is_not_a_feed(server, store):
    (result,) = fetch(server, store, "/artikel/windpark-nördlich-von-sylt.html")
    assert reason(result).startswith("not a feed: ")


def test_a_refused_connection_and_a_non_http_url_fail(store):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    refused, local_file = fetch_feeds([f"http://127.0.0.1:{closed_port}/feed.rss", "file:///etc/hostname"],
                                      store, SETTINGS, FETCH)  # fmt: skip
    assert reason(refused) == "connection refused"
    assert reason(local_file) == "refused, only http and https URLs are fetched"
