"""Webhook delivery: with a webhook set, the fake posts each update to its URL, as Telegram does."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import httpx

from bot.sandbox.telegram.state import FakeState

RETRY_SECONDS = 0.2  # Telegram retries a refused delivery later; the fake does so quickly
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookSender:
    """Posts pending updates one at a time, in order, to the webhook URL with its secret token; an
    update is confirmed (gone from the queue) once the bot answers 2xx, and sent again otherwise."""

    def __init__(self, state: FakeState, loop: asyncio.AbstractEventLoop) -> None:
        self._state = state
        self._loop = loop
        self._wake = asyncio.Event()

    def wake_threadsafe(self) -> None:
        # Once the server has stopped its loop is closed, and there is nothing left to deliver.
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._wake.set)

    async def run(self) -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            while True:
                await self._wake.wait()
                self._wake.clear()
                while (delivery := self._next()) is not None:
                    if not await self._post(client, *delivery):
                        await asyncio.sleep(RETRY_SECONDS)

    def _next(self) -> tuple[str, str, dict[str, Any]] | None:
        with self._state.lock:
            url = str(self._state.webhook.get("url", ""))
            pending = self._state.updates.take(1) if url else []
            secret = str(self._state.webhook.get("secret_token") or "")
        return (url, secret, pending[0]) if pending else None

    async def _post(self, client: httpx.AsyncClient, url: str, secret: str, update: dict[str, Any]) -> bool:
        headers = {SECRET_HEADER: secret} if secret else {}
        try:
            response = await client.post(url, json=update, headers=headers)
        except httpx.HTTPError:
            return False
        if not response.is_success:
            return False
        with self._state.lock:
            self._state.updates.apply_offset(update["update_id"] + 1)
        return True
