"""An attacker's HTTP client: streams a huge chunked body and stops as soon as the server answers."""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import urlsplit

CHUNK = b"{" * 65536


async def post_streaming(
    url: str, *, megabytes: int = 300, headers: dict[str, str] | None = None
) -> tuple[int, int]:
    """POST `megabytes` of body without a Content-Length; returns the status and how many bytes went out."""
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    lines = [
        f"POST {parts.path or '/'}{'?' + parts.query if parts.query else ''} HTTP/1.1",
        f"Host: {parts.netloc}",
    ]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    lines += ["Transfer-Encoding: chunked", "", ""]
    status_line = asyncio.create_task(reader.readline())
    sent = 0
    try:
        writer.write("\r\n".join(lines).encode())
        for _ in range(megabytes * (1 << 20) // len(CHUNK)):
            if status_line.done():
                break
            writer.write(b"%x\r\n%s\r\n" % (len(CHUNK), CHUNK))
            await writer.drain()
            sent += len(CHUNK)
        else:
            writer.write(b"0\r\n\r\n")
            await writer.drain()
    except (ConnectionError, OSError):
        pass  # the server answered and closed while we were still sending
    try:
        line = await asyncio.wait_for(status_line, 30)
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError, OSError):
            await writer.wait_closed()
    return int(line.split()[1]), sent
