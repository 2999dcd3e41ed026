"""One GET over HTTP(S), bounded in every way a stranger's server could stretch it.

`download` follows redirects itself, so that every hop is checked like the first URL
(`addresses.AddressPolicy`: http(s) only, public addresses unless allowed), and connects to
the address that was checked. One wall-clock deadline covers the whole request: resolving,
connecting, every redirect, the headers and the body. A watchdog thread shuts the socket
down when it passes, so a server that trickles one byte every few seconds (each read quick,
the whole endless) is cut off on time too. Bodies are capped in size, also after gunzip.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import zlib
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus
from typing import Any
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from briefing import __version__
from briefing.sockets import SocketWatchdog
from briefing.sources.addresses import AddressPolicy, BadURL, RefusedURL, Target

URL_SAFE = "/:@!$&'()*+,;=%?"  # kept as they are when a path or query is percent-encoded
READ_CHUNK_BYTES = 64 * 1024  # the body is read in pieces, so the size cap and deadline hold
GZIP_ENCODINGS = ("gzip", "x-gzip")  # the only Content-Encoding we ask for
MAX_REDIRECTS = 5  # feeds move once or twice; more is a loop or a maze
REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class FetchSettings:
    timeout: float = 20.0  # seconds per HTTP request, all of it: resolving, connecting, redirects, headers, body
    user_agent: str = f"briefing/{__version__} (news brief generator)"
    max_bytes: int = 10_000_000  # a bigger response (after gunzip, too) is refused
    teaser_characters: int = 600  # an item whose text is shorter gets its page fetched
    feed_budget: float = 120.0  # seconds for one feed with all its teaser pages; pages not begun by then are skipped
    run_budget: float = 1800.0  # seconds for a whole `fetch`; feeds not begun by then fail, each with its line
    page_workers: int = 4  # teaser pages fetched at the same time, in all
    pages_per_host: int = 2  # … and at most this many from one host, to be polite
    allow_hosts: tuple[str, ...] = ()  # [sources] allow_hosts: internal hosts that may be fetched

    @property
    def policy(self) -> AddressPolicy:
        return AddressPolicy(self.allow_hosts)


class DownloadError(Exception):
    """A URL could not be fetched; the message is one line saying why."""


class Refused(DownloadError):
    """The URL, or a redirect on the way, was not fetched: not http(s), or an internal address."""


@dataclass(frozen=True)
class Download:
    status: int  # 200 (or another 2xx) or 304
    body: bytes  # decompressed; empty for 304
    url: str  # after redirects
    headers: Message


def download(
    url: str, fetch: FetchSettings, accept: str, headers: dict[str, str] | None = None,
    trusted: bool = False, deadline: float | None = None,
) -> Download:  # fmt: skip
    """GET the URL: its body (gunzipped, at most `fetch.max_bytes`), or a 304, within
    `fetch.timeout` (or by the monotonic `deadline`, when sooner). `trusted`: the user named
    this URL, so its own host may be internal (its redirects are checked all the same).
    Raises DownloadError with a one-line reason for anything else."""
    seconds = fetch.timeout if deadline is None else min(fetch.timeout, deadline - time.monotonic())
    sent = {"User-Agent": fetch.user_agent, "Accept": accept, "Accept-Encoding": "gzip",
            "Connection": "close", **(headers or {})}  # fmt: skip
    current = url
    with SocketWatchdog(seconds) as watchdog:
        for hop in range(MAX_REDIRECTS + 1):
            try:
                answer = _get(current, fetch, sent, watchdog, trusted=trusted and hop == 0)
            except (DownloadError, BadURL) as error:
                kind = Refused if isinstance(error, RefusedURL | Refused) else DownloadError
                raise kind(f"redirected to {current}: {error}" if hop else str(error)) from None
            if isinstance(answer, Download):
                return answer
            current = answer
    raise DownloadError(f"more than {MAX_REDIRECTS} redirects, the last to {current}")


def _get(
    url: str, fetch: FetchSettings, headers: dict[str, str], watchdog: SocketWatchdog, trusted: bool
) -> Download | str:
    """One request: the Download, or the URL a redirect points to."""
    if watchdog.remaining() <= 0:
        raise DownloadError(_timed_out(watchdog))
    target = fetch.policy.target(url, watchdog.remaining(), trusted)
    connection = _connection(target, watchdog)
    try:
        connection.request("GET", _path_and_query(url), headers=headers)
        response = connection.getresponse()
        if response.status in REDIRECTS and (location := response.getheader("Location")):
            return urljoin(url, location.strip())
        if response.status == HTTPStatus.NOT_MODIFIED:
            return Download(response.status, b"", url, response.msg)
        if not HTTPStatus.OK <= response.status < HTTPStatus.MULTIPLE_CHOICES:
            raise DownloadError(f"HTTP {response.status} {response.reason}".strip())
        body = _read_capped(response, fetch, watchdog)
        encoding = (response.getheader("Content-Encoding") or "").strip().lower()
        return Download(response.status, _decompressed(body, encoding, fetch.max_bytes), url, response.msg)
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise DownloadError(_timed_out(watchdog) if watchdog.expired else _network_reason(error, watchdog)) from None
    finally:
        connection.close()


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the checked addresses of `target`, never resolving its name again."""

    def __init__(self, target: Target, watchdog: SocketWatchdog):
        super().__init__(target.host, target.port, timeout=max(watchdog.remaining(), 0.001))
        self.target, self.watchdog = target, watchdog

    def connect(self) -> None:
        self.sock = _connect_any(self.target, self.watchdog)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """The same over TLS; the certificate is checked against the host name."""

    def __init__(self, target: Target, watchdog: SocketWatchdog):
        super().__init__(target.host, target.port, timeout=max(watchdog.remaining(), 0.001),
                         context=ssl.create_default_context())  # fmt: skip
        self.target, self.watchdog = target, watchdog

    def connect(self) -> None:
        plain = _connect_any(self.target, self.watchdog)
        self.sock = self._context.wrap_socket(plain, server_hostname=self.target.host)  # type: ignore[attr-defined]
        self.watchdog.watch(self.sock)


