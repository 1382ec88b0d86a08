"""The whole connect link in a real browser (Debian's headless Chromium, driven by Playwright)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.app import BotRuntime
from bot.sandbox.google import FakeGoogle
from tests.e2e.test_onboarding import onboard
from tests.fakes.chat import Chat

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium package is not installed")


async def test_person_connects_gmail_in_chromium(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, tmp_path: Path
) -> None:
    from playwright.async_api import async_playwright

    await onboard(ann)
    await ann.say("/connect")
    link = next(b.url for row in ann.last.buttons for b in row if b.url)
    assert link is not None
    google.consent_as("alice@gmail.com")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = await browser.new_page()
            await page.goto(link)
            assert "/oauth/finish" in page.url
            assert "code=" not in page.url
            assert "alice@gmail.com" in await page.inner_text("body")
            await page.screenshot(path=str(tmp_path / "finish.png"), full_page=True)
            to_telegram = await page.get_attribute("a.button", "href")
        finally:
            await browser.close()
    assert to_telegram is not None
    assert to_telegram.startswith(f"https://t.me/{ann.fake.bot_username}?start=")
    await ann.open_link(to_telegram)  # on a phone, the link opens the Telegram app
    await ann.fake.wait_until(
        lambda: "Connected as alice@gmail.com" in ann.last.text, what="connected message"
    )
