"""Gmail push: each account with open requests is watched (users.watch, renewed daily by its durable job,
armed by RequestTimers, and stopped once nothing is open), and a verified push brings that account's
reply check forward to now."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from bot.reply_meter import ReplyCheckMeter
from bot.services.notice_jobs import watch_state
from bot.services.replies import MailboxOpener
from bot.services.timers import reply_check_key
from brokers.accounts import AccountId, AccountState
from brokers.errors import MailboxAuthError, MailboxError
from brokers.job_payloads import GmailWatch, payload_of
from brokers.jobs import Job, JobError, JobScheduler, Postpone
from brokers.ports import Clock, UnitOfWorkFactory

log = logging.getLogger(__name__)

# https://developers.google.com/workspace/gmail/api/guides/push: a watch lasts 7 days and Google
# recommends calling watch once a day; a renewal that fails is retried long before the expiry.
RENEW_EVERY = timedelta(days=1)
RENEW_MARGIN = timedelta(hours=6)


class GmailPush:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        open_mailbox: MailboxOpener,
        clock: Clock,
        jobs: JobScheduler,
        *,
        topic: str,
        wake: Callable[[float], None],
        meter: ReplyCheckMeter | None = None,
    ) -> None:
        self._uow = uow
        self._open = open_mailbox
        self._clock = clock
        self._jobs = jobs
        self._topic = topic
        self._wake = wake
        self._meter = meter or ReplyCheckMeter()  # the last hour's units on /health, with the checks'

    async def renew_job(self, job: Job) -> Postpone | None:
        """Register (or renew) the account's watch; stop it once the account has nothing open."""
        account_id = payload_of(job, GmailWatch).account_id
        async with self._uow() as uow:
            account = await uow.accounts.get(account_id)
        if account is None or account.state is not AccountState.ACTIVE:
            return None
        units = 0
        try:
            async with self._open(account_id) as mailbox:
                try:
                    if await watch_state(self._uow, account_id) is not True:
                        await mailbox.stop_watch()
                        return None
                    watch = await mailbox.watch(self._topic)
                finally:
                    units = mailbox.quota_units_used
        except MailboxAuthError:
            return None  # the account now needs reconnecting, and its owner was told
        except MailboxError as exc:
            raise JobError(f"watch: {type(exc).__name__}") from exc
        finally:
            await self._count(account_id, units)
        now = self._clock.now()
        async with self._uow() as uow:
            await uow.accounts.index_mailbox(account)
            # Mail that came before the watch was never pushed (a broker's instant acknowledgement of
            # the letter that armed it): the account's check reads it now instead of at the safety poll.
            caught_up = await uow.jobs.expedite(reply_check_key(account_id), now)
            await uow.commit()
        if caught_up:
            self._wake(0)
        return Postpone(min(now + RENEW_EVERY, max(now, watch.expires_at - RENEW_MARGIN)))

    async def _count(self, account_id: AccountId, units: int) -> None:
        """users.watch and users.stop count towards the account's Gmail units of the day, like its checks."""
        if units:
            now = self._clock.now()
            self._meter.spent(now, units)
            async with self._uow() as uow:
                await uow.accounts.count_units(account_id, at=now, units=units)
                await uow.commit()

    async def pushed(self, address: str, history_id: int) -> int:
        """A verified push for `address`: its accounts' reply checks are due now (each still runs once
        at a time: the check is the account's one durable job). Returns how many were brought forward."""
        now = self._clock.now()
        async with self._uow() as uow:
            accounts = await uow.accounts.by_mailbox(address)
            moved = [a for a in accounts if await uow.jobs.expedite(reply_check_key(a), now)]
            await uow.commit()
        log.info(
            "gmail push (history %s) for accounts %s: checks due now for %s", history_id, accounts, moved
        )
        if moved:
            self._wake(0)
        return len(moved)
