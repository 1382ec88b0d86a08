"""Exactly once across a crash: the bot process is killed (SIGKILL) in the middle of sending."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.sandbox.google import FakeGoogle, generate_mailbox, realistic_sender_forms
from bot.sandbox.telegram import FakeTelegram, SentMessage
from brokers.catalog import Broker, Kind, load_bundled
from storage.engine import create_engine
from storage.records import DeletionRequestRecord
from tests.e2e.bot_process import BotProcess
from tests.e2e.browser import Browser
from tests.e2e.conftest import BROKERS
from tests.e2e.letters import confirm
from tests.e2e.test_connect import ALICE, connect
from tests.e2e.test_onboarding import onboard
from tests.fakes.chat import Chat


@pytest.fixture
def bot_process(bot_env: dict[str, str], tmp_path: Path) -> Iterator[BotProcess]:
    # A real clock here: a short undo window keeps the tests quick.
    # A short search for unsure letters: a letter a crash cut short is sent again soon after.
    process = BotProcess({**bot_env, "SEND_UNDO_SECONDS": "1", "SENT_CHECK_SECONDS": "3"}, tmp_path)
    yield process
    process.stop()


@pytest.fixture
def patient(bot_env: dict[str, str], tmp_path: Path) -> Iterator[BotProcess]:
    """A bot whose undo window is long enough to kill it inside."""
    process = BotProcess({**bot_env, "SEND_UNDO_SECONDS": "4", "SENT_CHECK_SECONDS": "3"}, tmp_path)
    yield process
    process.stop()


async def statuses(database_url: str) -> dict[str, str]:
    engine = create_engine(database_url)
    async with engine.connect() as connection:
        rows = (
            await connection.execute(select(DeletionRequestRecord.broker_id, DeletionRequestRecord.status))
        ).all()
    await engine.dispose()
    return {row.broker_id: row.status for row in rows}


async def _is_sent(database_url: str) -> bool:
    return (await statuses(database_url)).get("01advertising") == "sent"


async def ready_to_send(
    telegram: FakeTelegram,
    google: FakeGoogle,
    browser: Browser,
    process: BotProcess,
    brokers: dict[str, str] = BROKERS,
) -> Chat:
    """Ann onboarded and connected, her mailbox scanned (mail from `brokers`), the review open."""
    senders = {domain: realistic_sender_forms(domain, brand) for domain, brand in brokers.items()}
    google.add_account(
        ALICE, mailbox=generate_mailbox(7, 300, sender_domains=40, broker_senders=senders, owner=ALICE)
    )
    await process.start()
    # The bot runs in another process: the driver waits out a paced reply by a longer quiet.
    ann = Chat(telegram, telegram.user(1001, first_name="Ann", username="ann"), timeout=30, quiet=1.2)
    await onboard(ann)
    await connect(ann, browser, google)
    await ann.tap("Scan my inbox")
    await telegram.wait_until(
        lambda: "Data brokers that e-mail you" in ann.last.text, timeout=60, what="report"
    )
    await ann.tap("Review deletion requests")
    return ann


async def eventually(check: Callable[[], Awaitable[bool]], what: str) -> None:
    for _ in range(200):
        if await check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


async def confirm_send(ann: Chat) -> SentMessage:
    card = next(m for m in ann.messages if "01Advertising" in m.text and "Send" in m.button_texts)
    await ann.tap("Send", message=card)
    return await confirm(ann)


async def _tap_send_and_kill(ann: Chat, process: BotProcess, until: Callable[[], Awaitable[bool]]) -> None:
    await confirm_send(ann)
    await eventually(until, "the moment to crash")
    process.kill()


async def test_crash_after_gmail_accepted_is_recorded_not_resent(
    telegram: FakeTelegram, google: FakeGoogle, browser: Browser, bot_process: BotProcess, database_url: str
) -> None:
    ann = await ready_to_send(telegram, google, browser, bot_process)
    google.hold_sends(30)

    async def gmail_has_it() -> bool:
        return len(google.sent_mail(ALICE)) == 1

    await _tap_send_and_kill(ann, bot_process, gmail_has_it)
    assert (await statuses(database_url))["01advertising"] == "sending"
    google.hold_sends(0)
    await bot_process.start()
    await eventually(lambda: _is_sent(database_url), "the request to be recorded as sent")
    assert len(google.sent_mail(ALICE)) == 1


async def test_crash_before_gmail_got_it_is_sent_once_after_restart(
    telegram: FakeTelegram, google: FakeGoogle, browser: Browser, bot_process: BotProcess, database_url: str
) -> None:
    ann = await ready_to_send(telegram, google, browser, bot_process)
    google.hold_sends(3, before_store=True)

    async def claimed() -> bool:
        return (await statuses(database_url)).get("01advertising") == "sending"

    await _tap_send_and_kill(ann, bot_process, claimed)
    await asyncio.sleep(3.5)  # the held request finds its client gone and files nothing
    assert google.sent_mail(ALICE) == []
    google.hold_sends(0)
    await bot_process.start()
    await eventually(lambda: _is_sent(database_url), "the request to be sent after the restart")
    assert len(google.sent_mail(ALICE)) == 1


async def test_restart_inside_the_undo_window_sends_once_after_restart(
    telegram: FakeTelegram, google: FakeGoogle, browser: Browser, patient: BotProcess, database_url: str
) -> None:
    ann = await ready_to_send(telegram, google, browser, patient)
    waiting = await confirm_send(ann)
    assert "Sending to privacy@01advertising.com in 4 seconds" in waiting.text
    patient.kill()  # inside the window: the letter waits only as a row in the job queue
    assert google.sent_mail(ALICE) == []
    assert (await statuses(database_url))["01advertising"] == "draft"
    await patient.start()
    await eventually(lambda: _is_sent(database_url), "the waiting letter to be sent after the restart")
    await telegram.wait_until(
        lambda: telegram.message(ann.chat_id, waiting.message_id).text.startswith("✅ Sent to"),
        timeout=10,
        what="the outcome in the chat",
    )
    await asyncio.sleep(1.0)  # a few more sweeps find nothing more to send
    assert len(google.sent_mail(ALICE)) == 1


async def test_sigterm_stops_cleanly_without_a_traceback(
    bot_process: BotProcess, tmp_path: Path, telegram: FakeTelegram
) -> None:
    await bot_process.start()
    # The bot runs in another process: the driver waits out a paced reply by a longer quiet.
    ann = Chat(telegram, telegram.user(1001, first_name="Ann", username="ann"), timeout=30, quiet=1.2)
    await ann.say("/start")
    await ann.tap("I agree, let's start")
    bot_process.stop()
    assert bot_process.process is not None
    assert bot_process.process.returncode == 0
    log = bot_process.log()
    assert "Traceback" not in log
    assert '"event": "bot stopped"' in log
    assert "123456:TEST-token" not in log


def _email_brokers(count: int) -> dict[str, str]:
    """Domain and name of `count` brokers of the catalog that take deletion requests by e-mail, each at
    an address of its own (some brands of one company share theirs), so every letter has its recipient."""
    brokers = [
        b for b in load_bundled().brokers if b.can_email and b.email and b.domains and b.kind is Kind.BROKER
    ]
    chosen: dict[str, Broker] = {}
    for broker in sorted(brokers, key=lambda b: b.id):
        if broker.email not in {b.email for b in chosen.values()}:
            chosen[broker.domains[0]] = broker
    return {domain: b.name for domain, b in list(chosen.items())[:count]}


async def test_send_all_killed_after_four_sends_the_rest_once_after_restart(
    telegram: FakeTelegram, google: FakeGoogle, browser: Browser, bot_env: dict[str, str], tmp_path: Path
) -> None:
    # A second between letters, so the kill after the fourth lands well before the tenth on a busy machine.
    fast = {"SEND_PACING_SECONDS": "1", "JOB_LEASE_SECONDS": "3", "SENT_CHECK_SECONDS": "3"}
    process = BotProcess({**bot_env, **fast}, tmp_path)
    try:
        ann = await ready_to_send(telegram, google, browser, process, _email_brokers(10))
        listing = await ann.tap(re.compile(r"^Send all \d+$"))
        total = int(listing[-1].button_texts[0].rsplit(" ", 1)[-1])
        assert total >= 10
        # Tapped without waiting for the chat to go quiet: the progress edits keep it busy until the end.
        confirm = next(b for row in listing[-1].buttons for b in row if b.text.startswith("Yes, send"))
        assert confirm.callback_data is not None
        telegram.tap(ann.user, listing[-1], confirm.callback_data)
        await telegram.wait_until(lambda: len(google.sent_mail(ALICE)) >= 4, timeout=30, what="four mails")
        process.kill()
        assert len(google.sent_mail(ALICE)) < total
        await process.start()
        await telegram.wait_until(
            lambda: len(google.sent_mail(ALICE)) == total and "Sent" in ann.last.text,
            timeout=60,
            what="the rest of the Send all",
        )
        await asyncio.sleep(2)  # a few more sweeps find nothing more to send
        message_ids = [mail.message_id for mail in google.sent_mail(ALICE)]
        recipients = [address for mail in google.sent_mail(ALICE) for address in mail.to]
        assert (len(message_ids), len(set(message_ids)), len(set(recipients))) == (total, total, total)
    finally:
        process.stop()
