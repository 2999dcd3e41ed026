"""Which addresses `fetch` may connect to: http(s) URLs whose host resolves to public
addresses only, unless the user allowed the host in `[sources] allow_hosts`.

A feed's items and redirects are written by strangers: left unchecked, a link to
`http://localhost:8080/admin` or `http://169.254.169.254/` would make `fetch` read an
internal page and store it as an article (server-side request forgery). So every URL is
resolved here, every address it resolves to is checked, and the caller connects to an
address that was checked (never resolving the name again, so a DNS answer that changes in
between cannot slip a private address in).

An entry of `allow_hosts` is a host name or IP address (`localhost`, `127.0.0.1`, `::1`),
which allows every port of that host, or `host:port` (`[::1]:8080` for IPv6), which allows
that port only. Names are compared as written in the URL, case-insensitively.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

HTTP_SCHEMES = ("http", "https")  # never file:, ftp: …, whatever a feed's links say
DEFAULT_PORTS = {"http": 80, "https": 443}
# IPv6 prefixes that carry an IPv4 address in their last 32 bits; the IPv4 one is checked.
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class BadURL(Exception):
    """The URL cannot be fetched (not valid, its host unknown); the message is one line."""


class RefusedURL(BadURL):
    """The URL may not be fetched: not http(s), or an internal address not allowed."""


@dataclass(frozen=True)
class Target:
    """Where to connect for a URL: its host name (for the Host header and TLS), its port,
    and the checked addresses, in the order the resolver gave them."""

    scheme: str
    host: str
    port: int
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class AddressPolicy:
    """`allow_hosts` as given; `target` checks a URL against it."""

    allow_hosts: tuple[str, ...] = ()

    def allows(self, host: str, port: int) -> bool:
        wanted = _normal_host(host)
        for entry in self.allow_hosts:
            allowed_host, allowed_port = split_host_port(entry)
            if allowed_host == wanted and allowed_port in (None, port):
                return True
        return False

    def target(self, url: str, resolve_seconds: float, trusted: bool = False) -> Target:
        """The checked addresses of the URL. `trusted`: the user named this very URL as a
        feed, so its host may be internal. Raises RefusedURL with the reason."""
        parts = _http_parts(url)
        host, port = parts.hostname or "", _port(parts)
        addresses = resolve(host, port, resolve_seconds)
        if not (trusted or self.allows(host, port)):
            for address in addresses:
                if kind := internal_kind(ipaddress.ip_address(address)):
                    raise RefusedURL(
                        f"refused, {address} is {kind} address (add the host to [sources] allow_hosts to fetch it)"
                    )
        return Target(parts.scheme.lower(), host, port, addresses)


def split_host_port(entry: str) -> tuple[str, int | None]:
    """`localhost` → ("localhost", None); `[::1]:8080` → ("::1", 8080); `::1` → ("::1", None).
    Raises ValueError for what is neither."""
    text = entry.strip()
    try:
        return str(ipaddress.ip_address(text.strip("[]"))), None
    except ValueError:
        pass
    parts = urlsplit(f"//{text}")
    if not parts.hostname or parts.path or parts.query or parts.username or "@" in text:
        raise ValueError(f"{entry!r} is not a host name, IP address or host:port")
    return _normal_host(parts.hostname), parts.port  # .port raises ValueError for a bad port


def internal_kind(address: IPAddress) -> str | None:
    """What makes the address internal ("a loopback", "a private", …), or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in NAT64_PREFIX:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return internal_kind(embedded)
    for kind, found in (("a loopback", address.is_loopback), ("an unspecified", address.is_unspecified),
                        ("a link-local", address.is_link_local), ("a multicast", address.is_multicast),
                        ("a reserved", address.is_reserved), ("a private", address.is_private)):  # fmt: skip
        if found:
            return kind
    return None if address.is_global else "a non-public"


def resolve(host: str, port: int, seconds: float) -> tuple[str, ...]:
    """The host's addresses (an IP address is its own), within `seconds`: the system
    resolver has no timeout of its own, so it runs in a thread that is left behind when
    it takes too long."""
    try:
        return (str(ipaddress.ip_address(host)),)
    except ValueError:
        pass
    found: list[str] = []
    failure: list[BaseException] = []

    def look_up() -> None:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            found.extend(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))
        except (OSError, UnicodeError) as error:
            failure.append(error)

    worker = threading.Thread(target=look_up, name=f"resolve {host}", daemon=True)
    worker.start()
    worker.join(max(seconds, 0.0))
    if worker.is_alive():
        raise BadURL(f"cannot resolve {host}: no answer within {seconds:g} s")
    if failure or not found:
        reason = getattr(failure[0], "strerror", None) or failure[0] if failure else "no address"
        raise BadURL(f"cannot resolve {host} ({reason})")
    return tuple(found)


def _http_parts(url: str) -> SplitResult:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as error:
        raise BadURL(f"not a valid URL ({error})") from None
    if parts.scheme.lower() not in HTTP_SCHEMES:
        raise RefusedURL("refused, only http and https URLs are fetched")
    if not parts.hostname:
        raise BadURL("not a valid URL (no host)")
    return parts


def _port(parts: SplitResult) -> int:
    return parts.port or DEFAULT_PORTS[parts.scheme.lower()]


def _normal_host(host: str) -> str:
    host = host.strip("[]").lower().rstrip(".")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return host
