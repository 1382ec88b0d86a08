"""The sandbox page in headless Chromium (Debian's): Start, consent, connect in a new tab, scan."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_connect_browser import CHROMIUM, FLAGS

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium package is not installed")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "sandbox"


async def test_person_starts_connects_and_scans_in_chromium(page_url: str, tmp_path: Path) -> None:
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
            for label in ("Skip", "Skip", "EU / EEA", "Germany", "English"):
                button = page.locator(".keyboard button", has_text=label).last
                await button.wait_for(timeout=20_000)
                shown = await page.inner_text("#messages")
                await button.click()
                # The answer is a new message or an edit of this one: either way the chat changes.
                await page.wait_for_function(
                    "(shown) => document.querySelector('#messages').innerText !== shown", arg=shown
                )

            # The Google link opens the local consent page in a new tab, which lands on the bot's own page;
            # its link to Telegram leads back to this chat page, which sends the /start that finishes.
            await page.fill("#text", "/connect")
            await page.press("#text", "Enter")
            link = page.locator(".keyboard a", has_text="Open Google to connect").last
            await link.wait_for(timeout=20_000)
            async with page.context.expect_page() as opened:
                await link.click()
            tab = await opened.value
            await tab.wait_for_url("**/oauth/finish*", timeout=20_000)
            await tab.click("a.button.yes")
            await tab.wait_for_url("**/?user=1", timeout=20_000)
            await tab.close()

            await page.locator(".bubble", has_text="Connected as alex.1@gmail.com").wait_for(timeout=20_000)
            await page.locator(".keyboard button", has_text="Scan my inbox").last.click()
            await page.locator(".bubble", has_text="Data brokers that e-mail you").wait_for(timeout=120_000)
            await page.screenshot(path=str(SCREENSHOTS / "scan.png"))
        finally:
            await browser.close()
