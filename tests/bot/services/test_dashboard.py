"""DashboardService: counts of what needs the person, the remembered message, and one redraw per burst."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from bot.services.dashboard import DashboardService
from brokers.accounts import AccountState
from brokers.dashboard import ShownStatus
from brokers.lifecycle import RequestStatus
from brokers.profile import TelegramId
from brokers.requests import Channel
from tests.factories import ANN, BOB, a_draft, given_account, given_draft, given_status, given_user
from tests.fakes.memory import MemoryUnitOfWorkFactory

S = RequestStatus


class Redraws:
    def __init__(self) -> None:
        self.people: list[TelegramId] = []

    async def __call__(self, service: DashboardService, telegram_id: TelegramId) -> None:
        self.people.append(telegram_id)


@pytest.fixture
def redraws() -> Redraws:
    return Redraws()


@pytest.fixture
def dashboard(uow: MemoryUnitOfWorkFactory, redraws: Redraws) -> DashboardService:
    return DashboardService(uow, delay=0.05, redraw=redraws)


async def test_summary_counts_what_needs_the_person(
    uow: MemoryUnitOfWorkFactory, dashboard: DashboardService
) -> None:
    await given_user(uow)
    account = await given_account(uow)
    await given_draft(uow, a_draft("acxiom", account=account))
    await given_draft(uow, a_draft("spokeo", account=account))
    failed = await given_draft(uow, a_draft("epsilon", account=account))
    await given_status(uow, failed, S.SENDING, S.FAILED)
    overdue = await given_draft(uow, a_draft("oracle", account=account))
    await given_status(uow, overdue, S.SENDING, S.SENT, S.OVERDUE)
    asks = await given_draft(uow, a_draft("whitepages", account=account))
    await given_status(uow, asks, S.SENDING, S.SENT, S.NEEDS_VERIFICATION)
    skipped = await given_draft(uow, a_draft("intelius", account=account))
    await given_status(uow, skipped, S.CLOSED)
    async with uow() as unit:
        await unit.accounts.mark(account.id, state=AccountState.NEEDS_RECONNECT, was=AccountState.ACTIVE)
        await unit.commit()

    summary = await dashboard.summary(ANN)

    assert summary is not None
    assert (summary.drafts, summary.failed, summary.overdue, summary.needs_answer) == (2, 1, 1, 1)
    assert (summary.reconnect, summary.accounts) == (1, ("ann@gmail.com",))
    assert summary.needs_you == 6
    assert dict(summary.by_status) == {
        S.DRAFT: 2,
        S.FAILED: 1,
        S.OVERDUE: 1,
        S.NEEDS_VERIFICATION: 1,
        S.CLOSED: 1,
    }


async def test_summary_counts_web_form_drafts_apart(
    uow: MemoryUnitOfWorkFactory, dashboard: DashboardService
) -> None:
    await given_user(uow)
    await given_draft(uow, replace(a_draft("acxiom"), channel=Channel.FORM, recipient=None))

    summary = await dashboard.summary(ANN)

    assert summary is not None
    assert (summary.drafts, summary.forms) == (0, 1)


async def test_summary_of_someone_unknown_is_none(dashboard: DashboardService) -> None:
    assert await dashboard.summary(BOB) is None


async def test_summary_leaves_out_other_peoples_requests(
    uow: MemoryUnitOfWorkFactory, dashboard: DashboardService
) -> None:
    await given_user(uow)
    await given_user(uow, BOB)
    await given_draft(uow, a_draft("acxiom", owner=BOB))

    summary = await dashboard.summary(ANN)

    assert summary is not None
    assert summary.needs_you == 0
    assert summary.by_status == ()


async def test_shown_message_is_remembered(uow: MemoryUnitOfWorkFactory, dashboard: DashboardService) -> None:
    await given_user(uow)
    await dashboard.remember(ANN, ShownStatus(12, "abc"))
    assert await dashboard.shown(ANN) == ShownStatus(12, "abc")


async def test_a_burst_of_changes_redraws_once(dashboard: DashboardService, redraws: Redraws) -> None:
    for _ in range(30):
        dashboard.changed(ANN)
    dashboard.changed(BOB)
    await asyncio.sleep(0.2)
    assert sorted(redraws.people) == [ANN, BOB]


async def test_a_change_after_the_redraw_redraws_again(dashboard: DashboardService, redraws: Redraws) -> None:
    dashboard.changed(ANN)
    await asyncio.sleep(0.2)
    dashboard.changed(ANN)
    await asyncio.sleep(0.2)
    assert redraws.people == [ANN, ANN]


async def test_close_drops_waiting_redraws(dashboard: DashboardService, redraws: Redraws) -> None:
    dashboard.changed(ANN)
    await dashboard.close()
    await asyncio.sleep(0.1)
    assert redraws.people == []


async def test_a_failing_redraw_does_not_stop_later_ones(uow: MemoryUnitOfWorkFactory) -> None:
    calls: list[TelegramId] = []

    async def broken(service: DashboardService, telegram_id: TelegramId) -> None:
        calls.append(telegram_id)
        raise RuntimeError("chat unreachable")

    dashboard = DashboardService(uow, delay=0.01, redraw=broken)
    dashboard.changed(ANN)
    await asyncio.sleep(0.1)
    dashboard.changed(ANN)
    await asyncio.sleep(0.1)
    assert calls == [ANN, ANN]


async def test_latest_message_is_the_newest_seen(dashboard: DashboardService) -> None:
    assert dashboard.latest_message(ANN) == 0
    dashboard.changed(ANN, near=40)
    dashboard.changed(ANN, near=12)
    dashboard.saw_message(ANN, 41)
    assert dashboard.latest_message(ANN) == 41
    assert dashboard.latest_message(BOB) == 0
    await dashboard.close()
