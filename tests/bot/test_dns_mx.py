"""The MX look-up reads a DNS reply's header; no answer at all is "cannot tell", not "no MX"."""

from __future__ import annotations

import struct

from bot.dns_mx import answer_says_mx, has_mx, query


def _reply(asked: bytes, rcode: int, answers: int, truncated: bool = False) -> bytes:
    flags = 0x8180 | rcode | (0x0200 if truncated else 0)
    return asked[:2] + struct.pack(">HHHHH", flags, 1, answers, 0, 0) + asked[12:]


def test_query_asks_for_the_mx_record_of_the_domain() -> None:
    asked = query("example.com")
    assert b"\x07example\x03com\x00\x00\x0f\x00\x01" in asked


def test_reply_header_says_mx_none_or_cannot_tell() -> None:
    asked = query("example.com")
    assert answer_says_mx(_reply(asked, 0, 1), asked) is True
    assert answer_says_mx(_reply(asked, 0, 0), asked) is False
    assert answer_says_mx(_reply(asked, 3, 0), asked) is False  # NXDOMAIN
    assert answer_says_mx(_reply(asked, 2, 0), asked) is None  # SERVFAIL
    assert answer_says_mx(_reply(asked, 0, 1, truncated=True), asked) is None
    assert answer_says_mx(b"\x00\x01garbage", asked) is None
    assert answer_says_mx(b"\xff\xff" + _reply(asked, 0, 1)[2:], asked) is None  # another query's id


def test_an_unreachable_server_is_cannot_tell() -> None:
    assert has_mx("example.com", server="127.0.0.1", timeout=0.2) is None
