"""The testing-mode expiry of a grant: a durable reminder a day before, armed at every connection."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.services.connect_events import ConnectUpdate, ExpiryNear
from bot.services.grant_policy import GrantPolicy
from bot.services.pushes import PushDelivery
from brokers.accounts import Account, AccountId, AccountState
from brokers.job_payloads import GrantExpiring, encode, payload_of
from brokers.jobs import Job, JobQueue, Postpone
from brokers.ports import UnitOfWorkFactory


def _key(account_id: AccountId) -> str:
    return f"grant_expiring:{account_id}"


class GrantReminders:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        queue: JobQueue,
        policy: GrantPolicy,
        pushes: PushDelivery,
        publish: Callable[[ConnectUpdate], Awaitable[None]],
    ) -> None:
        self._uow = uow
        self._queue = queue
        self._policy = policy
        self._pushes = pushes
        self._publish = publish

    async def on_connected(self, account: Account, at: datetime) -> None:
        """(Re)arm the reminder: a reconnection starts a new 7 days, so the old reminder goes."""
        remind_at = self._policy.reminder_at(at)
        if remind_at is None:
            return
        await self._queue.cancel(_key(account.id))
        kind, data = encode(GrantExpiring(account.id))
        await self._queue.schedule(
            kind, remind_at, user_id=account.telegram_id, payload=data, dedupe_key=_key(account.id)
        )

    async def remind(self, job: Job) -> Postpone | None:
        account_id = payload_of(job, GrantExpiring).account_id
        async with self._uow() as uow:
            account = await uow.accounts.get(account_id)
        if account is None or account.state is not AccountState.ACTIVE:
            return None  # disconnected, or already told that it needs reconnecting
        held = await self._pushes.quiet_until(account.telegram_id)
        if held is not None:
            return held
        await self._publish(ConnectUpdate(ExpiryNear(account)))
        return None
