"""The local servers' listening socket: answers on a kept connection are not held back by Nagle."""

from __future__ import annotations

import asyncio
import socket

from bot.sandbox.listen import loopback_listener


async def nodelay_of_accepted(listener: socket.socket) -> int:
    """TCP_NODELAY on the server's side of one connection accepted by asyncio (as uvicorn accepts)."""
    accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def on_connect(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()

    server = await asyncio.start_server(on_connect, sock=listener)
    async with server:
        _, writer = await asyncio.open_connection(*listener.getsockname())
        try:
            return await asyncio.wait_for(accepted, 5)
        finally:
            writer.close()


async def test_connections_to_the_local_servers_send_without_delay() -> None:
    assert await nodelay_of_accepted(loopback_listener()) != 0


async def test_a_socket_that_does_not_name_tcp_would_be_held_back() -> None:
    """Why the listener names IPPROTO_TCP: without it asyncio leaves Nagle on (the ~40 ms stall)."""
    plain = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    plain.bind(("127.0.0.1", 0))
    assert await nodelay_of_accepted(plain) == 0
