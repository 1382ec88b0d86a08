"""What the bot tells a person unprompted: deadlines, replies, follow-ups, escalation, DROP windows.

Each kind of notice is its own value; the chat layer renders them by matching on the type.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from brokers.classify import ReplyClass
from brokers.lifecycle import RequestStatus
from brokers.regulators import Regulator
from brokers.requests import RequestId

NEAR_DEADLINE_DAYS = 3
ESCALATE_AFTER_DAYS = 14  # the grace a follow-up letter gives (datarequests.org's admonition period)
DROP_UPDATE_DAYS = 45  # California's DROP takes an updated request every 45 days


class DueNotice(StrEnum):
    """The notices armed as timers; the value is stored in the job row and its dedupe key."""

    DEADLINE_NEAR = "deadline_near"
    DEADLINE_PASSED = "deadline_passed"
    ESCALATE = "escalate"
    RECEIPT_MISSING = "receipt_missing"
    DROP_WINDOW = "drop_window"
    ACKNOWLEDGED = "acknowledged"  # a broker's receipt, held for the weekly digest


@dataclass(frozen=True, slots=True)
class DeadlineNear:
    request_id: RequestId
    broker_name: str
    deadline: datetime


@dataclass(frozen=True, slots=True)
class DeadlinePassed:
    request_id: RequestId
    broker_name: str
    deadline: datetime


@dataclass(frozen=True, slots=True)
class ReceiptMissing:
    """A CCPA broker did not confirm receiving the request in time."""

    request_id: RequestId
    broker_name: str


@dataclass(frozen=True, slots=True)
class Escalate:
    """The follow-up went unanswered; `regulator` is None where the law names none to complain to."""

    request_id: RequestId
    broker_name: str
    law: str
    regulator: Regulator | None


class BounceStep(StrEnum):
    """What a person can do after a bounce, best first."""

    ADDRESS = "address"  # the catalog holds another address than the one that bounced
    WEB_FORM = "web_form"
    OPERATOR = "operator"  # neither: the operator must find a working contact


@dataclass(frozen=True, slots=True)
class BrokerReplied:
    """A reply in the request's thread or from the broker's domains; `gmail_id` lets the person read it
    at tap time (its text is never stored)."""

    request_id: RequestId
    broker_name: str
    reply: ReplyClass
    phrase: str  # the sentence the classification rests on, from the broker's mail
    status: RequestStatus  # the request's status after the reply
    gmail_id: str = ""
    bounce_step: BounceStep | None = None
    contact: str | None = None  # after a bounce: the catalog's other address, or its web form


@dataclass(frozen=True, slots=True)
class Acknowledged:
    """A broker confirmed receiving the request (a routine update, shown in a digest)."""

    request_id: RequestId
    broker_name: str


@dataclass(frozen=True, slots=True)
class DataReappeared:
    """A broker that confirmed deletion wrote again: the data may be back."""

    request_id: RequestId
    broker_name: str


@dataclass(frozen=True, slots=True)
class DropWindowOpen:
    """California's DROP takes an updated request again."""


@dataclass(frozen=True, slots=True)
class SendsResumed:
    sent: int
    failed: int
    left: int


# One update for a person; several due together are rendered as one message.
Notice = (
    DeadlineNear
    | DeadlinePassed
    | ReceiptMissing
    | Escalate
    | BrokerReplied
    | Acknowledged
    | DataReappeared
    | DropWindowOpen
    | SendsResumed
)
