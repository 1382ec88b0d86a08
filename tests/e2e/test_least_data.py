"""Least data, end to end: a letter carries only the details its company needs, whatever else was given."""

from __future__ import annotations

from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

import pytest

from bot.app import BotRuntime
from bot.sandbox.google import FakeGoogle, generate_mailbox, realistic_sender_forms
from brokers.catalog import load_bundled
from brokers.identifiers import Identifier
from tests.clock import FakeClock
from tests.e2e.browser import Browser
from tests.e2e.letters import confirm, let_it_go
from tests.e2e.test_connect import ALICE, connect
from tests.e2e.test_journey import scan_to_report
from tests.fakes.chat import Chat

ADDRESS = "12 Elm Street\n10115 Berlin"
PHONE = "+49 30 1234567"
OTHER_EMAIL = "ann.work@example.org"
# What each optional detail looks like in a sent letter.
VISIBLE = {
    Identifier.POSTAL_ADDRESS: "12 Elm Street",
    Identifier.PHONE: PHONE,
    Identifier.OTHER_EMAILS: OTHER_EMAIL,
}
BROKERS = {
    "01advertising.com": "01 Advertising",  # a marketer: name and e-mail only
    "addresses.com": "Addresses.com",  # a people-search site: also the postal address and other e-mails
}


@pytest.fixture
def mixed_mailbox(google: FakeGoogle) -> None:
    senders = {domain: realistic_sender_forms(domain, brand) for domain, brand in BROKERS.items()}
    google.add_account(
        "alice@gmail.com",
        mailbox=generate_mailbox(11, 200, sender_domains=30, broker_senders=senders, owner="alice@gmail.com"),
    )


async def onboard_with_every_detail(chat: Chat) -> None:
    await chat.say("/start")
    await chat.tap("I agree, let's start")
    await chat.say("Ann Example")
    await chat.say(OTHER_EMAIL)
    await chat.say(ADDRESS)
    await chat.tap("EU / EEA")
    await chat.tap("Germany")
    await chat.tap("English")
    await chat.say("/settings")
    await chat.tap("Phone")
    assert (await chat.say(PHONE))[-1].text == "Saved."


def _text(raw: bytes) -> str:
    message = message_from_bytes(raw, policy=default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return f"{message['From']}\n{message['Subject']}\n{body.get_content()}"


async def test_letter_to_a_broker_that_needs_no_postal_address_leaves_it_out(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mixed_mailbox: None, clock: FakeClock
) -> None:
    await onboard_with_every_detail(ann)
    await connect(ann, browser, google)
    await scan_to_report(ann)
    cards = await ann.tap("Review deletion requests")
    marketer = next(m for m in cards if "01Advertising" in m.text)
    (preview,) = await ann.tap("Preview", message=marketer)
    assert "Your details in this letter: your name, this e-mail address." in preview.text
    assert "Elm Street" not in preview.text
    await confirm(ann, preview)
    await let_it_go(ann, clock, google, ALICE, mails=1)
    (sent,) = google.sent_mail(ALICE)
    assert sent.to == ("privacy@01advertising.com",)
    letter = _text(sent.raw)
    assert "Ann Example" in letter
    assert "Elm Street" not in letter
    assert PHONE not in letter
    assert OTHER_EMAIL not in letter


async def test_every_letter_sent_in_a_journey_carries_exactly_its_brokers_identifiers(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mixed_mailbox: None
) -> None:
    await onboard_with_every_detail(ann)
    await connect(ann, browser, google)
    await scan_to_report(ann)
    await ann.tap("Review deletion requests")
    await ann.tap("Send all 2")
    await ann.tap("Yes, send 2")
    await ann.fake.wait_until(lambda: len(google.sent_mail(ALICE)) == 2, timeout=30, what="both letters sent")
    catalog = load_bundled()
    by_address = {b.email: b for b in catalog.brokers if b.email}
    checked = set()
    for sent in google.sent_mail(ALICE):
        (recipient,) = sent.to
        broker = by_address[recipient]
        letter = _text(sent.raw)
        assert "Ann Example" in letter
        for identifier, text in VISIBLE.items():
            assert (text in letter) is (identifier in broker.needs), (broker.id, identifier)
        checked.add(broker.id)
    assert checked == {"01advertising", "addresses-com"}
