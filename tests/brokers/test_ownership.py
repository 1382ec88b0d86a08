"""The one ownership check: a request or an account is handed back only to the person it belongs to."""

from __future__ import annotations

from datetime import UTC, datetime

from brokers.accounts import Account, AccountId, AccountState
from brokers.lifecycle import RequestStatus
from brokers.ownership import owned_by
from brokers.profile import TelegramId
from brokers.requests import Channel, DeletionRequest, RequestId

ANN = TelegramId(1001)
BOB = TelegramId(1002)
WHEN = datetime(2026, 11, 2, tzinfo=UTC)
REQUEST = DeletionRequest(
    id=RequestId(7),
    telegram_id=ANN,
    account_id=None,
    broker_id="33across",
    law="gdpr",
    channel=Channel.EMAIL,
    recipient="privacy@33across.com",
    status=RequestStatus.DRAFT,
    message_id_header=None,
    gmail_message_id=None,
    gmail_thread_id=None,
    sent_at=None,
    deadline_at=None,
    attempts=0,
    last_error=None,
    created_at=WHEN,
)
ACCOUNT = Account(AccountId(3), ANN, "ann@example.org", frozenset(), AccountState.ACTIVE, None, WHEN)


def test_owned_by_returns_the_owners_request() -> None:
    assert owned_by(REQUEST, ANN) is REQUEST


def test_owned_by_hides_a_request_from_another_person() -> None:
    assert owned_by(REQUEST, BOB) is None


def test_owned_by_of_a_missing_request_is_none() -> None:
    assert owned_by(None, ANN) is None


def test_owned_by_returns_the_owners_account_and_hides_it_from_others() -> None:
    assert (owned_by(ACCOUNT, ANN), owned_by(ACCOUNT, BOB)) == (ACCOUNT, None)
