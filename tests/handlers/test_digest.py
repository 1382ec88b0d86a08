"""The digest: several deadlines of one day as one message with one line and one named button each."""

from __future__ import annotations

from datetime import UTC, datetime

from brokers.classify import ReplyClass
from brokers.lifecycle import RequestStatus
from brokers.notices import (
    Acknowledged,
    BrokerReplied,
    DeadlineNear,
    DeadlinePassed,
    Escalate,
    Notice,
    ReceiptMissing,
)
from brokers.notify import Button
from brokers.profile import TelegramId, User
from brokers.regulators import Regulator
from brokers.requests import RequestId
from handlers.callbacks import Action, button_data
from handlers.pushes import render_notices

WHEN = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
NAMES = ("Acxiom", "Epsilon", "Oracle", "LiveRamp", "Experian", "Equifax", "TransUnion", "CoreLogic")
CNIL = Regulator("CNIL", "https://www.cnil.fr/plaintes", "FR")


def person(language: str = "en") -> User:
    return User(TelegramId(1), language, WHEN, epoch="e1")


def eight_overdue() -> list[Notice]:
    return [DeadlinePassed(RequestId(i + 1), name, WHEN) for i, name in enumerate(NAMES)]


def texts(rows: list[list[Button]]) -> list[str]:
    return [button.text for row in rows for button in row]


def test_eight_overdue_requests_are_one_digest_with_a_line_per_broker() -> None:
    text, _ = render_notices(person(), eight_overdue())
    assert text.startswith("<b>📋 8 updates on your requests</b>")
    assert text.count("has not confirmed deleting your data by") == 0  # not eight copies of the single notice
    for name in NAMES:
        assert text.count(f"<b>{name}</b>: no answer by Dec 2, 2026, overdue") == 1


def test_digest_offers_follow_up_with_all_then_named_buttons_then_more() -> None:
    _, rows = render_notices(person(), eight_overdue())
    assert texts(rows) == [
        "Follow up with all 8 overdue",
        "Follow up with Acxiom",
        "Follow up with CoreLogic",
        "Follow up with Epsilon",
        "Follow up with Equifax",
        "More… (/requests)",
    ]
    assert rows[0][0].data == button_data(Action.FOLLOW_ALL, "", "e1")
    assert rows[1][0].data == button_data(Action.FOLLOW_UP, "1", "e1")
    assert all(len(row) == 1 for row in rows)


def test_digest_of_few_overdue_has_no_more_button() -> None:
    _, rows = render_notices(person(), eight_overdue()[:2])
    assert texts(rows) == ["Follow up with all 2 overdue", "Follow up with Acxiom", "Follow up with Epsilon"]


def test_one_overdue_request_keeps_its_single_notice() -> None:
    text, rows = render_notices(person(), eight_overdue()[:1])
    assert "Acxiom has not confirmed deleting your data by Dec 2, 2026," in text
    assert texts(rows) == ["Send the follow-up to Acxiom"]


def test_digest_shows_one_line_per_request_the_most_pressing() -> None:
    notices: list[Notice] = [
        DeadlineNear(RequestId(1), "Acxiom", WHEN),
        DeadlinePassed(RequestId(1), "Acxiom", WHEN),
        Escalate(RequestId(2), "Oracle", "GDPR", CNIL),
        ReceiptMissing(RequestId(3), "Epsilon"),
    ]
    text, rows = render_notices(person(), notices)
    lines = text.splitlines()
    assert lines[1] == "⌛ <b>Acxiom</b>: no answer by Dec 2, 2026, overdue"
    assert (
        lines[2]
        == "⚖️ <b>Oracle</b>: still has not complied; you can complain to CNIL: https://www.cnil.fr/plaintes"
    )
    assert lines[3].startswith("📭 <b>Epsilon</b>: did not confirm receiving")
    assert "must answer by" not in text
    assert texts(rows) == ["Follow up with Acxiom", "Timeline of Oracle"]


def test_acknowledgement_reads_as_a_digest_line() -> None:
    text, rows = render_notices(person(), [Acknowledged(RequestId(4), "Acxiom")])
    assert "✅ <b>Acxiom</b>: confirmed receiving your request" in text
    assert rows == []


def test_reply_after_a_digest_keeps_its_own_text_and_buttons() -> None:
    reply = BrokerReplied(RequestId(9), "Oracle", ReplyClass.REFUSED, "We decline.", RequestStatus.REFUSED)
    text, rows = render_notices(person(), [*eight_overdue()[:2], reply])
    digest, own = text.split("\n\n📬 ")
    assert "2 updates" in digest
    assert own.startswith("Oracle replied: they refuse.")
    assert "Oracle did it" in texts(rows)


def test_digest_in_german() -> None:
    text, rows = render_notices(person("de"), eight_overdue())
    assert "8 Neuigkeiten" in text
    assert texts(rows)[0] == "Bei allen 8 überfälligen nachhaken"
    assert "Bei Acxiom nachhaken" in texts(rows)


def test_a_long_company_name_fits_its_button_but_stays_whole_in_the_text() -> None:
    long_name = "CRIF GmbH (Germany, formerly CRIF Buergel)"
    notices: list[Notice] = [DeadlinePassed(RequestId(99), long_name, WHEN), *eight_overdue()[:1]]
    text, rows = render_notices(person("de"), notices)
    assert f"<b>{long_name}</b>" in text
    assert "Bei CRIF GmbH nachhaken" in texts(rows)
