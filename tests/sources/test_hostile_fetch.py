"""`fetch` against hostile servers and a hostile disk, all on 127.0.0.1 (and 127.0.0.2):
internal addresses, redirects to other schemes, trickled headers, silent hosts, a full
store, a damaged store, a store locked by a writer, impossible UTC offsets.

Time bounds are wide on purpose (the point is minutes versus seconds, not speed)."""

import ipaddress
import ssl
import socket
import sqlite3
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import trustme
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import BriefingError, InputError
from briefing.ingest.feeds import read_feed
from briefing.models import Article
from briefing.pipeline import stored_articles
from briefing.settings import Settings
from briefing.sources import addresses
from briefing.sources.addresses import AddressPolicy, RefusedURL, internal_kind, split_host_port
from briefing.sources.fetch import FAILED, FETCHED, FetchSettings, fetch_feeds
from briefing.sources.http import DownloadError, download
from briefing.sources.store import ArticleStore, StoreDamaged, StoreError

SETTINGS = Settings()
FAST = FetchSettings(timeout=1.0, teaser_characters=200)  # nothing allowed beyond the named feeds
WIDE_BOUND_SECONDS = 30  # what used to take minutes must end well within this
SHUTDOWN_POLL_SECONDS = 0.01
SECRET = "Interne Zugangsdaten: admin / hunter2. Nur für den Dienstgebrauch. " * 20
TEASER = "Kurz gemeldet: mehr im Artikel."
runner = CliRunner()


def rss(*items: str, pub_date: str = "Tue, 02 Dec 2025 18:15:00 +0100") -> bytes:
    body = "".join(
        f"<item><title>Meldung {number}</title><link>{link}</link><guid>{link}#{number}</guid>"
        f"<pubDate>{pub_date}</pubDate><description>{TEASER} ({number})</description></item>"
        for number, link in enumerate(items, start=1)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Inselfunk</title>{body}</channel></rss>'.encode()


class Server(ThreadingHTTPServer):
    """Routes: path → (status, headers, body); remembers the paths asked for."""

    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1"):
        super().__init__((host, 0), Handler)
        self.base = f"http://{host}:{self.server_address[1]}"
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.paths: list[str] = []

    def handle_error(self, request, client_address):
        pass  # a client that gave up, as it should


class Handler(BaseHTTPRequestHandler):
    server: Server

    def do_GET(self):
        self.server.paths.append(self.path)
        status, headers, body = self.server.routes.get(self.path, (404, {}, b"not here"))
        self.send_response(status)
        for key, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve(host: str = "127.0.0.1"):
    server = Server(host)
    threading.Thread(target=server.serve_forever, args=(SHUTDOWN_POLL_SECONDS,), daemon=True).start()
    return server


@pytest.fixture
def server():
    server = serve()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def other_server():
    server = serve("127.0.0.2")  # "another address" that is internal too
    yield server
    server.shutdown()
    server.server_close()


class RawServer:
    """A TCP server whose every connection `behave(connection, stop)` handles."""

    def __init__(self, behave, host: str = "127.0.0.1"):
        self.listener = socket.create_server((host, 0))
        self.base = f"http://{host}:{self.listener.getsockname()[1]}"
        self.stop = threading.Event()
        self.open_now = self.most_open = 0
        self.lock = threading.Lock()
        self.behave = behave
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stop.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection):
        with self.lock:
            self.open_now += 1
            self.most_open = max(self.most_open, self.open_now)
        try:
            self.behave(connection, self.stop)
        except OSError:
            pass
        finally:
            with self.lock:
                self.open_now -= 1
            connection.close()

    def close(self):
        self.stop.set()
        self.listener.close()


def trickle_headers(connection, stop):  # one byte at a time: every read quick, the whole endless
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100_000:
        if stop.wait(0.2):
            return
        connection.sendall(bytes([byte]))


