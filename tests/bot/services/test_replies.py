"""ReplyChecker: new mail in a thread or from the broker's domains is classified and moves the request."""

from __future__ import annotations

import pytest

from bot.services.replies import ReplyChecker
from bot.services.reply_record import ReplyFinding
from brokers.accounts import Account, AccountState
from brokers.classify import ReplyClass
from brokers.lifecycle import RequestStatus
from brokers.requests import DeletionRequest, RequestId
from tests.bot.services.fake_ports import FakeMailbox, FakeMailboxOpener
from tests.bot.services.letters import ADDRESS, a_mailbox, catalog, deliver, given_sent
from tests.clock import FakeClock
from tests.factories import PRIVATE_SCOPES, a_draft, given_account, given_draft, given_status, given_user
from tests.fakes.memory import MemoryUnitOfWorkFactory

S = RequestStatus
RECEIVED = "We have received your request and will respond within 30 days."
DELETED = "We have deleted your personal data from our systems."
AWAY = "I am out of the office until Monday."


@pytest.fixture
def mailbox() -> FakeMailbox:
    return a_mailbox()


@pytest.fixture
def opener(mailbox: FakeMailbox) -> FakeMailboxOpener:
    return FakeMailboxOpener(mailbox)


@pytest.fixture
def replies(uow: MemoryUnitOfWorkFactory, opener: FakeMailboxOpener, clock: FakeClock) -> ReplyChecker:
    return ReplyChecker(uow, catalog, opener, clock)


@pytest.fixture
async def account(uow: MemoryUnitOfWorkFactory) -> Account:
    await given_user(uow)
    return await given_account(uow)


@pytest.fixture
async def request_sent(
    uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock, mailbox: FakeMailbox
) -> DeletionRequest:
    """Ann's request to Acxiom, sent an hour ago; its own mail is the first in its thread."""
    request = await given_sent(uow, await given_draft(uow, a_draft(account=account)), at=clock.now())
    deliver(mailbox, "sent-1", "my letter", thread_id="thread-1", sender=ADDRESS, at=clock.now())
    clock.advance(hours=1)
    return request


async def stored(uow: MemoryUnitOfWorkFactory, request_id: RequestId) -> DeletionRequest:
    async with uow() as unit:
        request = await unit.requests.get(request_id)
    assert request is not None
    return request


async def reply_events(
    uow: MemoryUnitOfWorkFactory, request_id: RequestId
) -> list[tuple[S | None, S, str, object]]:
    async with uow() as unit:
        history = await unit.requests.history(request_id)
    return [
        (e.from_status, e.to_status, e.reason, e.evidence) for e in history if e.reason.startswith("reply:")
    ]


async def test_reply_in_the_thread_moves_the_request_and_is_reported(
    replies: ReplyChecker,
    uow: MemoryUnitOfWorkFactory,
    mailbox: FakeMailbox,
    account: Account,
    request_sent: DeletionRequest,
    clock: FakeClock,
) -> None:
    deliver(mailbox, "m-2", RECEIVED, thread_id="thread-1", at=clock.now())
    findings = await replies.check(account.id)
    updated = await stored(uow, request_sent.id)
    assert findings == [
        ReplyFinding(
            updated, ReplyClass.ACKNOWLEDGED, RECEIVED, changed=True, reappeared=False, gmail_id="m-2"
        )
    ]
    assert updated.status is S.ACKNOWLEDGED


async def test_reply_is_stored_as_its_class_and_message_id_without_its_words(
    replies: ReplyChecker,
    uow: MemoryUnitOfWorkFactory,
    mailbox: FakeMailbox,
    account: Account,
    request_sent: DeletionRequest,
    clock: FakeClock,
) -> None:
    deliver(mailbox, "m-2", RECEIVED, thread_id="thread-1", at=clock.now())
    await replies.check(account.id)
    assert await reply_events(uow, request_sent.id) == [
        (S.SENT, S.ACKNOWLEDGED, "reply: acknowledged", {"gmail_id": "m-2", "class": "acknowledged"})
    ]


async def test_the_persons_own_mail_in_the_thread_is_no_reply(
    replies: ReplyChecker,
    mailbox: FakeMailbox,
    account: Account,
    request_sent: DeletionRequest,
    clock: FakeClock,
) -> None:
    deliver(mailbox, "m-2", RECEIVED, thread_id="thread-1", sender=f"Ann <{ADDRESS}>", at=clock.now())
    assert await replies.check(account.id) == []


async def test_mail_from_the_brokers_domain_outside_the_thread_is_read(
    replies: ReplyChecker,
    uow: MemoryUnitOfWorkFactory,
    mailbox: FakeMailbox,
    account: Account,
    request_sent: DeletionRequest,
    clock: FakeClock,
) -> None:
    deliver(mailbox, "m-7", DELETED, thread_id="thread-elsewhere", at=clock.now())
    mailbox.search_hits = ["m-7"]
    (finding,) = await replies.check(account.id)
    assert (finding.cls, finding.request.status) == (ReplyClass.COMPLETED, S.COMPLETED)
    assert request_sent.sent_at is not None
    assert mailbox.queries == [f"from:(acxiom.com) after:{int(request_sent.sent_at.timestamp())}"]