def _connection(target: Target, watchdog: SocketWatchdog) -> http.client.HTTPConnection:
    return _PinnedHTTPS(target, watchdog) if target.scheme == "https" else _PinnedHTTP(target, watchdog)


def _connect_any(target: Target, watchdog: SocketWatchdog) -> socket.socket:
    """A socket connected to the first of the checked addresses that answers."""
    failure: OSError = OSError("no address to connect to")
    for address in target.addresses:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        watchdog.watch(sock)
        try:
            sock.settimeout(max(watchdog.remaining(), 0.001))
            sock.connect((address, target.port))
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock
        except OSError as error:
            sock.close()
            failure = error
    raise failure


def _path_and_query(url: str) -> str:
    """`/straße?q` → `/stra%C3%9Fe?q`: http.client sends only ASCII (the host it encodes itself)."""
    parts = urlsplit(url)
    path, query = quote(parts.path, safe=URL_SAFE) or "/", quote(parts.query, safe=URL_SAFE)
    return urlunsplit(("", "", path, query, ""))


def _read_capped(response: Any, fetch: FetchSettings, watchdog: SocketWatchdog) -> bytes:
    announced = (response.getheader("Content-Length") or "").strip()
    if announced.isdigit() and int(announced) > fetch.max_bytes:
        raise DownloadError(_too_big(fetch.max_bytes) + f" (it announces {int(announced):,})")
    chunks, size = [], 0
    while chunk := response.read1(READ_CHUNK_BYTES):  # read1: one wait, so the watchdog can end it
        size += len(chunk)
        if size > fetch.max_bytes:
            raise DownloadError(_too_big(fetch.max_bytes))
        chunks.append(chunk)
    if watchdog.expired:  # the end of the body may be the watchdog's shutdown
        raise DownloadError(_timed_out(watchdog))
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


def _network_reason(error: Exception, watchdog: SocketWatchdog) -> str:
    """One line for what went wrong on the way: timeout, refused, broken answer, …"""
    if isinstance(error, TimeoutError):
        return _timed_out(watchdog)
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, http.client.InvalidURL | ValueError):
        return f"not a valid URL ({error})"
    if isinstance(error, http.client.HTTPException):
        return f"broken HTTP answer ({type(error).__name__}: {error})"
    return one_line(f"network error ({getattr(error, 'strerror', None) or error})")


def _timed_out(watchdog: SocketWatchdog) -> str:
    return f"timed out after {round(max(watchdog.seconds, 0), 1):g} s"


def _too_big(max_bytes: int) -> str:
    return f"the response is bigger than the limit of {max_bytes:,} bytes"


def one_line(text: str) -> str:
    return " ".join(text.split())
