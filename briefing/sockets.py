"""A wall clock on one connection: `SocketWatchdog` shuts its socket at the deadline.

Socket timeouts bound each read, not the whole exchange: a server that trickles a byte
every few seconds (headers, an SMTP greeting) would hold a run for ever. The watchdog's
timer shuts the socket down when the deadline passes, so a blocked read or write returns
at once. Used by `sources.http` (a fetched URL) and `output.mail` (an e-mail delivery).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time


class SocketWatchdog:
    """Shuts the watched socket down once `seconds` have passed (`expired` says so)."""

    def __init__(self, seconds: float):
        self.seconds = seconds  # for messages
        self.deadline = time.monotonic() + seconds
        self.expired = False
        self._socket: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._expire)
        self._timer.daemon = True

    def __enter__(self) -> SocketWatchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def watch(self, sock: socket.socket) -> None:
        """The socket to shut; shut at once if the deadline passed while connecting."""
        with self._lock:
            self._socket = sock
            if self.expired:
                shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._socket is not None:
                shut(self._socket)


def shut(sock: socket.socket) -> None:
    """Shut `sock` down both ways; nothing if it is closed already."""
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain one, also under TLS: it wakes a blocked read
