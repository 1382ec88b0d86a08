"""Nothing leaves in a person's name unseen: letters shown then confirmed, Undo, and Send all's exact list."""

from __future__ import annotations

import asyncio

import pytest

from bot.app import BotRuntime
from bot.sandbox.google import FakeGoogle, generate_mailbox, realistic_sender_forms
from bot.sandbox.telegram import SentMessage
from tests.clock import FakeClock
from tests.e2e.browser import Browser
from tests.e2e.letters import UNDO_SECONDS, confirm, let_it_go
from tests.e2e.test_connect import ALICE, connect
from tests.e2e.test_journey import scan_to_report
from tests.e2e.test_onboarding import onboard
from tests.fakes.chat import Chat

SENDERS = {
    "33across.com": "33Across",
    "01advertising.com": "01 Advertising",
    "aboutyou.de": "ABOUT YOU",  # a shop: a company, where deletion may close the account
}


@pytest.fixture
def mailbox(google: FakeGoogle) -> None:
    senders = {domain: realistic_sender_forms(domain, brand) for domain, brand in SENDERS.items()}
    google.add_account(
        ALICE, mailbox=generate_mailbox(11, 300, sender_domains=30, broker_senders=senders, owner=ALICE)
    )


async def cards_of(chat: Chat, browser: Browser, google: FakeGoogle) -> list[SentMessage]:
    await onboard(chat)
    await connect(chat, browser, google)
    await scan_to_report(chat)
    return await chat.tap("Review deletion requests")


def card(cards: list[SentMessage], name: str) -> SentMessage:
    return next(m for m in cards if name in m.text and "Send" in m.button_texts)