def never_answer(connection, stop):  # reads the request, then waits in silence until the client leaves
    connection.settimeout(SHUTDOWN_POLL_SECONDS)
    while not stop.is_set():
        try:
            if not connection.recv(4096):
                return
        except TimeoutError:
            continue


@pytest.fixture
def raw_server():
    servers = []

    def start(behave, host="127.0.0.1"):
        servers.append(RawServer(behave, host))
        return servers[-1]

    yield start
    for made in servers:
        made.close()


def fetch(urls, store, fetch_settings=FAST, **options):
    return fetch_feeds(urls, store, SETTINGS, fetch_settings, **options)


@pytest.fixture
def store(tmp_path):
    with ArticleStore(tmp_path / "articles.db") as store:
        yield store


# --- 1. internal addresses ------------------------------------------------------------


def test_a_teaser_linking_to_localhost_keeps_its_teaser_and_the_page_is_never_asked_for(server, store):
    port = server.server_address[1]
    secret = f"http://localhost:{port}/admin/secret.html"
    server.routes["/feed.rss"] = (200, {}, rss(secret))
    server.routes["/admin/secret.html"] = (200, {}, f"<html><body><p>{SECRET}</p></body></html>".encode())
    (result,) = fetch([f"{server.base}/feed.rss"], store)
    assert (result.status, result.added) == (FETCHED, 1)
    assert "/admin/secret.html" not in server.paths
    (article,) = store.articles()
    assert article.text.startswith(TEASER) and "hunter2" not in article.text
    (problem,) = result.problems
    assert problem.where == secret
    assert problem.reason.startswith("refused, ")
    assert problem.reason.endswith(
        " is a loopback address (add the host to [sources] allow_hosts to fetch it); the feed's teaser is kept"
    )


def test_an_allowed_host_is_fetched(server, store):
    port = server.server_address[1]
    server.routes["/feed.rss"] = (200, {}, rss(f"http://localhost:{port}/admin/page.html"))
    server.routes["/admin/page.html"] = (200, {}, f"<html><body><p>{SECRET}</p></body></html>".encode())
    allowed = FetchSettings(timeout=1.0, teaser_characters=200, allow_hosts=(f"localhost:{port}",))
    (result,) = fetch([f"{server.base}/feed.rss"], store, allowed)
    assert result.problems == [] and "hunter2" in store.articles()[0].text


def test_a_redirect_to_ftp_is_not_followed(server, store):
    port = server.server_address[1]
    server.routes["/feed.rss"] = (302, {"Location": f"ftp://127.0.0.1:{port}/feed.rss"}, b"")
    (result,) = fetch([f"{server.base}/feed.rss"], store)
    assert result.status == FAILED
    assert result.problems[0].reason == (
        f"redirected to ftp://127.0.0.1:{port}/feed.rss: refused, only http and https URLs are fetched"
    )


def test_a_configured_feed_redirecting_to_another_internal_host_is_refused_unless_allowed(server, other_server, store):
    other_server.routes["/feed.rss"] = (200, {}, rss("https://example.org/a.html"))
    server.routes["/moved.rss"] = (301, {"Location": f"{other_server.base}/feed.rss"}, b"")
    (refused,) = fetch([f"{server.base}/moved.rss"], store)
    assert refused.status == FAILED and other_server.paths == []
    assert refused.problems[0].reason == (
        f"redirected to {other_server.base}/feed.rss: refused, 127.0.0.2 is a loopback address "
        "(add the host to [sources] allow_hosts to fetch it)"
    )
    allowed = FetchSettings(timeout=1.0, teaser_characters=10, allow_hosts=("127.0.0.2",))
    (followed,) = fetch([f"{server.base}/moved.rss"], store, allowed)
    assert (followed.status, followed.added) == (FETCHED, 1)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "a loopback"), ("10.1.2.3", "a private"), ("172.16.0.1", "a private"),
        ("192.168.1.1", "a private"), ("169.254.169.254", "a link-local"), ("224.0.0.1", "a multicast"),
        ("0.0.0.0", "an unspecified"), ("240.0.0.1", "a reserved"), ("100.64.0.1", "a non-public"),
        ("::1", "a loopback"), ("::", "an unspecified"), ("fe80::1", "a link-local"), ("fc00::1", "a private"),
        ("ff02::1", "a multicast"), ("::ffff:127.0.0.1", "a loopback"), ("::ffff:10.0.0.1", "a private"),
        ("64:ff9b::a9fe:a9fe", "a link-local"), ("2002:7f00:1::1", "a loopback"),
        ("93.184.215.14", None), ("2606:4700::6810:84e5", None), ("::ffff:8.8.8.8", None),
    ],
)  # fmt: skip
def test_internal_addresses_of_every_kind_are_named(address, kind):
    assert internal_kind(ipaddress.ip_address(address)) == kind


