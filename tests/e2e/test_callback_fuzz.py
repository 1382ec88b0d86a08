"""Forged callback data from another user, generated: Bob reaches none of Ann's requests, accounts, scans,
and no admin action, whatever ids, suffixes and actions he puts into a button with his own valid epoch."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.app import BotRuntime
from bot.sandbox.google import FakeGoogle
from bot.sandbox.telegram import FakeTelegram
from brokers.profile import TelegramId
from handlers.callbacks import MAX_CALLBACK_BYTES, Action
from handlers.flood import FloodGuard
from handlers.update_order import ChatOrderedProcessor
from storage.records import AuthorizationRecord, DeletionRequestRecord, EmailScanRecord, UserRecord
from tests.e2e.browser import Browser
from tests.e2e.conftest import ADMIN_ID
from tests.e2e.test_decisions import scanned
from tests.e2e.test_onboarding import onboard
from tests.fakes.chat import Chat

ALICE = "alice@gmail.com"
_SUFFIXES = ["", "-yes", "-no", "-e", "-1", "-0", "-all", ":x"]


async def _anns_things(bot: BotRuntime) -> dict[str, list[Any]]:
    """Everything of Ann's that a forged tap could change, as comparable rows (Bob's own taps may rightly
    change his own rows: a skip of his onboarding step, a setting)."""
    ann = 1001
    anns_accounts = select(AuthorizationRecord.id).where(AuthorizationRecord.user_id == ann)
    queries = {
        "accounts": select(AuthorizationRecord).where(AuthorizationRecord.user_id == ann),
        "scans": select(EmailScanRecord).where(EmailScanRecord.authorization_id.in_(anns_accounts)),
        "requests": select(DeletionRequestRecord).where(DeletionRequestRecord.user_id == ann),
        "users": select(UserRecord).where(UserRecord.id == ann),
    }
    found: dict[str, list[Any]] = {}
    async with bot.engine.connect() as connection:
        for name, query in queries.items():
            rows = await connection.execute(query.order_by(query.selected_columns[0]))
            found[name] = [tuple(row) for row in rows.all()]
    return found


@dataclass
class World:
    """Ann scanned with drafts, Bob onboarded: set up once for all the examples of one test run."""

    before: dict[str, list[Any]]
    bob_epoch: str
    bob_seen: int


_worlds: dict[int, World] = {}


async def _world(ann: Chat, bob: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser) -> World:
    if id(bot) not in _worlds:
        await scanned(ann, browser, google)
        await ann.tap("Review deletion requests")  # drafts: requests of Ann's exist to aim at
        await onboard(bob)
        # Bob's onboarding and the quick forged taps add up to more than the flood guard admits in its
        # window, and it rightly drops the excess unanswered; the guard has its own tests.
        processor = bot.application.update_processor
        assert isinstance(processor, ChatOrderedProcessor)
        processor.guard = FloodGuard(limit=10_000)
        user = await bot.services.onboarding.user(TelegramId(bob.user.id))
        assert user is not None
        things = await _anns_things(bot)
        assert things["accounts"] and things["scans"] and things["requests"]
        _worlds.clear()
        _worlds[id(bot)] = World(things, user.epoch, len(bob.messages))
    return _worlds[id(bot)]


# Ids of a fresh database are small: Ann's account, scan and requests are among them, Bob has none.
_ARGS = st.builds(
    lambda target, suffix: target + suffix,
    st.one_of(st.integers(1, 30).map(str), st.integers(-5, 10**12).map(str)),
    st.sampled_from(_SUFFIXES),
)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(
    action=st.sampled_from([a for a in Action if a not in (Action.CONSENT, Action.FORGET)]), argument=_ARGS
)
async def test_forged_callbacks_from_another_user_reach_nothing_of_anns(
    ann: Chat,
    bob: Chat,
    bot: BotRuntime,
    google: FakeGoogle,
    browser: Browser,
    telegram: FakeTelegram,
    mailbox: None,
    action: Action,
    argument: str,
) -> None:
    world = await _world(ann, bob, bot, google, browser)
    data = f"{action.value}:{argument}:{world.bob_epoch}"
    if len(data.encode()) <= MAX_CALLBACK_BYTES:
        # Straight to the fake rather than Chat.tap_data, which waits for a message after a mere answer.
        query_id = telegram.tap(bob.user, bob.last, data)
        await telegram.wait_until(lambda: query_id in telegram.answered_callbacks, 20, "the answer")

    assert await _anns_things(bot) == world.before
    seen = [m.text for m in bob.messages[world.bob_seen :]]
    assert not [text for text in seen if ALICE in text or "Ann Example" in text]
    assert not [text for text in seen if "something went wrong" in text]
    assert not [m for m in telegram.messages(ADMIN_ID) if "Unhandled error" in m.text]
