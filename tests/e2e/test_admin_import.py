"""Catalog import by document: an operator sends a registry CSV or a datarequests JSON, reads the dry
run, and applies or cancels it; anyone else's file, and any bad file, changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.app import BotRuntime
from bot.sandbox.telegram import FakeTelegram
from bot.services.catalog_import import MAX_IMPORT_BYTES, CatalogImport, ImportPreview
from bot.services.live_catalog import LiveCatalog
from brokers.catalog import Catalog
from storage.catalog import SqlCatalogOverrides, load_overrides
from storage.engine import create_session_factory
from tests.e2e.conftest import ADMIN_ID
from tests.fakes.chat import Chat

DATA = Path(__file__).parent.parent / "brokers" / "data"
REGISTRY = (DATA / "ca_registry_sample.csv").read_bytes()
DATAREQUESTS = (DATA / "datarequests_sample.json").read_bytes()
OTHER_FILE = "I can only read text messages. /help lists what I can do."


@pytest.fixture
def operator(telegram: FakeTelegram) -> Chat:
    return Chat(telegram, telegram.user(ADMIN_ID, first_name="Op", username="op", language_code="en"))


async def test_registry_csv_shows_a_dry_run_and_apply_stores_and_uses_it(
    operator: Chat, bot: BotRuntime
) -> None:
    (preview,) = await operator.send_file(REGISTRY, "registry-2025.csv")

    assert preview.text.startswith("Import dry run: California registry")
    assert "new," in preview.text and "rejected" in preview.text
    assert "Nowhere Analytics Corp.: no usable website domain" in preview.text
    assert preview.button_texts == ["Apply", "Cancel"]
    assert await load_overrides(bot.engine) == []
    assert bot.catalog.by_domain("acmedata.test") is None

    (applied,) = await operator.tap("Apply")

    assert applied.text.startswith("Import applied: ") and not applied.buttons
    stored = {record["id"]: record for record in await load_overrides(bot.engine)}
    acme = bot.catalog.by_domain("acmedata.test")
    assert acme is not None and acme.id in stored and stored[acme.id]["email"] == "privacy@acmedata.test"
    audit = (await operator.say("/audit 3"))[0].text
    assert "admin:catalog_import_apply" in audit and '"format": "california-registry"' in audit


async def test_apply_twice_stores_once(operator: Chat, bot: BotRuntime) -> None:
    (preview,) = await operator.send_file(REGISTRY, "registry.csv")
    apply_data = preview.buttons[0][0].callback_data
    assert apply_data is not None
    await operator.tap("Apply")
    stored = await load_overrides(bot.engine)

    assert await operator.tap_data(apply_data, preview) == []

    assert operator.last_answer is not None and "already applied" in (operator.last_answer.text or "")
    assert await load_overrides(bot.engine) == stored


async def test_datarequests_json_can_be_cancelled_and_then_changes_nothing(
    operator: Chat, bot: BotRuntime
) -> None:
    (preview,) = await operator.send_file(DATAREQUESTS, "companies.json", "application/json")
    assert preview.text.startswith("Import dry run: datarequests.org")
    apply_data = preview.buttons[0][0].callback_data
    assert apply_data is not None

    (cancelled,) = await operator.tap("Cancel")

    assert cancelled.text == "Import cancelled. Nothing was changed."
    await operator.tap_data(apply_data, cancelled)  # the old Apply, forged after the cancel
    assert operator.last_answer is not None and "already applied, cancelled" in (
        operator.last_answer.text or ""
    )
    assert await load_overrides(bot.engine) == []


@pytest.mark.parametrize(
    ("content", "file_name", "answer"),
    [
        (b"%PDF-1.7", "registry.pdf", "I import a California registry .csv or a datarequests.org .json"),
        (b"name,site\nAcme,acme.test\n", "wrong.csv", "I cannot read that file: a registry CSV needs"),
        (b'[{"slug": "x", ', "broken.json", "I cannot read that file"),
        (b"\xff\xfe\x00bad", "registry.csv", "That file is not UTF-8 text."),
        (b"", "empty.json", "I cannot read that file"),
        (b"[]", "nothing.json", "That file holds no rows."),
        (b"x" * (MAX_IMPORT_BYTES + 1), "huge.csv", "That file is too big: at most 5 MB."),
    ],
)
async def test_a_bad_file_gets_a_clear_answer_and_changes_nothing(
    operator: Chat, telegram: FakeTelegram, bot: BotRuntime, content: bytes, file_name: str, answer: str
) -> None:
    (reply,) = await operator.send_file(content, file_name)

    assert reply.text.startswith(answer) and reply.text.endswith("Nothing was changed.")
    assert not reply.buttons
    assert await load_overrides(bot.engine) == []
    if file_name.endswith(".pdf") or file_name == "huge.csv":
        assert telegram.calls_to("getFile") == []  # refused before downloading anything


async def test_a_file_with_wrongly_typed_records_lists_them_as_rejected(
    operator: Chat, bot: BotRuntime
) -> None:
    records = [
        {"slug": "odd", "name": "Odd", "web": "https://odd.test", "email": "a@odd.test", "categories": 5}
    ]

    (preview,) = await operator.send_file(json.dumps(records).encode(), "odd.json")

    assert "0 new, 0 would change a listed broker, 0 unchanged, 1 rejected" in preview.text
    assert "1 Odd: a field has the wrong type" in preview.text


async def test_a_file_from_anyone_else_is_like_any_other_file(
    operator: Chat, ann: Chat, telegram: FakeTelegram, bot: BotRuntime
) -> None:
    (reply,) = await ann.send_file(REGISTRY, "registry.csv")
    assert reply.text == OTHER_FILE
    group = telegram.group(-100777, "Ops")
    update_id = telegram.send_document(operator.user, REGISTRY, "registry.csv", chat=group)
    await telegram.wait_processed(update_id)
    assert telegram.messages(group.id) == []  # even the admin's file in a group gets what any gets: nothing
    assert telegram.calls_to("getFile") == []
    assert await load_overrides(bot.engine) == []


async def test_dry_run_on_one_instance_is_applied_once_on_another(bot: BotRuntime) -> None:
    # Two instances on one database, each with its own import service and catalog: the operator's
    # Apply tap may reach either one.
    def instance() -> tuple[CatalogImport, list[Catalog]]:
        held = [bot.catalog]
        overrides = SqlCatalogOverrides(create_session_factory(bot.engine))
        service = CatalogImport(
            bot.services.console, bot.clock, LiveCatalog(overrides, lambda: held[0], held.append)
        )
        return service, held

    (one, _), (other, others_catalogs) = instance(), instance()
    preview = await one.preview(ADMIN_ID, "registry.csv", REGISTRY)
    assert isinstance(preview, ImportPreview)

    assert await other.apply(ADMIN_ID + 1, preview.id) is None, "not another operator's file"
    applied = await other.apply(ADMIN_ID, preview.id)

    assert applied is not None and applied.new == preview.summary.new
    assert others_catalogs[-1].by_domain("acmedata.test") is not None
    assert await one.apply(ADMIN_ID, preview.id) is None, "a dry run is applied once"