def test_allow_hosts_entries_are_hosts_ips_or_host_ports():
    assert split_host_port("LocalHost") == ("localhost", None)
    assert split_host_port("[::1]:8080") == ("::1", 8080)
    assert split_host_port("::1") == ("::1", None)
    assert split_host_port("127.0.0.1:81") == ("127.0.0.1", 81)
    for bad in ("http://x/", "user@host", "host:port", "a/b"):
        with pytest.raises(ValueError):
            split_host_port(bad)
    assert AddressPolicy(("localhost:81",)).allows("localhost", 81)
    assert not AddressPolicy(("localhost:81",)).allows("localhost", 82)


def test_a_name_is_resolved_once_and_the_checked_address_is_the_one_connected(server, monkeypatch):
    """No DNS-rebinding gap: a second lookup would get an address nobody checked."""
    server.routes["/page.html"] = (200, {}, b"checked")
    port = server.server_address[1]
    answers = iter([[(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]])
    real = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host == "news.test":
            return next(answers)  # a second call raises StopIteration: a test failure
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    allowed = FetchSettings(timeout=2.0, allow_hosts=("news.test",))
    assert download(f"http://news.test:{port}/page.html", allowed, "*/*").body == b"checked"
    with pytest.raises(RefusedURL, match=r"127\.0\.0\.1 is a loopback address"):  # not allowed: refused
        monkeypatch.setattr(addresses, "resolve", lambda host, port, seconds: ("127.0.0.1",))
        AddressPolicy().target(f"http://news.test:{port}/", 1.0)


# --- 2. deadlines -------------------------------------------------------------------------


@pytest.mark.parametrize("behave", [trickle_headers, never_answer])
def test_a_request_ends_at_its_deadline_whatever_the_server_does(raw_server, behave):
    slow = raw_server(behave)
    started = time.monotonic()
    with pytest.raises(DownloadError, match=r"^timed out after 1 s$"):
        download(f"{slow.base}/feed.rss", FAST, "*/*", trusted=True)
    assert time.monotonic() - started < WIDE_BOUND_SECONDS  # headers trickled: 84 s before


def test_many_teasers_on_a_silent_host_cost_the_feed_budget_not_hours(server, raw_server, store):
    silent = raw_server(never_answer, "127.0.0.2")
    links = [f"{silent.base}/article-{number}.html" for number in range(40)]
    server.routes["/feed.rss"] = (200, {}, rss(*links))
    budget = FetchSettings(timeout=1.0, teaser_characters=200, feed_budget=3.0, allow_hosts=("127.0.0.2",))
    started = time.monotonic()
    (result,) = fetch([f"{server.base}/feed.rss"], store, budget)
    assert time.monotonic() - started < WIDE_BOUND_SECONDS  # 40 × 1 s one after another before
    assert (result.status, result.added) == (FETCHED, 40)  # the teasers are kept
    reasons = {problem.reason for problem in result.problems}
    assert len(result.problems) == 40
    assert "page not fetched (timed out after 1 s); the feed's teaser is kept" in reasons
    assert any("the feed's time budget of 3 s ran out" in reason for reason in reasons)
    # at most 2 at a time from the host (the server may see a closed one a moment late): fewer than the workers
    assert silent.most_open < budget.page_workers


def test_feeds_not_begun_within_the_run_budget_fail_each_with_a_line(server, raw_server, store):
    silent = raw_server(never_answer)
    server.routes["/feed.rss"] = (200, {}, rss("https://example.org/a.html"))
    budget = FetchSettings(timeout=1.0, run_budget=0.5)
    first, second = fetch([f"{silent.base}/feed.rss", f"{server.base}/feed.rss"], store, budget)
    assert first.problems[0].reason == "timed out after 0.5 s"
    assert second.problems[0].reason == "not fetched: the run's time budget of 0.5 s ran out"


# --- 3. a full disk -----------------------------------------------------------------------


def test_a_full_store_fails_each_feed_with_one_line_and_every_feed_is_tried(server, tmp_path):
    server.routes["/a.rss"] = (200, {}, rss(*[f"https://example.org/a{number}.html" for number in range(50)]))
    server.routes["/b.rss"] = (200, {}, rss(*[f"https://example.org/b{number}.html" for number in range(50)]))
    path = tmp_path / "articles.db"
    with ArticleStore(path) as store:
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        store._db.execute(f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL, as on a full disk
        first, second = fetch([f"{server.base}/a.rss", f"{server.base}/b.rss"], store, FetchSettings(timeout=1.0))
        assert len(store) == 0
    for result in (first, second):
        assert result.status == FAILED
        assert result.problems[0].reason == (
            f"not stored: {path}: cannot write the article store (database or disk is full); free some disk space"
        )
    assert server.paths == ["/a.rss", "/b.rss"]


def test_a_disk_error_writing_the_store_is_a_store_error(tmp_path):
    with (
        ArticleStore(tmp_path / "articles.db") as store,
        pytest.raises(StoreError, match=r"articles\.db: cannot write the article store \(No space left on device\)"),
        store._errors(),
    ):
        raise OSError(28, "No space left on device")


# --- 4. a damaged store -------------------------------------------------------------------


@pytest.fixture
def damaged_store(tmp_path) -> Path:
    path = tmp_path / "articles.sqlite"
    with ArticleStore(path) as store:
        store.add(
            [Article(id=f"a{number}", text=f"Meldung {number}: " + "Text " * 400) for number in range(200)],
            datetime(2025, 12, 3, tzinfo=UTC),
        )
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = b"\xde\xad\xbe\xef" * 2048
    path.write_bytes(bytes(data))
    return path


def test_a_damaged_store_says_so_naming_the_file_and_what_to_do(damaged_store):
    with pytest.raises(StoreDamaged) as caught, ArticleStore(damaged_store, read_only=True) as store:
        store.articles()
    assert str(damaged_store) in str(caught.value) and "move the file aside" in str(caught.value)
    assert isinstance(caught.value, InputError)  # exit code 2: the input cannot be used


def test_fetch_build_and_daily_on_a_damaged_store_print_one_line(damaged_store, server):
    server.routes["/feed.rss"] = (200, {}, rss("https://example.org/a.html"))
    config = damaged_store.parent / "briefing.toml"
    config.write_text(
        f'[sources]\nfeeds = ["{server.base}/feed.rss"]\nstore = "{damaged_store.name}"\n\n'
        '[profiles.daily]\nformats = ["md"]\n',
        encoding="utf-8",
    )
    for command in (["fetch"], ["build", "--format", "json"], ["daily", "--date", "2025-12-03"]):
        result = runner.invoke(app, [*command, "--config", str(config)])
        assert result.exit_code != 0, command
        assert "Traceback" not in result.output, command
        assert result.exception is None or isinstance(result.exception, SystemExit), command
        lines = [line for line in result.output.splitlines() if "damaged" in line]
        assert len(lines) == 1 and str(damaged_store) in lines[0], (command, result.output)


# --- 5. reading while another process writes -------------------------------------------


def test_a_store_is_read_while_another_process_holds_the_write_lock(tmp_path):
    path = tmp_path / "articles.db"
    with ArticleStore(path) as store:
        store.add([Article(id="a", text="Eine Meldung.")], datetime(2025, 12, 3, tzinfo=UTC))
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO feeds (url, checked_at) VALUES ('x', 'y')")
    try:
        started = time.monotonic()
        with ArticleStore(path, read_only=True) as store:
            assert [article.id for article in store.articles()] == ["a"]
            with pytest.raises(StoreError):
                store.add([Article(id="b", text="Noch eine.")], datetime(2025, 12, 3, tzinfo=UTC))
        assert [article.id for article in stored_articles(path, SETTINGS)] == ["a"]  # as build and daily read
        assert time.monotonic() - started < WIDE_BOUND_SECONDS
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_read_only_store_that_is_not_there_is_not_made(tmp_path):
    with pytest.raises(InputError, match="no article store there"):
        ArticleStore(tmp_path / "none.db", read_only=True)
    assert not (tmp_path / "none.db").exists()


# --- 6. impossible UTC offsets -------------------------------------------------------------


@pytest.mark.parametrize("offset", ["+9900", "-1800", "+1430", "+0175"])
def test_an_impossible_utc_offset_is_read_as_utc_and_said(tmp_path, offset):
    path = tmp_path / "feed.rss"
    path.write_bytes(rss("https://example.org/a.html", pub_date=f"Tue, 02 Dec 2025 18:15:00 {offset}"))
    (article,), problems = read_feed(path, SETTINGS)
    assert article.published == datetime(2025, 12, 2, 18, 15, tzinfo=UTC)
    (problem,) = problems
    assert problem.where == f"{path}#1"
    assert f"impossible UTC offset {offset}" in problem.reason and problem.reason.endswith("read as UTC")


def test_the_widest_real_offsets_are_kept(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_bytes(rss("https://example.org/a.html", pub_date="Tue, 02 Dec 2025 18:15:00 +1400"))
    (article,), problems = read_feed(path, SETTINGS)
    assert problems == [] and article.published.utcoffset().total_seconds() == 14 * 3600


def test_briefing_errors_stay_briefing_errors():
    assert issubclass(StoreDamaged, BriefingError)


def test_an_allow_hosts_entry_that_is_no_host_is_one_line_naming_the_key(tmp_path):
    config = tmp_path / "briefing.toml"
    config.write_text('[sources]\nfeeds = ["http://127.0.0.1:9/feed.rss"]\nallow_hosts = ["http://intranet/x"]\n',
                      encoding="utf-8")  # fmt: skip
    result = runner.invoke(app, ["fetch", "--config", str(config), "--quiet"])
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("briefing: error:")]
    assert len(errors) == 1 and "[sources] allow_hosts" in errors[0] and "http://intranet/x" in errors[0]


# --- https: the checked address is connected to, the certificate checked against the name ---


def tls_server(authority, name: str):
    """The routes server behind TLS, with a certificate for `name` from `authority`."""
    server = Server()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert(name).configure_cert(context)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.base = f"https://localhost:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, args=(SHUTDOWN_POLL_SECONDS,), daemon=True).start()
    return server


@pytest.mark.parametrize("name, fetched", [("localhost", True), ("news.example.org", False)])
def test_https_is_fetched_from_the_checked_address_with_the_certificate_checked(tmp_path, monkeypatch, name, fetched):
    authority = trustme.CA()
    authority.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))  # the default context trusts the test CA
    server = tls_server(authority, name)
    server.routes["/feed.rss"] = (200, {}, rss("https://example.org/a.html"))
    try:
        settings = FetchSettings(timeout=5.0, allow_hosts=("localhost",))
        if fetched:
            assert b"Meldung 1" in download(f"{server.base}/feed.rss", settings, "application/rss+xml").body
        else:
            with pytest.raises(DownloadError, match="certificate"):
                download(f"{server.base}/feed.rss", settings, "application/rss+xml")
    finally:
        server.shutdown()
        server.server_close()
