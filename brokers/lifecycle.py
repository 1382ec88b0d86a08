"""The deletion request's states, the transitions allowed between them, and their Data Rights Protocol names.

    skipped <──> draft ──> sending ──> sent ──> acknowledged / needs_verification / needs_web_form
                 │          │        completed / no_data / refused / bounced / overdue
                 v          v
              failed     overdue ──> follow_up_sent ──> escalated ──> ... ──> closed

A reply's classification can be wrong, so the reply outcomes (acknowledged, needs_verification,
needs_web_form, completed, no_data, refused) may be corrected into one another. `closed` is the only
terminal state; `failed` means the send itself failed and may be retried. `skipped` is the person's
decision not to ask a company: it is kept (so no scan drafts that company again) until they un-skip it.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType
from typing import Final

from brokers.errors import IllegalTransition


class RequestStatus(StrEnum):
    DRAFT = "draft"
    SKIPPED = "skipped"
    SENDING = "sending"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    NEEDS_VERIFICATION = "needs_verification"
    NEEDS_WEB_FORM = "needs_web_form"
    COMPLETED = "completed"
    NO_DATA = "no_data"
    REFUSED = "refused"
    BOUNCED = "bounced"
    OVERDUE = "overdue"
    FOLLOW_UP_SENT = "follow_up_sent"
    ESCALATED = "escalated"
    CLOSED = "closed"
    FAILED = "failed"


S = RequestStatus
REPLY_OUTCOMES: Final = frozenset(
    {S.ACKNOWLEDGED, S.NEEDS_VERIFICATION, S.NEEDS_WEB_FORM, S.COMPLETED, S.NO_DATA, S.REFUSED}
)
_CORRECTABLE: Final = REPLY_OUTCOMES

TRANSITIONS: Final = MappingProxyType(
    {
        # A web-form-only broker goes straight to needs_web_form: nothing is mailed.
        S.DRAFT: frozenset({S.SENDING, S.NEEDS_WEB_FORM, S.SKIPPED, S.CLOSED}),
        # Skipping is undone by the person only; it blocks new drafts to the company meanwhile.
        S.SKIPPED: frozenset({S.DRAFT}),
        S.SENDING: frozenset({S.SENT, S.FAILED}),
        S.FAILED: frozenset({S.SENDING, S.CLOSED}),
        S.SENT: _CORRECTABLE | {S.BOUNCED, S.OVERDUE, S.CLOSED},
        # A bad address can be fixed and the letter resent; a misread bounce can be corrected.
        S.BOUNCED: _CORRECTABLE | {S.SENDING, S.CLOSED},
        S.ACKNOWLEDGED: _CORRECTABLE - {S.ACKNOWLEDGED}
        | {S.OVERDUE, S.FOLLOW_UP_SENT, S.ESCALATED, S.CLOSED},
        S.NEEDS_VERIFICATION: _CORRECTABLE - {S.NEEDS_VERIFICATION}
        | {S.OVERDUE, S.FOLLOW_UP_SENT, S.ESCALATED, S.CLOSED},
        # "I did it" on a web form makes the request sent; its deadline runs from then.
        S.NEEDS_WEB_FORM: _CORRECTABLE - {S.NEEDS_WEB_FORM}
        | {S.SENT, S.OVERDUE, S.FOLLOW_UP_SENT, S.ESCALATED, S.CLOSED},
        # Mail after a confirmed deletion (reappearance) calls for a follow-up.
        S.COMPLETED: _CORRECTABLE - {S.COMPLETED} | {S.FOLLOW_UP_SENT, S.CLOSED},
        S.NO_DATA: _CORRECTABLE - {S.NO_DATA} | {S.FOLLOW_UP_SENT, S.ESCALATED, S.CLOSED},
        S.REFUSED: _CORRECTABLE - {S.REFUSED} | {S.FOLLOW_UP_SENT, S.ESCALATED, S.CLOSED},
        S.OVERDUE: _CORRECTABLE | {S.FOLLOW_UP_SENT, S.ESCALATED, S.CLOSED},
        S.FOLLOW_UP_SENT: _CORRECTABLE | {S.BOUNCED, S.OVERDUE, S.ESCALATED, S.CLOSED},
        S.ESCALATED: _CORRECTABLE | {S.CLOSED},
        S.CLOSED: frozenset(),
    }
)

_OPEN: Final = frozenset(
    {S.SENDING, S.SENT, S.ACKNOWLEDGED, S.NEEDS_VERIFICATION, S.NEEDS_WEB_FORM, S.OVERDUE}
    | {S.FOLLOW_UP_SENT, S.ESCALATED}
)

# DRP names where they fit (consumer-reports-innovation-lab/data-rights-protocol, RequestStatus and
# RequestReason); e-mail-only states keep their own word. "need_web_form" is our reason, not DRP's.
_DRP: Final = MappingProxyType(
    {
        S.DRAFT: ("draft", None),
        S.SKIPPED: ("skipped", None),
        S.SENDING: ("sending", None),
        S.FAILED: ("failed", None),
        S.SENT: ("open", None),
        S.ACKNOWLEDGED: ("in_progress", None),
        S.NEEDS_VERIFICATION: ("in_progress", "need_user_verification"),
        S.NEEDS_WEB_FORM: ("in_progress", "need_web_form"),
        S.COMPLETED: ("fulfilled", None),
        S.NO_DATA: ("denied", "no_match"),
        S.REFUSED: ("denied", "other"),
        S.BOUNCED: ("bounced", None),
        S.OVERDUE: ("expired", None),
        S.FOLLOW_UP_SENT: ("in_progress", None),
        S.ESCALATED: ("escalated", None),
        S.CLOSED: ("closed", None),
    }
)


def can_transition(current: RequestStatus, target: RequestStatus) -> bool:
    return target in TRANSITIONS[current]


def transition(current: RequestStatus, target: RequestStatus) -> RequestStatus:
    """Return `target` if the table allows the move; raise IllegalTransition otherwise."""
    if not can_transition(current, target):
        raise IllegalTransition(current, target)
    return target


def is_terminal(status: RequestStatus) -> bool:
    return not TRANSITIONS[status]


def is_open(status: RequestStatus) -> bool:
    """The request is on its way or waiting on the broker or the user; it is neither draft nor settled."""
    return status in _OPEN


def drp_status(status: RequestStatus) -> tuple[str, str | None]:
    """The Data Rights Protocol status and reason for this state."""
    return _DRP[status]
