"""The job handlers of tracking: deadline notices, reply checks, and sends resumed after Gmail's limit."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from bot.services.bulk import BulkSender
from bot.services.pushes import PushDelivery
from bot.services.replies import ReplyChecker, ReplyFinding
from bot.services.timers import RequestTimers
from brokers.accounts import AccountId
from brokers.catalog import Catalog
from brokers.classify import ReplyClass
from brokers.errors import MailboxAuthError, NoRegulator
from brokers.jobs import Job, Postpone
from brokers.jurisdictions import OTHER
from brokers.laws import law_by_code
from brokers.lifecycle import RequestStatus
from brokers.notices import Notice, NoticeType
from brokers.ports import AdminAlerts, Clock, UnitOfWorkFactory
from brokers.profile import TelegramId
from brokers.regulators import regulator_for
from brokers.requests import DeletionRequest, RequestId

log = logging.getLogger(__name__)

S = RequestStatus
WAITING = frozenset({S.SENT, S.ACKNOWLEDGED, S.NEEDS_VERIFICATION, S.NEEDS_WEB_FORM})
UNRESOLVED = frozenset({S.OVERDUE, S.FOLLOW_UP_SENT, S.REFUSED})


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
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._pushes = pushes
        self._timers = timers
        self._replies = replies
        self._bulk = bulk
        self._alerts = alerts

    async def notices(self, jobs: Sequence[Job]) -> Postpone | None:
        """All notices due for one person at once become one message."""
        owner = TelegramId(jobs[0].user_id or 0)
        held = await self._pushes.quiet_until(owner)
        if held is not None:
            return held
        built = [n for job in jobs if (n := await self._notice(job)) is not None]
        return await self._pushes.deliver(owner, built)

    async def _notice(self, job: Job) -> Notice | None:
        kind = NoticeType((job.payload or {}).get("type", ""))
        if kind is NoticeType.DROP_WINDOW:
            return Notice(kind)
        request = await self._request(job.request_id)
        if request is None:
            return None
        name = self._name(request.broker_id)
        if kind is NoticeType.DEADLINE_NEAR and request.status in WAITING:
            return Notice(kind, request.id, name, request.deadline_at)
        if kind is NoticeType.DEADLINE_PASSED and request.status in WAITING | {S.OVERDUE}:
            await self._mark_overdue(request)
            return Notice(kind, request.id, name, request.deadline_at)
        if kind is NoticeType.RECEIPT_MISSING and request.status is S.SENT:
            return Notice(kind, request.id, name, request.sent_at)
        if kind is NoticeType.ESCALATE and request.status in UNRESOLVED:
            return await self._escalation(request, name)
        return None

    async def _mark_overdue(self, request: DeletionRequest) -> None:
        async with self._uow() as uow:
            moved = await uow.requests.move(
                request.id, to=S.OVERDUE, allowed_from=WAITING, reason="deadline passed without an answer"
            )
            await uow.commit()
        if moved:
            await self._timers.on_overdue(request)

    async def _escalation(self, request: DeletionRequest, name: str) -> Notice:
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
            detail = {"regulator": regulator.name, "url": regulator.complaint_url, "law": law.short_name}
        except NoRegulator:
            detail = {"law": law.short_name}
        return Notice(NoticeType.ESCALATE, request.id, name, request.sent_at, detail)

    async def reply_check(self, job: Job) -> Postpone | None:
        """Read one account's new replies; it stays armed while the account has requests to watch."""
        account_id = AccountId(int((job.payload or {}).get("account", 0)))
        owner = TelegramId(job.user_id or 0)
        held = await self._pushes.quiet_until(owner)
        if held is not None:
            return held
        try:
            findings = await self._replies.check(account_id)
        except MailboxAuthError:
            return None  # the account was marked "needs reconnect" and its owner told; checks stop
        notices = [self._reply_notice(f) for f in findings]
        for finding in findings:
            if finding.cls is ReplyClass.BOUNCED:
                await self._alerts.alert(
                    f"Bounce from broker {finding.request.broker_id}: its catalog address may be wrong."
                )
        await self._pushes.deliver(owner, notices)
        return (
            Postpone(self._timers.next_reply_check(account_id)) if await self._watching(account_id) else None
        )

    def _reply_notice(self, finding: ReplyFinding) -> Notice:
        kind = NoticeType.REAPPEARED if finding.reappeared else NoticeType.REPLY
        detail = {
            "class": finding.cls.value,
            "phrase": finding.phrase,
            "status": finding.request.status.value,
        }
        return Notice(kind, finding.request.id, self._name(finding.request.broker_id), None, detail)

    async def resume_sends(self, job: Job) -> Postpone | None:
        """Go on with a Send all that stopped at Gmail's limit (the person confirmed these requests)."""
        owner = TelegramId(job.user_id or 0)
        ids = [RequestId(int(i)) for i in (job.payload or {}).get("requests", [])]

        async def quiet(_done: int, _total: int) -> None:
            return None

        outcome = await self._bulk.run(owner, ids, quiet)
        if outcome.stopped_until is not None:
            await self._timers.resume_sends(owner, outcome.remaining, outcome.stopped_until)
        await self._pushes.deliver(
            owner,
            [
                Notice(
                    NoticeType.SENDS_RESUMED,
                    detail={
                        "sent": outcome.sent,
                        "failed": len(outcome.failed),
                        "left": len(outcome.remaining),
                    },
                )
            ],
        )
        return None

    async def _watching(self, account_id: AccountId) -> bool:
        async with self._uow() as uow:
            account = await uow.accounts.get(account_id)
            if account is None:
                return False
            requests, _ = await uow.requests.list_for(account.telegram_id, limit=1000)
        return any(r.account_id == account_id and r.status not in (S.CLOSED, S.DRAFT) for r in requests)

    async def _request(self, request_id: int | None) -> DeletionRequest | None:
        if request_id is None:
            return None
        async with self._uow() as uow:
            return await uow.requests.get(RequestId(request_id))

    def _name(self, broker_id: str) -> str:
        broker = self._catalog().get(broker_id)
        return broker.name if broker else broker_id