async def test_mail_read_before_is_not_read_again(
    replies: ReplyChecker,
    uow: MemoryUnitOfWorkFactory,
    mailbox: FakeMailbox,
    account: Account,
    request_sent: DeletionRequest,
    clock: FakeClock,
) -> None:
    deliver(mailbox, "m-2", RECEIVED, thread_id="thread-1", at=clock.now())
    await replies.check(account.id)
    assert await replies.check(account.id) == []
    assert len(await reply_events(uow, request_sent.id)) == 1


async def test_auto_reply_is_noted_and_reported_as_such_but_moves_nothing(
    replies: ReplyChecker,
    uow: MemoryUnitOfWorkFactory,
    mailbox: FakeMailbox,
    account: Account,
    request_sent: DeletionRequest,
    clock: FakeClock,
) -> None:
    deliver(mailbox, "m-2", AWAY, thread_id="thread-1", at=clock.now())
    (finding,) = await replies.check(account.id)
    assert (finding.cls, finding.changed, finding.gmail_id) == (ReplyClass.AUTO_REPLY, False, "m-2")
    assert await reply_events(uow, request_sent.id) == [
        (S.SENT, S.SENT, "reply: auto_reply", {"gmail_id": "m-2", "class": "auto_reply"})
    ]


async def test_mail_after_a_confirmed_deletion_is_reported_as_data_reappearing(
    replies: ReplyChecker,
    uow: MemoryUnitOfWorkFactory,
    mailbox: FakeMailbox,
    account: Account,
    request_sent: DeletionRequest,
    clock: FakeClock,
) -> None:
    completed = await given_status(uow, request_sent, S.COMPLETED)
    deliver(mailbox, "m-9", RECEIVED, thread_id="thread-1", at=clock.now())
    findings = await replies.check(account.id)
    assert findings == [
        ReplyFinding(
            completed, ReplyClass.ACKNOWLEDGED, RECEIVED, changed=False, reappeared=True, gmail_id="m-9"
        )
    ]
    assert (await stored(uow, completed.id)).status is S.COMPLETED


async def test_same_outcome_twice_is_noted_not_moved(
    replies: ReplyChecker,
    uow: MemoryUnitOfWorkFactory,
    mailbox: FakeMailbox,
    account: Account,
    request_sent: DeletionRequest,
    clock: FakeClock,
) -> None:
    acknowledged = await given_status(uow, request_sent, S.ACKNOWLEDGED)
    deliver(mailbox, "m-3", RECEIVED, thread_id="thread-1", at=clock.now())
    findings = await replies.check(account.id)
    assert [(f.cls, f.changed, f.request.status) for f in findings] == [
        (ReplyClass.ACKNOWLEDGED, False, S.ACKNOWLEDGED)
    ]
    assert (await reply_events(uow, acknowledged.id))[-1][:3] == (
        S.ACKNOWLEDGED,
        S.ACKNOWLEDGED,
        "reply: acknowledged",
    )


async def test_headers_only_grant_reads_the_thread_by_snippet_and_searches_nothing(
    uow: MemoryUnitOfWorkFactory, mailbox: FakeMailbox, opener: FakeMailboxOpener, clock: FakeClock
) -> None:
    await given_user(uow)
    account = await given_account(uow, scopes=PRIVATE_SCOPES)
    request = await given_sent(uow, await given_draft(uow, a_draft(account=account)), at=clock.now())
    mailbox.search_hits = ["m-7"]
    deliver(mailbox, "m-2", RECEIVED, thread_id="thread-1", at=clock.now())
    (finding,) = await ReplyChecker(uow, catalog, opener, clock).check(account.id)
    assert (finding.request.id, finding.cls, mailbox.queries) == (request.id, ReplyClass.ACKNOWLEDGED, [])


async def test_account_that_needs_reconnecting_is_not_read(
    replies: ReplyChecker,
    uow: MemoryUnitOfWorkFactory,
    opener: FakeMailboxOpener,
    account: Account,
    request_sent: DeletionRequest,
) -> None:
    async with uow() as unit:
        await unit.accounts.mark(account.id, state=AccountState.NEEDS_RECONNECT, was=AccountState.ACTIVE)
        await unit.commit()
    assert await replies.check(account.id) == []
    assert opener.opened == []


async def test_drafts_are_not_watched(
    replies: ReplyChecker, uow: MemoryUnitOfWorkFactory, mailbox: FakeMailbox, account: Account
) -> None:
    await given_draft(uow, a_draft(account=account))
    mailbox.search_hits = ["m-7"]
    assert await replies.check(account.id) == []
    assert mailbox.queries == []


async def test_bounce_marks_the_request_bounced(
    replies: ReplyChecker,
    uow: MemoryUnitOfWorkFactory,
    mailbox: FakeMailbox,
    account: Account,
    request_sent: DeletionRequest,
    clock: FakeClock,
) -> None:
    bounce = "Your message wasn't delivered. The address couldn't be found."
    deliver(
        mailbox, "m-4", bounce, thread_id="thread-1", sender="mailer-daemon@googlemail.com", at=clock.now()
    )
    (finding,) = await replies.check(account.id)
    assert (finding.cls, finding.changed, finding.request.status) == (ReplyClass.BOUNCED, True, S.BOUNCED)
