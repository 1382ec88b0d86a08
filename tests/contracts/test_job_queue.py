"""JobQueue contract: exclusive claims under a lease, retries, postponement, dedupe, stats and purging."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from brokers.jobs import Job, QueueStats
from tests.clock import FakeClock
from tests.contracts.conftest import Store
from tests.factories import ANN, given_user

START = FakeClock().now()
LEASE = 60.0


async def test_claimed_job_reads_back_as_scheduled(store: Store) -> None:
    queue = store.queue
    await given_user(store.uow)
    job_id = await queue.schedule(
        "reminder", START, user_id=ANN, payload={"broker": "acme"}, dedupe_key="r:1"
    )
    claimed = await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    assert claimed == [
        Job(
            id=job_id,
            kind="reminder",
            due_at=START,
            attempts=0,
            user_id=ANN,
            dedupe_key="r:1",
            payload={"broker": "acme"},
        )
    ]


async def test_claim_takes_only_due_jobs_oldest_first_up_to_the_limit(store: Store) -> None:
    queue = store.queue
    newest = await queue.schedule("a", START - timedelta(minutes=1))
    oldest = await queue.schedule("a", START - timedelta(minutes=5))
    middle = await queue.schedule("a", START - timedelta(minutes=2))
    await queue.schedule("a", START + timedelta(minutes=1))
    first = await queue.claim_due("w1", limit=2, lease_seconds=LEASE)
    rest = await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    assert [job.id for job in first] == [oldest, middle]
    assert [job.id for job in rest] == [newest]


async def test_claim_is_exclusive_while_the_lease_lasts(store: Store) -> None:
    queue, clock = store.queue, store.clock
    await queue.schedule("a", START)
    assert len(await queue.claim_due("w1", limit=10, lease_seconds=LEASE)) == 1
    clock.advance(seconds=LEASE - 1)
    assert await queue.claim_due("w2", limit=10, lease_seconds=LEASE) == []


async def test_concurrent_claims_never_share_a_job(store: Store) -> None:
    queue = store.queue
    for n in range(60):
        await queue.schedule("a", START - timedelta(seconds=n))
    batches = await asyncio.gather(
        *(queue.claim_due(f"w{n}", limit=7, lease_seconds=LEASE) for n in range(12))
    )
    ids = [job.id for batch in batches for job in batch]
    assert len(ids) == len(set(ids)) == 60


async def test_expired_lease_is_claimable_again(store: Store) -> None:
    queue, clock = store.queue, store.clock
    job_id = await queue.schedule("a", START)
    await queue.claim_due("crashed", limit=10, lease_seconds=LEASE)
    clock.advance(seconds=LEASE + 1)
    assert [job.id for job in await queue.claim_due("w2", limit=10, lease_seconds=LEASE)] == [job_id]


async def test_released_job_is_claimable_at_once_without_a_counted_attempt(store: Store) -> None:
    queue = store.queue
    first = await queue.schedule("a", START)
    second = await queue.schedule("a", START)
    await queue.claim_due("stopping", limit=10, lease_seconds=LEASE)
    assert await queue.release([first, second], "stopping") == 2
    claimed = await queue.claim_due("w2", limit=10, lease_seconds=LEASE)
    assert [(job.id, job.attempts) for job in claimed] == [(first, 0), (second, 0)]


async def test_release_by_another_worker_or_of_a_done_job_changes_nothing(store: Store) -> None:
    queue = store.queue
    running = await queue.schedule("a", START)
    done = await queue.schedule("a", START)
    await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    assert await queue.complete(done, "w1")
    assert await queue.release([running, done], "w2") == 0
    assert await queue.release([done], "w1") == 0
    assert await queue.claim_due("w2", limit=10, lease_seconds=LEASE) == []
    assert await queue.complete(running, "w1")


async def test_complete_by_the_claimer_finishes_the_job(store: Store) -> None:
    queue, clock = store.queue, store.clock
    job_id = await queue.schedule("a", START)
    await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    assert await queue.complete(job_id, "w1")
    clock.advance(seconds=LEASE + 1)
    assert await queue.claim_due("w2", limit=10, lease_seconds=LEASE) == []
    assert not await queue.complete(job_id, "w1")


async def test_complete_by_another_worker_is_refused(store: Store) -> None:
    queue, clock = store.queue, store.clock
    job_id = await queue.schedule("a", START)
    await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    assert not await queue.complete(job_id, "w2")
    clock.advance(seconds=LEASE + 1)
    await queue.claim_due("w2", limit=10, lease_seconds=LEASE)
    assert not await queue.complete(job_id, "w1"), "the first worker lost the job when its lease expired"
    assert await queue.complete(job_id, "w2")


async def test_retry_counts_the_attempt_and_waits_until_the_new_time(store: Store) -> None:
    queue, clock = store.queue, store.clock
    job_id = await queue.schedule("a", START)
    await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    assert await queue.retry(job_id, "w1", "boom", START + timedelta(minutes=5))
    clock.advance(minutes=4)
    assert await queue.claim_due("w1", limit=10, lease_seconds=LEASE) == []
    clock.advance(minutes=1)
    (job,) = await queue.claim_due("w2", limit=10, lease_seconds=LEASE)
    assert (job.id, job.attempts, job.due_at) == (job_id, 1, START + timedelta(minutes=5))


async def test_retry_by_another_worker_is_refused(store: Store) -> None:
    queue = store.queue
    job_id = await queue.schedule("a", START)
    await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    assert not await queue.retry(job_id, "w2", "boom", START)
    assert await queue.claim_due("w2", limit=10, lease_seconds=LEASE) == []


async def test_postpone_moves_the_job_without_counting_an_attempt(store: Store) -> None:
    queue, clock = store.queue, store.clock
    job_id = await queue.schedule("a", START)
    await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    assert await queue.postpone(job_id, "w1", START + timedelta(hours=8))
    clock.advance(hours=8)
    (job,) = await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    assert (job.attempts, job.due_at) == (0, START + timedelta(hours=8))


async def test_given_up_job_is_failed_and_never_claimed_again(store: Store) -> None:
    queue, clock = store.queue, store.clock
    job_id = await queue.schedule("a", START)
    for attempt in range(2):
        await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
        await queue.retry(job_id, "w1", f"boom {attempt}", clock.now())
    await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    assert await queue.give_up(job_id, "w1", "still boom")
    clock.advance(days=1)
    assert await queue.claim_due("w1", limit=10, lease_seconds=LEASE) == []
    assert (await queue.stats(clock.now())).failed == 1


async def test_completing_after_retries_does_not_count_as_failed(store: Store) -> None:
    queue, clock = store.queue, store.clock
    job_id = await queue.schedule("a", START)
    await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    await queue.retry(job_id, "w1", "boom", START)
    await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    await queue.complete(job_id, "w1")
    assert (await queue.stats(clock.now())).failed == 0


async def test_same_dedupe_key_schedules_once(store: Store) -> None:
    queue = store.queue
    first = await queue.schedule("a", START, dedupe_key="k", payload={"n": 1})
    again = await queue.schedule("a", START + timedelta(days=1), dedupe_key="k", payload={"n": 2})
    (job,) = await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    assert again == first
    assert (job.due_at, job.payload) == (START, {"n": 1})


async def test_concurrent_schedules_with_one_key_make_one_job(store: Store) -> None:
    queue = store.queue
    ids = await asyncio.gather(*(queue.schedule("a", START, dedupe_key="k") for _ in range(8)))
    assert len(set(ids)) == 1
    assert len(await queue.claim_due("w1", limit=10, lease_seconds=LEASE)) == 1


async def test_dedupe_key_of_a_done_job_schedules_it_again(store: Store) -> None:
    queue, clock = store.queue, store.clock
    first = await queue.schedule("a", START, dedupe_key="k")
    await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    await queue.complete(first, "w1")
    again = await queue.schedule("a", START + timedelta(days=1), dedupe_key="k", payload={"n": 2})
    clock.advance(days=1)
    (job,) = await queue.claim_due("w2", limit=10, lease_seconds=LEASE)
    assert (job.id, job.attempts, job.payload) == (again, 0, {"n": 2})


async def test_expedite_brings_a_later_job_forward(store: Store) -> None:
    queue, clock = store.queue, store.clock
    job_id = await queue.schedule("a", START + timedelta(minutes=15), dedupe_key="k")
    clock.advance(seconds=30)
    assert await queue.expedite("k", clock.now())
    assert [job.id for job in await queue.claim_due("w1", limit=10, lease_seconds=LEASE)] == [job_id]


async def test_expedite_never_makes_a_job_later_and_ignores_unknown_keys(store: Store) -> None:
    queue = store.queue
    await queue.schedule("a", START - timedelta(minutes=1), dedupe_key="k")
    assert not await queue.expedite("k", START)
    assert not await queue.expedite("other", START)
    (job,) = await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    assert job.due_at == START - timedelta(minutes=1)


async def test_expedite_during_a_run_makes_the_job_due_again_after_it(store: Store) -> None:
    # A push arrives while the account's check runs: the run's own "next in 15 minutes" gives way.
    queue, clock = store.queue, store.clock
    job_id = await queue.schedule("a", START, dedupe_key="k")
    (job,) = await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    clock.advance(seconds=5)
    assert await queue.expedite("k", clock.now())
    assert await queue.claim_due("w2", limit=10, lease_seconds=LEASE) == []  # never run twice at once
    assert await queue.postpone(job_id, "w1", clock.now() + timedelta(minutes=15), claimed_due=job.due_at)
    assert [j.id for j in await queue.claim_due("w2", limit=10, lease_seconds=LEASE)] == [job_id]


async def test_postpone_without_an_expedite_keeps_its_own_time(store: Store) -> None:
    queue, clock = store.queue, store.clock
    job_id = await queue.schedule("a", START, dedupe_key="k")
    (job,) = await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    later = START + timedelta(minutes=15)
    assert await queue.postpone(job_id, "w1", later, claimed_due=job.due_at)
    clock.advance(minutes=15)
    (again,) = await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    assert again.due_at == later


async def test_postpone_all_moves_each_job_held_by_the_worker_to_its_own_time(store: Store) -> None:
    queue, clock = store.queue, store.clock
    ids = [await queue.schedule("a", START, dedupe_key=f"k{n}") for n in range(4)]
    claimed = await queue.claim_due("w1", limit=3, lease_seconds=LEASE)
    clock.advance(seconds=5)
    assert await queue.expedite("k1", clock.now())  # during the run: kept, being sooner
    moves = [(job, START + timedelta(minutes=10 + n)) for n, job in enumerate(claimed)]
    not_held = Job(ids[3], "a", START, 0)  # never claimed by w1
    assert await queue.postpone_all("w2", moves) == set()
    assert await queue.postpone_all("w1", [*moves, (not_held, START + timedelta(hours=1))]) == set(ids[:3])
    due = {job.id: job.due_at for job in await queue.claim_due("w2", limit=10, lease_seconds=LEASE)}
    assert due == {ids[1]: clock.now(), ids[3]: START}
    for job_id in due:
        assert await queue.complete(job_id, "w2")
    clock.advance(minutes=20)
    later = {job.id: job.due_at for job in await queue.claim_due("w3", limit=10, lease_seconds=LEASE)}
    assert later == {ids[0]: START + timedelta(minutes=10), ids[2]: START + timedelta(minutes=12)}
    assert (await queue.stats(clock.now())).failed == 0


async def test_cancel_removes_a_pending_job(store: Store) -> None:
    queue = store.queue
    await queue.schedule("a", START, dedupe_key="k")
    assert await queue.cancel("k")
    assert not await queue.cancel("k")
    assert await queue.claim_due("w1", limit=10, lease_seconds=LEASE) == []


async def test_cancel_leaves_a_job_a_worker_holds(store: Store) -> None:
    queue = store.queue
    job_id = await queue.schedule("a", START, dedupe_key="k")
    await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    assert not await queue.cancel("k")
    assert await queue.complete(job_id, "w1")


async def test_is_held_only_while_a_worker_lease_runs(store: Store) -> None:
    queue, clock = store.queue, store.clock
    job_id = await queue.schedule("a", START, dedupe_key="k")
    assert not await queue.is_held("k")
    await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    assert await queue.is_held("k")
    assert not await queue.is_held("other")
    clock.advance(seconds=LEASE + 1)
    assert not await queue.is_held("k")
    await queue.claim_due("w2", limit=10, lease_seconds=LEASE)
    assert await queue.complete(job_id, "w2")
    assert not await queue.is_held("k")


async def test_cancel_takes_a_job_whose_worker_lease_ran_out(store: Store) -> None:
    queue, clock = store.queue, store.clock
    await queue.schedule("a", START, dedupe_key="k")
    await queue.claim_due("w1", limit=10, lease_seconds=LEASE)
    clock.advance(seconds=LEASE + 1)
    assert await queue.cancel("k")


async def test_stats_count_due_claimed_failed_and_the_oldest_lag(store: Store) -> None:
    queue, clock = store.queue, store.clock
    failing = await queue.schedule("a", START - timedelta(minutes=30))
    await queue.claim_due("w1", limit=1, lease_seconds=LEASE)
    await queue.give_up(failing, "w1", "boom")
    await queue.schedule("a", START - timedelta(minutes=10))
    await queue.schedule("a", START - timedelta(minutes=5))
    await queue.claim_due("w1", limit=1, lease_seconds=LEASE)
    await queue.schedule("a", START + timedelta(minutes=5))
    stats = await queue.stats(clock.now())
    assert stats == QueueStats(due=1, claimed=1, failed=1, oldest_due_lag_seconds=600.0)


async def test_stats_of_an_idle_queue_show_no_lag(store: Store) -> None:
    queue, clock = store.queue, store.clock
    await queue.schedule("a", START + timedelta(minutes=5))
    assert await queue.stats(clock.now()) == QueueStats(due=0, claimed=0, failed=0, oldest_due_lag_seconds=0)


async def test_purge_deletes_only_jobs_finished_before_the_cutoff(store: Store) -> None:
    queue, clock = store.queue, store.clock
    old = await queue.schedule("a", START)
    await queue.schedule("a", START, dedupe_key="pending")
    await queue.claim_due("w1", limit=1, lease_seconds=LEASE)
    await queue.complete(old, "w1")
    clock.advance(days=31)
    assert await queue.purge_finished(clock.now() - timedelta(days=30)) == 1
    assert len(await queue.claim_due("w1", limit=10, lease_seconds=LEASE)) == 1


async def test_jobs_of_an_erased_person_go_with_them(store: Store) -> None:
    await given_user(store.uow)
    await store.queue.schedule("reminder", START, user_id=ANN)
    async with store.uow() as unit:
        await unit.users.delete(ANN)
        await unit.commit()
    assert await store.queue.claim_due("w1", limit=10, lease_seconds=LEASE) == []
