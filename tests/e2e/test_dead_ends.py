"""No dead ends: a disconnected mailbox's drafts wait for it, every refusal names its next step, and the
connect message tells what Google will show and how long a connection lasts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.app import BotRuntime
from bot.keys import load_keys
from bot.sandbox.google import FakeGoogle
from brokers.profile import TelegramId
from storage.crypto import FernetCipher
from storage.engine import create_session_factory
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.clock import FakeClock
from tests.e2e.browser import Browser
from tests.e2e.test_connect import ALICE, connect, connect_link
from tests.e2e.test_consent import card, cards_of
from tests.e2e.test_consent import mailbox as consent_mailbox
from tests.e2e.test_onboarding import onboard
from tests.fakes.chat import Chat

mailbox = consent_mailbox


@pytest.fixture
def bot_env(bot_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """An operator whose Google project is still in "Testing" status."""
    monkeypatch.setenv("GOOGLE_OAUTH_TESTING_MODE", "true")
    return {**bot_env, "GOOGLE_OAUTH_TESTING_MODE": "true"}


PARKED = "drafts wait for their Gmail account"


async def disconnect(chat: Chat, address: str = ALICE) -> None:
    """Disconnect through /accounts (and its confirmation, where there is one)."""
    await chat.say("/accounts")
    replies = await chat.tap(f"Disconnect {address}")
    confirm = [b for m in replies for b in m.button_texts if b.startswith(("Yes", "Disconnect"))]
    if confirm:
        await chat.tap(confirm[0])
    await chat.fake.wait_until(lambda: "Disconnected" in chat.last.text, what="the disconnection")


async def to_german(chat: Chat) -> None:
    await chat.say("/settings")
    await chat.tap("Language")
    await chat.tap("Deutsch")


async def test_review_after_disconnect_asks_to_reconnect_instead_of_showing_cards(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    cards = await cards_of(ann, browser, google)
    await disconnect(ann)
    (refused,) = await ann.tap("Send", message=card(cards, "33Across"))  # a card from before
    assert "Reconnect" in refused.text
    assert refused.button_texts == ["Reconnect"]
    (review,) = await ann.say("/review")
    assert PARKED in review.text
    assert "Send" not in review.button_texts
    assert review.button_texts == ["Reconnect"]
    (link,) = await ann.tap("Reconnect", message=review)
    assert "Open Google to connect" in link.button_texts


async def test_reconnecting_the_same_address_brings_the_drafts_back(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    before = await cards_of(ann, browser, google)
    await disconnect(ann)
    await connect(ann, browser, google)
    after = await ann.say("/review")
    assert PARKED not in " ".join(m.text for m in after)
    assert card(after, "33Across").button_texts == ["Send", "Preview", "Skip"]
    assert len([m for m in after if "Send" in m.button_texts]) == len(
        [m for m in before if "Send" in m.button_texts]
    )


async def test_letter_without_a_name_offers_open_settings(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    cards = await cards_of(ann, browser, google)
    uow = SqlUnitOfWorkFactory(
        create_session_factory(bot.engine), FernetCipher(load_keys(bot.settings)), clock
    )
    async with uow() as unit:  # a person whose name is gone (an older profile, an erased field)
        user = await unit.users.get(TelegramId(1001))
        assert user is not None
        await unit.users.save(replace(user, profile=replace(user.profile, full_name=None)))
        await unit.commit()
    (refused,) = await ann.tap("Send", message=card(cards, "33Across"))
    assert "I need your full name" in refused.text
    assert refused.button_texts == ["Open settings"]
    (settings,) = await ann.tap("Open settings", message=refused)
    assert "Name" in settings.button_texts


async def test_connect_message_explains_googles_screens_and_the_7_days(
    ann: Chat, bot: BotRuntime, google: FakeGoogle
) -> None:
    await onboard(ann)
    (message,) = await ann.say("/connect")
    assert "Google hasn't verified this app" in message.text
    assert "Advanced" in message.text
    assert "Go to 127.0.0.1 (unsafe)" in message.text
    assert "7 days" in message.text
    assert message.button_texts == ["Open Google to connect", "Privacy mode (headers only, slower)"]


async def test_connect_message_in_german(ann: Chat, bot: BotRuntime, google: FakeGoogle) -> None:
    await onboard(ann)
    await to_german(ann)
    (message,) = await ann.say("/connect")
    assert "Google hat diese App nicht überprüft" in message.text
    assert "Erweitert" in message.text
    assert "Zu 127.0.0.1 wechseln (unsicher)" in message.text
    assert "7 Tagen" in message.text
    assert "Google hasn't" not in message.text


async def test_mode_toggle_edits_the_connect_message_in_place(
    ann: Chat, bot: BotRuntime, google: FakeGoogle
) -> None:
    await onboard(ann)
    link = await connect_link(ann)
    count = len(ann.messages)
    (toggled,) = await ann.tap("Privacy mode (headers only, slower)")
    assert toggled.message_id == ann.last.message_id
    assert len(ann.messages) == count
    assert toggled.text.startswith("Privacy mode:")
    assert toggled.button_texts == ["Open Google to connect", "Normal mode"]
    assert next(b.url for row in toggled.buttons for b in row if b.url) != link
    (back,) = await ann.tap("Normal mode")
    assert back.message_id == toggled.message_id
    assert back.text.startswith("I will ask Google for two permissions")


async def test_testing_mode_reminds_a_day_before_expiry_and_then_offers_reconnect(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, clock: FakeClock
) -> None:
    await onboard(ann)
    google.add_account(ALICE)
    await connect(ann, browser, google)
    clock.advance(days=6, minutes=1)
    await ann.fake.wait_until(lambda: "within a day" in ann.last.text, timeout=15, what="the reminder")
    assert ann.last.button_texts == ["Reconnect"]
    clock.advance(days=1)
    google.invalidate_refresh_tokens(ALICE)
    google.expire_access_tokens()
    await ann.say("/accounts")
    await ann.fake.wait_until(
        lambda: any("ended after its 7 days" in m.text for m in ann.messages), what="the expiry notice"
    )
    notice = next(m for m in ann.messages if "ended after its 7 days" in m.text)
    assert notice.button_texts == ["Reconnect"]
    assert not any("no longer lets me use" in m.text for m in ann.messages)
    (link,) = await ann.tap("Reconnect", message=notice)
    assert "Open Google to connect" in link.button_texts


async def test_review_while_the_only_account_needs_reconnecting_asks_to_reconnect(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await cards_of(ann, browser, google)
    google.invalidate_refresh_tokens(ALICE)
    google.expire_access_tokens()
    await ann.say("/accounts")
    # The notice may come before or after the account list, which has its own "Reconnect <address>".
    await ann.fake.wait_until(
        lambda: any("Reconnect" in m.button_texts for m in ann.messages), what="the reconnect notice"
    )
    (review,) = await ann.say("/review")
    assert PARKED in review.text
    assert review.button_texts == ["Reconnect"]
    await connect(ann, browser, google)
    assert any("Send" in m.button_texts for m in await ann.say("/review"))


async def test_scan_stopped_by_a_withdrawn_grant_offers_reconnect(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await onboard(ann)
    await connect(ann, browser, google)
    google.invalidate_refresh_tokens(ALICE)
    google.expire_access_tokens()
    await ann.tap("Scan my inbox")
    stopped = "The scan stopped: Google no longer lets me read this mailbox."

    def offers() -> list[list[str]]:
        return [m.button_texts for m in ann.messages if stopped in m.text and m.button_texts]

    await ann.fake.wait_until(lambda: bool(offers()), timeout=30, what="the stop with its next step")
    assert offers() == [["Reconnect"]]
