"""The scan's progress message names the phase the engine reports, and never one it did not."""

from __future__ import annotations

from bot.scanning.state import Phase
from handlers.scan import PHASES


def test_every_phase_the_engine_reports_has_its_own_line() -> None:
    assert set(PHASES) == {phase.value for phase in Phase}


def test_finishing_is_said_only_of_the_done_phase() -> None:
    assert [name for name, text in PHASES.items() if text.startswith("Finishing")] == [Phase.DONE.value]
