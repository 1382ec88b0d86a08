"""The retry policy and the grouping of due jobs by person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from brokers.jobs import ExponentialBackoff, Job, group_by_owner

DUE = datetime(2026, 11, 2, tzinfo=UTC)


def test_backoff_doubles_from_its_base_up_to_its_cap() -> None:
    backoff = ExponentialBackoff(base=timedelta(seconds=30), cap=timedelta(minutes=3))
    assert [backoff(n).total_seconds() for n in range(1, 6)] == [30, 60, 120, 180, 180]


def test_backoff_of_a_huge_attempt_number_is_the_cap() -> None:
    assert ExponentialBackoff(cap=timedelta(hours=6))(10_000) == timedelta(hours=6)


def test_jobs_group_by_kind_and_person_in_order_of_first_appearance() -> None:
    jobs = [
        Job(1, "status", DUE, user_id=7),
        Job(2, "status", DUE, user_id=8),
        Job(3, "status", DUE, user_id=7),
        Job(4, "deadline", DUE, user_id=7),
        Job(5, "purge", DUE),
        Job(6, "purge", DUE),
    ]
    groups = [[job.id for job in group] for group in group_by_owner(jobs)]
    assert groups == [[1, 3], [2], [4], [5], [6]]
