"""SendingService: a confirmed request leaves once, within the daily limit; a crash mid-send is settled."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest

from bot.services.outgoing import Result
from bot.services.sending import SendingService, SendOutcome
from brokers.accounts import Account
from brokers.deadlines import deadline_for
from brokers.errors import (
    MailboxAuthError,
    MailboxError,
    MailboxQuotaExceeded,
    MailboxScopeError,
    MailboxUnavailable,
)
from brokers.jobs import Postpone
from brokers.laws import law_by_code
from brokers.letters import LetterKind
from brokers.lifecycle import RequestStatus
from brokers.mailbox import SentRef
from brokers.profile import Profile
from brokers.requests import DeletionRequest, RequestId
from brokers.scopes import READONLY
from tests.bot.services.fake_ports import FakeMailbox
from tests.bot.services.letters import a_mailbox, an_opener, catalog, given_sent, pending_jobs, timers
from tests.clock import FakeClock
from tests.factories import ANN, BOB, a_draft, given_account, given_draft, given_status, given_user
from tests.fakes.memory import MemoryJobQueue, MemoryUnitOfWorkFactory
from tests.fakes.memory.jobs import MemoryJobScheduler

S = RequestStatus
ACXIOM = "consumeradvo@acxiom.com"


@pytest.fixture
def mailbox() -> FakeMailbox:
    return a_mailbox()


@pytest.fixture
def sending(uow: MemoryUnitOfWorkFactory, clock: FakeClock, mailbox: FakeMailbox) -> SendingService:
    return SendingService(uow, clock, catalog, an_opener(mailbox), timers(uow, clock), daily_limit=2)


REFUSED = MailboxError("messages.send: refused with HTTP 400 (invalidArgument)")


async def run_checks(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock, sending: SendingService, *, seconds: float = 120
) -> list[SendOutcome]:
    """Let `seconds` pass a second at a time, running every sent check that comes due; their outcomes.
    Other jobs a sent letter arms (its reply checks) are left where they are."""
    queue, outcomes = MemoryJobQueue(uow.database, clock), []
    for _ in range(int(seconds)):
        clock.advance(seconds=1)
        for job in await queue.claim_due("w", limit=10, lease_seconds=60):
            if job.kind != "sent_check":
                await queue.postpone(job.id, "w", clock.now() + timedelta(days=365))
                continue
            outcome = await sending.check_sent(job)
            if isinstance(outcome, Postpone):
                await queue.postpone(job.id, "w", outcome.until)
                continue
            await queue.complete(job.id, "w")
            if outcome is not None:
                outcomes.append(outcome)
    return outcomes


@pytest.fixture
async def account(uow: MemoryUnitOfWorkFactory) -> Account:
    await given_user(uow)
    await given_user(uow, BOB)
    return await given_account(uow)


@pytest.fixture
async def draft(uow: MemoryUnitOfWorkFactory, account: Account) -> DeletionRequest:
    return await given_draft(uow, a_draft(account=account))


async def stored(uow: MemoryUnitOfWorkFactory, request_id: RequestId) -> DeletionRequest:
    async with uow() as unit:
        request = await unit.requests.get(request_id)
    assert request is not None
    return request


async def moves(uow: MemoryUnitOfWorkFactory, request_id: RequestId) -> list[tuple[S | None, S, str]]:
    async with uow() as unit:
        return [(e.from_status, e.to_status, e.reason) for e in await unit.requests.history(request_id)]


async def test_send_mails_the_letter_and_records_it_as_sent(
    sending: SendingService, mailbox: FakeMailbox, draft: DeletionRequest, clock: FakeClock
) -> None:
    outcome = await sending.send(ANN, draft.id)
    (mail,) = mailbox.sent
    now = clock.now()
    assert outcome == SendOutcome(
        Result.SENT,
        replace(
            draft,
            status=S.SENT,
            recipient=ACXIOM,
            message_id_header=mail.header("Message-ID"),
            gmail_message_id="sent-1",
            gmail_thread_id="thread-1",
            sent_at=now,
            deadline_at=deadline_for(law_by_code("gdpr"), now),
            attempts=1,
        ),
    )
    assert (mail.header("To"), mail.header("From"), mail.thread_id) == (
        ACXIOM,
        "Ann Example <ann@gmail.com>",
        None,
    )


async def test_send_claims_the_request_before_gmail_and_records_sent_after(
    sending: SendingService, uow: MemoryUnitOfWorkFactory, draft: DeletionRequest
) -> None:
    await sending.send(ANN, draft.id)
    assert await moves(uow, draft.id) == [
        (None, S.DRAFT, "created"),
        (S.DRAFT, S.SENDING, "confirmed by the person"),
        (S.SENDING, S.SENT, "Gmail accepted it"),
    ]


async def test_send_arms_the_deadline_reminders_with_the_sent_state(
    sending: SendingService, draft: DeletionRequest, uow: MemoryUnitOfWorkFactory
) -> None:
    outcome = await sending.send(ANN, draft.id)
    assert outcome.request is not None
    armed = {(kind, due, key) for kind, due, _, _, key, _ in pending_jobs(uow)}
    assert ("notice", outcome.request.deadline_at, f"deadline_passed:{draft.id}") in armed
    assert not [job for job in pending_jobs(uow) if job[0] == "sent_check"]


async def test_send_is_audited_without_the_letter(
    sending: SendingService, uow: MemoryUnitOfWorkFactory, draft: DeletionRequest
) -> None:
    await sending.send(ANN, draft.id)
    async with uow() as unit:
        audit = await unit.audit.recent()
    assert [(e["action"], e["detail"]) for e in audit] == [
        ("send", {"request": draft.id, "broker": "acxiom"})
    ]


async def test_repeated_send_sends_nothing_more(
    sending: SendingService, mailbox: FakeMailbox, draft: DeletionRequest, uow: MemoryUnitOfWorkFactory
) -> None:
    await sending.send(ANN, draft.id)
    again = await sending.send(ANN, draft.id)
    assert again == SendOutcome(Result.ALREADY, await stored(uow, draft.id))
    assert len(mailbox.sent) == 1


async def test_concurrent_second_send_sends_nothing(
    sending: SendingService, mailbox: FakeMailbox, draft: DeletionRequest
) -> None:
    mailbox.hold = asyncio.Event()
    first = asyncio.create_task(sending.send(ANN, draft.id))
    await mailbox.in_flight.wait()
    second = await sending.send(ANN, draft.id)
    mailbox.hold.set()
    assert ((await first).result, second.result) == (Result.SENT, Result.ALREADY)
    assert second.request is not None
    assert second.request.status is S.SENDING
    assert len(mailbox.sent) == 1


async def test_send_over_the_daily_limit_sends_nothing_and_waits_a_day(
    sending: SendingService,
    mailbox: FakeMailbox,
    uow: MemoryUnitOfWorkFactory,
    account: Account,
    clock: FakeClock,
) -> None:
    ids = [
        (await given_draft(uow, a_draft(b, account=account))).id for b in ("acxiom", "corelogic", "192-com")
    ]
    for request_id in ids[:2]:
        await sending.send(ANN, request_id)
    third = await sending.send(ANN, ids[2])
    assert third == SendOutcome(
        Result.QUOTA, await stored(uow, ids[2]), retry_at=clock.now() + timedelta(hours=24)
    )
    assert (await stored(uow, ids[2])).status is S.DRAFT
    assert len(mailbox.sent) == 2


async def test_daily_limit_counts_only_the_last_24_hours(
    sending: SendingService, uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock
) -> None:
    ids = [
        (await given_draft(uow, a_draft(b, account=account))).id for b in ("acxiom", "corelogic", "192-com")
    ]
    for request_id in ids[:2]:
        await sending.send(ANN, request_id)
    clock.advance(hours=24, seconds=1)
    assert (await sending.send(ANN, ids[2])).result is Result.SENT


async def test_refused_send_marks_the_request_failed_with_the_error(
    sending: SendingService, mailbox: FakeMailbox, draft: DeletionRequest, uow: MemoryUnitOfWorkFactory
) -> None:
    mailbox.error = REFUSED
    outcome = await sending.send(ANN, draft.id)
    request = await stored(uow, draft.id)
    assert outcome.result is Result.FAILED
    assert (request.status, request.last_error, request.attempts) == (S.FAILED, "MailboxError", 1)


async def test_refused_request_is_sent_on_the_next_try_with_the_same_message_id(
    sending: SendingService, mailbox: FakeMailbox, draft: DeletionRequest, uow: MemoryUnitOfWorkFactory
) -> None:
    mailbox.error = REFUSED
    await sending.send(ANN, draft.id)
    first_id = (await stored(uow, draft.id)).message_id_header
    mailbox.error = None
    outcome = await sending.send(ANN, draft.id)
    assert outcome.request is not None
    assert (outcome.result, outcome.request.attempts, outcome.request.last_error) == (Result.SENT, 2, None)
    assert [m.header("Message-ID") for m in mailbox.sent] == [first_id]


async def test_send_gmail_accepted_before_failing_is_not_sent_again(
    sending: SendingService, mailbox: FakeMailbox, draft: DeletionRequest
) -> None:
    mailbox.accept_then_fail = MailboxUnavailable("messages.send", "HTTP 503")
    await sending.send(ANN, draft.id)
    mailbox.accept_then_fail = None
    await sending.send(ANN, draft.id)
    assert len(mailbox.sent) == 1


async def test_lost_answer_is_unsure_never_failed(
    sending: SendingService, mailbox: FakeMailbox, draft: DeletionRequest, uow: MemoryUnitOfWorkFactory
) -> None:
    mailbox.accept_then_fail = MailboxUnavailable("messages.send", "HTTP 500")
    outcome = await sending.send(ANN, draft.id)
    assert outcome.result is Result.UNSURE
    assert (await stored(uow, draft.id)).status is S.SENDING
    assert await sending.send(ANN, draft.id) == SendOutcome(Result.ALREADY, await stored(uow, draft.id))


async def test_unsure_letter_found_in_sent_despite_the_index_lag_is_recorded_sent(
    sending: SendingService,
    mailbox: FakeMailbox,
    draft: DeletionRequest,
    uow: MemoryUnitOfWorkFactory,
    clock: FakeClock,
) -> None:
    mailbox.accept_then_fail = MailboxUnavailable("messages.send", "timed out")
    mailbox.index_lag = 3  # the first three searches miss it
    await sending.send(ANN, draft.id)
    (outcome,) = await run_checks(uow, clock, sending)
    assert outcome.result is Result.SENT
    assert (await stored(uow, draft.id)).status is S.SENT
    assert len(mailbox.sent) == 1
    assert f"deadline_passed:{draft.id}" in {key for *_, key, _ in pending_jobs(uow)}


async def test_unsure_letter_not_in_sent_in_time_is_failed_with_retry(
    sending: SendingService,
    mailbox: FakeMailbox,
    draft: DeletionRequest,
    uow: MemoryUnitOfWorkFactory,
    clock: FakeClock,
) -> None:
    mailbox.error = MailboxUnavailable("messages.send", "HTTP 500")  # before Gmail filed anything
    await sending.send(ANN, draft.id)
    mailbox.error = None
    (outcome,) = await run_checks(uow, clock, sending)
    request = await stored(uow, draft.id)
    assert outcome == SendOutcome(Result.FAILED, request)
    assert (request.status, request.last_error) == (S.FAILED, "not in Sent")
    assert mailbox.sent == []


async def test_retry_after_an_unsure_letter_sends_it_once_with_the_same_message_id(
    sending: SendingService,
    mailbox: FakeMailbox,
    draft: DeletionRequest,
    uow: MemoryUnitOfWorkFactory,
    clock: FakeClock,
) -> None:
    mailbox.error = MailboxUnavailable("messages.send", "HTTP 503")
    await sending.send(ANN, draft.id)
    claimed = (await stored(uow, draft.id)).message_id_header
    mailbox.error = None
    await run_checks(uow, clock, sending)
    assert (await sending.send(ANN, draft.id)).result is Result.SENT
    assert [m.header("Message-ID") for m in mailbox.sent] == [claimed]


async def test_retry_finds_a_letter_the_index_showed_late_and_sends_nothing(
    sending: SendingService,
    mailbox: FakeMailbox,
    draft: DeletionRequest,
    uow: MemoryUnitOfWorkFactory,
    clock: FakeClock,
) -> None:
    mailbox.accept_then_fail = MailboxUnavailable("messages.send", "HTTP 500")
    mailbox.index_lag = 1000  # the index shows it only after the checks gave up
    await sending.send(ANN, draft.id)
    mailbox.accept_then_fail = None
    await run_checks(uow, clock, sending)
    mailbox.index_lag = 0
    assert (await sending.send(ANN, draft.id)).result is Result.SENT
    assert len(mailbox.sent) == 1


async def test_unsure_letter_stays_unsure_while_gmail_cannot_be_searched(
    sending: SendingService,
    mailbox: FakeMailbox,
    draft: DeletionRequest,
    uow: MemoryUnitOfWorkFactory,
    clock: FakeClock,
) -> None:
    mailbox.error = MailboxUnavailable("messages.send", "HTTP 503")
    await sending.send(ANN, draft.id)
    assert await run_checks(uow, clock, sending, seconds=600) == []
    assert (await stored(uow, draft.id)).status is S.SENDING
    assert mailbox.sent == []


async def test_unsure_letter_of_a_grant_that_cannot_search_is_unverified(
    sending: SendingService,
    mailbox: FakeMailbox,
    draft: DeletionRequest,
    uow: MemoryUnitOfWorkFactory,
    clock: FakeClock,
) -> None:
    mailbox.accept_then_fail = MailboxUnavailable("messages.send", "HTTP 500")
    await sending.send(ANN, draft.id)
    mailbox.error = MailboxScopeError("messages.list")
    (outcome,) = await run_checks(uow, clock, sending)
    assert outcome.result is Result.UNVERIFIED
    assert (await stored(uow, draft.id)).last_error == "unverified"


async def test_revoked_grant_asks_the_person_to_reconnect(
    sending: SendingService, mailbox: FakeMailbox, draft: DeletionRequest, uow: MemoryUnitOfWorkFactory
) -> None:
    mailbox.error = MailboxAuthError("messages.send")
    outcome = await sending.send(ANN, draft.id)
    request = await stored(uow, draft.id)
    assert outcome.result is Result.RECONNECT
    assert (request.status, request.last_error) == (S.FAILED, "reconnect")


async def test_gmail_rate_limit_names_when_to_try_again(
    sending: SendingService, mailbox: FakeMailbox, draft: DeletionRequest, clock: FakeClock
) -> None:
    retry_at = clock.now() + timedelta(minutes=5)
    mailbox.error = MailboxQuotaExceeded("messages.send", retry_at)
    outcome = await sending.send(ANN, draft.id)
    assert (outcome.result, outcome.retry_at) == (Result.QUOTA, retry_at)


async def test_another_persons_request_is_not_found_and_not_named(
    sending: SendingService, mailbox: FakeMailbox, draft: DeletionRequest, uow: MemoryUnitOfWorkFactory
) -> None:
    assert await sending.send(BOB, draft.id) == SendOutcome(Result.NOT_FOUND)
    assert (await stored(uow, draft.id)).status is S.DRAFT
    assert mailbox.sent == []


async def test_unknown_request_is_not_found(sending: SendingService, account: Account) -> None:
    assert await sending.send(ANN, RequestId(404)) == SendOutcome(Result.NOT_FOUND)


async def test_person_without_a_name_is_asked_for_it_first(
    sending: SendingService, mailbox: FakeMailbox, draft: DeletionRequest, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_user(uow, profile=Profile())
    assert await sending.send(ANN, draft.id) == SendOutcome(Result.NO_NAME, draft)
    assert mailbox.sent == []


async def test_mailbox_without_the_send_scope_sends_nothing(
    sending: SendingService, mailbox: FakeMailbox, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_user(uow)
    account = await given_account(uow, scopes=frozenset({READONLY}))
    draft = await given_draft(uow, a_draft(account=account))
    assert await sending.send(ANN, draft.id) == SendOutcome(Result.NO_SEND_SCOPE, draft)
    assert mailbox.sent == []


async def given_interrupted(uow: MemoryUnitOfWorkFactory, draft: DeletionRequest) -> DeletionRequest:
    """A request claimed for sending whose process died before it recorded the outcome."""
    return await given_status(
        uow, draft, S.SENDING, message_id_header="<ddr.1.abc@gmail.com>", recipient=ACXIOM
    )


async def test_reconcile_records_a_mail_found_in_sent_without_sending_again(
    sending: SendingService,
    mailbox: FakeMailbox,
    draft: DeletionRequest,
    uow: MemoryUnitOfWorkFactory,
    clock: FakeClock,
) -> None:
    await given_interrupted(uow, draft)
    mailbox.sent_folder["<ddr.1.abc@gmail.com>"] = SentRef("gmail-9", "thread-9")
    assert await sending.reconcile() == 1
    await run_checks(uow, clock, sending, seconds=1)
    request = await stored(uow, draft.id)
    assert (request.status, request.gmail_message_id, request.gmail_thread_id) == (
        S.SENT,
        "gmail-9",
        "thread-9",
    )
    assert mailbox.sent == []


async def test_reconcile_sends_once_what_gmail_never_got(
    sending: SendingService,
    mailbox: FakeMailbox,
    draft: DeletionRequest,
    uow: MemoryUnitOfWorkFactory,
    clock: FakeClock,
) -> None:
    await given_interrupted(uow, draft)
    await sending.reconcile()
    await run_checks(uow, clock, sending)
    assert [m.header("Message-ID") for m in mailbox.sent] == ["<ddr.1.abc@gmail.com>"]
    assert [(before, after) for before, after, _ in await moves(uow, draft.id)][-3:] == [
        (S.SENDING, S.FAILED), (S.FAILED, S.SENDING), (S.SENDING, S.SENT),
    ]  # fmt: skip


async def test_reconcile_fails_a_request_without_its_message_id(
    sending: SendingService, mailbox: FakeMailbox, draft: DeletionRequest, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_status(uow, draft, S.SENDING)
    await sending.reconcile()
    request = await stored(uow, draft.id)
    assert (request.status, request.last_error) == (S.FAILED, "interrupted")
    assert mailbox.sent == []


async def test_reconcile_waits_while_gmail_is_unavailable(
    sending: SendingService,
    mailbox: FakeMailbox,
    draft: DeletionRequest,
    uow: MemoryUnitOfWorkFactory,
    clock: FakeClock,
) -> None:
    await given_interrupted(uow, draft)
    mailbox.error = MailboxUnavailable("messages.list", "503")
    await sending.reconcile()
    await run_checks(uow, clock, sending)
    assert (await stored(uow, draft.id)).status is S.SENDING


async def overdue(uow: MemoryUnitOfWorkFactory, draft: DeletionRequest, clock: FakeClock) -> DeletionRequest:
    sent = await given_sent(uow, draft, at=clock.now())
    clock.advance(days=31)
    return await given_status(uow, sent, S.OVERDUE)


async def test_follow_up_goes_in_the_requests_thread_as_a_reply(
    sending: SendingService,
    mailbox: FakeMailbox,
    draft: DeletionRequest,
    uow: MemoryUnitOfWorkFactory,
    clock: FakeClock,
) -> None:
    request = await overdue(uow, draft, clock)
    outcome = await sending.send_letter(ANN, request.id, LetterKind.FOLLOW_UP)
    (mail,) = mailbox.sent
    assert outcome == SendOutcome(Result.SENT, await stored(uow, request.id))
    assert (mail.thread_id, mail.header("To"), mail.header("In-Reply-To"), mail.header("References")) == (
        "thread-1",
        "privacy@acxiom.example",
        "<ddr.1@gmail.com>",
        "<ddr.1@gmail.com>",
    )
    assert str(mail.header("Subject")).startswith("Re: ")


async def test_follow_up_moves_the_request_and_notes_the_gmail_id(
    sending: SendingService, draft: DeletionRequest, uow: MemoryUnitOfWorkFactory, clock: FakeClock
) -> None:
    request = await overdue(uow, draft, clock)
    await sending.send_letter(ANN, request.id, LetterKind.FOLLOW_UP)
    async with uow() as unit:
        last = (await unit.requests.history(request.id))[-2:]
    assert (await stored(uow, request.id)).status is S.FOLLOW_UP_SENT
    assert [(e.to_status, e.reason, set(e.evidence or {})) for e in last] == [
        (S.FOLLOW_UP_SENT, "follow_up letter", {"message_id", "letter", "back_to"}),
        (S.FOLLOW_UP_SENT, "follow_up letter sent", {"gmail_id", "message_id"}),
    ]


async def test_second_follow_up_tap_sends_nothing(
    sending: SendingService,
    mailbox: FakeMailbox,
    draft: DeletionRequest,
    uow: MemoryUnitOfWorkFactory,
    clock: FakeClock,
) -> None:
    request = await overdue(uow, draft, clock)
    await sending.send_letter(ANN, request.id, LetterKind.FOLLOW_UP)
    again = await sending.send_letter(ANN, request.id, LetterKind.FOLLOW_UP)
    assert again.result is Result.ALREADY
    assert len(mailbox.sent) == 1


async def test_failed_follow_up_returns_the_request_to_where_it_was(
    sending: SendingService,
    mailbox: FakeMailbox,
    draft: DeletionRequest,
    uow: MemoryUnitOfWorkFactory,
    clock: FakeClock,
) -> None:
    request = await overdue(uow, draft, clock)
    mailbox.error = REFUSED
    outcome = await sending.send_letter(ANN, request.id, LetterKind.FOLLOW_UP)
    after = await stored(uow, request.id)
    assert outcome == SendOutcome(Result.FAILED, after)
    assert (after.status, after.last_error) == (S.OVERDUE, "MailboxError")


async def test_follow_up_gmail_accepted_before_failing_is_not_sent_again(
    sending: SendingService,
    mailbox: FakeMailbox,
    draft: DeletionRequest,
    uow: MemoryUnitOfWorkFactory,
    clock: FakeClock,
) -> None:
    request = await overdue(uow, draft, clock)
    mailbox.accept_then_fail = MailboxUnavailable("messages.send", "HTTP 503")
    await sending.send_letter(ANN, request.id, LetterKind.FOLLOW_UP)
    mailbox.accept_then_fail = None
    await sending.send_letter(ANN, request.id, LetterKind.FOLLOW_UP)
    assert len(mailbox.sent) == 1


async def test_follow_up_with_a_lost_answer_is_found_in_sent_and_arms_escalation(
    sending: SendingService,
    mailbox: FakeMailbox,
    draft: DeletionRequest,
    uow: MemoryUnitOfWorkFactory,
    clock: FakeClock,
) -> None:
    request = await overdue(uow, draft, clock)
    mailbox.accept_then_fail = MailboxUnavailable("messages.send", "timed out")
    assert (await sending.send_letter(ANN, request.id, LetterKind.FOLLOW_UP)).result is Result.UNSURE
    mailbox.accept_then_fail = None
    (outcome,) = await run_checks(uow, clock, sending)
    assert outcome.result is Result.SENT
    assert len(mailbox.sent) == 1
    assert f"escalate:{request.id}" in {key for *_, key, _ in pending_jobs(uow)}


async def test_follow_up_not_in_sent_goes_back_and_a_retry_reuses_its_message_id(
    sending: SendingService,
    mailbox: FakeMailbox,
    draft: DeletionRequest,
    uow: MemoryUnitOfWorkFactory,
    clock: FakeClock,
) -> None:
    request = await overdue(uow, draft, clock)
    mailbox.error = MailboxUnavailable("messages.send", "HTTP 500")
    await sending.send_letter(ANN, request.id, LetterKind.FOLLOW_UP)
    async with uow() as unit:
        claimed = (await unit.requests.history(request.id))[-2].evidence or {}
    mailbox.error = None
    (outcome,) = await run_checks(uow, clock, sending)
    assert (outcome.result, (await stored(uow, request.id)).status) == (Result.FAILED, S.OVERDUE)
    assert (await sending.send_letter(ANN, request.id, LetterKind.FOLLOW_UP)).result is Result.SENT
    assert [m.header("Message-ID") for m in mailbox.sent] == [claimed["message_id"]]


async def test_follow_up_claimed_before_a_crash_is_found_after_the_restart(
    sending: SendingService,
    mailbox: FakeMailbox,
    draft: DeletionRequest,
    uow: MemoryUnitOfWorkFactory,
    clock: FakeClock,
) -> None:
    request = await overdue(uow, draft, clock)
    mailbox.accept_then_fail = RuntimeError("killed after Gmail filed it, before anything was recorded")
    with pytest.raises(RuntimeError):
        await sending.send_letter(ANN, request.id, LetterKind.FOLLOW_UP)
    mailbox.accept_then_fail = None
    await sending.reconcile()
    (outcome,) = await run_checks(uow, clock, sending, seconds=5)
    assert outcome.result is Result.SENT
    assert len(mailbox.sent) == 1


async def test_follow_up_before_the_deadline_passed_is_not_sent(
    sending: SendingService,
    mailbox: FakeMailbox,
    draft: DeletionRequest,
    uow: MemoryUnitOfWorkFactory,
    clock: FakeClock,
) -> None:
    request = await given_sent(uow, draft, at=clock.now())
    assert await sending.send_letter(ANN, request.id, LetterKind.FOLLOW_UP) == SendOutcome(
        Result.ALREADY, request
    )
    assert mailbox.sent == []


async def test_follow_up_on_another_persons_request_is_not_found(
    sending: SendingService,
    mailbox: FakeMailbox,
    draft: DeletionRequest,
    uow: MemoryUnitOfWorkFactory,
    clock: FakeClock,
) -> None:
    request = await overdue(uow, draft, clock)
    assert await sending.send_letter(BOB, request.id, LetterKind.FOLLOW_UP) == SendOutcome(Result.NOT_FOUND)
    assert mailbox.sent == []


@pytest.mark.parametrize("dies_at", [1, 2, 3])
async def test_send_killed_between_sent_and_its_reminders_is_settled_with_both_later(
    sending: SendingService,
    mailbox: FakeMailbox,
    draft: DeletionRequest,
    uow: MemoryUnitOfWorkFactory,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    dies_at: int,
) -> None:
    real_schedule, calls = MemoryJobScheduler.schedule, []

    async def dying_schedule(self: MemoryJobScheduler, *args: object, **kwargs: object) -> int:
        calls.append(args)
        if len(calls) == 1 + dies_at:  # the claim arms the sent check first
            raise RuntimeError("the process died here")
        return await real_schedule(self, *args, **kwargs)

    monkeypatch.setattr(MemoryJobScheduler, "schedule", dying_schedule)
    with pytest.raises(RuntimeError):
        await sending.send(ANN, draft.id)
    monkeypatch.setattr(MemoryJobScheduler, "schedule", real_schedule)
    keys = {key for *_, key, _ in pending_jobs(uow)}
    assert ((await stored(uow, draft.id)).status, f"deadline_passed:{draft.id}" in keys) == (S.SENDING, False)
    await sending.reconcile()
    await run_checks(uow, clock, sending, seconds=5)
    keys = {key for *_, key, _ in pending_jobs(uow)}
    assert ((await stored(uow, draft.id)).status, f"deadline_passed:{draft.id}" in keys) == (S.SENT, True)
    assert len(mailbox.sent) == 1
