"""UserRepository and AuditLog contract: consent once, whole-user saves, erasure of every row, activity."""

from __future__ import annotations

from dataclasses import replace

from brokers.dashboard import ShownStatus
from brokers.profile import NoticePace, Profile, ProfileField, QuietHours, Step, TelegramId, User
from tests.contracts.conftest import Store
from tests.factories import ANN, BOB, a_draft, a_user, given_account, given_draft, given_user


async def test_consent_is_claimed_once(store: Store) -> None:
    results = []
    for _ in range(2):
        async with store.uow() as unit:
            results.append(await unit.users.claim_consent(a_user()))
            await unit.commit()
    assert results == [True, False]


async def test_second_consent_claim_leaves_the_first_user_as_it_was(store: Store) -> None:
    await given_user(store.uow)
    async with store.uow() as unit:
        await unit.users.claim_consent(replace(a_user(), language="de"))
        await unit.commit()
        assert await unit.users.get(ANN) == a_user()


async def test_quiet_hours_of_reads_the_known_users_of_those_asked(store: Store) -> None:
    await given_user(store.uow, ANN)
    async with store.uow() as unit:
        await unit.users.save(a_user(BOB, timezone="Europe/Berlin", quiet_start=22, quiet_end=7))
        await unit.commit()
    async with store.uow() as unit:
        quiet = await unit.users.quiet_hours_of([BOB, TelegramId(404)])
        assert await unit.users.quiet_hours_of([]) == []
    assert quiet == [QuietHours(BOB, "Europe/Berlin", 22, 7)]


async def _user(store: Store, telegram_id: TelegramId) -> User | None:
    async with store.uow() as unit:
        return await unit.users.get(telegram_id)


async def test_saved_user_reads_back_equal_with_every_setting(store: Store) -> None:
    user = a_user(
        jurisdiction="US-CA",
        timezone="Europe/Berlin",
        quiet_start=22,
        quiet_end=7,
        profile=Profile("Ann Example", ("a@example.org", "b@example.org"), "1 Main St\nSpringfield"),
        step=Step.ADDRESS,
        editing=ProfileField.NAME,
        drop_submitted_at=store.clock.now(),
        notice_pace=NoticePace.IMMEDIATE,
        share_domains=True,
        domains_shared_at=store.clock.now(),
    )
    async with store.uow() as unit:
        await unit.users.save(user)
        await unit.commit()
    async with store.uow() as unit:
        assert await unit.users.get(ANN) == user


async def test_save_replaces_the_whole_user(store: Store) -> None:
    await given_user(store.uow)
    changed = replace(a_user(), language="de", profile=Profile(), step=Step.NAME)
    async with store.uow() as unit:
        await unit.users.save(changed)
        await unit.commit()
    async with store.uow() as unit:
        assert await unit.users.get(ANN) == changed


async def test_unknown_user_reads_as_none(store: Store) -> None:
    async with store.uow() as unit:
        assert await unit.users.get(ANN) is None


async def test_delete_removes_the_users_accounts_requests_and_audit_rows(store: Store) -> None:
    await given_user(store.uow)
    await given_user(store.uow, BOB)
    account = await given_account(store.uow)
    request = await given_draft(store.uow, a_draft(account=account))
    async with store.uow() as unit:
        await unit.audit.record(action="consent", actor=ANN, user_id=ANN)
        await unit.audit.record(action="refused_callback", actor=ANN, user_id=BOB)
        await unit.audit.record(action="consent", actor=BOB, user_id=BOB)
        await unit.commit()
    async with store.uow() as unit:
        assert await unit.users.delete(ANN) is True
        await unit.commit()
    async with store.uow() as unit:
        assert await unit.users.get(ANN) is None
        assert await unit.accounts.list_for(ANN) == []
        assert await unit.requests.get(request.id) is None
        assert await unit.requests.history(request.id) == []
        assert [(e["action"], e["actor"]) for e in await unit.audit.recent()] == [("consent", BOB)]
        assert await unit.users.get(BOB) is not None


async def test_delete_of_an_unknown_user_is_false(store: Store) -> None:
    async with store.uow() as unit:
        assert await unit.users.delete(ANN) is False


