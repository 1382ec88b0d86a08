"""All handler registration in one place, and the localised command menu."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping

from telegram import BotCommand, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, TypeHandler, filters

from bot.container import Services
from bot.i18n import Text
from bot.log_secrets import keep_out_of_logs
from bot.services.connect_events import ConnectUpdate
from brokers.profile import SUPPORTED_LANGUAGES, TelegramId
from handlers.admin import audit_command, health_command, stats_command, user_command
from handlers.admin_broadcast import broadcast_callback, broadcast_command
from handlers.admin_catalog import broker_command, broker_set_command, contact_fix_callback, contacts_command
from handlers.admin_import import catalog_document_message, catalog_import_callback
from handlers.callbacks import Action
from handlers.connect import (
    accounts_command,
    connect_callback,
    connect_command,
    connect_update,
    disconnect_callback,
)
from handlers.context import BotApplication, BotContext
from handlers.drop import drop_callback, drop_command
from handlers.errors import error_handler
from handlers.follow_all import follow_all_callback, follow_all_cancel_callback, follow_all_confirmed_callback
from handlers.guards import Handler, Tap
from handlers.help import (
    ADMIN_COMMANDS,
    COMMANDS,
    commands_for,
    group_message,
    help_command,
    menu_callback,
    other_message,
    set_admin_menu,
    unknown_command,
)
from handlers.letter_switch import switch_letter_language_callback
from handlers.onboarding import consent_callback, start_command
from handlers.privacy import export_command, forget_callback, forget_command, privacy_command
from handlers.profile import (
    jurisdiction_callback,
    language_callback,
    region_callback,
    skip_callback,
    text_message,
)
from handlers.reply_taps import bounce_callback, show_reply_callback
from handlers.report import report_callback, report_command
from handlers.report_actions import companies_add_callback, companies_callback, well_known_callback
from handlers.report_picks import pick_callback, pick_page_callback
from handlers.request_list import list_callback, requests_command, show_callback
from handlers.requests import (
    form_done_callback,
    preview_callback,
    review_callback,
    review_command,
    review_more_callback,
    send_all_callback,
    send_all_cancel_callback,
    send_all_company_callback,
    send_all_confirmed_callback,
    send_all_more_callback,
    skip_request_callback,
    unskip_request_callback,
)
from handlers.scan import cancel_scan_callback, scan_callback, scan_command
from handlers.sending import cancel_letter_callback, confirm_letter_callback, undo_letter_callback
from handlers.settings import clear_callback, edit_callback, pace_callback, quiet_callback, settings_command
from handlers.status_command import status_callback, status_command
from handlers.tracking_actions import (
    ask_again_callback,
    counter_letter_callback,
    filed_callback,
    fix_status_callback,
    follow_up_callback,
    timeline_callback,
)

log = logging.getLogger(__name__)


async def came_back(update: Update, context: BotContext) -> None:
    """Any update from a person who had blocked the bot makes pushes resume."""
    if (
        update.effective_user is not None
        and update.effective_chat is not None
        and update.effective_chat.type == ChatType.PRIVATE
    ):
        await context.services.onboarding.reactivate(TelegramId(update.effective_user.id))


async def names_out_of_logs(update: Update, _context: BotContext) -> None:
    """Whoever writes, their names never reach a log line from here on (scrubbed by value)."""
    user, chat = update.effective_user, update.effective_chat
    if user is not None:
        keep_out_of_logs(user.first_name, user.last_name, user.username, user.full_name)
    if chat is not None:
        keep_out_of_logs(chat.title, chat.username)


class RoutingError(RuntimeError):
    """The handlers do not cover the actions or commands one to one: a bug, found at start."""


# Every button handler; each declares its Action in its decorator, and routing follows from that.
TAPS: tuple[Tap, ...] = (
    consent_callback,
    skip_callback,
    region_callback,
    jurisdiction_callback,
    language_callback,
    edit_callback,
    clear_callback,
    forget_callback,
    menu_callback,
    connect_callback,
    disconnect_callback,
    scan_callback,
    review_callback,
    cancel_scan_callback,
    companies_callback,
    companies_add_callback,
    well_known_callback,
    pick_callback,
    pick_page_callback,
    preview_callback,
    skip_request_callback,
    unskip_request_callback,
    form_done_callback,
    send_all_callback,
    send_all_confirmed_callback,
    send_all_more_callback,
    send_all_company_callback,
    send_all_cancel_callback,
    confirm_letter_callback,
    undo_letter_callback,
    cancel_letter_callback,
    switch_letter_language_callback,
    list_callback,
    show_callback,
    report_callback,
    follow_up_callback,
    follow_all_callback,
    follow_all_confirmed_callback,
    follow_all_cancel_callback,
    counter_letter_callback,
    fix_status_callback,
    show_reply_callback,
    bounce_callback,
    filed_callback,
    ask_again_callback,
    timeline_callback,
    drop_callback,
    quiet_callback,
    pace_callback,
    status_callback,
    review_more_callback,
    broadcast_callback,
    contact_fix_callback,
    catalog_import_callback,
)

COMMAND_HANDLERS: dict[str, Handler] = {
    "start": start_command,
    "status": status_command,
    "settings": settings_command,
    "privacy": privacy_command,
    "export": export_command,
    "forget": forget_command,
    "help": help_command,
    "connect": connect_command,
    "accounts": accounts_command,
    "disconnect": accounts_command,
    "review": review_command,
    "scan": scan_command,
    "requests": requests_command,
    "report": report_command,
    "drop": drop_command,
}


# Gated by handlers.admin_gate: to anyone but an admin in their private chat they are unknown commands.
ADMIN_COMMAND_HANDLERS: dict[str, Handler] = {
    "stats": stats_command,
    "user": user_command,
    "health": health_command,
    "audit": audit_command,
    "broker": broker_command,
    "broker_set": broker_set_command,
    "broadcast": broadcast_command,
    "contacts": contacts_command,
}


def callback_routes(taps: Iterable[Tap]) -> dict[Action, Handler]:
    """Each Action to its one handler; raises RoutingError if an action has none or more than one."""
    routes: dict[Action, Handler] = {}
    for tap in taps:
        for action in tap.actions:
            if action in routes:
                raise RoutingError(f"two handlers answer the action {action.name}")
            routes[action] = tap.handle
    missing = [action.name for action in Action if action not in routes]
    if missing:
        raise RoutingError(f"no handler answers the actions {', '.join(missing)}")
    return routes


def check_commands(handlers: Mapping[str, Handler], commands: Iterable[tuple[str, str]] = COMMANDS) -> None:
    """The command menu and the command handlers name the same commands."""
    menu = {name for name, _ in commands}
    if menu != handlers.keys():
        raise RoutingError(f"commands without a handler or menu entry: {sorted(menu ^ handlers.keys())}")


def register(application: BotApplication) -> None:
    private = filters.ChatType.PRIVATE
    in_group = filters.ChatType.GROUPS & (filters.COMMAND | filters.Entity("mention"))
    application.add_handler(MessageHandler(in_group, group_message), group=-1)
    application.add_handler(TypeHandler(Update, names_out_of_logs), group=-3)
    application.add_handler(TypeHandler(Update, came_back), group=-2)
    check_commands(COMMAND_HANDLERS)
    check_commands(ADMIN_COMMAND_HANDLERS, ADMIN_COMMANDS)
    for name, command in (COMMAND_HANDLERS | ADMIN_COMMAND_HANDLERS).items():
        application.add_handler(CommandHandler(name, command, filters=private))
    for action, tap in callback_routes(TAPS).items():
        application.add_handler(CallbackQueryHandler(tap, pattern=f"^{re.escape(action.value)}:"))
    application.add_handler(CallbackQueryHandler(menu_callback.handle))  # anything else: refused by the guard
    application.add_handler(MessageHandler(private & filters.COMMAND, unknown_command))
    application.add_handler(MessageHandler(private & filters.TEXT, text_message))
    application.add_handler(MessageHandler(private & filters.Document.ALL, catalog_document_message))
    application.add_handler(MessageHandler(private & ~filters.COMMAND, other_message))
    application.add_handler(TypeHandler(ConnectUpdate, connect_update))
    application.add_error_handler(error_handler)


async def set_commands(application: BotApplication, services: Services) -> None:
    """The command menu in every language we speak (English is also the default for the rest)."""
    for language in SUPPORTED_LANGUAGES:
        t = Text(language)
        menu = [BotCommand(name, t(description)) for name, description in commands_for(None)]
        await application.bot.set_my_commands(menu, language_code=language)
    english = Text("en")
    await application.bot.set_my_commands([BotCommand(n, english(d)) for n, d in commands_for(None)])
    for admin in sorted(services.admin_ids):
        try:
            await set_admin_menu(application.bot, admin, await services.onboarding.user(TelegramId(admin)))
        except TelegramError as exc:
            # An admin who never opened a chat with the bot has no chat to scope a menu to yet; their
            # menu is set when they start the chat, so this is no fault (the sandbox's operator, always).
            log.info(
                "an admin's menu waits for their first chat with the bot", extra={"reason": str(exc)[:80]}
            )
