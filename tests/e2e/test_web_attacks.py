"""Attacks on the bot's web pages from someone with no credentials: each is refused and costs little."""

from __future__ import annotations

import pytest

from bot.app import BotRuntime
from tests.e2e.raw_http import post_streaming

HUGE_LIMIT_SENT = 32 << 20  # far below the 300 MB sent: only what socket buffers took before the answer


@pytest.mark.parametrize("path", ["/oauth/confirm", "/oauth/callback", "/healthz", "/nowhere"])
async def test_huge_post_is_refused_while_streaming(bot: BotRuntime, path: str) -> None:
    status, sent = await post_streaming(
        f"{bot.web_url}{path}", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status in (404, 405, 413)
    assert sent < HUGE_LIMIT_SENT


async def test_huge_confirmation_form_is_answered_413(bot: BotRuntime) -> None:
    status, _sent = await post_streaming(
        f"{bot.web_url}/oauth/confirm", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 413
