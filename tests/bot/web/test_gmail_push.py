"""A push body is Pub/Sub's envelope around base64 JSON naming the mailbox and its history id; anything
else is refused as malformed."""

from __future__ import annotations

import base64
import json

import pytest

from bot.sandbox.google.pubsub import push_body
from bot.web.gmail_push import MalformedPush, parse_push


def envelope(data: object) -> bytes:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return json.dumps({"message": {"data": base64.b64encode(raw).decode(), "messageId": "1"}}).encode()


def test_gmails_push_names_the_mailbox_and_history_id() -> None:
    assert parse_push(push_body("Alice@Gmail.com", 4711, "1")) == ("alice@gmail.com", 4711)


def test_history_id_as_a_string_is_read_too() -> None:
    assert parse_push(envelope({"emailAddress": "a@b.example", "historyId": "99"})) == ("a@b.example", 99)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[]",
        json.dumps({"message": {}}).encode(),
        json.dumps({"message": {"data": "%%%"}}).encode(),
        envelope(b"not json"),
        envelope([1, 2]),
        envelope({"historyId": 5}),
        envelope({"emailAddress": "no-at-sign", "historyId": 5}),
        envelope({"emailAddress": "a@b.example"}),
        envelope({"emailAddress": "a@b.example", "historyId": -1}),
        envelope({"emailAddress": "a@b.example", "historyId": True}),
        envelope({"emailAddress": "a@b.example", "historyId": "12abc"}),
        envelope({"emailAddress": "a@b.example", "historyId": 2**70}),
    ],
)
def test_anything_else_is_malformed(body: bytes) -> None:
    with pytest.raises(MalformedPush):
        parse_push(body)
