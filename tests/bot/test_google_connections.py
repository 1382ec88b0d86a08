"""The shared keep-alive connections to Google drop a socket the server closed while it was idle."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from bot.google.connections import GoogleConnections


@pytest.fixture
def closing_server() -> Iterator[tuple[str, list[int]]]:
    """Answers each request on a kept connection, then closes that connection from its side, as a
    server does when a keep-alive connection has been idle too long. Yields the URL and the number of
    connections accepted so far."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted = [0]

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            accepted[0] += 1
            with conn:
                request = b""
                while b"\r\n\r\n" not in request:
                    request += conn.recv(65536)
                length = next(
                    (
                        int(line.split(b":")[1])
                        for line in request.split(b"\r\n")
                        if line.lower().startswith(b"content-length")
                    ),
                    0,
                )
                body = request.split(b"\r\n\r\n", 1)[1]
                while len(body) < length:
                    body += conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/", accepted
    listener.close()


def test_a_connection_the_server_closed_while_idle_is_replaced_before_the_next_request(
    closing_server: tuple[str, list[int]],
) -> None:
    url, accepted = closing_server
    connections = GoogleConnections(timeout=5)
    response, content = connections.http().request(url, "POST", body=b"first")
    assert (response.status, content) == (200, b"ok")
    time.sleep(0.2)  # the server has closed the kept connection meanwhile
    response, content = connections.http().request(url, "POST", body=b"second")
    assert (response.status, content) == (200, b"ok")
    assert accepted[0] == 2
    connections.close()


def test_a_connection_still_open_is_kept() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    client = socket.create_connection(listener.getsockname())
    server_side, _ = listener.accept()
    connections = GoogleConnections(timeout=5)
    http = connections.http()
    kept = http.connections.setdefault("http:probe", _Conn(client))
    assert connections.http() is http and kept.sock is client  # idle and open: reused
    server_side.close()
    time.sleep(0.05)
    connections.http()
    assert kept.sock is None  # closed by the server: dropped
    listener.close()


class _Conn:
    def __init__(self, sock: socket.socket) -> None:
        self.sock: socket.socket | None = sock

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock = None
