"""Two instances in webhook mode behind one address, on one PostgreSQL: one person's journey, with each of
her updates and pages handled by the next instance in turn, works once and only once."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.sandbox.google import FakeGoogle, generate_mailbox, realistic_sender_forms
from bot.sandbox.telegram import FakeTelegram
from brokers.job_payloads import ConfirmedSend
from storage.engine import create_engine
from storage.records import AuditRecord, AuthorizationRecord, DeletionRequestRecord, ScheduledJobRecord
from tests.e2e.bot_process import BotProcess
from tests.e2e.browser import Browser
from tests.e2e.conftest import BROKERS, free_port
from tests.e2e.letters import confirm
from tests.e2e.test_connect import ALICE, connect
from tests.e2e.test_onboarding import onboard
from tests.e2e.test_replies import BROKER
from tests.e2e.test_tracking import reply_in_thread
from tests.fakes.chat import Chat

SECRET = "two-instances_webhook-secret"
PAGES = ("/oauth/callback", "/oauth/finish")
# Hop-by-hop headers and those httpx sets again for the body it sends or has decoded.
_NOT_FORWARDED = frozenset(
    {b"host", b"content-length", b"transfer-encoding", b"connection", b"content-encoding"}
)


class RoundRobin:
    """The load balancer in front of the instances: each update goes to the next instance in turn, and so
    does each page, so one person's consecutive updates (and the pages of one connect) reach different
    instances."""

    def __init__(self, backends: list[str]) -> None:
        self._turns: dict[str, Iterator[str]] = {}
        self._backends = backends
        self._client = httpx.AsyncClient(timeout=30)
        self.served: Counter[tuple[str, str]] = Counter()  # (path, backend)

    async def forward(self, request: Request) -> Response:
        path = request.url.path
        turn = "updates" if path == "/telegram" else "pages"
        backend = next(self._turns.setdefault(turn, itertools.cycle(self._backends)))
        self.served[path, backend] += 1
        headers = [(k, v) for k, v in request.headers.raw if k.lower() not in _NOT_FORWARDED]
        answer = await self._client.request(
            request.method,
            f"{backend}{path}",
            params=request.url.query,
            headers=headers,
            content=await request.body(),
        )
        response = Response(answer.content, status_code=answer.status_code)
        kept = [(k, v) for k, v in answer.headers.raw if k.lower() not in _NOT_FORWARDED]
        response.raw_headers = [*kept, (b"content-length", str(len(answer.content)).encode())]
        return response

    async def close(self) -> None:
        await self._client.aclose()


@pytest.fixture
def instances(bot_env: dict[str, str], database_url: str, tmp_path: Path) -> Iterator[list[BotProcess]]:
    if not database_url.startswith("postgresql"):
        pytest.skip("several instances share a PostgreSQL database; on SQLite the bot runs as one process")
    shared = {
        **bot_env,
        "BOT_MODE": "webhook",
        "WEBHOOK_SECRET": SECRET,
        "SEND_UNDO_SECONDS": "1",
        "SENT_CHECK_SECONDS": "3",
        "REPLY_POLL_SECONDS": "10",
    }
    # PUBLIC_URL (the balancer, on the port the fake Google redirects to) is shared; each listens apart.
    processes = [
        BotProcess({**shared, "WEB_PORT": str(free_port())}, tmp_path, name=name) for name in ("a", "b")
    ]
    yield processes
    for process in processes:
        process.stop()


@pytest.fixture
async def balancer(instances: list[BotProcess], web_port: int) -> AsyncIterator[RoundRobin]:
    balancer = RoundRobin([process.url for process in instances])
    methods = ["GET", "POST", "HEAD"]
    app = Starlette(routes=[Route("/{path:path}", balancer.forward, methods=methods)])
    config = uvicorn.Config(app, host="127.0.0.1", port=web_port, log_config=None, lifespan="off")
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    while not server.started:
        assert not serving.done(), "the balancer did not start"
        await asyncio.sleep(0.01)
    yield balancer
    server.should_exit = True
    await serving
    await balancer.close()


async def _rows(database_url: str, statement: Any) -> list[Any]:
    engine = create_engine(database_url)
    async with engine.connect() as connection:
        rows = list((await connection.execute(statement)).all())
    await engine.dispose()
    return rows


async def _eventually(database_url: str, statement: Any, what: str) -> list[Any]:
    for _ in range(300):
        if rows := await _rows(database_url, statement):
            return rows
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


async def test_one_persons_journey_over_two_instances_happens_once(
    telegram: FakeTelegram,
    google: FakeGoogle,
    browser: Browser,
    instances: list[BotProcess],
    balancer: RoundRobin,
    database_url: str,
) -> None:
    senders = {domain: realistic_sender_forms(domain, brand) for domain, brand in BROKERS.items()}
    mailbox = generate_mailbox(7, 300, sender_domains=40, broker_senders=senders, owner=ALICE)
    google.add_account(ALICE, mailbox=mailbox)
    # Started together: both migrate the one database at start-up.
    await asyncio.gather(*(process.start() for process in instances))
    ann = Chat(telegram, telegram.user(1001, first_name="Ann", username="ann"), timeout=30, quiet=1.2)
    await onboard(ann)
    await connect(ann, browser, google)
    await ann.tap("Scan my inbox")
    await telegram.wait_until(
        lambda: "Data brokers that e-mail you" in ann.last.text, timeout=60, what="the report"
    )
    await ann.tap("Review deletion requests")
    card = next(m for m in ann.messages if "01Advertising" in m.text and "Send" in m.button_texts)
    await ann.tap("Send", message=card)
    waiting = await confirm(ann)
    await telegram.wait_until(
        lambda: telegram.message(ann.chat_id, waiting.message_id).text.startswith("✅ Sent to"),
        timeout=20,
        what="the letter sent",
    )
    # The broker answers once the first reply check has taken Ann's mailbox history.
    await _eventually(
        database_url,
        select(AuthorizationRecord.id).where(AuthorizationRecord.reply_history_id.is_not(None)),
        "the first reply check",
    )
    reply_in_thread(google, "We have deleted your personal data from our systems.")
    await telegram.wait_until(
        lambda: any(f"{BROKER} replied" in m.text for m in ann.messages), timeout=30, what="the reply notice"
    )
    listing = await ann.say("/requests")
    assert "01Advertising" in listing[-1].text

    # Both instances took Ann's updates and pages, alternately.
    backends = [process.url for process in instances]
    assert all(balancer.served["/telegram", url] >= 5 for url in backends), balancer.served
    callback, finish = (next(url for (p, url) in balancer.served if p == path) for path in PAGES)
    assert callback != finish, "Google's redirect and the page after it reached different instances"
    # One letter in Gmail's Sent, recorded once; one notice; no message of the bot twice.
    assert [mail.to for mail in google.sent_mail(ALICE)] == [("privacy@01advertising.com",)]
    sends = await _rows(database_url, select(AuditRecord.id).where(AuditRecord.action == "send"))
    assert len(sends) == 1
    request = DeletionRequestRecord
    statuses = await _rows(database_url, select(request.broker_id, request.status))
    assert {row.broker_id: row.status for row in statuses}["01advertising"] == "completed"
    assert len([m for m in ann.messages if f"{BROKER} replied" in m.text]) == 1
    texts = [c.params["text"] for c in telegram.calls_to("sendMessage") if c.status == 200]
    assert [text for text, count in Counter(texts).items() if count > 1] == []
    # Every durable job settled without an error, the letter's own job once, by one instance.
    job = ScheduledJobRecord
    jobs = await _rows(database_url, select(job.kind, job.attempts, job.done_at, job.last_error))
    assert [row for row in jobs if row.last_error is not None] == []
    sent = [row for row in jobs if row.kind == ConfirmedSend.KIND]
    assert [(row.attempts, row.done_at is not None) for row in sent] == [(0, True)]
    for process in instances:
        process.stop()
        assert process.process is not None and process.process.returncode == 0
        assert "Traceback" not in process.log()
