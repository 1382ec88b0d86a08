"""The report: counts by status, overdue requests, how each broker answered, and the timeline files."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from bot.services.report import CSV_COLUMNS, ReportService
from brokers.catalog import load_bundled
from brokers.lifecycle import RequestStatus
from brokers.profile import TelegramId
from brokers.requests import RequestId
from tests.clock import FakeClock
from tests.factories import ANN, BOB, a_draft, given_draft, given_user
from tests.fakes.memory import MemoryUnitOfWorkFactory

S = RequestStatus
CATALOG = load_bundled()


@dataclass
class World:
    uow: MemoryUnitOfWorkFactory
    clock: FakeClock
    report: ReportService

    async def draft(self, broker_id: str, owner: TelegramId = ANN) -> RequestId:
        return (await given_draft(self.uow, a_draft(broker_id, owner))).id

    async def move(self, request_id: RequestId, to: S, reason: str, **values: Any) -> None:
        """A status change with the reason the report reads (given_status gives every step one reason)."""
        async with self.uow() as unit:
            request = await unit.requests.get(request_id)
            assert request is not None
            assert await unit.requests.move(
                request_id, expected=request.status, to=to, reason=reason, **values
            )
            await unit.commit()

    async def sent(self, broker_id: str, owner: TelegramId = ANN, deadline_days: int = 30) -> RequestId:
        request_id = await self.draft(broker_id, owner)
        now = self.clock.now()
        await self.move(
            request_id, S.SENDING, "confirmed by the person", message_id_header=f"<ddr.{request_id}>"
        )
        await self.move(
            request_id,
            S.SENT,
            "Gmail accepted it",
            sent_at=now,
            deadline_at=now + timedelta(days=deadline_days),
        )
        return request_id


@pytest.fixture
async def world(uow: MemoryUnitOfWorkFactory, clock: FakeClock) -> World:
    for telegram_id in (ANN, BOB):
        await given_user(uow, telegram_id)
    return World(uow, clock, ReportService(uow, lambda: CATALOG, clock))


async def test_summary_counts_the_persons_requests_by_status(world: World) -> None:
    await world.sent("33across")
    await world.sent("01advertising")
    await world.sent("33across", owner=BOB)
    report = await world.report.summary(ANN)
    assert report.total == 2
    assert report.by_status == ((S.SENT, 2),)


async def test_summary_counts_drafts_and_skipped_drafts_apart_from_requests(world: World) -> None:
    await world.sent("33across")
    await world.draft("4legalleads")
    skipped = await world.draft("01advertising")
    await world.move(skipped, S.CLOSED, "skipped by the person")
    report = await world.report.summary(ANN)
    assert (report.total, report.by_status) == (1, ((S.SENT, 1),))
    assert (report.drafts, report.skipped) == (1, 1)


async def test_summary_counts_a_draft_in_the_skipped_state_as_skipped_not_as_a_request(world: World) -> None:
    await world.sent("33across")
    skipped = await world.draft("01advertising")
    await world.move(skipped, S.SKIPPED, "skipped by the person")
    report = await world.report.summary(ANN)
    assert (report.total, report.by_status, report.skipped) == (1, ((S.SENT, 1),), 1)


async def test_summary_of_a_person_without_requests_is_empty(world: World) -> None:
    await world.sent("33across", owner=BOB)
    report = await world.report.summary(ANN)
    assert (report.total, report.by_status, report.overdue, report.league) == (0, (), (), ())


async def test_overdue_lists_waiting_requests_past_their_deadline(world: World) -> None:
    late = await world.sent("33across", deadline_days=10)
    done = await world.sent("01advertising", deadline_days=10)
    await world.sent("4legalleads", deadline_days=30)
    world.clock.advance(days=5)
    await world.move(done, S.COMPLETED, "reply: completed")
    world.clock.advance(days=8)
    report = await world.report.summary(ANN)
    assert [(o.request_id, o.broker_name, o.status, o.days_late) for o in report.overdue] == [
        (late, "33Across Inc.", S.SENT, 3)
    ]


async def test_overdue_keeps_a_request_the_broker_acknowledged_but_never_settled(world: World) -> None:
    request_id = await world.sent("33across", deadline_days=10)
    world.clock.advance(days=2)
    await world.move(request_id, S.ACKNOWLEDGED, "reply: acknowledged")
    world.clock.advance(days=10)
    report = await world.report.summary(ANN)
    assert [(o.request_id, o.status, o.days_late) for o in report.overdue] == [
        (request_id, S.ACKNOWLEDGED, 2)
    ]


async def test_league_counts_days_from_sending_to_the_first_reply(world: World) -> None:
    request_id = await world.sent("33across")
    world.clock.advance(days=3, hours=5)
    await world.move(request_id, S.ACKNOWLEDGED, "reply: acknowledged")
    world.clock.advance(days=6)
    await world.move(request_id, S.COMPLETED, "reply: completed")
    (line,) = (await world.report.summary(ANN)).league
    assert (line.broker_name, line.days_to_reply, line.outcome) == ("33Across Inc.", 3, S.COMPLETED)


async def test_league_counts_the_persons_correction_as_an_answer(world: World) -> None:
    request_id = await world.sent("33across")
    world.clock.advance(days=12)
    await world.move(request_id, S.COMPLETED, "corrected by the person")
    (line,) = (await world.report.summary(ANN)).league
    assert (line.days_to_reply, line.outcome) == (12, S.COMPLETED)


async def test_league_ignores_changes_that_are_not_answers(world: World) -> None:
    request_id = await world.sent("33across", deadline_days=10)
    world.clock.advance(days=11)
    await world.move(request_id, S.OVERDUE, "deadline passed")
    (line,) = (await world.report.summary(ANN)).league
    assert (line.days_to_reply, line.outcome) == (None, S.OVERDUE)


@pytest.mark.parametrize("cls", ["auto_reply", "bounced"])
async def test_league_does_not_count_an_automatic_reply_or_a_bounce_as_an_answer(
    world: World, cls: str
) -> None:
    request_id = await world.sent("33across")
    world.clock.advance(hours=2)
    async with world.uow() as unit:
        await unit.requests.note(request_id, reason=f"reply: {cls}", evidence={"class": cls})
        await unit.commit()
    (line,) = (await world.report.summary(ANN)).league
    assert line.days_to_reply is None


async def test_league_ranks_the_fastest_first_and_the_silent_last(world: World) -> None:
    slow = await world.sent("33across")
    fast = await world.sent("01advertising")
    await world.sent("4legalleads")
    await world.draft("acxiom")
    world.clock.advance(hours=3)
    await world.move(fast, S.NO_DATA, "reply: no_data")
    world.clock.advance(days=9)
    await world.move(slow, S.REFUSED, "reply: refused")
    league = (await world.report.summary(ANN)).league
    assert [(line.broker_name, line.days_to_reply) for line in league] == [
        ("01Advertising Inc.", 0),
        ("33Across Inc.", 9),
        ("4Legalleads", None),
    ]


async def test_league_shows_the_latest_request_to_a_broker(world: World) -> None:
    first = await world.sent("33across")
    world.clock.advance(days=4)
    await world.move(first, S.COMPLETED, "reply: completed")
    await world.move(first, S.CLOSED, "closed by the person")
    world.clock.advance(days=60)
    second = await world.sent("33across")
    (line,) = (await world.report.summary(ANN)).league
    assert (line.request_id, line.days_to_reply, line.outcome) == (second, None, S.SENT)


async def test_timeline_csv_has_a_row_for_every_status_change(world: World) -> None:
    request_id = await world.sent("33across")
    world.clock.advance(days=2)
    await world.move(request_id, S.ACKNOWLEDGED, "reply: acknowledged")
    await world.sent("01advertising", owner=BOB)
    data = await world.report.timeline_csv(ANN)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(r["request_id"], r["event_from"], r["event_to"], r["event_reason"]) for r in rows] == [
        (str(request_id), "", "draft", "created"),
        (str(request_id), "draft", "sending", "confirmed by the person"),
        (str(request_id), "sending", "sent", "Gmail accepted it"),
        (str(request_id), "sent", "acknowledged", "reply: acknowledged"),
    ]
    assert {
        (r["broker"], r["law"], r["recipient"], r["status"], r["sent_at"], r["deadline_at"]) for r in rows
    } == {
        (
            "33Across Inc.",
            "gdpr",
            "privacy@33across.example",
            "acknowledged",
            "2026-11-02T09:00:00+00:00",
            "2026-12-02T09:00:00+00:00",
        )
    }
    assert rows[-1]["event_at"] == "2026-11-04T09:00:00+00:00"


async def test_timeline_leaves_out_the_evidence_of_a_reply(world: World) -> None:
    request_id = await world.sent("33across")
    await world.move(
        request_id, S.NEEDS_VERIFICATION, "reply: needs_verification", evidence={"phrase": "send a passport"}
    )
    for data in (await world.report.timeline_csv(ANN), await world.report.timeline_json(ANN)):
        assert b"reply: needs_verification" in data
        assert b"passport" not in data


async def test_timeline_csv_defuses_cells_a_spreadsheet_would_run(world: World) -> None:
    request_id = await world.sent("33across")
    await world.move(request_id, S.COMPLETED, '=HYPERLINK("http://x.example")')
    rows = list(csv.DictReader(io.StringIO((await world.report.timeline_csv(ANN)).decode("utf-8-sig"))))
    assert rows[-1]["event_reason"] == '\'=HYPERLINK("http://x.example")'


async def test_timeline_json_lists_every_request_with_its_events_oldest_first(world: World) -> None:
    first = await world.sent("33across")
    second = await world.draft("01advertising")
    document = json.loads(await world.report.timeline_json(ANN))
    assert document["generated_at"] == "2026-11-02T09:00:00+00:00"
    assert [(r["request_id"], r["broker"], r["status"]) for r in document["requests"]] == [
        (first, "33Across Inc.", "sent"),
        (second, "01Advertising Inc.", "draft"),
    ]
    assert document["requests"][0]["message_id"] == f"<ddr.{first}>"
    assert [e["to"] for e in document["requests"][0]["events"]] == ["draft", "sending", "sent"]
    assert document["requests"][1]["sent_at"] is None


async def test_timeline_reads_every_page_of_many_requests(world: World) -> None:
    for number in range(205):
        await world.draft(f"broker{number}")
    document = json.loads(await world.report.timeline_json(ANN))
    assert len(document["requests"]) == 205
    summary = await world.report.summary(ANN)
    assert (summary.total, summary.drafts) == (0, 205)
