"""A person's browser, as far as the connect flow needs one: follows redirects, keeps cookies."""

from __future__ import annotations

import re
from html import unescape

import httpx


class Browser:
    def __init__(self) -> None:
        self.client = httpx.AsyncClient(follow_redirects=True, timeout=30)

    async def open(self, url: str) -> httpx.Response:
        return await self.client.get(url)

    async def close(self) -> None:
        await self.client.aclose()


def visible_text(page: httpx.Response) -> str:
    body = re.sub(r"<style>.*?</style>", "", page.text, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def telegram_link(page: httpx.Response) -> str:
    """Where the page's button to Telegram leads (the hand-over after Google: a t.me start link)."""
    found = re.search(r'<a class="button yes" href="([^"]+)">', page.text)
    assert found is not None, "the page has no link to Telegram"
    return unescape(found.group(1))
