"""SendAllRuns: one Send all per person at a time in this process."""

from __future__ import annotations

from bot.services.runs import SendAllRuns
from tests.factories import ANN, BOB


def test_first_run_starts_and_is_running() -> None:
    runs = SendAllRuns()
    assert (runs.start(ANN), runs.is_running(ANN)) == (True, True)


def test_second_run_of_the_same_person_does_not_start() -> None:
    runs = SendAllRuns()
    runs.start(ANN)
    assert runs.start(ANN) is False


def test_another_persons_run_starts_beside_it() -> None:
    runs = SendAllRuns()
    runs.start(ANN)
    assert (runs.start(BOB), runs.is_running(BOB)) == (True, True)


def test_finished_run_can_start_again() -> None:
    runs = SendAllRuns()
    runs.start(ANN)
    runs.finish(ANN)
    assert (runs.is_running(ANN), runs.start(ANN)) == (False, True)


def test_finishing_a_run_that_never_started_changes_nothing() -> None:
    runs = SendAllRuns()
    runs.finish(ANN)
    assert runs.is_running(ANN) is False
