"""The loopback listening socket every local server of the sandbox serves on (fakes and page)."""

from __future__ import annotations

import socket


def loopback_listener(port: int = 0) -> socket.socket:
    """A TCP socket bound to 127.0.0.1:`port` (0: a free port); OSError when the port is taken."""
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that name it (accepted ones inherit
    # the listener's), else a response's body waits ~40 ms behind its headers on a kept connection
    # (Nagle against the client's delayed ACK).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError:
        sock.close()
        raise
    return sock
