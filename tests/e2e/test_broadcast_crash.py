"""A broadcast across a SIGKILL of the bot process: nobody gets it twice, and the page whose outcome the
kill left unknown is reported to the operator as interrupted instead of being sent again."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from sqlalchemy import text

from bot.sandbox.telegram import FakeTelegram
from bot.services.broadcasts import PAGE
from brokers.broadcasts import Outcome
from brokers.profile import TelegramId
from storage import migrate
from storage.crypto import FernetCipher
from storage.engine import create_engine, create_session_factory
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.clock import FakeClock
from tests.e2e.conftest import ADMIN_ID
from tests.e2e.test_crash_recovery import BotProcess
from tests.factories import given_user
from tests.fakes.chat import Chat

TEXT = "We move to a new server tonight"
PEOPLE = range(5001, 5121)  # 120 people: four seconds at Telegram's 30 messages a second


async def _people_in_database(database_url: str, keys: str) -> None:
    """The recipients, as onboarding leaves them (consented, active), each with a chat in the fake."""
    await migrate.upgrade(database_url)
    engine = create_engine(database_url)
    uow = SqlUnitOfWorkFactory(create_session_factory(engine), FernetCipher(keys.split(",")), FakeClock())
    for person in PEOPLE:
        await given_user(uow, TelegramId(person))
    await engine.dispose()


async def _outcomes(database_url: str) -> dict[int, str]:
    engine = create_engine(database_url)
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT user_id, outcome FROM broadcast_deliveries"))
        outcomes = {int(user): str(outcome) for user, outcome in rows}
    await engine.dispose()
    return outcomes


def _received(telegram: FakeTelegram, person: int) -> int:
    return sum(message.text == TEXT for message in telegram.messages(person))


async def test_broadcast_killed_mid_page_sends_nobody_twice_and_reports_the_unknown_page(
    telegram: FakeTelegram, bot_env: dict[str, str], database_url: str, tmp_path: Path
) -> None:
    await _people_in_database(database_url, bot_env["ENCRYPTION_KEYS"])
    for person in PEOPLE:
        telegram.user(person, first_name=f"P{person}")
    operator = Chat(telegram, telegram.user(ADMIN_ID, first_name="Op"), timeout=30)
    # A short lease: the killed process's claim on the broadcast job runs out three seconds later.
    process = BotProcess({**bot_env, "JOB_LEASE_SECONDS": "3"}, tmp_path)
    try:
        await process.start()
        (preview,) = await operator.say(f"/broadcast {TEXT}")
        assert preview.button_texts == [f"Send to {len(PEOPLE)}", "Cancel"]
        send = preview.buttons[0][0].callback_data
        assert send is not None
        telegram.tap(operator.user, preview, send)  # not waiting for quiet: progress edits keep coming
        delivered = lambda: sum(_received(telegram, p) for p in PEOPLE)  # noqa: E731
        await telegram.wait_until(lambda: delivered() >= 40, timeout=30, what="the first pages")

        process.kill()

        assert delivered() < len(PEOPLE)
        await process.start()
        await telegram.wait_until(
            lambda: "Done." in telegram.message(ADMIN_ID, preview.message_id).text, timeout=60, what="Done."
        )
        await asyncio.sleep(1)  # a few more sweeps find nothing more to send
    finally:
        process.stop()

    received = {p: _received(telegram, p) for p in PEOPLE}
    outcomes = await _outcomes(database_url)
    interrupted = {p for p, outcome in outcomes.items() if outcome == Outcome.PENDING.value}
    assert max(received.values()) == 1  # nobody twice
    assert set(outcomes) == set(PEOPLE)
    assert all(received[p] == 1 for p in PEOPLE if p not in interrupted)  # the rest exactly once
    assert {p for p in PEOPLE if received[p] == 0} <= interrupted  # whoever missed it is reported
    assert len(interrupted) <= PAGE  # at most the page the kill cut into
    progress = telegram.message(ADMIN_ID, preview.message_id).text
    assert f"{len(PEOPLE) - len(interrupted)} of {len(PEOPLE)} sent" in progress
    if interrupted:
        shown = re.search(r"(\d+) were interrupted by a restart and not sent again", progress)
        assert shown is not None and int(shown[1]) == len(interrupted)
