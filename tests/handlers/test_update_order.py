"""ChatOrderedProcessor and FloodGuard: chats at once, each in order, a flooder warned once and cut off."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass

from telegram import Chat, Message, Update, User

from handlers.flood import FLOOD_LIMIT, FloodGuard, Verdict
from handlers.update_order import ChatOrderedProcessor


def update(update_id: int, person: int) -> Update:
    message = Message(
        update_id,
        dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        Chat(person, Chat.PRIVATE),
        from_user=User(person, "Ann", is_bot=False),
        text=f"message {update_id}",
    )
    return Update(update_id, message=message)


@dataclass
class Journal:
    done: list[int]
    notices: list[int]

    async def work(self, update_id: int, delay: float = 0.0) -> None:
        await asyncio.sleep(delay)
        self.done.append(update_id)

    async def notice(self, flooded: Update) -> None:
        self.notices.append(flooded.update_id)


def processor(journal: Journal, guard: FloodGuard | None = None) -> ChatOrderedProcessor:
    return ChatOrderedProcessor(8, guard=guard, notice=journal.notice)


async def test_updates_of_one_chat_run_in_arrival_order_even_when_the_first_is_slow() -> None:
    journal = Journal([], [])
    ordered = processor(journal)
    delays = [0.05, 0.0, 0.02, 0.0]
    await asyncio.gather(
        *(ordered.process_update(update(n, 7), journal.work(n, delay)) for n, delay in enumerate(delays))
    )
    assert journal.done == [0, 1, 2, 3]


async def test_updates_of_other_chats_do_not_wait_for_a_busy_chat() -> None:
    journal = Journal([], [])
    ordered = processor(journal)
    release = asyncio.Event()

    async def busy() -> None:
        await release.wait()
        journal.done.append(1)

    first = asyncio.create_task(ordered.process_update(update(1, 7), busy()))
    await ordered.process_update(update(2, 8), journal.work(2))
    assert journal.done == [2]
    release.set()
    await first
    assert journal.done == [2, 1]


async def test_flooder_gets_one_notice_and_the_excess_is_dropped_without_work() -> None:
    journal = Journal([], [])
    ordered = processor(journal)
    flood = [ordered.process_update(update(n, 7), journal.work(n)) for n in range(FLOOD_LIMIT + 10)]
    await asyncio.gather(*flood, ordered.process_update(update(99, 8), journal.work(99)))
    assert [n for n in journal.done if n != 99] == list(range(FLOOD_LIMIT))
    assert 99 in journal.done
    assert journal.notices == [FLOOD_LIMIT]
    assert ordered.dropped == 10
    # Dropped or not, each update is handled: whoever waits on one is not left waiting.
    assert sorted(ordered.recently_handled) == [*range(FLOOD_LIMIT + 10), 99]


async def test_objects_that_are_not_updates_run_unordered() -> None:
    journal = Journal([], [])
    await processor(journal).process_update(object(), journal.work(5))
    assert journal.done == [5]


class ManualClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_guard_admits_up_to_the_limit_then_warns_once_then_drops() -> None:
    guard = FloodGuard(limit=3, window=10.0, clock=ManualClock())
    verdicts = [guard.check(7) for _ in range(6)]
    assert verdicts == [Verdict.ADMIT] * 3 + [Verdict.WARN, Verdict.DROP, Verdict.DROP]
    assert guard.check(8) is Verdict.ADMIT


def test_guard_admits_again_after_a_calm_window_and_may_warn_again() -> None:
    clock = ManualClock()
    guard = FloodGuard(limit=3, window=10.0, clock=clock)
    for _ in range(5):
        guard.check(7)
    clock.now = 10.5
    assert guard.check(7) is Verdict.ADMIT
    for _ in range(2):
        guard.check(7)
    assert guard.check(7) is Verdict.WARN


def test_guard_keeps_a_steady_flooder_out() -> None:
    clock = ManualClock()
    guard = FloodGuard(limit=3, window=10.0, clock=clock)
    verdicts = []
    for _ in range(40):  # one update a second: 10 in any 10 s window, over the limit of 3
        verdicts.append(guard.check(7))
        clock.now += 1.0
    assert verdicts.count(Verdict.WARN) == 1
    assert verdicts.count(Verdict.ADMIT) == 3
