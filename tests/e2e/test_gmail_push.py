"""Gmail push, where the operator set GMAIL_PUBSUB_TOPIC: the bot watches Ann's mailbox (users.watch) once
it has an open request, and the fake Google's Pub/Sub pushes her new mail to <PUBLIC_URL>/gmail/push,
signed with its own key. A verified push brings her reply check forward at once: the broker's answer
reaches the chat with the clock standing still, long before the next poll (15 minutes with push on).
Anything that is not a push signed for the bot is refused and changes nothing.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import select

from bot.app import BotRuntime
from bot.sandbox.google import FakeGoogle
from bot.sandbox.google.pubsub import SERVICE_ACCOUNT, push_body
from storage.records import AuthorizationRecord, ScheduledJobRecord
from tests.clock import FakeClock
from tests.e2e.browser import Browser
from tests.e2e.test_connect import ALICE
from tests.e2e.test_replies import BROKER, mailbox, reply_in_thread, sent_request, status
from tests.fakes.chat import Chat

__all__ = ["mailbox"]  # the fixture, used by name
TOPIC = "projects/deletion-bot/topics/gmail"
SAFETY_POLL_SECONDS = 900


@pytest.fixture
def bot_env(bot_env: dict[str, str], google: FakeGoogle, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = {
        "GMAIL_PUBSUB_TOPIC": TOPIC,
        "GMAIL_PUSH_CERTS_URL": google.certs_url,
        "GMAIL_PUSH_SERVICE_ACCOUNT": SERVICE_ACCOUNT,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    google.subscribe_push(TOPIC, push_url(bot_env))
    return {**bot_env, **env}


def push_url(env: dict[str, str]) -> str:
    return f"{env['PUBLIC_URL']}/gmail/push"


async def next_check_due(bot: BotRuntime) -> datetime | None:
    job = ScheduledJobRecord
    async with bot.engine.connect() as connection:
        due = await connection.scalar(
            select(job.due_at).where(
                job.kind == "reply_check", job.done_at.is_(None), job.claimed_by.is_(None)
            )
        )
    return None if due is None else due.replace(tzinfo=None)


async def watched(bot: BotRuntime, google: FakeGoogle, clock: FakeClock) -> None:
    """Past the first reply check (it takes the history and arms the watch), until Gmail has the watch."""
    clock.advance(seconds=SAFETY_POLL_SECONDS)
    for _ in range(200):
        async with bot.engine.connect() as connection:
            position = await connection.scalar(select(AuthorizationRecord.reply_history_id))
        due = await next_check_due(bot)
        armed = due is not None and due > clock.now().replace(tzinfo=None)
        if position is not None and armed and google.watch_of(ALICE)[0] == TOPIC:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the account was never watched")


async def test_reply_is_pushed_to_the_chat_without_waiting_for_a_poll(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    # Ann sends her request; 01Advertising refuses it in the thread. The clock does not move: only the
    # push can bring the notice.
    await sent_request(ann, browser, google, clock)
    await watched(bot, google, clock)
    reply_in_thread(google, "We are unable to comply with your deletion request.")
    await ann.fake.wait_until(
        lambda: any(f"{BROKER} replied" in m.text for m in ann.messages), timeout=10, what="the pushed notice"
    )
    assert await status(bot) == "refused"
    assert [status for _, _, status in google.pushes] == [204]


async def test_pushes_not_signed_for_the_bot_are_refused_and_change_nothing(
    ann: Chat,
    bot: BotRuntime,
    google: FakeGoogle,
    browser: Browser,
    mailbox: None,
    clock: FakeClock,
    bot_env: dict[str, str],
) -> None:
    await sent_request(ann, browser, google, clock)
    await watched(bot, google, clock)
    google.pubsub.subscriptions.clear()  # the broker's answer arrives, but no push goes out for it
    reply_in_thread(google, "We have deleted your personal data from our systems.")
    due = await next_check_due(bot)
    signer, url, body = google.pubsub.signer, push_url(bot_env), push_body(ALICE, 999_999, "1")
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    claims = {
        "aud": url,
        "iss": "https://accounts.google.com",
        "email": SERVICE_ACCOUNT,
        "email_verified": True,
    }
    attempts = {
        "no token": (None, body, 401),
        "bad signature": (signer.sign({**claims, "iat": now, "exp": now + 600}, key=other_key), body, 401),
        "wrong audience": (signer.token("https://elsewhere.example/gmail/push"), body, 401),
        "expired": (signer.token(url, issued_at=now - 7200, lifetime=3600), body, 401),
        "another service account": (signer.token(url, email="x@evil.iam.gserviceaccount.com"), body, 403),
        "malformed body": (signer.token(url), b'{"message": {"data": "bm90IGpzb24="}}', 400),
        "too large": (signer.token(url), b"{" + b" " * 20_000 + b"}", 413),
    }
    async with httpx.AsyncClient() as client:
        for what, (token, content, expected) in attempts.items():
            headers = {"Content-Type": "application/json"}
            if token is not None:
                headers["Authorization"] = f"Bearer {token}"
            answer = await client.post(url, content=content, headers=headers)
            assert answer.status_code == expected, what
        await asyncio.sleep(1)  # five sweeps
        assert await next_check_due(bot) == due
        assert not [m for m in ann.messages if f"{BROKER} replied" in m.text]
        # The same push, signed as Pub/Sub signs it for the bot, brings the answer.
        answer = await client.post(
            url, content=body, headers={"Authorization": f"Bearer {signer.token(url)}"}
        )
        assert answer.status_code == 204
    await ann.fake.wait_until(
        lambda: any(f"{BROKER} replied" in m.text for m in ann.messages), timeout=10, what="the pushed notice"
    )
    assert await status(bot) == "completed"


async def test_watch_is_renewed_daily_before_it_expires(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    await sent_request(ann, browser, google, clock)
    await watched(bot, google, clock)
    assert google.watch_of(ALICE)[2] == 1
    clock.advance(days=1)
    await ann.fake.wait_until(lambda: google.watch_of(ALICE)[2] == 2, timeout=10, what="the renewed watch")
    assert google.watch_of(ALICE)[0] == TOPIC
