"""ProfileBatch against the fake Google over HTTP: many mailboxes' history ids in one batch request."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.google.profiles import MAX_PARTS, ProfileBatch, _parts_of
from bot.google.quota import Lane, ProjectQuota
from bot.sandbox.google import FakeGoogle
from bot.sandbox.google.scopes import READONLY
from brokers.errors import MailboxQuotaExceeded, MailboxUnavailable


class SpyQuota(ProjectQuota):
    """The process's project quota, noting what each acquire asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[tuple[int, Lane]] = []

    async def acquire(self, units: int, lane: Lane = Lane.INTERACTIVE) -> None:
        self.asked.append((units, lane))
        await super().acquire(units, lane)


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle(seed=1) as server:
        yield server
        assert server.server_errors == []


async def test_a_batch_holds_at_most_a_hundred_accounts_and_each_part_costs_its_own_account(
    google: FakeGoogle,
) -> None:
    emails = [f"many{n}@gmail.com" for n in range(MAX_PARTS + 20)]
    tokens = {}
    for email in emails:
        google.add_account(email)
        tokens[email] = google.issue_token(email, [READONLY]).access_token
    quota = SpyQuota()
    batch = ProfileBatch(api_url=google.gmail_api_url, project=quota)
    google.fail_calls(emails[3], 500)
    google.fail_calls(emails[4], 429)
    answers = await batch.history_ids({**tokens, emails[5]: "not-a-token"})
    assert sum(google.stats(email).batches for email in emails) == 2  # 100 parts, then 20
    assert quota.asked == [(MAX_PARTS, Lane.BACKGROUND), (20, Lane.BACKGROUND)]
    assert isinstance(answers.pop(emails[3]), MailboxUnavailable)
    assert isinstance(answers.pop(emails[4]), MailboxQuotaExceeded)
    assert emails[5] not in answers  # the token was refused: asked alone, where it is renewed or marked
    assert all(isinstance(history_id, str) and history_id for history_id in answers.values())
    assert [google.stats(e).units for e in emails[:7]] == [1, 1, 1, 0, 0, 0, 1]


def test_an_answer_as_gmail_writes_it_is_read_part_by_part() -> None:
    # LF line ends and a quoted boundary; part 2 missing from the answer.
    answer = (
        b"--batch_x\nContent-Type: application/http\nContent-ID: <response-1>\n\n"
        b'HTTP/1.1 503 Service Unavailable\nContent-Type: application/json\n\n{"error": {"code": 503}}\n'
        b"--batch_x\nContent-Type: application/http\nContent-ID: <response-0>\n\n"
        b'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"historyId": "42"}\n--batch_x--\n'
    )
    parts = _parts_of('multipart/mixed; boundary="batch_x"', answer)
    assert parts[0] == ({"historyId": "42"}, None)
    assert sorted(parts) == [0, 1]
    failed, error = parts[1]
    assert failed is None and getattr(error, "status_code", None) == 503


@pytest.mark.parametrize(
    ("content_type", "answer"),
    [
        ("text/html", b"<html>Bad gateway</html>"),  # a proxy's page, not a batch
        (
            'multipart/mixed; boundary="b"',
            b"--b\nContent-Type: application/http\nContent-ID: <response-0>\n\n"
            b"HTTP/1.1 200 OK\nContent-Type: application/json\n\n{not json\n--b--\n",
        ),
    ],
)
async def test_a_garbled_batch_answer_marks_no_mailbox_unchanged(content_type: str, answer: bytes) -> None:
    """Every account is left to its own check, so a garbled answer can never hide new mail."""

    class Garbled(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length", "0")))
            self.send_response(200)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Garbled)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        batch = ProfileBatch(api_url=f"http://127.0.0.1:{server.server_address[1]}/")
        assert await batch.history_ids({"ann": "ya29.a", "bob": "ya29.b"}) == {}
    finally:
        server.shutdown()
        server.server_close()
