"""The fake Telegram server behaves like the Bot API, as seen by the real python-telegram-bot and httpx."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.sandbox.telegram import FakeTelegram, RateLimits
from tests.fakes.chat import Chat
from tests.hang import no_hang

KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="yes")]])


@pytest.fixture
def timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22 warns on every RetryAfter unless told to use timedelta already (warnings are errors here).
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:
        yield server


def make_bot(fake: FakeTelegram, token: str | None = None) -> Bot:
    return Bot(token or fake.token, base_url=f"{fake.url}/bot", base_file_url=f"{fake.url}/file/bot")


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    async with make_bot(fake) as client:
        yield client


async def test_get_me_describes_the_bot_of_the_token(bot: Bot, fake: FakeTelegram) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (123456, True, fake.bot_username)


async def test_wrong_token_is_rejected_as_invalid(fake: FakeTelegram) -> None:
    with pytest.raises(InvalidToken, match="rejected by the server"):
        async with make_bot(fake, "999:WRONG"):
            pass


async def test_unknown_method_answers_404_in_the_api_envelope(fake: FakeTelegram) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{fake.url}/bot{fake.token}/sendTelepathy", json={})
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_json_and_query_string_requests_are_understood(fake: FakeTelegram) -> None:
    fake.user(42)
    async with httpx.AsyncClient(base_url=f"{fake.url}/bot{fake.token}") as client:
        by_json = await client.post("/sendMessage", json={"chat_id": 42, "text": "json"})
        by_query = await client.get("/sendMessage", params={"chat_id": "42", "text": "123"})
    assert by_json.json()["result"]["text"] == "json"
    assert by_query.json()["result"]["text"] == "123"
    assert [m.text for m in fake.messages(42)] == ["json", "123"]


async def test_sent_message_is_shaped_like_the_real_one(bot: Bot, fake: FakeTelegram) -> None:
    fake.user(42, username="ann")
    sent = await bot.send_message(42, "<b>Hi</b> &amp; bye", parse_mode="HTML", reply_markup=KEYBOARD)
    assert sent.from_user
    assert (sent.chat.id, sent.chat.username, sent.from_user.id) == (42, "ann", 123456)
    assert sent.text == "Hi & bye"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [("bold", 0, 2)]
    assert sent.reply_markup == KEYBOARD
    assert fake.messages(42)[0].raw_text == "<b>Hi</b> &amp; bye"


async def test_long_polling_returns_injected_updates_in_order_and_confirms_by_offset(
    bot: Bot, fake: FakeTelegram
) -> None:
    ann = fake.user(42)
    ids = [fake.send_message(ann, text) for text in ("one", "two", "/start now")]
    updates = await bot.get_updates(timeout=1)
    assert [u.update_id for u in updates] == ids
    assert [u.message.text for u in updates if u.message] == ["one", "two", "/start now"]
    assert updates[2].message and updates[2].message.entities[0].type == "bot_command"
    assert not fake.is_confirmed(ids[-1])
    assert await bot.get_updates(offset=ids[-1] + 1, timeout=0) == ()
    assert fake.is_confirmed(ids[-1])


async def test_long_poll_answers_as_soon_as_an_update_arrives(bot: Bot, fake: FakeTelegram) -> None:
    ann = fake.user(42)
    polling = asyncio.create_task(bot.get_updates(timeout=50))
    await asyncio.sleep(0.2)
    fake.send_message(ann, "hello")
    with no_hang("a long poll of 50 s after its update arrived"):
        updates = await polling
    assert [u.message.text for u in updates if u.message] == ["hello"]


async def test_a_second_get_updates_terminates_the_waiting_one_with_conflict(fake: FakeTelegram) -> None:
    async with make_bot(fake) as first, make_bot(fake) as second:
        waiting = asyncio.create_task(first.get_updates(timeout=5))
        await asyncio.sleep(0.2)
        await second.get_updates(timeout=0)
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await waiting


async def test_allowed_updates_filters_update_types(bot: Bot, fake: FakeTelegram) -> None:
    ann = fake.user(42)
    sent = await bot.send_message(42, "pick", reply_markup=KEYBOARD)
    fake.send_message(ann, "ignored")
    fake.tap(ann, sent.message_id, "yes")
    updates = await bot.get_updates(timeout=0, allowed_updates=["callback_query"])
    assert [u.callback_query.data for u in updates if u.callback_query] == ["yes"]
    assert len(updates) == 1


async def test_active_webhook_makes_get_updates_conflict(bot: Bot, fake: FakeTelegram) -> None:
    await bot.set_webhook("https://example.org/telegram")
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates(timeout=0)
    await bot.delete_webhook()
    assert await bot.get_updates(timeout=0) == ()


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[str, list[tuple[str | None, dict[str, object]]]]]:
    """A webhook endpoint that refuses its first delivery (503) and takes the others; it records each."""
    received: list[tuple[str | None, dict[str, object]]] = []

    async def hook(request: Request) -> Response:
        received.append((request.headers.get("x-telegram-bot-api-secret-token"), await request.json()))
        return Response(status_code=503 if len(received) == 1 else 200)

    app = Starlette(routes=[Route("/telegram", hook, methods=["POST"])])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, lifespan="off"))
    serving = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn has no event for it
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}/telegram", received
    server.should_exit = True
    await serving


async def test_webhook_gets_each_update_with_the_secret_until_it_takes_it(
    bot: Bot, fake: FakeTelegram, receiver: tuple[str, list[tuple[str | None, dict[str, object]]]]
) -> None:
    url, received = receiver
    user = fake.user(42)
    first = fake.send_message(user, "sent before the webhook was set")
    await bot.set_webhook(url, secret_token="s3cret")
    second = fake.send_message(user, "sent after")
    await fake.wait_until(lambda: fake.is_confirmed(second), what="both updates taken")
    # The first delivery was refused and came again; each update was taken once, in order.
    assert [(secret, body["update_id"]) for secret, body in received] == [
        ("s3cret", first),
        ("s3cret", first),
        ("s3cret", second),
    ]
    await bot.delete_webhook()
    third = fake.send_message(user, "polled again")
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [third]


async def test_editing_to_the_same_content_is_not_modified(bot: Bot, fake: FakeTelegram) -> None:
    fake.user(42)
    sent = await bot.send_message(42, "<b>same</b>", parse_mode="HTML", reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match="Message is not modified: specified new message content"):
        await bot.edit_message_text(
            "*same*", 42, sent.message_id, parse_mode="MarkdownV2", reply_markup=KEYBOARD
        )


async def test_editing_an_unknown_message_is_not_found(bot: Bot, fake: FakeTelegram) -> None:
    fake.user(42)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", 42, 999)


async def test_editing_without_reply_markup_removes_the_keyboard_and_keeps_history(
    bot: Bot, fake: FakeTelegram
) -> None:
    fake.user(42)
    sent = await bot.send_message(42, "pick", reply_markup=KEYBOARD)
    edited = await bot.edit_message_text("picked", 42, sent.message_id)
    assert isinstance(edited, Message)
    assert edited.reply_markup is None
    record = fake.messages(42)[0]
    assert (record.text, record.buttons, record.is_edited) == ("picked", [], True)
    assert record.history[0].text == "pick"


async def test_sending_to_an_unknown_chat_is_chat_not_found(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(777, "hello?")


async def test_a_user_who_blocked_the_bot_is_forbidden_until_unblocked(bot: Bot, fake: FakeTelegram) -> None:
    fake.user(42)
    fake.block(42)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(42, "still there?")
    fake.unblock(42)
    assert (await bot.send_message(42, "welcome back")).text == "welcome back"


async def test_text_over_4096_characters_after_html_parsing_is_too_long(bot: Bot, fake: FakeTelegram) -> None:
    fake.user(42)
    fits = "<b>" + "x" * 4096 + "</b>"
    assert len((await bot.send_message(42, fits, parse_mode="HTML")).text or "") == 4096
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(42, "x" * 4097)


@pytest.mark.parametrize(
    ("mode", "text", "reason"),
    [
        ("HTML", "<b>open", 'find end tag corresponding to start tag "b"'),
        ("HTML", "line<br>break", 'unsupported start tag "br"'),
        ("MarkdownV2", "Done.", "character '.' is reserved"),
    ],
)
async def test_malformed_markup_cannot_be_parsed(
    bot: Bot, fake: FakeTelegram, mode: str, text: str, reason: str
) -> None:
    fake.user(42)
    with pytest.raises(BadRequest, match=re.escape(reason)):
        await bot.send_message(42, text, parse_mode=mode)


async def test_callback_data_must_be_1_to_64_bytes(bot: Bot, fake: FakeTelegram) -> None:
    fake.user(42)
    fits = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="é" * 32)]])
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("no", callback_data="é" * 32 + "x")]])
    await bot.send_message(42, "fits", reply_markup=fits)
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(42, "too long", reply_markup=too_long)


async def test_a_callback_query_can_be_answered_once(bot: Bot, fake: FakeTelegram) -> None:
    ann = fake.user(42)
    sent = await bot.send_message(42, "pick", reply_markup=KEYBOARD)
    query_id = fake.tap(ann, sent.message_id, "yes")
    with pytest.raises(BadRequest, match="Message_too_long"):
        await bot.answer_callback_query(query_id, text="x" * 201)
    await bot.answer_callback_query(query_id, text="Done", show_alert=True)
    assert fake.answered_callbacks[query_id].text == "Done"
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query_id)


@pytest.mark.usefixtures("timedelta_retry_after")
async def test_injected_flood_error_reaches_the_bot_as_retry_after(bot: Bot, fake: FakeTelegram) -> None:
    fake.user(42)
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3)
    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(42, "first")
    assert raised.value.retry_after == dt.timedelta(seconds=3)
    assert (await bot.send_message(42, "second")).text == "second"


async def test_documents_arrive_as_multipart_with_their_bytes(bot: Bot, fake: FakeTelegram) -> None:
    fake.user(42)
    sent = await bot.send_document(42, b'{"a": 1}', filename="export.json", caption="Your data")
    assert sent.document and (sent.document.file_name, sent.document.file_size) == ("export.json", 8)
    record = fake.messages(42)[0]
    assert record.document and record.document.content == b'{"a": 1}'
    assert record.text == "Your data"


async def test_other_methods_answer_like_the_api(bot: Bot, fake: FakeTelegram) -> None:
    fake.user(42, first_name="Ann")
    await bot.set_my_commands([("start", "Begin")], language_code="de")
    assert [c.command for c in await bot.get_my_commands(language_code="de")] == ["start"]
    assert await bot.get_my_commands() == ()
    assert (await bot.get_chat(42)).first_name == "Ann"
    assert await bot.send_chat_action(42, "typing")
    sent = await bot.send_message(42, "bye")
    assert await bot.delete_message(42, sent.message_id)
    assert fake.messages(42) == []
    assert fake.spec_violations == []


async def test_spec_check_records_a_misspelled_parameter(bot: Bot, fake: FakeTelegram) -> None:
    if not fake.has_spec:
        pytest.skip("the Bot API spec file is not beside the repository")
    fake.user(42)
    await bot.send_message(42, "hi", api_kwargs={"disable_notifcation": True})
    assert fake.spec_violations == ["sendMessage: unknown parameter 'disable_notifcation'"]


async def test_without_a_spec_file_nothing_is_checked(tmp_path: Path) -> None:
    with FakeTelegram(spec_path=tmp_path / "absent.json") as fake:
        fake.user(42)
        async with make_bot(fake) as client:
            await client.send_message(42, "hi", api_kwargs={"bogus": 1})
        assert not fake.has_spec
        assert fake.spec_violations == []


@pytest.mark.usefixtures("timedelta_retry_after")
async def test_limits_refuse_a_burst_to_one_chat(bot: Bot, fake: FakeTelegram) -> None:
    fake.user(42)
    fake.enforce_limits = True
    for n in range(3):
        await bot.send_message(42, f"burst {n}")
    with pytest.raises(RetryAfter):
        await bot.send_message(42, "one too many")
    assert fake.rate_limit_violations == 1
    assert fake.delivered_counts()[42] == 3


@pytest.mark.usefixtures("timedelta_retry_after")
async def test_limits_refuse_more_than_30_a_second_overall(bot: Bot, fake: FakeTelegram) -> None:
    for user_id in range(1, 32):
        fake.user(user_id)
    fake.enforce_limits = True
    await asyncio.gather(*(bot.send_message(user_id, "news") for user_id in range(1, 31)))
    with pytest.raises(RetryAfter):
        await bot.send_message(31, "news")


async def test_limits_admit_paced_messages() -> None:
    limits = RateLimits(overall_per_second=30, chat_burst=1, chat_per_second=20.0)
    with FakeTelegram(enforce_limits=True, rate_limits=limits) as fake:
        fake.user(42)
        async with make_bot(fake) as client:
            for n in range(8):
                await client.send_message(42, f"paced {n}")
                await asyncio.sleep(0.06)
        assert fake.rate_limit_violations == 0
        assert len(fake.delivered) == 8


async def test_stopping_ends_the_server_thread() -> None:
    fake = FakeTelegram()
    url = fake.start()
    fake.stop()
    assert not [t for t in threading.enumerate() if t.name == f"fake-telegram {url}"]
    async with httpx.AsyncClient() as client:
        with pytest.raises(httpx.ConnectError):
            await client.get(url)


async def start_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_chat
    await context.bot.send_message(update.effective_chat.id, "Welcome!", reply_markup=KEYBOARD)
    await asyncio.sleep(0.05)
    await context.bot.send_message(
        update.effective_chat.id,
        "More",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Docs", url="https://example.org")]]),
    )


async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_chat
    await context.bot.send_document(update.effective_chat.id, b"[]", filename="export.json")


async def yes_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query and query.message
    await query.answer()
    await query.edit_message_text(f"You said {query.data}")


@pytest.fixture
async def application(fake: FakeTelegram) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    app = (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(f"{fake.url}/bot")
        .base_file_url(f"{fake.url}/file/bot")
        .build()
    )
    app.add_handler(CommandHandler("start", start_command))
    app.add_handler(CommandHandler("export", export_command))
    app.add_handler(CallbackQueryHandler(yes_callback))
    async with app:
        await app.updater.start_polling(timeout=1)  # type: ignore[union-attr]
        await app.start()
        yield app
        await app.updater.stop()  # type: ignore[union-attr]
        await app.stop()


@pytest.mark.usefixtures("application")
async def test_a_polling_application_answers_start_and_button_taps(fake: FakeTelegram) -> None:
    chat = Chat(fake, fake.user(42))
    replies = await chat.say("/start")
    assert [m.text for m in replies] == ["Welcome!", "More"]
    assert chat.buttons() == ["Docs"]
    with pytest.raises(ValueError, match="link"):
        await chat.tap("Docs")
    edited = await chat.tap("Yes", message=replies[0])
    assert [m.text for m in edited] == ["You said yes"]
    assert chat.last.text == "More"
    assert chat.last_answer is not None
    assert fake.spec_violations == []


@pytest.mark.usefixtures("application")
async def test_chat_can_forge_callback_data_and_fetch_documents(fake: FakeTelegram) -> None:
    chat = Chat(fake, fake.user(42))
    welcome = (await chat.say("/start"))[0]
    # /start's second message comes 50 ms after the first: wait for it, or the tap's answer could hold it.
    await fake.wait_until(lambda: chat.last.text == "More", what="the second message of /start")
    assert [m.text for m in await chat.tap_data("forged", welcome)] == ["You said forged"]
    assert await chat.say("/export") == [chat.last]
    assert chat.document("export.json") == b"[]"
    assert await chat.say("no handler for this") == []


async def test_group_messages_come_from_the_group_chat(bot: Bot, fake: FakeTelegram) -> None:
    group = fake.group(-100, "Friends")
    fake.send_message(fake.user(42), "/start@fake_test_bot hi", chat=group)
    (update,) = await bot.get_updates(timeout=0)
    assert update.message and (update.message.chat.type, update.message.chat.title) == ("group", "Friends")
    assert update.message.entities[0].length == len("/start@fake_test_bot")
    await bot.send_message(-100, "hello group")
    assert [m.text for m in fake.messages(-100)] == ["hello group"]


async def test_a_users_document_is_fetched_with_get_file_and_the_file_link(
    bot: Bot, fake: FakeTelegram
) -> None:
    ann = fake.user(1001)
    fake.send_document(ann, b"name,site\n", "list.csv", "text/csv")
    (update,) = await bot.get_updates()
    document = update.message.document  # type: ignore[union-attr]
    assert (document.file_name, document.mime_type, document.file_size) == ("list.csv", "text/csv", 10)

    file = await bot.get_file(document.file_id)

    assert file.file_size == 10 and file.file_path
    assert bytes(await file.download_as_bytearray()) == b"name,site\n"
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("DOC999")
    async with httpx.AsyncClient() as client:
        wrong_token = await client.get(f"{fake.url}/file/bot999:WRONG/documents/{document.file_id}")
        unknown = await client.get(f"{fake.url}/file/bot{fake.token}/documents/DOC999")
    assert (wrong_token.status_code, unknown.status_code) == (404, 404)
