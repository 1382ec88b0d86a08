"""Send all and "Follow up with all" as durable work: one job step per letter, each arming the next, so a
restart goes on where it stopped and the exactly-once claim of every letter keeps a repeated step from
sending twice."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.services.bulk import BulkOutcome, fingerprint
from bot.services.outgoing import Result
from bot.services.sending import SendingService, Wake
from bot.services.timers import RequestTimers
from brokers.job_payloads import SendAllStep, encode, payload_of
from brokers.jobs import Job
from brokers.letters import LetterKind
from brokers.lifecycle import RequestStatus
from brokers.ports import Clock, UnitOfWork, UnitOfWorkFactory
from brokers.profile import TelegramId
from brokers.requests import RequestId

STOPS = (Result.QUOTA, Result.RECONNECT, Result.NO_SEND_SCOPE)  # the account cannot send now: stop
SKIPPED = (Result.ALREADY, Result.NOT_FOUND, Result.NO_NAME)  # nothing to send (any more)


@dataclass(frozen=True, slots=True)
class SendAllProgress:
    """Where a Send all stands, for the chat message that shows it; `outcome` once it ended."""

    telegram_id: TelegramId
    chat_message_id: int | None
    done: int
    total: int
    outcome: BulkOutcome | None = None
    letter: LetterKind = LetterKind.DELETION


class SendAllJobs:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        sending: SendingService,
        timers: RequestTimers,
        *,
        pacing_seconds: float,
        wake: Wake,
        on_progress: Callable[[SendAllProgress], Awaitable[None]],
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._sending = sending
        self._timers = timers
        self._pacing = pacing_seconds
        self._wake = wake
        self._on_progress = on_progress
        # Telegram takes about one edit a second per chat: show progress at most that often.
        self._show_every = max(1, math.ceil(1 / pacing_seconds)) if pacing_seconds > 0 else 10

    async def start(
        self,
        telegram_id: TelegramId,
        request_ids: Sequence[RequestId],
        chat_message_id: int | None,
        letter: LetterKind = LetterKind.DELETION,
    ) -> None:
        """Queue the confirmed list; its first letter goes out at once. A second start of the same list
        while it runs changes nothing (the steps are keyed by the list)."""
        step = SendAllStep(tuple(request_ids), 0, chat_message_id, letter=letter)
        async with self._uow() as uow:
            await self._arm(uow, telegram_id, step)
            await uow.commit()
        self._wake(0)

    async def step_job(self, job: Job) -> None:
        """Send the step's letter, then arm the next step (or sum the run up)."""
        step, owner = payload_of(job, SendAllStep), TelegramId(job.user_id or 0)
        ids = step.request_ids
        if step.index >= len(ids):
            await self._finish(owner, step, None, [])
            return
        if step.letter is LetterKind.DELETION:
            outcome = await self._sending.send(owner, ids[step.index])
        else:
            outcome = await self._sending.send_letter(owner, ids[step.index], step.letter)
        # Only Send all stops and resumes by itself; a follow-up the account cannot send counts as failed.
        if outcome.result in STOPS and step.letter is LetterKind.DELETION:
            remaining = list(ids[step.index :])
            if outcome.retry_at is not None:
                async with self._uow() as uow:
                    await self._timers.within(uow.jobs).resume_sends(owner, remaining, outcome.retry_at)
                    await uow.commit()
            await self._finish(owner, step, outcome.retry_at, remaining)
            return
        following = _counted(step, outcome.result, ids[step.index])
        if following.index >= len(ids):
            await self._finish(owner, following, None, [])
            return
        if following.index % self._show_every == 0:
            shown = SendAllProgress(owner, step.chat_message_id, following.index, len(ids))
            await self._on_progress(replace(shown, letter=step.letter))
        # Gmail and the recipients see a person, not a burst. The pause is spent here, holding this
        # step's lease: a process killed meanwhile leaves this step to run again, which sends nothing
        # twice (its letter is claimed) and arms the next.
        await asyncio.sleep(self._pacing)
        async with self._uow() as uow:
            await self._arm(uow, owner, following)
            await uow.commit()
        self._wake(0)

    async def _arm(self, uow: UnitOfWork, owner: TelegramId, step: SendAllStep) -> None:
        kind, payload = encode(step)
        letter = "" if step.letter is LetterKind.DELETION else f"{step.letter.value}:"
        key = f"send-all:{owner}:{letter}{fingerprint(step.request_ids)}:{step.index}"
        await uow.jobs.schedule(kind, self._clock.now(), user_id=owner, payload=payload, dedupe_key=key)

    async def _finish(
        self, owner: TelegramId, step: SendAllStep, until: datetime | None, remaining: list[RequestId]
    ) -> None:
        step = await self._settled(step, step.request_ids[: len(step.request_ids) - len(remaining)])
        outcome = BulkOutcome(step.sent, step.skipped, list(step.failed), until, remaining, step.unsure)
        total = len(step.request_ids)
        shown = SendAllProgress(owner, step.chat_message_id, total, total, outcome, step.letter)
        await self._on_progress(shown)

    async def _settled(self, step: SendAllStep, tried: Sequence[RequestId]) -> SendAllStep:
        """The run's counts with each letter whose Gmail answer was lost as its Sent check left it: the
        check usually ends long before a paced run does, and has told the person already, so the summary
        must not say "still checking" about a letter it called sent or failed."""
        if not step.unsure or step.letter is not LetterKind.DELETION:
            return step
        async with self._uow() as uow:
            found = [r for i in tried if (r := await uow.requests.get(i)) is not None]
        checking = sum(r.status is RequestStatus.SENDING for r in found)
        counted = set(step.failed)
        # Failed now but not when its step ran: its Sent check found nothing (Gmail never took it).
        failed = [r.id for r in found if r.status is RequestStatus.FAILED and r.id not in counted]
        settled = max(0, step.unsure - checking)
        failed = failed[:settled]
        return replace(
            step,
            sent=step.sent + settled - len(failed),
            failed=(*step.failed, *failed),
            unsure=step.unsure - settled,
        )


def _counted(step: SendAllStep, result: Result, request_id: RequestId) -> SendAllStep:
    following = replace(step, index=step.index + 1)
    if result is Result.SENT:
        return replace(following, sent=step.sent + 1)
    if result is Result.UNSURE:
        return replace(following, unsure=step.unsure + 1)
    if result in SKIPPED:
        return replace(following, skipped=step.skipped + 1)
    return replace(following, failed=(*step.failed, request_id))
