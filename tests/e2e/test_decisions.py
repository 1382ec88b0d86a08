"""Decisions stick: a skipped company stays skipped through rescans and /review until un-skipped, and the
scan report shows each company's evidence, which stays right after a rescan, with Ask / Skip in place."""

from __future__ import annotations

import re

import pytest

from bot.app import BotRuntime
from bot.sandbox.google import FakeGoogle, generate_mailbox, realistic_sender_forms
from bot.sandbox.telegram import SentMessage
from tests.e2e.browser import Browser
from tests.e2e.test_connect import ALICE, connect
from tests.e2e.test_journey import scan_to_report
from tests.e2e.test_onboarding import onboard
from tests.fakes.chat import Chat

SENDERS = {
    "33across.com": "33Across",
    "01advertising.com": "01 Advertising",
    "aboutyou.de": "ABOUT YOU",  # a shop: a company, where deletion may close the account
}
HEADING = "Data brokers that e-mail you"
EVIDENCE = re.compile(r"• 33Across Inc\.: \d+ mails, first \w+ \d+, \d{4}, last \w+ \d+, \d{4}")


@pytest.fixture
def mailbox(google: FakeGoogle) -> None:
    senders = {domain: realistic_sender_forms(domain, brand) for domain, brand in SENDERS.items()}
    google.add_account(
        ALICE, mailbox=generate_mailbox(11, 300, sender_domains=30, broker_senders=senders, owner=ALICE)
    )


def reports(chat: Chat) -> list[SentMessage]:
    return [m for m in chat.messages if HEADING in m.text]


async def rescan(chat: Chat, command: str = "/scan") -> SentMessage:
    """Scan again and wait for the new report."""
    before = len(reports(chat))
    await chat.say(command)
    await chat.fake.wait_until(lambda: len(reports(chat)) > before, timeout=60, what="the new report")
    return reports(chat)[-1]


async def scanned(chat: Chat, browser: Browser, google: FakeGoogle) -> SentMessage:
    await onboard(chat)
    await connect(chat, browser, google)
    await scan_to_report(chat)
    return reports(chat)[-1]


def card(cards: list[SentMessage], name: str) -> SentMessage:
    return next(m for m in cards if name in m.text and "Skip" in m.button_texts)


def names(cards: list[SentMessage]) -> list[str]:
    return [m.text.splitlines()[0] for m in cards if "Send" in m.button_texts or "I did it" in m.button_texts]


