"""The sandbox page in headless Chromium (Debian's): Start, then a button, as a person would."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_connect_browser import CHROMIUM, FLAGS

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium package is not installed")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "sandbox"


async def test_person_presses_start_and_agrees_in_chromium(page_url: str, tmp_path: Path) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = await browser.new_page(viewport={"width": 1200, "height": 800})
            await page.goto(page_url)
            start = page.locator("#start")
            await start.wait_for(state="visible")
            await page.screenshot(path=str(tmp_path / "start.png"))
            await start.click()
            agree = page.locator(".keyboard button", has_text="I agree, let's start")
            await agree.wait_for(timeout=20_000)
            assert await page.locator(".msg.mine .bubble", has_text="/start").count() == 1
            assert await start.is_hidden()
            await agree.click()
            await page.locator(".bubble", has_text="name").last.wait_for(timeout=20_000)
            await page.fill("#text", "Alex Example")
            await page.press("#text", "Enter")
            await page.locator(".msg.mine .bubble", has_text="Alex Example").wait_for(timeout=10_000)
            await page.locator(".keyboard button", has_text="Skip").last.wait_for(timeout=20_000)
            bold = await page.locator(".msg:not(.mine) .bubble b").count()
            assert bold >= 1  # the bot's HTML formatting shows as formatting, not as tags
            assert await page.locator(".bubble", has_text="<b>").count() == 0
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            await page.screenshot(path=str(SCREENSHOTS / "onboarding.png"))
        finally:
            await browser.close()
