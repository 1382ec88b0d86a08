"""Job payloads: each kind survives the trip through a row, rows of the first release still parse, and
anything else is refused with a reason that says what is wrong."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brokers.accounts import AccountId
from brokers.classify import ReplyClass
from brokers.errors import MalformedJobPayload
from brokers.job_payloads import (
    GrantExpiring,
    JobPayload,
    NoticeDue,
    ReplyCheck,
    ReplyNotice,
    ResumeSends,
    ScanRun,
    SendAllStep,
    SentCheck,
    decode,
    encode,
    payload_of,
)
from brokers.jobs import Job
from brokers.letters import LetterKind
from brokers.lifecycle import RequestStatus
from brokers.notices import DueNotice
from brokers.requests import RequestId

DUE = datetime(2026, 11, 2, tzinfo=UTC)
ids = st.integers(min_value=1, max_value=2**63 - 1)
payloads = st.one_of(
    st.builds(NoticeDue, st.sampled_from(DueNotice)),
    st.builds(ReplyCheck, ids.map(AccountId)),
    st.builds(ResumeSends, st.lists(ids.map(RequestId), max_size=50).map(tuple)),
    st.builds(GrantExpiring, ids.map(AccountId)),
    st.builds(ScanRun, ids),
    st.builds(
        ReplyNotice,
        st.from_regex(r"[0-9a-f]{16}", fullmatch=True),
        st.sampled_from(ReplyClass),
        st.sampled_from(RequestStatus),
        st.booleans(),
    ),
    st.builds(
        SendAllStep,
        st.lists(ids.map(RequestId), min_size=1, max_size=20).map(tuple),
        st.just(0),
        st.none() | ids,
        letter=st.sampled_from(LetterKind),
    ),
    st.builds(
        SentCheck,
        st.sampled_from(LetterKind),
        st.from_regex(r"<ddr\.[0-9]{1,9}\.[0-9a-f]{12}@[a-z]{1,12}\.com>", fullmatch=True),
        st.datetimes(timezones=st.just(UTC)),
        st.booleans(),
        st.none() | ids,
    ),
)


@given(payloads)
def test_payload_survives_a_round_trip_through_json(payload: JobPayload) -> None:
    kind, data = encode(payload)
    assert decode(kind, json.loads(json.dumps(data))) == payload


@given(payloads)
def test_payload_is_stored_under_the_kind_of_its_class(payload: JobPayload) -> None:
    assert encode(payload)[0] == type(payload).KIND


@pytest.mark.parametrize(
    ("kind", "row", "payload"),
    [
        ("notice", {"type": "deadline_near"}, NoticeDue(DueNotice.DEADLINE_NEAR)),
        ("notice", {"type": "drop_window"}, NoticeDue(DueNotice.DROP_WINDOW)),
        ("reply_check", {"account": 12}, ReplyCheck(AccountId(12))),
        ("resume_sends", {"requests": [3, 5]}, ResumeSends((RequestId(3), RequestId(5)))),
        ("resume_sends", {"requests": []}, ResumeSends(())),
        (
            "send_all",
            {
                "requests": [3],
                "index": 0,
                "message": None,
                "sent": 0,
                "skipped": 0,
                "unsure": 0,
                "failed": [],
            },
            SendAllStep((RequestId(3),)),
        ),
    ],
)
def test_rows_written_by_the_first_release_still_parse(
    kind: str, row: dict[str, Any], payload: JobPayload
) -> None:
    assert decode(kind, row) == payload


@pytest.mark.parametrize(
    ("kind", "row", "reason"),
    [
        ("notice", None, "'type' is None"),
        ("notice", {"type": "reply"}, "'type' is 'reply', not one of"),
        ("notice", {"type": ["deadline_near"]}, "'type' is ['deadline_near']"),
        ("reply_check", {}, "'account' holds None"),
        ("reply_check", {"account": "12"}, "'account' holds '12'"),
        ("reply_check", {"account": True}, "'account' holds True"),
        ("reply_check", {"account": 0}, "'account' holds 0"),
        ("resume_sends", {"requests": "3,5"}, "'requests' must be a list"),
        ("resume_sends", {"requests": [3, None]}, "'requests' holds None"),
        ("resume_sends", {"requests": [3.5]}, "'requests' holds 3.5"),
        ("scan", {"scan": "7"}, "'scan' holds '7'"),
        (
            "reply_notice",
            {"gmail_id": "<script>", "class": "refused", "status": "refused", "reappeared": False},
            "'gmail_id' is '<script>', not a Gmail message id",
        ),
        (
            "reply_notice",
            {"gmail_id": "18c2f", "class": "refused", "status": "gone", "reappeared": False},
            "'status' is 'gone', not one of",
        ),
        ("scan", {}, "'scan' holds None"),
        (
            "send_all",
            {"requests": [3], "index": 0, "sent": 0, "skipped": 0, "unsure": 0, "failed": [], "kind": "x"},
            "'kind' is 'x', not one of",
        ),
    ],
)
def test_malformed_payload_is_refused_with_what_is_wrong(
    kind: str, row: dict[str, Any] | None, reason: str
) -> None:
    with pytest.raises(MalformedJobPayload, match=f"job of kind '{kind}': ") as raised:
        decode(kind, row)
    assert raised.value.problem.startswith(reason)


def test_payload_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(MalformedJobPayload, match="payload is a list, not a mapping"):
        decode("reply_check", [12])  # type: ignore[arg-type]


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(MalformedJobPayload, match="job of kind 'remind': unknown job kind"):
        decode("remind", {"type": "deadline_near"})


def test_long_bad_value_is_shortened_in_the_reason() -> None:
    with pytest.raises(MalformedJobPayload) as raised:
        decode("reply_check", {"account": "x" * 500})
    assert len(raised.value.problem) < 100


def test_job_handed_to_the_handler_of_another_kind_is_refused() -> None:
    job = Job(1, "reply_check", DUE, payload={"account": 4})
    assert payload_of(job, ReplyCheck) == ReplyCheck(AccountId(4))
    with pytest.raises(MalformedJobPayload, match="handed to the handler of 'notice'"):
        payload_of(job, NoticeDue)


@pytest.mark.parametrize(
    "row",
    [
        {
            "kind": "deletion",
            "message_id": "not an id",
            "since": "2026-11-02T00:00:00+00:00",
            "resend": False,
        },
        {"kind": "deletion", "message_id": "<a@b>", "since": "yesterday", "resend": False},
        {"kind": "deletion", "message_id": "<a@b>", "since": "2026-11-02T00:00:00", "resend": False},
        {"kind": "deletion", "message_id": "<a@b>", "since": "2026-11-02T00:00:00+00:00", "resend": "yes"},
        {"kind": "poem", "message_id": "<a@b>", "since": "2026-11-02T00:00:00+00:00", "resend": False},
    ],
)
def test_malformed_sent_check_is_refused(row: dict[str, Any]) -> None:
    with pytest.raises(MalformedJobPayload):
        decode("sent_check", row)
