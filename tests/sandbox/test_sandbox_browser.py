"""The sandbox page in headless Chromium (Debian's), clicked through as a person would: Start, consent,
name, connect in a new tab, the scan and its progress, a request reviewed, previewed and sent, a broker's
reply from the panel, the clock moved past the deadline, the overdue reminder and its follow-up.
It saves the README's screenshots (docs/sandbox/*.png)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import async_playwright

from tests.e2e.test_connect_browser import CHROMIUM, FLAGS

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium package is not installed")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "sandbox"
WAIT_MS = 30_000
# Every text a bot bubble showed, edits included: the page re-renders an edited message in place.
RECORD_BUBBLES = """
window.__shown = [];
new MutationObserver(() => {
  for (const b of document.querySelectorAll('.msg:not(.mine) .bubble')) {
    const text = b.innerText;
    if (window.__shown[window.__shown.length - 1] !== text && !window.__shown.includes(text)) {
      window.__shown.push(text);
    }
  }
}).observe(document.querySelector('#messages'), {childList: true, subtree: true, characterData: true});
"""


async def _tap(page: Any, label: str | re.Pattern[str]) -> None:
    """Press the newest inline button with this label and wait until the chat changes."""
    button = page.locator(".keyboard button", has_text=label).last
    await button.wait_for(timeout=WAIT_MS)
    shown = await page.inner_text("#messages")
    await button.click()
    # The answer is a new message or an edit of this one: either way the chat changes.
    await page.wait_for_function(
        "(shown) => document.querySelector('#messages').innerText !== shown", arg=shown, timeout=WAIT_MS
    )


async def _say(page: Any, text: str) -> None:
    await page.fill("#text", text)
    await page.press("#text", "Enter")
    await page.locator(".msg.mine .bubble", has_text=text).last.wait_for(timeout=WAIT_MS)


async def _bot_says(page: Any, phrase: str | re.Pattern[str], within_ms: int = WAIT_MS) -> None:
    await page.locator(".msg:not(.mine) .bubble", has_text=phrase).last.wait_for(timeout=within_ms)


async def _move_clock(page: Any, label: str) -> None:
    await page.locator(".controls button", has_text=label).click()
    await page.locator("#toast", has_text=f"Clock moved {label}").wait_for(timeout=WAIT_MS)


async def _screenshot(page: Any, name: str) -> None:
    await page.locator("#toast").wait_for(state="hidden", timeout=WAIT_MS)  # not over the chat
    await page.screenshot(path=str(SCREENSHOTS / name))


async def _push_shows(page: Any, phrase: str) -> None:
    """A push waits for the person's daytime: move on seven hours at a time until it shows."""
    for _ in range(3):
        try:
            await _bot_says(page, phrase, within_ms=10_000)
            return
        except PlaywrightTimeout:
            await _move_clock(page, "+7 hours")
    await _bot_says(page, phrase)


async def test_person_walks_from_start_to_the_follow_up_in_chromium(page_url: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = await browser.new_page(viewport={"width": 1200, "height": 800})
            await page.goto(page_url)
            await page.evaluate(RECORD_BUBBLES)

            # Start and consent, then the name typed into the composer.
            start = page.locator("#start")
            await start.wait_for(state="visible")
            await start.click()
            await _tap(page, "I agree, let's start")
            assert await page.locator(".msg.mine .bubble", has_text="/start").count() == 1
            assert await start.is_hidden()
            await _bot_says(page, "name")
            await _say(page, "Alex Example")
            await page.locator(".keyboard button", has_text="Skip").last.wait_for(timeout=WAIT_MS)
            assert await page.locator(".msg:not(.mine) .bubble b").count() >= 1  # formatting, not tags
            assert await page.locator(".bubble", has_text="<b>").count() == 0
            await _screenshot(page, "onboarding.png")
            for label in ("Skip", "Skip", "EU / EEA", "Germany", "English"):
                await _tap(page, label)

            # The Google link opens the local consent page in a new tab, which lands on the bot's own page;
            # its link to Telegram leads back to this chat page, which sends the /start that finishes.
            await _say(page, "/connect")
            link = page.locator(".keyboard a", has_text="Open Google to connect").last
            await link.wait_for(timeout=WAIT_MS)
            async with page.context.expect_page() as opened:
                await link.click()
            tab = await opened.value
            await tab.wait_for_url("**/oauth/finish*", timeout=WAIT_MS)
            await tab.click("a.button.yes")
            await tab.wait_for_url("**/?user=1", timeout=WAIT_MS)
            await tab.close()
            await _bot_says(page, "Connected as alex.1@gmail.com")

            # The scan: its progress message is edited in place until it says what it found.
            await _tap(page, "Scan my inbox")
            await _bot_says(page, "Data brokers that e-mail you", within_ms=120_000)
            finished = page.locator(".msg:not(.mine) .bubble", has_text="Scan finished")
            assert await finished.locator(".meta", has_text="edited").count() == 1
            shown: list[str] = await page.evaluate("window.__shown")
            assert any("Scanning your mailbox" in text and "%" in text for text in shown), shown[-5:]
            await _screenshot(page, "scan.png")

            # Review, the letter's preview, send; the clock passes the undo window.
            await _tap(page, "Review deletion requests")
            card = page.locator(".msg:not(.mine)", has=page.locator(".keyboard button")).last
            await card.locator(".keyboard button").first.click()
            await _tap(page, re.compile(r"^Send to .*@"))
            await _move_clock(page, "+1 hour")
            await _bot_says(page, "Sent to ")

            # Acknowledgements show at once instead of in the weekly digest.
            await _say(page, "/settings")
            await _tap(page, "Routine updates")
            await _tap(page, "Immediately")

            # The broker answers from the page's panel; the reply check runs when the clock moves on.
            await page.locator("#mail .sent").first.locator("button", has_text="Acknowledged").click()
            await page.locator("#toast", has_text="Acknowledged reply delivered").wait_for(timeout=WAIT_MS)
            await _move_clock(page, "+7 hours")
            await _push_shows(page, "they received your request")

            # Past the deadline: the overdue reminder offers the follow-up, which is sent like the first.
            await _move_clock(page, "+30 days")
            await _move_clock(page, "+7 days")
            await _push_shows(page, "has not confirmed deleting")
            await page.locator(".keyboard button", has_text="Send the follow-up to").last.wait_for(
                timeout=WAIT_MS
            )
            await _screenshot(page, "reminder.png")
            await _tap(page, "Send the follow-up to")
            await _tap(page, re.compile(r"^Send to .*@"))
            await _move_clock(page, "+1 hour")
            await page.wait_for_function(
                "() => [...document.querySelectorAll('.msg:not(.mine) .bubble')]"
                ".filter(b => b.innerText.includes('Sent to ')).length >= 2",
                timeout=WAIT_MS,
            )
            await page.locator("#mail .sent").nth(1).wait_for(timeout=WAIT_MS)  # both letters in the panel
        finally:
            await browser.close()
