"""A person's browser, as far as the connect flow needs one: follows redirects, keeps cookies, posts forms."""

from __future__ import annotations

import re
from html import unescape

import httpx


class Browser:
    def __init__(self) -> None:
        self.client = httpx.AsyncClient(follow_redirects=True, timeout=30)

    async def open(self, url: str) -> httpx.Response:
        return await self.client.get(url)

    async def press(self, page: httpx.Response, button: str) -> httpx.Response:
        """Submit the page's form with the button whose value is `button` (as a click would)."""
        form = re.search(r'<form method="post" action="([^"]+)">(.*?)</form>', page.text, re.S)
        assert form is not None, "the page has no form"
        fields = {
            unescape(n): unescape(v)
            for n, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(2))
        }
        target = httpx.URL(str(page.url)).join(form.group(1))
        return await self.client.post(target, data={**fields, "action": button})

    async def close(self) -> None:
        await self.client.aclose()


def visible_text(page: httpx.Response) -> str:
    body = re.sub(r"<style>.*?</style>", "", page.text, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())
