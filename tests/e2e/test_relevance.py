"""Only relevant companies and the right law: offers follow the inbox and where the person lives."""

from __future__ import annotations

from bot.app import BotRuntime
from bot.sandbox.google import FakeGoogle
from brokers.profile import TelegramId
from tests.e2e.browser import Browser
from tests.e2e.test_calm import every_page
from tests.e2e.test_connect import connect
from tests.e2e.test_journey import scan_to_report
from tests.e2e.test_onboarding import onboard
from tests.fakes.chat import Chat

ANN = TelegramId(1001)
FOREIGN = ("SCHUFA", "(UK)", "CRIF", "Deutsche Post")


async def onboard_from(chat: Chat, *places: str) -> None:
    await chat.say("/start")
    await chat.tap("I agree, let's start")
    await chat.say("Ann Example")
    await chat.tap("Skip")
    await chat.tap("Skip")
    for place in places:
        await chat.tap(place)
    await chat.tap("English")


async def test_californian_is_offered_us_brokers_and_no_foreign_ones_without_evidence(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await onboard_from(ann, "United States", "California")
    await connect(ann, browser, google)
    await scan_to_report(ann)
    report = ann.last
    assert "Well-known brokers that hold data on most people (25)" in report.text
    found = await ann.tap("Review deletion requests", message=report)
    assert any("01Advertising Inc." in m.text for m in found)  # found in the inbox: offered as found
    cards = await every_page(ann, await ann.tap("Ask them too", message=report))
    # The page starts at the brokers just asked for, not at the found drafts already shown above.
    assert "holds data on most people" in cards[0].text
    assert not any("01Advertising Inc." in m.text for m in cards)
    shown = "\n".join(m.text for m in cards)
    assert "Spokeo" in shown
    assert "Equifax" in shown
    for foreign in FOREIGN:
        assert foreign not in shown
    assert "Law: Cal. Civ. Code § 1798.105" in shown


async def test_country_change_redrafts_open_drafts_with_the_new_law_and_says_so(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await onboard(ann)  # lives in Germany: the drafts cite the GDPR
    await connect(ann, browser, google)
    await scan_to_report(ann)
    cards = await ann.tap("Review deletion requests")
    card = next(m for m in cards if "01Advertising" in m.text)
    assert "GDPR" in (await ann.tap("Preview", message=card))[0].text
    await ann.say("/settings")
    await ann.tap("Country / state")
    await ann.tap("United States")
    replies = await ann.tap("California")
    assert replies[0].text == "Where you live: California"
    redrafted = "I rewrote 3 open drafts for where you live now: they cite CCPA. /review shows them."
    await ann.fake.wait_until(
        lambda: any(m.text == redrafted for m in ann.messages), timeout=15, what="the redraft notice"
    )
    cards = await ann.say("/review")
    card = next(m for m in cards if "01Advertising" in m.text)
    assert "Law: Cal. Civ. Code § 1798.105" in card.text
    preview = (await ann.tap("Preview", message=card))[0].text
    assert "Law: California Consumer Privacy Act (CCPA)." in preview
    assert "Subject: Request to delete my personal information (CCPA)" in preview


async def test_same_country_again_redrafts_nothing(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await onboard(ann)
    await connect(ann, browser, google)
    await scan_to_report(ann)
    await ann.tap("Review deletion requests")
    await ann.say("/settings")
    await ann.tap("Country / state")
    await ann.tap("EU / EEA")
    replies = await ann.tap("Germany")
    assert not any("I rewrote" in m.text for m in replies)


async def test_somewhere_else_gets_a_generic_letter_that_says_no_law_applies(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await onboard_from(ann, "Somewhere else")
    await connect(ann, browser, google)
    await scan_to_report(ann)
    assert "well-known" not in ann.last.text
    cards = await ann.tap("Review deletion requests")
    card = next(m for m in cards if "01Advertising" in m.text)
    preview = (await ann.tap("Preview", message=card))[0].text
    assert "Law: no privacy law I know of gives you a right to deletion where you live" in preview
    assert "Subject: Request to delete my personal data" in preview
    for law in ("GDPR", "CCPA", "Article 17"):
        assert law not in preview
