"""A minimal MX look-up over UDP with the standard library (no DNS package is a dependency).

`has_mx` says True (an MX answer), False (NXDOMAIN, or no MX answer) or None (no answer at all: no
network, a timeout, a truncated or garbled reply), so an offline check is skipped, not failed.
"""

from __future__ import annotations

import secrets
import socket
import struct
from pathlib import Path

_MX, _IN = 15, 1
_NXDOMAIN = 3


def nameserver(resolv_conf: Path = Path("/etc/resolv.conf")) -> str | None:
    try:
        for line in resolv_conf.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[0] == "nameserver":
                return parts[1]
    except OSError:
        return None
    return None


def query(domain: str) -> bytes:
    header = struct.pack(">HHHHHH", secrets.randbits(16), 0x0100, 1, 0, 0, 0)
    labels = b"".join(bytes([len(p)]) + p.encode("ascii") for p in domain.rstrip(".").split("."))
    return header + labels + b"\x00" + struct.pack(">HH", _MX, _IN)


def answer_says_mx(reply: bytes, asked: bytes) -> bool | None:
    """Read a reply's header: True with answers, False for NXDOMAIN or none, None if not our reply."""
    if len(reply) < 12 or reply[:2] != asked[:2]:
        return None
    flags, _, answers = struct.unpack(">HHH", reply[2:8])
    if flags & 0x0200:  # truncated: cannot tell
        return None
    if flags & 0x000F == _NXDOMAIN:
        return False
    if flags & 0x000F != 0:
        return None
    return bool(answers > 0)


def has_mx(domain: str, server: str | None = None, timeout: float = 3.0) -> bool | None:
    address = server or nameserver()
    if address is None:
        return None
    asked = query(domain)
    try:
        with socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(timeout)
            sock.sendto(asked, (address, 53))
            reply, _ = sock.recvfrom(4096)
    except (OSError, UnicodeError):
        return None
    return answer_says_mx(reply, asked)
