"""Routing: every button's Action reaches exactly one handler, and a gap or a clash stops the bot at start."""

from __future__ import annotations

import pytest
from telegram import CallbackQuery, Update, User
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, ContextTypes

from handlers.callbacks import Action, button_data
from handlers.context import BotApplication, BotContext
from handlers.guards import Tap
from handlers.help import COMMANDS
from handlers.registry import COMMAND_HANDLERS, TAPS, RoutingError, callback_routes, check_commands, register


def _application() -> BotApplication:
    application: BotApplication = (
        ApplicationBuilder()
        .token("123456:TEST-token")
        .context_types(ContextTypes(context=BotContext))
        .build()
    )
    register(application)
    return application


def _tap_update(data: str) -> Update:
    person = User(1001, "Ann", is_bot=False)
    return Update(1, callback_query=CallbackQuery("1", person, chat_instance="1", data=data))


def _answering(application: BotApplication, data: str) -> list[CallbackQueryHandler[BotContext, None]]:
    return [
        handler
        for handler in application.handlers[0]
        if isinstance(handler, CallbackQueryHandler)
        and handler.pattern is not None
        and handler.check_update(_tap_update(data))
    ]


@pytest.mark.parametrize("action", list(Action))
def test_every_action_reaches_exactly_the_handler_that_declares_it(action: Action) -> None:
    answering = _answering(_application(), button_data(action, "12", "ab12"))

    declared = [tap.handle for tap in TAPS if action in tap.actions]
    assert [handler.callback for handler in answering] == declared


def test_unknown_action_reaches_no_action_handler() -> None:
    assert _answering(_application(), "nosuch:12:ab12") == []


def test_routes_cover_every_action_once() -> None:
    assert set(callback_routes(TAPS)) == set(Action)


async def _nothing(update: Update, context: BotContext) -> None:
    return None


def test_routes_without_a_handler_for_an_action_fail_naming_it() -> None:
    taps = [tap for tap in TAPS if Action.QUIET not in tap.actions]

    with pytest.raises(RoutingError, match="QUIET"):
        callback_routes(taps)


def test_routes_with_two_handlers_for_an_action_fail_naming_it() -> None:
    with pytest.raises(RoutingError, match="DROP"):
        callback_routes([*TAPS, Tap((Action.DROP,), _nothing)])


def test_every_menu_command_has_a_handler() -> None:
    assert set(COMMAND_HANDLERS) == {name for name, _ in COMMANDS}


def test_a_command_missing_from_the_menu_fails_at_start() -> None:
    with pytest.raises(RoutingError, match="secret"):
        check_commands({**COMMAND_HANDLERS, "secret": _nothing})
