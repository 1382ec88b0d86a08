"""The letter's language on the preview: said and explained, switched by a tap, and sent as shown."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default

import pytest

from bot.app import BotRuntime
from bot.sandbox.google import FakeGoogle
from tests.clock import FakeClock
from tests.e2e.browser import Browser
from tests.e2e.letters import confirm, let_it_go
from tests.e2e.test_connect import ALICE, connect
from tests.e2e.test_journey import scan_to_report
from tests.e2e.test_onboarding import onboard
from tests.fakes.chat import Chat
from tests.transcripts.journey import add_mailbox


@pytest.fixture
def with_german_company(google: FakeGoogle) -> None:
    add_mailbox(google)  # Adsquare GmbH (Germany) among the senders


async def test_letter_switched_to_english_on_the_preview_is_sent_in_english(
    ann: Chat,
    bot: BotRuntime,
    google: FakeGoogle,
    browser: Browser,
    clock: FakeClock,
    with_german_company: None,
) -> None:
    await onboard(ann)
    await connect(ann, browser, google)
    await scan_to_report(ann)
    cards = await ann.tap("Review deletion requests")
    card = next(m for m in cards if "Adsquare" in m.text and m.buttons)
    (preview,) = await ann.tap("Preview", message=card)
    assert "This letter is in German, the language where Adsquare GmbH is based (Germany)." in preview.text
    assert "Betreff" not in preview.text and "Antrag auf Löschung" in preview.text
    assert preview.button_texts == ["Send to legal@adsquare.com", "Write it in English", "Cancel"]
    (switched,) = await ann.tap("Write it in English", message=preview)
    assert switched.message_id == preview.message_id  # rewritten in place, not a new message
    assert "This letter is in English because you chose it." in switched.text
    assert switched.button_texts == ["Send to legal@adsquare.com", "Write it in German", "Cancel"]
    assert google.sent_mail(ALICE) == []
    await confirm(ann, switched)
    await let_it_go(ann, clock, google, ALICE, mails=1)
    sent = message_from_bytes(google.sent_mail(ALICE)[0].raw, policy=default)
    assert sent["Subject"].startswith("Erasure of my personal data")


async def test_switch_to_a_language_that_is_neither_option_keeps_the_default(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, with_german_company: None
) -> None:
    await onboard(ann)
    await connect(ann, browser, google)
    await scan_to_report(ann)
    cards = await ann.tap("Review deletion requests")
    card = next(m for m in cards if "Adsquare" in m.text and m.buttons)
    (preview,) = await ann.tap("Preview", message=card)
    switch = next(b for row in preview.buttons for b in row if b.text == "Write it in English")
    assert switch.callback_data is not None
    forged = switch.callback_data.replace("-en:", "-fr:")
    assert await ann.tap_data(forged, preview) == []
    assert ann.last_answer is not None and "no longer valid" in (ann.last_answer.text or "")
    assert "This letter is in German" in ann.fake.message(ann.chat_id, preview.message_id).text
