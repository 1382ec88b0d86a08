"""Keep-alive HTTP connections to Google shared by every mailbox of the process, one per worker thread."""

from __future__ import annotations

import select
import threading
from typing import Any

import httplib2


class GoogleConnections:
    """One httplib2.Http per thread (httplib2 is not thread-safe), reused by every mailbox and batch.

    Opening a mailbox used to open its own TCP connection (and resolve the host) for a call or two;
    the calls run on the event loop's few worker threads, so a handful of connections serve them all.
    httplib2 reconnects by itself when Google has closed an idle one. `close` ends them all (at
    shutdown); a thread that asks after that gets a fresh connection.
    """

    def __init__(self, timeout: float = 60.0) -> None:
        self._timeout = timeout
        self._local = threading.local()
        self._opened: list[httplib2.Http] = []
        self._lock = threading.Lock()

    def http(self) -> Any:
        """This thread's connection, its sockets the server has closed meanwhile dropped first."""
        http: httplib2.Http | None = getattr(self._local, "http", None)
        if http is None:
            http = self._local.http = httplib2.Http(timeout=self._timeout)
            with self._lock:
                self._opened.append(http)
        _drop_closed(http)
        return http

    def close(self) -> None:
        with self._lock:
            opened, self._opened = self._opened, []
        self._local = threading.local()
        for http in opened:
            http.close()


def _drop_closed(http: httplib2.Http) -> None:
    """Close the kept sockets the server has closed since (an idle keep-alive socket is readable only
    then): httplib2 would write the next request into one, fail with a broken pipe and not retry."""
    for connection in list(http.connections.values()):
        sock = getattr(connection, "sock", None)
        if sock is not None and select.select([sock], [], [], 0)[0]:
            connection.close()
