"""Notices rendered for the chat: each kind reads right, in the person's language, with its buttons."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from brokers.classify import ReplyClass
from brokers.lifecycle import RequestStatus
from brokers.notices import (
    BounceStep,
    BrokerReplied,
    DataReappeared,
    DeadlineNear,
    DeadlinePassed,
    DropWindowOpen,
    Escalate,
    Notice,
    ReceiptMissing,
    SendsResumed,
)
from brokers.notify import Button
from brokers.profile import TelegramId, User
from brokers.regulators import Regulator
from brokers.requests import RequestId
from handlers.callbacks import Action, button_data
from handlers.pushes import render_notices

WHEN = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
RID = RequestId(7)
CNIL = Regulator("CNIL", "https://www.cnil.fr/plaintes", "FR")


def person(language: str = "en") -> User:
    return User(TelegramId(1), language, WHEN, epoch="e1")


def labels(notice: Notice, language: str = "en") -> list[str]:
    _, rows = render_notices(person(language), [notice])
    return [button.text for row in rows for button in row]


@pytest.mark.parametrize(
    ("notice", "expected"),
    [
        (DeadlineNear(RID, "Acme", WHEN), "Acme must answer your request by Nov 2, 2026."),
        (DeadlinePassed(RID, "Acme", WHEN), "Acme has not confirmed deleting your data by Nov 2, 2026,"),
        (ReceiptMissing(RID, "Acme"), "Acme has not confirmed receiving your request"),
        (Escalate(RID, "Acme", "GDPR", CNIL), "You can complain to CNIL: https://www.cnil.fr/plaintes"),
        (Escalate(RID, "Acme", "generic", None), "Acme still has not complied. The timeline file"),
        (DataReappeared(RID, "Acme"), "Acme e-mailed you again after confirming deletion"),
        (DropWindowOpen(), "https://privacy.ca.gov/drop/"),
        (SendsResumed(sent=3, failed=1, left=2), "Sending resumed: 3 sent, 1 failed, 2 still waiting."),
    ],
)
def test_notice_reads_as_its_kind(notice: Notice, expected: str) -> None:
    text, _ = render_notices(person(), [notice])
    assert expected in text


def test_reply_shows_its_meaning_the_phrase_and_the_new_status() -> None:
    reply = BrokerReplied(
        RID, "Acme", ReplyClass.COMPLETED, "Your data has been erased.", RequestStatus.COMPLETED
    )
    text, _ = render_notices(person(), [reply])
    assert text.splitlines() == [
        "📬 Acme replied: they say your data is deleted.",
        "“Your data has been erased.”",
        "Status now: deleted.",
    ]


def test_reply_told_after_a_restart_has_no_empty_quote() -> None:
    reply = BrokerReplied(RID, "Acme", ReplyClass.COMPLETED, "", RequestStatus.COMPLETED, "1a")
    text, _ = render_notices(person(), [reply])
    assert text.splitlines() == ["📬 Acme replied: they say your data is deleted.", "Status now: deleted."]
    german, _ = render_notices(person("de"), [reply])
    assert "“" not in german and "„" not in german


def test_reply_asking_for_verification_offers_the_counter_reply_first() -> None:
    reply = BrokerReplied(
        RID, "Acme", ReplyClass.NEEDS_VERIFICATION, "Send ID", RequestStatus.NEEDS_VERIFICATION
    )
    _, rows = render_notices(person(), [reply])
    assert rows[0][0].data == button_data(Action.COUNTER, "7", "e1")
    assert rows[0][0].text == "Send Acme the reply the law supports"
    assert [b.text for b in rows[1]] == ["Acme did it", "Acme refused"]


def test_reply_escapes_the_brokers_html() -> None:
    reply = BrokerReplied(RID, "<b>Acme</b>", ReplyClass.REFUSED, "<script>", RequestStatus.REFUSED)
    text, _ = render_notices(person(), [reply])
    assert "<b>" not in text
    assert "&lt;script&gt;" in text


def test_passed_deadline_offers_the_follow_up_for_that_request() -> None:
    _, rows = render_notices(person(), [DeadlinePassed(RID, "Acme", WHEN)])
    assert rows == [[Button("Send the follow-up to Acme", button_data(Action.FOLLOW_UP, "7", "e1"))]]


def test_notices_due_together_become_one_message_in_the_persons_language() -> None:
    text, rows = render_notices(person("de"), [DeadlineNear(RID, "Acme", WHEN), SendsResumed(1, 0, 0)])
    assert text.split("\n\n") == [
        "⏳ Acme muss deinen Antrag bis 02.11.2026 beantworten.",
        "Versand fortgesetzt: 1 gesendet, 0 fehlgeschlagen, 0 warten noch.",
    ]
    assert rows == []


def test_reappeared_data_offers_to_ask_again_in_german() -> None:
    assert labels(DataReappeared(RID, "Acme"), "de") == ["Acme erneut auffordern"]


def test_reply_offers_to_show_itself_by_its_gmail_id() -> None:
    reply = BrokerReplied(
        RID, "Acme", ReplyClass.ACKNOWLEDGED, "Received.", RequestStatus.ACKNOWLEDGED, "18c0ffee"
    )
    _, rows = render_notices(person(), [reply])
    assert rows[0] == [Button("Show the reply", button_data(Action.SHOW_REPLY, "7-18c0ffee", "e1"))]


def test_automatic_reply_says_it_is_not_an_answer_and_the_deadline_runs() -> None:
    reply = BrokerReplied(RID, "Acme", ReplyClass.AUTO_REPLY, "Out of office", RequestStatus.SENT, "1a")
    text, rows = render_notices(person(), [reply])
    assert text == (
        "🤖 Acme sent an automatic reply, not an answer. Your request is still “sent”, and the deadline "
        "still runs."
    )
    assert [b.text for row in rows for b in row] == ["Show the reply"]


def test_unclassified_reply_asks_the_person_with_choices_naming_the_broker() -> None:
    reply = BrokerReplied(RID, "Acme", ReplyClass.UNKNOWN, "", RequestStatus.SENT, "1a")
    assert labels(reply) == [
        "Show the reply",
        "Acme did it",
        "Acme wants proof of identity",
        "Acme has no data on me",
        "Acme refused",
    ]


@pytest.mark.parametrize(
    ("step", "contact", "expected_text", "expected_button"),
    [
        (BounceStep.ADDRESS, "dsr@acme.example", "another address: dsr@acme.example",
         "Send Acme the letter at dsr@acme.example"),
        (BounceStep.WEB_FORM, "https://acme.example/privacy", "web form: https://acme.example/privacy",
         "I'll use Acme's web form"),
        (BounceStep.OPERATOR, None, "I know no other way to reach Acme", "Tell the operator about Acme"),
    ],
)  # fmt: skip
def test_bounce_offers_the_next_step(
    step: BounceStep, contact: str | None, expected_text: str, expected_button: str
) -> None:
    reply = BrokerReplied(
        RID, "Acme", ReplyClass.BOUNCED, "550 no such user", RequestStatus.BOUNCED, "1a", step, contact
    )
    text, rows = render_notices(person(), [reply])
    assert text.startswith("📪 Your e-mail to Acme could not be delivered.")
    assert expected_text in text
    assert rows[0][0].text == expected_button
