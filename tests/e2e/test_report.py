"""/report in the chat: counts by status, what is overdue, and the timeline as a CSV or JSON file."""

from __future__ import annotations

import csv
import io
import json

import pytest

from bot.app import BotRuntime
from bot.sandbox.google import FakeGoogle
from tests.clock import FakeClock
from tests.e2e.browser import Browser
from tests.e2e.letters import confirm_and_send
from tests.e2e.test_connect import ALICE, connect
from tests.e2e.test_journey import scan_to_report
from tests.e2e.test_onboarding import onboard
from tests.fakes.chat import Chat


async def send_one(chat: Chat, google: FakeGoogle, browser: Browser, clock: FakeClock) -> None:
    await onboard(chat)
    await connect(chat, browser, google)
    await scan_to_report(chat)
    cards = await chat.tap("Review deletion requests")
    await chat.tap("Send", message=next(m for m in cards if "01Advertising" in m.text))
    await confirm_and_send(chat, clock, google, ALICE, mails=1)


async def test_report_counts_the_sent_request_and_sends_its_timeline(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    await send_one(ann, google, browser, clock)
    replies = await ann.say("/report")
    assert "sent: 1" in replies[0].text
    assert "Nothing is overdue." in replies[0].text
    assert "01Advertising Inc.: no answer yet (sent)" in replies[0].text
    assert replies[-1].document is not None
    assert replies[-1].document.file_name == "requests-timeline.csv"
    rows = list(csv.DictReader(io.StringIO(ann.document("requests-timeline.csv").decode("utf-8-sig"))))
    sent = [r for r in rows if r["broker"] == "01Advertising Inc." and r["event_to"] == "sent"]
    assert [(r["status"], r["recipient"], r["law"]) for r in sent] == [
        ("sent", "privacy@01advertising.com", "gdpr")
    ]


async def test_report_as_json_lists_the_request_with_its_history(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    await send_one(ann, google, browser, clock)
    await ann.say("/report")
    replies = await ann.tap("As JSON")
    assert replies[-1].document is not None
    assert replies[-1].document.file_name == "requests-timeline.json"
    document = json.loads(ann.document("requests-timeline.json"))
    (request,) = [r for r in document["requests"] if r["status"] == "sent"]
    assert request["broker"] == "01Advertising Inc."
    assert [e["to"] for e in request["events"]] == ["draft", "sending", "sent"]


async def test_report_shows_a_request_past_its_deadline_as_overdue(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    await send_one(ann, google, browser, clock)
    clock.advance(days=40)
    # The overdue notice comes by itself first; the report then reads a settled state.
    await ann.fake.wait_until(
        lambda: "has not confirmed deleting" in ann.last.text, timeout=15, what="overdue notice"
    )
    replies = await ann.say("/report")
    assert "Overdue" in replies[0].text
    assert "01Advertising Inc.: due" in replies[0].text
    assert "days late" in replies[0].text


async def test_report_for_a_person_without_requests_says_so(ann: Chat, bot: BotRuntime) -> None:
    await onboard(ann)
    replies = await ann.say("/report")
    assert [m.text for m in replies] == ["You have no requests yet, so there is nothing to report."]
    with pytest.raises(LookupError):
        ann.document()


async def test_report_in_german_names_states_and_counts_drafts_apart(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    await send_one(ann, google, browser, clock)
    await ann.say("/settings")
    await ann.tap("Language")
    await ann.tap("Deutsch")
    replies = await ann.say("/report")
    summary = replies[0].text
    assert "1 Antrag" in summary.splitlines()[0]
    assert "gesendet: 1" in summary
    assert "Entwürfe noch nicht gesendet." in summary
    assert "Entwurf:" not in summary  # drafts are not among the requests
    assert not any(raw in summary for raw in ("draft", "sent:", "needs_", "_sent"))
    # The file comes right after the summary, before anything said next.
    assert [m.document is not None for m in replies] == [False, True]
    (after,) = await ann.say("/help")
    assert after.message_id > replies[-1].message_id


async def test_report_with_only_drafts_offers_their_review(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await onboard(ann)
    await connect(ann, browser, google)
    await scan_to_report(ann)
    await ann.tap("Review deletion requests")
    (reply,) = await ann.say("/report")
    assert "You have not sent a request yet" in reply.text
    assert reply.button_texts == ["Review drafts"]
    with pytest.raises(LookupError):
        ann.document()
