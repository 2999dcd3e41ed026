"""A wall clock on one HTTP exchange: the caller waits at most so long, whatever the server does.

Socket timeouts bound each read, not the whole answer: a server that trickles a byte
every few seconds, or never stops sending, would hold a call for ever. `within` runs the
exchange in a daemon thread and waits for it at most `seconds`, or until `stop` is set
(the run is ending); then it gives up on it, sets its `cancelled` event (its body, a
`BoundedStream`, ends at the next chunk) and shuts its socket, so the thread ends soon.
A daemon thread never holds the process at exit.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from typing import Any, Generic, TypeVar

T = TypeVar("T")
# How often a waiting caller looks at `stop`; a stopped run gives up its calls this soon.
STOP_POLL_SECONDS = 0.1


class GaveUp(Exception):
    """The exchange did not end in time (`stopped`: because the run is ending)."""

    def __init__(self, stopped: bool):
        super().__init__("stopped" if stopped else "timed out")
        self.stopped = stopped


class Exchange(Generic[T]):
    """One exchange, run in its own thread; `response` is set once the headers are in."""

    def __init__(self, work: Callable[[Exchange[T]], T]):
        self.cancelled = threading.Event()
        self.response: Any = None
        self._work = work
        self._done = threading.Event()
        self._value: T | None = None
        self._error: BaseException | None = None

    def _run(self) -> None:
        try:
            self._value = self._work(self)
        except BaseException as error:  # handed to the caller, who decides
            self._error = error
        finally:
            self._done.set()

    def give_up(self) -> None:
        """Stop reading: the body ends at its next chunk, and a blocked read wakes up."""
        self.cancelled.set()
        stream = getattr(self.response, "extensions", {}).get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def within(work: Callable[[Exchange[T]], T], seconds: float, stop: threading.Event) -> T:
    """`work(exchange)`'s value or exception, if it ends within `seconds`; GaveUp if not,
    or if `stop` is set first."""
    exchange: Exchange[T] = Exchange(work)
    threading.Thread(target=exchange._run, name="llm-call", daemon=True).start()
    ends = time.monotonic() + seconds
    while not exchange._done.wait(min(STOP_POLL_SECONDS, max(ends - time.monotonic(), 0.0))):
        if stop.is_set() or time.monotonic() >= ends:
            exchange.give_up()
            raise GaveUp(stopped=stop.is_set())
    if exchange._error is not None:  # without the thread's frames: their locals may hold the answer
        raise exchange._error.with_traceback(None)
    return exchange._value  # type: ignore[return-value]  # set when no error was raised