async def test_set_active_reports_only_a_change(store: Store) -> None:
    await given_user(store.uow)
    async with store.uow() as unit:
        results = [
            await unit.users.set_active(ANN, active=True),
            await unit.users.set_active(ANN, active=False),
            await unit.users.set_active(ANN, active=False),
        ]
        await unit.commit()
    async with store.uow() as unit:
        user = await unit.users.get(ANN)
    assert results == [False, True, False]
    assert user is not None
    assert user.active is False


async def test_set_active_of_an_unknown_user_is_false(store: Store) -> None:
    async with store.uow() as unit:
        assert await unit.users.set_active(ANN, active=False) is False


async def test_export_of_an_unknown_user_is_empty(store: Store) -> None:
    async with store.uow() as unit:
        assert await unit.users.export(ANN) == {}


async def test_export_holds_the_users_requests_but_not_another_persons(store: Store) -> None:
    await given_user(store.uow)
    await given_user(store.uow, BOB)
    await given_draft(store.uow, a_draft("acxiom"))
    await given_draft(store.uow, a_draft("corelogic", owner=BOB))
    async with store.uow() as unit:
        exported = await unit.users.export(ANN)
    assert [r["broker_id"] for r in exported["deletion_requests"]] == ["acxiom"]
    assert set(exported) >= {"user", "gmail_accounts", "deletion_requests", "audit_log"}


async def test_export_says_how_routine_updates_reach_the_person(store: Store) -> None:
    async with store.uow() as unit:
        await unit.users.save(a_user(notice_pace=NoticePace.IMMEDIATE))
        await unit.commit()
    async with store.uow() as unit:
        exported = await unit.users.export(ANN)
    assert exported["user"]["notice_pace"] == "immediate"


async def test_audit_lists_the_newest_entries_first_up_to_the_limit(store: Store) -> None:
    await given_user(store.uow)
    async with store.uow() as unit:
        for action in ("consent", "export", "send"):
            await unit.audit.record(action=action, actor=ANN, user_id=ANN, detail={"n": 1})
        await unit.commit()
    async with store.uow() as unit:
        recent = await unit.audit.recent(limit=2)
    assert recent == [
        {"at": store.clock.now().isoformat(), "actor": ANN, "user_id": ANN, "action": a, "detail": {"n": 1}}
        for a in ("send", "export")
    ]


async def test_audit_entry_without_a_person_or_detail_reads_back_with_nones(store: Store) -> None:
    async with store.uow() as unit:
        await unit.audit.record(action="erasure", actor=None)
        await unit.commit()
    async with store.uow() as unit:
        (entry,) = await unit.audit.recent()
    assert (entry["actor"], entry["user_id"], entry["detail"]) == (None, None, None)


async def test_status_message_is_remembered_replaced_and_forgotten(store: Store) -> None:
    await given_user(store.uow)
    async with store.uow() as unit:
        assert await unit.users.status_message(ANN) is None
        assert await unit.users.set_status_message(ANN, ShownStatus(41, "aa"))
        assert await unit.users.set_status_message(ANN, ShownStatus(57, "bb"))
        await unit.commit()
    async with store.uow() as unit:
        assert await unit.users.status_message(ANN) == ShownStatus(57, "bb")
        assert await unit.users.set_status_message(ANN, None)
        await unit.commit()
    async with store.uow() as unit:
        assert await unit.users.status_message(ANN) is None


async def test_status_message_of_an_unknown_user_is_not_stored(store: Store) -> None:
    async with store.uow() as unit:
        assert not await unit.users.set_status_message(BOB, ShownStatus(41, "aa"))
        await unit.commit()
    async with store.uow() as unit:
        assert await unit.users.status_message(BOB) is None


async def test_status_message_goes_with_the_erased_user(store: Store) -> None:
    await given_user(store.uow)
    async with store.uow() as unit:
        await unit.users.set_status_message(ANN, ShownStatus(41, "aa"))
        await unit.commit()
    async with store.uow() as unit:
        await unit.users.delete(ANN)
        await unit.commit()
    await given_user(store.uow)
    async with store.uow() as unit:
        assert await unit.users.status_message(ANN) is None
