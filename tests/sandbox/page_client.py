"""A person using the sandbox page, through the same endpoints the page's JavaScript calls."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from typing import Any

import httpx


class PageClient:
    def __init__(self, client: httpx.AsyncClient, user: str = "1") -> None:
        self.client = client
        self.user = user
        self.state: dict[str, Any] = {}

    async def refresh(self) -> list[dict[str, Any]]:
        response = await self.client.get("/api/chat", params={"user": self.user})
        response.raise_for_status()
        self.state = response.json()
        messages: list[dict[str, Any]] = self.state["messages"]
        return messages

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.state.get("messages", []))

    @property
    def last(self) -> dict[str, Any]:
        return self.messages[-1]

    async def wait_for(
        self, predicate: Callable[[list[dict[str, Any]]], bool], what: str, within: float = 30
    ) -> list[dict[str, Any]]:
        deadline = time.monotonic() + within
        while True:
            messages = await self.refresh()
            if predicate(messages):
                return messages
            if time.monotonic() > deadline:
                shown = [m["text"][:80] for m in messages[-3:]]
                raise TimeoutError(f"{what} did not show within {within} s; last: {shown}")
            await asyncio.sleep(0.2)

    async def wait_text(self, phrase: str, within: float = 30) -> dict[str, Any]:
        messages = await self.wait_for(lambda ms: any(phrase in m["text"] for m in ms), repr(phrase), within)
        return next(m for m in reversed(messages) if phrase in m["text"])

    async def say(self, text: str) -> None:
        before = len(await self.refresh())
        (await self.client.post("/api/send", json={"user": self.user, "text": text})).raise_for_status()
        await self.wait_for(lambda ms: len(ms) > before + 1 and ms[-1]["from_bot"], f"an answer to {text!r}")

    def button(self, label: str | re.Pattern[str]) -> tuple[dict[str, Any], dict[str, Any]]:
        """The newest message with a button whose text is (or matches) `label`, and that button."""
        for message in reversed(self.messages):
            for row in message["buttons"]:
                for button in row:
                    text = button["text"]
                    if label.search(text) if isinstance(label, re.Pattern) else text == label:
                        return message, button
        raise LookupError(f"no button {label!r}")

    async def tap(self, label: str | re.Pattern[str], within: float = 15) -> dict[str, Any]:
        await self.wait_for(lambda _: self.has_button(label), f"button {label!r}", within)
        message, button = self.button(label)
        before = [(m["id"], m["text"], m["buttons"]) for m in self.messages]
        response = await self.client.post(
            "/api/tap", json={"user": self.user, "message_id": message["id"], "data": button["data"]}
        )
        response.raise_for_status()
        await self.wait_for(
            lambda ms: [(m["id"], m["text"], m["buttons"]) for m in ms] != before, f"the tap on {label!r}"
        )
        await asyncio.sleep(0.5)  # a reply may come in several messages
        await self.refresh()
        answer: dict[str, Any] = response.json()
        return answer

    def has_button(self, label: str | re.Pattern[str]) -> bool:
        try:
            self.button(label)
        except LookupError:
            return False
        return True
