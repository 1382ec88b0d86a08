"""Tests for the request state machine: every pair of states against the specification below."""

import itertools

import pytest

from brokers.errors import DomainError, IllegalTransition
from brokers.lifecycle import RequestStatus, drp_status, is_open, is_terminal, transition

OUTCOMES = "acknowledged needs_verification needs_web_form completed no_data refused"

# The specification, written out by hand: from each state, the states it may move to.
ALLOWED = {
    "draft": "sending needs_web_form skipped closed",
    "skipped": "draft",
    "sending": "sent failed",
    "failed": "sending closed",
    "sent": f"{OUTCOMES} bounced overdue closed",
    "bounced": f"{OUTCOMES} sending closed",
    "acknowledged": "needs_verification needs_web_form completed no_data refused"
    " overdue follow_up_sent escalated closed",
    "needs_verification": "acknowledged needs_web_form completed no_data refused"
    " overdue follow_up_sent escalated closed",
    "needs_web_form": "acknowledged needs_verification completed no_data refused"
    " sent overdue follow_up_sent escalated closed",
    "completed": "acknowledged needs_verification needs_web_form no_data refused follow_up_sent closed",
    "no_data": "acknowledged needs_verification needs_web_form completed refused"
    " follow_up_sent escalated closed",
    "refused": "acknowledged needs_verification needs_web_form completed no_data"
    " follow_up_sent escalated closed",
    "overdue": f"{OUTCOMES} follow_up_sent escalated closed",
    "follow_up_sent": f"{OUTCOMES} bounced overdue escalated closed",
    "escalated": f"{OUTCOMES} closed",
    "closed": "",
}
PAIRS = list(itertools.product(RequestStatus, RequestStatus))


def test_specification_covers_every_status() -> None:
    assert set(ALLOWED) == {str(s) for s in RequestStatus}
    assert len(RequestStatus) == 16


@pytest.mark.parametrize(("current", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_transition_follows_the_specification(current: RequestStatus, target: RequestStatus) -> None:
    if str(target) in ALLOWED[str(current)].split():
        assert transition(current, target) is target
    else:
        with pytest.raises(IllegalTransition) as raised:
            transition(current, target)
        assert raised.value.current == current
        assert raised.value.target == target


def test_illegal_transition_is_a_domain_error_naming_both_states() -> None:
    with pytest.raises(DomainError, match="'closed' to 'sent'"):
        transition(RequestStatus.CLOSED, RequestStatus.SENT)


def test_no_state_moves_to_itself() -> None:
    for status in RequestStatus:
        with pytest.raises(IllegalTransition):
            transition(status, status)


def test_only_closed_is_terminal() -> None:
    assert [s for s in RequestStatus if is_terminal(s)] == [RequestStatus.CLOSED]


def test_a_failed_send_can_be_retried() -> None:
    assert transition(RequestStatus.FAILED, RequestStatus.SENDING) is RequestStatus.SENDING
    assert not is_terminal(RequestStatus.FAILED)


def test_every_state_is_reachable_from_draft() -> None:
    seen, frontier = {RequestStatus.DRAFT}, [RequestStatus.DRAFT]
    while frontier:
        current = frontier.pop()
        for target in RequestStatus:
            if target not in seen and str(target) in ALLOWED[str(current)].split():
                seen.add(target)
                frontier.append(target)
    assert seen == set(RequestStatus)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("draft", False),
        ("sending", True),
        ("sent", True),
        ("acknowledged", True),
        ("needs_verification", True),
        ("needs_web_form", True),
        ("overdue", True),
        ("follow_up_sent", True),
        ("escalated", True),
        ("completed", False),
        ("no_data", False),
        ("refused", False),
        ("bounced", False),
        ("failed", False),
        ("skipped", False),
        ("closed", False),
    ],
)
def test_is_open_means_on_its_way_or_awaiting_an_answer(status: str, expected: bool) -> None:
    assert is_open(RequestStatus(status)) is expected


@pytest.mark.parametrize(
    ("status", "drp"),
    [
        ("sent", ("open", None)),
        ("acknowledged", ("in_progress", None)),
        ("needs_verification", ("in_progress", "need_user_verification")),
        ("completed", ("fulfilled", None)),
        ("no_data", ("denied", "no_match")),
        ("refused", ("denied", "other")),
        ("overdue", ("expired", None)),
        ("bounced", ("bounced", None)),
    ],
)
def test_drp_status_uses_the_protocol_vocabulary_where_it_fits(
    status: str, drp: tuple[str, str | None]
) -> None:
    assert drp_status(RequestStatus(status)) == drp


DRP_STATUSES = {"open", "in_progress", "fulfilled", "revoked", "denied", "expired"}
DRP_REASONS = {
    "need_user_verification",
    "suspected_fraud",
    "insuf_verification",
    "no_match",
    "claim_not_covered",
    "too_many_requests",
    "outside_jurisdiction",
    "other",
}


def test_drp_reasons_are_valid_for_their_status_or_our_own_word() -> None:
    for status in RequestStatus:
        name, reason = drp_status(status)
        if name not in DRP_STATUSES:
            assert (name, reason) == (str(status), None)
        elif name == "denied":
            assert reason in DRP_REASONS
        elif name == "in_progress":
            assert reason in {None, "need_user_verification", "need_web_form"}
        else:
            assert reason is None
