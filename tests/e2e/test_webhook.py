"""Webhook mode: Telegram pushes updates to <PUBLIC_URL>/telegram with the secret token."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.app import BotRuntime
from bot.config import load_settings
from bot.sandbox.telegram import FakeTelegram
from tests.clock import FakeClock
from tests.e2e.conftest import watch_busy
from tests.e2e.raw_http import post_streaming

SECRET = "s3cret-webhook_token"


@pytest.fixture
async def webhook_bot(
    bot_env: dict[str, str], clock: FakeClock, telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[BotRuntime]:
    monkeypatch.setenv("BOT_MODE", "webhook")
    monkeypatch.setenv("WEBHOOK_SECRET", SECRET)
    runtime = BotRuntime(load_settings(), clock=clock)
    watch_busy(telegram, runtime)
    try:
        await runtime.start()
        yield runtime
    finally:
        await runtime.stop()


def _update(update_id: int, text: str) -> dict[str, object]:
    user = {"id": 1001, "is_bot": False, "first_name": "Ann", "language_code": "en"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1790000000,
            "chat": {"id": 1001, "type": "private", "first_name": "Ann"},
            "from": user,
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


async def test_webhook_is_registered_with_the_secret(webhook_bot: BotRuntime, telegram: FakeTelegram) -> None:
    call = next(c for c in telegram.calls if c.method == "setWebhook")
    assert call.params["url"] == f"{webhook_bot.settings.public_url}/telegram"
    assert call.params["secret_token"] == SECRET
    assert not [c for c in telegram.calls if c.method == "getUpdates"]


async def test_update_with_the_secret_is_answered(webhook_bot: BotRuntime, telegram: FakeTelegram) -> None:
    telegram.user(1001, first_name="Ann")
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{webhook_bot.web_url}/telegram",
            json=_update(1, "/help"),
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
    assert response.status_code == 200
    await telegram.wait_until(
        lambda: any("What I can do" in m.text for m in telegram.messages(1001)), what="the help answer"
    )


@pytest.mark.parametrize("headers", [{}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}])
async def test_update_without_the_secret_is_refused(
    webhook_bot: BotRuntime, telegram: FakeTelegram, headers: dict[str, str]
) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{webhook_bot.web_url}/telegram", json=_update(2, "/help"), headers=headers
        )
    assert response.status_code == 403
    assert telegram.messages(1001) == []


async def test_malformed_update_is_refused(webhook_bot: BotRuntime) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{webhook_bot.web_url}/telegram",
            content=b"{not json",
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
    assert response.status_code == 400


HUGE_LIMIT_SENT = 32 << 20  # far below the 300 MB sent: only what socket buffers took before the answer


async def test_huge_update_with_the_secret_is_refused_while_streaming(webhook_bot: BotRuntime) -> None:
    status, sent = await post_streaming(
        f"{webhook_bot.web_url}/telegram", headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
    )
    assert status == 413
    assert sent < HUGE_LIMIT_SENT


async def test_huge_update_without_the_secret_is_refused_unread(webhook_bot: BotRuntime) -> None:
    status, sent = await post_streaming(f"{webhook_bot.web_url}/telegram")
    assert status == 403
    assert sent < HUGE_LIMIT_SENT


@pytest.mark.parametrize("body", [b"[]", b"42", b'"update"', b"null"])
async def test_update_that_is_not_an_object_is_refused(
    webhook_bot: BotRuntime, telegram: FakeTelegram, body: bytes
) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{webhook_bot.web_url}/telegram",
            content=body,
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
    assert response.status_code == 400
    assert telegram.messages(1001) == []


async def test_update_while_stopping_is_refused_for_telegram_to_send_again(
    webhook_bot: BotRuntime, telegram: FakeTelegram
) -> None:
    webhook_bot.heartbeat.stopping = True  # what stop() sets first, before the queue stops
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{webhook_bot.web_url}/telegram",
            json=_update(3, "/help"),
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
    assert response.status_code == 503
    assert telegram.messages(1001) == []