async def test_skipped_broker_stays_away_after_a_rescan_and_review(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await scanned(ann, browser, google)
    # Ann: [Review deletion requests].  Bot: a card each for 33Across and 01Advertising.
    cards = await ann.tap("Review deletion requests")
    assert sorted(names(cards)) == ["01Advertising Inc.", "33Across Inc."]
    # Ann: [Skip] on 33Across.  Bot: "Skipped: … I won't suggest it again. Changed your mind?" [Undo]
    (skipped,) = await ann.tap("Skip", message=card(cards, "33Across"))
    assert skipped.text.startswith("Skipped: no request goes to this company")
    assert skipped.button_texts == ["Undo"]
    # Ann: /scan.  Bot: the report again, 33Across marked skipped.
    report = await rescan(ann)
    assert "✗ Skipped" in report.button_texts
    assert report.button_texts.index("Ask 33Across Inc.") + 1 == report.button_texts.index("✗ Skipped")
    # Ann: [Review deletion requests].  Bot: only 01Advertising's card.
    again = await ann.tap("Review deletion requests", message=report)
    assert names(again) == ["01Advertising Inc."]
    # Ann: /review.  Bot: still only 01Advertising.
    assert names(await ann.say("/review")) == ["01Advertising Inc."]
    # Ann: /requests.  Bot: 33Across once, as skipped.
    (listing,) = await ann.say("/requests")
    assert listing.text.count("33Across Inc.") == 1
    assert "33Across Inc.: skipped" in listing.text


async def test_undo_on_a_skipped_card_brings_the_card_back(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await scanned(ann, browser, google)
    cards = await ann.tap("Review deletion requests")
    (skipped,) = await ann.tap("Skip", message=card(cards, "33Across"))
    # Ann: [Undo].  Bot: "Back on your list." and the card as it was: [Send] [Preview] [Skip]
    (back,) = await ann.tap("Undo", message=skipped)
    assert ann.last_answer is not None and ann.last_answer.text == "Back on your list."
    assert back.text.startswith("33Across Inc.")
    assert back.button_texts == ["Send", "Preview", "Skip"]
    # Ann: [Undo] again (the old button).  Bot: "Already done."
    undo = skipped.buttons[0][0].callback_data
    assert undo is not None
    await ann.tap_data(undo, back)
    assert ann.last_answer is not None and ann.last_answer.text == "Already done."
    assert sorted(names(await ann.say("/review"))) == ["01Advertising Inc.", "33Across Inc."]


async def test_un_skip_from_requests_makes_a_draft_again(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await scanned(ann, browser, google)
    cards = await ann.tap("Review deletion requests")
    await ann.tap("Skip", message=card(cards, "33Across"))
    # Ann: /requests, [33Across Inc.].  Bot: status skipped, [Un-skip 33Across Inc.]
    (listing,) = await ann.say("/requests")
    (detail,) = await ann.tap("33Across Inc.", message=listing)
    assert "Status: skipped" in detail.text
    # Ann: [Un-skip 33Across Inc.].  Bot: the card again.
    (card_again,) = await ann.tap("Un-skip 33Across Inc.", message=detail)
    assert card_again.button_texts == ["Send", "Preview", "Skip"]
    (listing,) = await ann.say("/requests")
    assert "33Across Inc.: draft" in listing.text
    assert listing.text.count("33Across Inc.") == 1


async def test_report_shows_counts_and_dates_that_stay_right_after_rescans(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    # Ann: [Scan my inbox].  Bot: "• 33Across Inc.: 9 mails, first Mar 3, 2024, last Nov 5, 2026" …
    first = await scanned(ann, browser, google)
    evidence = EVIDENCE.search(first.text)
    assert evidence is not None, first.text
    assert "Companies that have your address (1)" in first.text
    assert "• ABOUT YOU: " in first.text
    # Ann: /scan.  Bot: the same numbers (no mail came in).
    assert evidence.group(0) in (await rescan(ann)).text
    # Ann: /scan deep.  Bot: the same numbers (the whole mailbox again, counted once).
    assert evidence.group(0) in (await rescan(ann, "/scan deep")).text


async def test_report_asks_or_skips_each_company_in_place(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    report = await scanned(ann, browser, google)
    assert report.button_texts[:7] == [
        "Review deletion requests",
        "Ask 33Across Inc.",
        "Skip",
        "Ask 01Advertising Inc.",
        "Skip",
        "Ask ABOUT YOU",
        "Skip",
    ]  # fmt: skip  (brokers first, most mail first)
    # Ann: [Ask ABOUT YOU].  Bot: "Added ABOUT YOU: deleting there may close your account."
    (report,) = await ann.tap("Ask ABOUT YOU", message=report)
    assert ann.last_answer is not None
    assert ann.last_answer.text == "Added ABOUT YOU: deleting there may close your account."
    assert "✓ Asking ABOUT YOU" in report.button_texts
    # Ann: [Skip] next to 01Advertising.  Bot: "Skipped 01Advertising Inc.: I won't suggest it again."
    skip = report.buttons[2][1].callback_data
    assert skip is not None
    (report,) = await ann.tap_data(skip, report)
    assert report.button_texts[3:5] == ["Ask 01Advertising Inc.", "✗ Skipped"]
    assert report.button_texts[0] == "Review deletion requests"  # the rest of the report stays
    assert report.button_texts[-2:] == ["Show them", "Ask them too"]
    # Ann: [Review deletion requests].  Bot: cards for 33Across and ABOUT YOU; 01Advertising is skipped.
    cards = await ann.tap("Review deletion requests", message=report)
    assert sorted(names(cards)) == ["33Across Inc.", "ABOUT YOU"]
    # Ann: [Ask 01Advertising Inc.].  Bot: un-skipped, its card is back in /review.
    await ann.tap("Ask 01Advertising Inc.", message=report)
    assert sorted(names(await ann.say("/review"))) == ["01Advertising Inc.", "33Across Inc.", "ABOUT YOU"]


async def test_skip_and_undo_in_german(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await scanned(ann, browser, google)
    await ann.tap("Review deletion requests")  # the drafts are made
    # Ann: /settings, [Language], [Deutsch].
    await ann.say("/settings")
    await ann.tap("Language")
    await ann.tap("Deutsch")
    # Ann: /review.  Bot: the cards, in German.  Ann: [Überspringen] on 33Across.
    cards = await ann.say("/review")
    (skipped,) = await ann.tap("Überspringen", message=card_with(cards, "33Across", "Überspringen"))
    # Bot: "Übersprungen: An diese Firma geht kein Antrag, … nicht wieder vor. …" [Rückgängig]
    assert skipped.text.startswith("Übersprungen: An diese Firma geht kein Antrag")
    assert skipped.button_texts == ["Rückgängig"]
    # Ann: [Rückgängig].  Bot: "Wieder auf deiner Liste." and the card again.
    (back,) = await ann.tap("Rückgängig", message=skipped)
    assert ann.last_answer is not None and ann.last_answer.text == "Wieder auf deiner Liste."
    assert "Überspringen" in back.button_texts
    # Ann: /drop.  Bot: "DROP ist der Löschdienst Kaliforniens, nur für Menschen, die in Kalifornien …"
    (drop,) = await ann.say("/drop")
    assert drop.text.startswith("DROP ist der Löschdienst Kaliforniens")


def card_with(cards: list[SentMessage], name: str, button: str) -> SentMessage:
    return next(m for m in cards if name in m.text and button in m.button_texts)
