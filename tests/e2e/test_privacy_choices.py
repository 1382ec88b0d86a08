"""Privacy: a deep scan tells the operators nothing without the opt-in, /privacy says what is shared,
the opt-in lives in /settings (off by default), and /drop is offered to Californians only."""

from __future__ import annotations

import asyncio

import pytest

from bot.app import BotRuntime
from bot.sandbox.google import FakeGoogle
from bot.sandbox.telegram import FakeTelegram
from tests.e2e.browser import Browser
from tests.e2e.conftest import ADMIN_ID
from tests.e2e.test_connect import connect
from tests.e2e.test_onboarding import onboard
from tests.e2e.test_relevance import onboard_from
from tests.fakes.chat import Chat

REPORT = "Data brokers that e-mail you"


@pytest.fixture
def operator(telegram: FakeTelegram) -> Chat:
    """The operator has a chat with the bot, so anything sent to them would arrive."""
    return Chat(telegram, telegram.user(ADMIN_ID, first_name="Op", username="op", language_code="en"))


async def deep_scan(chat: Chat) -> None:
    await chat.say("/scan deep")
    await chat.fake.wait_until(lambda: REPORT in chat.last.text, timeout=60, what="the scan report")
    await asyncio.sleep(1.0)  # the operators would be told right after the report: give that time


async def test_deep_scan_without_the_opt_in_tells_the_operators_nothing(
    ann: Chat, operator: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await onboard(ann)
    await connect(ann, browser, google)
    # Ann: /scan deep.  Bot: the report.  The operators: nothing.
    await deep_scan(ann)
    assert operator.messages == []
    # Ann: /privacy.  Bot: "… What I share: nothing about you … You share unknown senders: no."
    (privacy,) = await ann.say("/privacy")
    assert "What I share: nothing about you goes to the operators unless you switch on" in privacy.text
    assert "at least 3 people" in privacy.text
    assert privacy.text.endswith("You share unknown senders: no.")


async def test_sharing_is_off_by_default_and_switched_in_settings(
    ann: Chat, operator: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await onboard(ann)
    # Ann: /settings.  Bot: "… Share unknown senders with the operators: off" [Share unknown senders]
    (settings,) = await ann.say("/settings")
    assert "Share unknown senders with the operators: off" in settings.text
    # Ann: [Share unknown senders].  Bot: "Sharing is on. After a deep scan …" [Stop sharing unknown senders]
    (switched,) = await ann.tap("Share unknown senders", message=settings)
    assert "Share unknown senders with the operators: on" in switched.text
    assert "Sharing is on." in switched.text
    assert "Stop sharing unknown senders" in switched.button_texts
    assert (await ann.say("/privacy"))[0].text.endswith("You share unknown senders: yes.")
    # Ann alone shared: her deep scan still tells the operators nothing (fewer than 3 people).
    await connect(ann, browser, google)
    await deep_scan(ann)
    assert operator.messages == []
    # Ann: [Stop sharing unknown senders].  Bot: "Sharing is off. …"
    (off,) = await ann.tap("Stop sharing unknown senders", message=switched)
    assert "Sharing is off. Your deep scans tell the operators nothing." in off.text


async def test_drop_for_someone_outside_california_says_it_is_not_for_them(
    ann: Chat, telegram: FakeTelegram, bot: BotRuntime
) -> None:
    await onboard(ann)  # lives in Germany
    # Ann: /drop.  Bot: "DROP is California's deletion service, only for people who live in California. …"
    (answer,) = await ann.say("/drop")
    assert answer.text.startswith("DROP is California's deletion service, only for people who live in")
    assert answer.buttons == []
    # Ann: /help.  Bot: the commands, without /drop.  The menu has no /drop either.
    (help_text,) = await ann.say("/help")
    assert "/drop" not in help_text.text
    assert "/review" in help_text.text
    assert "drop" not in {c["command"] for c in telegram.commands()}
    assert "drop" not in {c["command"] for c in telegram.commands(language_code="de")}


async def test_drop_is_offered_to_a_californian(ann: Chat, telegram: FakeTelegram, bot: BotRuntime) -> None:
    await onboard_from(ann, "United States", "California")
    # Ann: /help.  Bot: "… /drop – California's one-stop deletion (DROP) …"; her own menu has it too.
    (help_text,) = await ann.say("/help")
    assert "/drop – California's one-stop deletion (DROP)" in help_text.text
    assert "drop" in {c["command"] for c in telegram.commands({"type": "chat", "chat_id": ann.chat_id})}
    # Ann: /drop.  Bot: the step-by-step guide and [I submitted my DROP request today]
    (guide,) = await ann.say("/drop")
    assert guide.text.startswith("California's DROP")
    assert guide.button_texts == ["I submitted my DROP request today"]
