"""A whole journey in one language: onboarding, connect, scan, review, preview, undo, send, /requests with
history, a reply notice, /report, /settings, /privacy, and a message before /start."""

from __future__ import annotations

import re

from bot.i18n import Text
from bot.sandbox.google import FakeGoogle, generate_mailbox, realistic_sender_forms
from tests.clock import FakeClock
from tests.e2e.browser import Browser, telegram_link
from tests.e2e.letters import UNDO_SECONDS
from tests.transcripts.recorder import RecordingChat

ALICE = "alice@gmail.com"
BROKERS = {
    "01advertising.com": "01 Advertising",
    "4legalleads.com": "4LegalLeads",
    "adsquare.com": "Adsquare",
}
SWITCH = re.compile(r"^(Write it in|Auf) .+")
SEND_TO = re.compile(r"^(Send to|An) .*@")
LANGUAGE_BUTTON = {"en": "English", "de": "Deutsch"}
NOTES = {
    "en": {
        "browser": "(In the browser: Google's consent, then the bot's page; Ann opens its Telegram link.)",
        "reply": "(Seven hours later, 01Advertising has answered by e-mail.)",
    },
    "de": {
        "browser": "(Im Browser: Googles Zustimmung, dann die Seite des Bots; Ann öffnet den Telegram-Link.)",
        "reply": "(Sieben Stunden später hat 01Advertising per E-Mail geantwortet.)",
    },
}


def add_mailbox(google: FakeGoogle) -> None:
    senders = {domain: realistic_sender_forms(domain, brand) for domain, brand in BROKERS.items()}
    google.add_account(
        ALICE, mailbox=generate_mailbox(3, 200, sender_domains=30, broker_senders=senders, owner=ALICE)
    )


async def onboard(chat: RecordingChat, t: Text, language: str) -> None:
    await chat.say("/requests")  # before /start: the bot asks for /start in the chat's language
    await chat.say("/start")
    await chat.tap(t("I agree, let's start"))
    await chat.say("Ann Example")
    await chat.tap(t("Skip"))
    await chat.tap(t("Skip"))
    await chat.tap(t("EU / EEA"))
    await chat.tap(re.compile("^(Germany|Deutschland)$"))
    await chat.tap(LANGUAGE_BUTTON[language])


async def connect(chat: RecordingChat, t: Text, browser: Browser, google: FakeGoogle) -> None:
    replies = await chat.say("/connect")
    links = [b.url for m in reversed(replies) for row in m.buttons for b in row if b.url]
    assert links, [(m.text[:80], m.button_texts) for m in chat.chat.messages[-4:]]
    link = links[0]
    assert link is not None
    google.consent_as(ALICE)
    page = await browser.open(link)
    chat.note(NOTES[t.language]["browser"])
    mark = chat.mark()
    await chat.open_link(telegram_link(page))
    if ALICE not in chat.chat.last.text:
        await chat.wait_for(lambda: ALICE in chat.chat.last.text, "the connected message", since=mark)


async def scan_and_review(chat: RecordingChat, t: Text) -> None:
    await chat.tap(t("Scan my inbox"))
    await chat.wait_for(lambda: "01Advertising" in chat.chat.last.text, "the scan report")
    cards = await chat.tap(t("Review deletion requests"))
    german_company = next(m for m in cards if "Adsquare" in m.text and m.buttons)
    (preview,) = await chat.tap(t("Preview"), message=german_company)
    if any(SWITCH.search(label) for label in preview.button_texts):
        await chat.tap(SWITCH, message=preview)  # the letter in the person's language instead
    await chat.tap(t("Cancel"), message=preview)
    card = next(m for m in cards if "01Advertising" in m.text and m.buttons)
    (preview,) = await chat.tap(t("Preview"), message=card)
    if any(SWITCH.search(label) for label in preview.button_texts):
        await chat.tap(SWITCH, message=preview)
    await chat.tap(SEND_TO, message=preview)
    await chat.tap(t("Undo"))
    await chat.tap(t("Send"), message=card)
    await chat.tap(SEND_TO)


async def sent_and_tracked(chat: RecordingChat, t: Text, google: FakeGoogle, clock: FakeClock) -> None:
    clock.advance(seconds=UNDO_SECONDS)
    await chat.wait_for(lambda: len(google.sent_mail(ALICE)) == 1 and "✅" in chat.chat.last.text, "the send")
    await chat.say("/requests")
    await chat.tap(re.compile("01Advertising"))
    sent = google.sent_mail(ALICE)[0]
    google.deliver(
        ALICE,
        "Privacy Team <privacy@01advertising.com>",
        f"Re: {sent.subject}",
        # A reply that needs the person is pushed at once (receipts wait for the weekly digest).
        "Thank you for your message. Before we can process your request, we need to verify your identity.",
        thread_id=sent.thread_id,
        in_reply_to=sent.message_id,
    )
    clock.advance(hours=7)
    chat.note(NOTES[t.language]["reply"])
    count = len(chat.chat.messages)
    await chat.wait_for(lambda: len(chat.chat.messages) > count, "the reply notice", within=20)


async def the_rest(chat: RecordingChat, t: Text) -> None:
    await chat.say("/requests")
    await chat.tap(re.compile("01Advertising"))
    await chat.say("/report")
    await chat.say("/settings")
    await chat.say("/privacy")


async def journey(
    chat: RecordingChat, *, language: str, google: FakeGoogle, browser: Browser, clock: FakeClock
) -> None:
    t = Text(language)
    await onboard(chat, t, language)
    await connect(chat, t, browser, google)
    await scan_and_review(chat, t)
    await sent_and_tracked(chat, t, google, clock)
    await the_rest(chat, t)
