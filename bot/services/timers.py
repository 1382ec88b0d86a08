"""What becomes due once a request is sent: deadline notices, the CCPA receipt check, reply checks.

Every timer is a row in the durable job queue with a dedupe key, so scheduling twice (a retry, two
processes) arms one job, and a restart loses nothing. `within(uow.jobs)` arms them inside a unit of
work, so a request's move into a state with a deadline and its reminders commit together.
"""

from __future__ import annotations

import zlib
from datetime import datetime, timedelta

from brokers.accounts import Account, AccountId
from brokers.deadlines import receipt_due_for
from brokers.job_payloads import GmailWatch, JobPayload, NoticeDue, ReplyCheck, ResumeSends, encode
from brokers.jobs import JobScheduler
from brokers.laws import law_by_code
from brokers.notices import DROP_UPDATE_DAYS, ESCALATE_AFTER_DAYS, NEAR_DEADLINE_DAYS, DueNotice
from brokers.ports import Clock
from brokers.profile import TelegramId
from brokers.requests import DeletionRequest, RequestId

# The default of REPLY_POLL_SECONDS: a broker's answer reaches the person within minutes.
REPLY_CHECK_EVERY = timedelta(seconds=120)
# An account whose requests are all settled is only read for mail after a confirmed deletion.
SETTLED_CHECK_EVERY = timedelta(days=1)


def reply_check_key(account_id: int) -> str:
    """The dedupe key of an account's one recurring reply check."""
    return f"replies:{account_id}"


def watch_key(account_id: int) -> str:
    """The dedupe key of an account's Gmail push watch (GMAIL_PUBSUB_TOPIC)."""
    return f"watch:{account_id}"


class RequestTimers:
    def __init__(
        self,
        queue: JobScheduler,
        clock: Clock,
        *,
        reply_poll: timedelta = REPLY_CHECK_EVERY,
        push: bool = False,
    ) -> None:
        self._queue = queue
        self._clock = clock
        self._reply_poll = reply_poll
        self._push = push

    def within(self, jobs: JobScheduler) -> RequestTimers:
        """The same timers, armed in the transaction `jobs` belongs to."""
        return RequestTimers(jobs, self._clock, reply_poll=self._reply_poll, push=self._push)

    async def notice(
        self,
        kind: DueNotice,
        telegram_id: TelegramId,
        at: datetime,
        *,
        request_id: RequestId | None = None,
        key: str,
    ) -> None:
        await self._schedule(
            NoticeDue(kind), at, user_id=telegram_id, request_id=request_id, dedupe_key=f"{kind.value}:{key}"
        )

    async def hold_notice(
        self, telegram_id: TelegramId, request_id: RequestId, kind: DueNotice, at: datetime
    ) -> None:
        """Arm a notice for a digest; one per request and kind while it waits."""
        await self.notice(kind, telegram_id, at, request_id=request_id, key=str(request_id))

    async def on_sent(self, request: DeletionRequest) -> None:
        """Arm the deadline reminders and the reply checks of a request that just went out."""
        if request.sent_at is None or request.deadline_at is None:
            return
        rid, owner = request.id, request.telegram_id
        near = request.deadline_at - timedelta(days=NEAR_DEADLINE_DAYS)
        if near > self._clock.now():
            await self.notice(DueNotice.DEADLINE_NEAR, owner, near, request_id=rid, key=str(rid))
        await self.notice(DueNotice.DEADLINE_PASSED, owner, request.deadline_at, request_id=rid, key=str(rid))
        receipt = receipt_due_for(law_by_code(request.law), request.sent_at)
        if receipt is not None:
            await self.notice(DueNotice.RECEIPT_MISSING, owner, receipt, request_id=rid, key=str(rid))
        if request.account_id is not None:
            await self.arm_reply_checks(owner, request.account_id)

    async def on_reply_sent(self, request: DeletionRequest) -> None:
        """A follow-up or counter-letter went out: it gives the broker a grace, then escalation is next."""
        await self.on_overdue(request)
        if request.account_id is not None:
            await self.arm_reply_checks(request.telegram_id, request.account_id)

    async def on_overdue(self, request: DeletionRequest) -> None:
        """After the deadline, the follow-up gets its own grace; then the regulator is the next step."""
        at = self._clock.now() + timedelta(days=ESCALATE_AFTER_DAYS)
        await self.notice(
            DueNotice.ESCALATE, request.telegram_id, at, request_id=request.id, key=str(request.id)
        )

    async def on_connected(self, account: Account, _at: datetime) -> None:
        """A (re)connected account is read again: a dead grant ended its checks; with nothing to
        watch the first check ends them at no Gmail cost."""
        await self.arm_reply_checks(account.telegram_id, account.id)

    async def arm_reply_checks(self, telegram_id: TelegramId, account_id: int) -> None:
        """A recurring check per account, spread over the interval so accounts are not all read at once;
        with Gmail push, the account's watch at once too (a reply minutes after the letter is pushed)."""
        await self._schedule(
            ReplyCheck(AccountId(account_id)),
            self.next_reply_check(account_id),
            user_id=telegram_id,
            dedupe_key=reply_check_key(account_id),
        )
        if self._push:
            await self.arm_watch(telegram_id, AccountId(account_id))

    async def arm_watch(self, telegram_id: TelegramId, account_id: AccountId) -> None:
        """Watch the account's mailbox from now on; nothing changes while its watch job is armed."""
        await self._schedule(
            GmailWatch(account_id), self._clock.now(), user_id=telegram_id, dedupe_key=watch_key(account_id)
        )

    def next_reply_check(self, account_id: int) -> datetime:
        """The first check: at the account's own moment within the interval, so accounts never come due
        together; each later check follows one interval after the last, keeping that moment."""
        return self._clock.now() + self.reply_offset(account_id)

    def reply_offset(self, account_id: int) -> timedelta:
        seconds = max(1, int(self._reply_poll.total_seconds()))
        return timedelta(seconds=zlib.crc32(str(account_id).encode()) % seconds)

    def reply_check_after(self, *, open_requests: bool) -> datetime:
        """When an account is read again: one poll interval on, or a day on when all is settled."""
        return self._clock.now() + (self._reply_poll if open_requests else SETTLED_CHECK_EVERY)

    async def on_drop_recorded(self, telegram_id: TelegramId, submitted: datetime) -> None:
        at = submitted + timedelta(days=DROP_UPDATE_DAYS)
        await self.notice(
            DueNotice.DROP_WINDOW, telegram_id, at, key=f"{telegram_id}:{at.date().isoformat()}"
        )

    async def resume_sends(self, telegram_id: TelegramId, request_ids: list[RequestId], at: datetime) -> None:
        await self._schedule(
            ResumeSends(tuple(request_ids)),
            at,
            user_id=telegram_id,
            dedupe_key=f"resume:{telegram_id}:{at.isoformat()}",
        )

    async def _schedule(
        self,
        payload: JobPayload,
        at: datetime,
        *,
        user_id: TelegramId,
        request_id: RequestId | None = None,
        dedupe_key: str,
    ) -> None:
        kind, data = encode(payload)
        await self._queue.schedule(
            kind, at, user_id=user_id, request_id=request_id, payload=data, dedupe_key=dedupe_key
        )