async def test_undo_inside_the_window_sends_nothing(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    cards = await cards_of(ann, browser, google)
    # Ann: [Send] on 33Across.  Bot: the exact e-mail, [Send to privacy@33across.com] [Cancel]
    (shown,) = await ann.tap("Send", message=card(cards, "33Across"))
    assert "To: privacy@33across.com" in shown.text
    assert "From: Ann Example &lt;alice@gmail.com&gt;" not in shown.text  # HTML is escaped, not doubled
    assert "From: Ann Example <alice@gmail.com>" in shown.text
    # Ann: [Send to privacy@33across.com].  Bot: "⏳ Sending … in 10 seconds" [Undo]
    waiting = await confirm(ann, shown)
    assert waiting.button_texts == ["Undo"]
    clock.advance(seconds=UNDO_SECONDS - 1)
    # Ann: [Undo].  Bot: "Not sent."
    (undone,) = await ann.tap("Undo", message=waiting)
    assert ann.last_answer is not None and ann.last_answer.text == "Not sent."
    assert undone.text == "Not sent. You took the letter back; nothing went out."
    assert undone.buttons == []
    clock.advance(minutes=5)
    await asyncio.sleep(1.0)  # several sweeps pass; nothing is due any more
    assert google.sent_mail(ALICE) == []
    listing = await ann.say("/requests")
    assert "33Across Inc.: draft" in listing[0].text


async def test_undo_after_the_letter_left_says_so(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    cards = await cards_of(ann, browser, google)
    await ann.tap("Send", message=card(cards, "33Across"))
    waiting = await confirm(ann)
    undo_data = waiting.buttons[0][0].callback_data
    assert undo_data is not None
    await let_it_go(ann, clock, google, ALICE, mails=1)
    await ann.tap_data(undo_data, waiting)  # an Undo from before the edit, tapped late
    assert ann.last_answer is not None
    assert ann.last_answer.text == "Too late to undo: the letter is already on its way."
    assert len(google.sent_mail(ALICE)) == 1


async def test_cancel_on_the_shown_letter_sends_nothing(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    cards = await cards_of(ann, browser, google)
    (shown,) = await ann.tap("Preview", message=card(cards, "01Advertising"))
    (cancelled,) = await ann.tap("Cancel", message=shown)
    assert cancelled.text == "Not sent. Nothing went out."
    clock.advance(minutes=5)
    await asyncio.sleep(0.5)
    assert google.sent_mail(ALICE) == []


async def test_send_all_lists_a_company_only_when_added_one_by_one(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await cards_of(ann, browser, google)
    report = next(m for m in ann.messages if "Show them" in m.button_texts)
    await ann.tap("Show them", message=report)
    await ann.tap("Prepare requests to them")  # a draft for ABOUT YOU, a company
    (listing,) = await ann.tap("Send all 2")
    assert "Send 2 e-mails from alice@gmail.com" in listing.text
    assert "ABOUT YOU" not in listing.text.split("Not on the list")[0]
    assert "Deleting your data there usually closes that account" in listing.text
    assert listing.button_texts == ["Add ABOUT YOU", "Yes, send 2", "Cancel"]
    (added,) = await ann.tap("Add ABOUT YOU", message=listing)
    assert "Added ABOUT YOU." in added.text
    assert "3. ABOUT YOU (kundenservice@aboutyou.de)" in added.text
    assert added.button_texts == ["Yes, send 3", "Cancel"]
    await ann.tap("Yes, send 3", message=added)
    await ann.fake.wait_until(
        lambda: any("Sent 3 requests" in m.text for m in ann.messages), timeout=30, what="the summary"
    )
    recipients = sorted(address for m in google.sent_mail(ALICE) for address in m.to)
    assert recipients == ["kundenservice@aboutyou.de", "privacy@01advertising.com", "privacy@33across.com"]


async def test_send_all_asks_again_when_the_list_changed(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    cards = await cards_of(ann, browser, google)
    (listing,) = await ann.tap("Send all 2")
    await ann.tap("Skip", message=card(cards, "33Across"))  # the set changes after it was shown
    (again,) = await ann.tap("Yes, send 2", message=listing)
    assert again.text.startswith("The list changed since you saw it.")
    assert "Send 1 e-mail from alice@gmail.com" in again.text
    assert "33Across" not in again.text
    assert again.button_texts == ["Yes, send 1", "Cancel"]
    assert google.sent_mail(ALICE) == []


async def test_an_older_send_all_button_says_its_drafts_were_handled_meanwhile(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    cards = await cards_of(ann, browser, google)
    await ann.tap("Skip", message=card(cards, "33Across"))
    await ann.tap("Skip", message=card(cards, "01Advertising"))
    (answer,) = await ann.tap("Send all 2")  # drawn when both were drafts
    assert answer.text == "Nothing is left to send: those drafts were sent or skipped since."
    assert answer.button_texts == ["My requests"]
    assert google.sent_mail(ALICE) == []


async def test_send_all_cancel_sends_nothing(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await cards_of(ann, browser, google)
    (listing,) = await ann.tap("Send all 2")
    (cancelled,) = await ann.tap("Cancel", message=listing)
    assert cancelled.text == "Cancelled. Nothing was sent."
    assert ann.last_answer is not None and ann.last_answer.text == "Nothing was sent."
    await asyncio.sleep(0.5)
    assert google.sent_mail(ALICE) == []


async def test_undo_in_german(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    cards = await cards_of(ann, browser, google)
    await ann.say("/settings")
    await ann.tap("Language")
    await ann.tap("Deutsch")
    (shown,) = await ann.tap("Send", message=card(cards, "33Across"))
    assert "Nichts wird gesendet, bevor du auf den Knopf mit dem Empfänger tippst." in shown.text
    assert shown.button_texts == ["An privacy@33across.com senden", "Auf Deutsch schreiben", "Abbrechen"]
    waiting = await confirm(ann, shown)
    assert "Geht in 10 Sekunden an privacy@33across.com" in waiting.text
    (undone,) = await ann.tap("Rückgängig", message=waiting)
    assert ann.last_answer is not None and ann.last_answer.text == "Nicht gesendet."
    assert undone.text.startswith("Nicht gesendet.")
    clock.advance(minutes=1)
    await asyncio.sleep(0.5)
    assert google.sent_mail(ALICE) == []
