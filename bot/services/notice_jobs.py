"""The job handlers of tracking: deadline notices, reply checks and their notices, and sends resumed after
Gmail's limit."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import replace

from bot.reply_meter import ReplyCheckMeter
from bot.services.bulk import BulkSender
from bot.services.pushes import PushDelivery
from bot.services.replies import WATCHED, CheckOutcome, ReplyChecker, reply_notice_key, watch_state_of
from bot.services.reply_record import ReplyFinding
from bot.services.timers import RequestTimers
from brokers.accounts import AccountId
from brokers.catalog import Catalog
from brokers.classify import ReplyClass
from brokers.digest import digest_slot, is_weekly
from brokers.errors import (
    MailboxAuthError,
    MailboxError,
    MalformedJobPayload,
    NoRegulator,
    ReplyCheckDeferred,
)
from brokers.job_payloads import NoticeDue, ReplyCheck, ReplyNotice, ResumeSends, payload_of
from brokers.jobs import Job, JobError, Postpone
from brokers.jurisdictions import OTHER
from brokers.laws import law_by_code
from brokers.lifecycle import RequestStatus, can_transition
from brokers.notices import (
    Acknowledged,
    BounceStep,
    BrokerReplied,
    DataReappeared,
    DeadlineNear,
    DeadlinePassed,
    DropWindowOpen,
    DueNotice,
    Escalate,
    Notice,
    ReceiptMissing,
    SendsResumed,
)
from brokers.ports import AdminAlerts, Clock, UnitOfWorkFactory
from brokers.profile import TelegramId
from brokers.regulators import regulator_for
from brokers.requests import DeletionRequest, RequestId

log = logging.getLogger(__name__)

S = RequestStatus
# A broker that asked for proof of identity or its web form has answered: the next move is the
# person's, so "must answer by" and "did not answer" are not said of it.
WAITING = frozenset({S.SENT, S.ACKNOWLEDGED})
UNRESOLVED = frozenset({S.OVERDUE, S.FOLLOW_UP_SENT, S.REFUSED})
PAST_DUE = WAITING | {S.OVERDUE}
# Notices that say the broker has not answered: replies are read first, so one that came in meanwhile
# is told (and moves the request) instead.
NO_ANSWER_NOTICES = frozenset({DueNotice.DEADLINE_NEAR, DueNotice.DEADLINE_PASSED, DueNotice.RECEIPT_MISSING})


async def watch_state(uow_factory: UnitOfWorkFactory, account_id: AccountId) -> bool | None:
    """True with open requests, False with only settled ones to watch, None with nothing."""
    async with uow_factory() as uow:
        account = await uow.accounts.get(account_id)
        if account is None:
            return None
        requests = await uow.requests.of_account(account, WATCHED)
    return watch_state_of(r.status for r in requests)


OnWatching = Callable[[TelegramId, AccountId], Awaitable[None]]


class NoticeJobs:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        catalog: Callable[[], Catalog],
        pushes: PushDelivery,
        timers: RequestTimers,
        replies: ReplyChecker,
        bulk: BulkSender,
        alerts: AdminAlerts,
        *,
        on_watching: OnWatching | None = None,
        meter: ReplyCheckMeter | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._pushes = pushes
        self._timers = timers
        self._replies = replies
        self._bulk = bulk
        self._alerts = alerts
        self._on_watching = on_watching
        self._meter = meter or ReplyCheckMeter()

    async def notices(self, jobs: Sequence[Job]) -> Mapping[int, Postpone | None]:
        """The notices of one person whose digest time came become one message; the others wait for it.

        Each job waits in its own row until its slot (the day's digest hour, or the weekly one for
        routine updates), so a restart loses none and the sweep that delivers them completes them.
        """
        owner = TelegramId(jobs[0].user_id or 0)
        # Parse every job before acting on any, so a malformed one fails the batch before a push.
        due = [(job, payload_of(job, NoticeDue).notice) for job in jobs]
        user = await self._pushes.user(owner)
        if user is None:
            return {job.id: None for job in jobs}
        now = self._clock.now()
        slots = {job.id: digest_slot(user, job.due_at, weekly=is_weekly(user, kind)) for job, kind in due}
        waiting = {job_id: Postpone(slot) for job_id, slot in slots.items() if slot > now}
        ready = [(job, kind) for job, kind in due if job.id not in waiting]
        if not ready:
            return waiting
        held = await self._pushes.quiet_until(owner)
        if held is not None:
            return {job.id: waiting.get(job.id, held) for job in jobs}
        built = [n for job, kind in ready if (n := await self._notice(job, kind)) is not None]
        delivered = await self._pushes.deliver(owner, built)
        return {job.id: waiting.get(job.id, delivered) for job in jobs}

    async def _notice(self, job: Job, kind: DueNotice) -> Notice | None:
        if kind is DueNotice.DROP_WINDOW:
            return DropWindowOpen()
        request = await self._request(job.request_id)
        if request is not None and kind in NO_ANSWER_NOTICES:
            request = await self._after_replies(request, receipt=kind is DueNotice.RECEIPT_MISSING)
        if request is None:
            return None
        name = self._name(request.broker_id)
        if kind is DueNotice.ACKNOWLEDGED:
            return Acknowledged(request.id, name) if request.status is S.ACKNOWLEDGED else None
        deadline = request.deadline_at
        if kind is DueNotice.DEADLINE_NEAR and request.status in WAITING and deadline is not None:
            if deadline <= self._clock.now():
                return None  # held for a digest past the deadline: the overdue notice says it now
            return DeadlineNear(request.id, name, deadline)
        if kind is DueNotice.DEADLINE_PASSED and request.status in PAST_DUE and deadline is not None:
            await self._mark_overdue(request)
            return DeadlinePassed(request.id, name, deadline)
        if kind is DueNotice.RECEIPT_MISSING and request.status is S.SENT:
            return ReceiptMissing(request.id, name)
        if kind is DueNotice.ESCALATE and request.status in UNRESOLVED:
            return await self._escalation(request, name)
        return None

    async def _mark_overdue(self, request: DeletionRequest) -> None:
        if not can_transition(request.status, S.OVERDUE):
            return  # overdue already, from an earlier run of this notice
        async with self._uow() as uow:
            moved = await uow.requests.move(
                request.id,
                expected=request.status,
                to=S.OVERDUE,
                reason="deadline passed without an answer",
            )
            if moved:
                await self._timers.within(uow.jobs).on_overdue(request)
            await uow.commit()

    async def _escalation(self, request: DeletionRequest, name: str) -> Escalate:
        async with self._uow() as uow:
            user = await uow.users.get(request.telegram_id)
        broker = self._catalog().get(request.broker_id)
        law = law_by_code(request.law)
        try:
            regulator = regulator_for(
                law,
                (user.jurisdiction if user else None) or OTHER,
                broker_country=broker.country if broker else None,
            )
        except NoRegulator:
            regulator = None
        return Escalate(request.id, name, law.short_name, regulator)

    async def reply_checks(self, jobs: Sequence[Job]) -> Mapping[int, Postpone | JobError | None]:
        """Read the new replies of a sweep's due accounts (ReplyChecker.check_many), each job ending
        as it would alone: it comes back every poll interval while the account has open requests,
        daily while it has only settled ones (for mail after a confirmed deletion), and one account's
        failure is its own job's."""
        outcomes: dict[int, Postpone | JobError | None] = {}
        due: list[tuple[Job, AccountId]] = []
        held = await self._pushes.quiet_until_all({TelegramId(job.user_id or 0) for job in jobs})
        for job in jobs:
            try:
                account_id = payload_of(job, ReplyCheck).account_id
            except MalformedJobPayload as error:
                outcomes[job.id] = JobError(str(error), permanent=True)
                continue
            hold = held.get(TelegramId(job.user_id or 0))
            if hold is not None:
                outcomes[job.id] = self._after_quiet(hold, account_id)
                continue
            self._meter.started(self._clock.now(), job.due_at)
            due.append((job, account_id))
        checked = await self._replies.check_many([account_id for _, account_id in due])
        for job, account_id in due:
            outcomes[job.id] = await self._ended(job, account_id, checked[account_id])
        return outcomes

    async def _ended(
        self, job: Job, account_id: AccountId, checked: CheckOutcome | Exception
    ) -> Postpone | JobError | None:
        if isinstance(checked, MailboxAuthError):
            return None  # the account was marked "needs reconnect" and its owner told; checks stop
        if isinstance(checked, ReplyCheckDeferred):
            return Postpone(checked.retry_at)
        if isinstance(checked, Exception):
            log.warning("reply check of account %s failed: %s", account_id, type(checked).__name__)
            return JobError(type(checked).__name__)
        try:
            return await self._after_check(TelegramId(job.user_id or 0), account_id, checked)
        except JobError as error:
            return error
        except Exception as error:  # the others of the batch are not this one's to fail
            log.exception("after the reply check of account %s", account_id)
            return JobError(type(error).__name__)

    def _after_quiet(self, held: Postpone, account_id: AccountId) -> Postpone:
        # Each account keeps its own moment, so the end of quiet hours brings no burst.
        return Postpone(held.until + self._timers.reply_offset(account_id))

    async def _after_check(
        self, owner: TelegramId, account_id: AccountId, outcome: CheckOutcome
    ) -> Postpone | None:
        await self._tell(owner, outcome.findings)
        # Open requests as the check read them keep the checks going: if they closed meanwhile, the
        # next check says so. Anything less is read again, so a request sent during this check is not
        # left to the daily pace or dropped.
        watching = outcome.watching or await self._watching(account_id)
        if watching is None:
            return None
        if watching and self._on_watching is not None:
            await self._on_watching(owner, account_id)
        return Postpone(self._timers.reply_check_after(open_requests=watching))

    async def _tell(self, owner: TelegramId, findings: Sequence[ReplyFinding]) -> None:
        """Each reply its own message, so a tap on it can change just that message. A reply told now
        takes its notice job back; one that could not be pushed (or is held) is left to its job."""
        for finding in findings:
            request_id, gmail_id = finding.request.id, finding.gmail_id
            try:
                held = await self._pushes.deliver(owner, [self._reply_notice(finding)])
            except JobError as error:
                log.info("reply notice of request %s left to its job: %s", request_id, error.reason)
                continue
            if held is None:
                async with self._uow() as uow:
                    await uow.jobs.cancel(reply_notice_key(request_id, gmail_id))
                    await uow.commit()
                self._replies.forget(request_id, gmail_id)

    async def reply_notice(self, job: Job) -> Postpone | None:
        """Tell of a reply the check could not tell at once; done only once it was pushed (or the person
        blocked the bot), so a failed push is retried and the person is told exactly once."""
        notice = payload_of(job, ReplyNotice)
        request = await self._request(job.request_id)
        if request is None:
            return None
        phrase = self._replies.phrase(request.id, notice.gmail_id)
        finding = ReplyFinding(
            replace(request, status=notice.status),
            notice.reply,
            phrase,
            False,
            notice.reappeared,
            notice.gmail_id,
        )
        held = await self._pushes.deliver(request.telegram_id, [self._reply_notice(finding)])
        if held is None:
            self._replies.forget(request.id, notice.gmail_id)
        return held

    async def _after_replies(self, request: DeletionRequest, *, receipt: bool) -> DeletionRequest | None:
        """The request after reading its account's new replies; None when a reply already confirmed
        receipt (any answer but an automatic one does)."""
        if request.account_id is not None and request.status in PAST_DUE:
            try:
                await self._tell(request.telegram_id, await self._replies.check(request.account_id))
            except MailboxError:
                log.info("replies unreadable before a deadline notice", extra={"request": request.id})
            request = await self._request(request.id) or request
        if receipt and await self._replies.was_answered(request.id):
            return None
        return request

    def _reply_notice(self, finding: ReplyFinding) -> Notice:
        request = finding.request
        name = self._name(request.broker_id)
        if finding.reappeared:
            return DataReappeared(request.id, name)
        step, contact = self._bounce_step(request) if finding.cls is ReplyClass.BOUNCED else (None, None)
        return BrokerReplied(
            request.id, name, finding.cls, finding.phrase, request.status, finding.gmail_id, step, contact
        )

    def _bounce_step(self, request: DeletionRequest) -> tuple[BounceStep, str | None]:
        broker = self._catalog().get(request.broker_id)
        if broker is not None and broker.can_email and broker.email and broker.email != request.recipient:
            return BounceStep.ADDRESS, broker.email
        if broker is not None and broker.form_url:
            return BounceStep.WEB_FORM, broker.form_url
        return BounceStep.OPERATOR, None

    async def resume_sends(self, job: Job) -> Postpone | None:
        """Go on with a Send all that stopped at Gmail's limit (the person confirmed these requests)."""
        ids = list(payload_of(job, ResumeSends).request_ids)
        owner = TelegramId(job.user_id or 0)

        async def quiet(_done: int, _total: int) -> None:
            return None

        outcome = await self._bulk.run(owner, ids, quiet)
        if outcome.stopped_until is not None:
            await self._timers.resume_sends(owner, outcome.remaining, outcome.stopped_until)
        resumed = SendsResumed(sent=outcome.sent, failed=len(outcome.failed), left=len(outcome.remaining))
        await self._pushes.deliver(owner, [resumed])
        return None

    async def _watching(self, account_id: AccountId) -> bool | None:
        return await watch_state(self._uow, account_id)

    async def _request(self, request_id: int | None) -> DeletionRequest | None:
        if request_id is None:
            return None
        async with self._uow() as uow:
            return await uow.requests.get(RequestId(request_id))

    def _name(self, broker_id: str) -> str:
        broker = self._catalog().get(broker_id)
        return broker.name if broker else broker_id
