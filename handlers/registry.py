"""All handler registration in one place, and the localised command menu."""

from __future__ import annotations

from telegram import BotCommand, Update
from telegram.constants import ChatType
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, TypeHandler, filters

from bot.i18n import Text
from bot.services.connect_events import ConnectUpdate
from brokers.profile import SUPPORTED_LANGUAGES, TelegramId
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
from handlers.guards import Handler
from handlers.help import COMMANDS, group_message, help_command, menu_callback, other_message, unknown_command
from handlers.onboarding import consent_callback, start_command
from handlers.privacy import export_command, forget_callback, forget_command, privacy_command
from handlers.profile import (
    jurisdiction_callback,
    language_callback,
    region_callback,
    skip_callback,
    text_message,
)
from handlers.report import report_callback, report_command
from handlers.report_actions import companies_add_callback, companies_callback, well_known_callback
from handlers.request_list import list_callback, requests_command, show_callback
from handlers.requests import (
    form_done_callback,
    preview_callback,
    review_callback,
    review_command,
    send_all_callback,
    send_all_cancel_callback,
    send_all_company_callback,
    send_all_confirmed_callback,
    send_all_more_callback,
    send_request_callback,
    skip_request_callback,
)
from handlers.scan import ScanResume, cancel_scan_callback, resume_scan, scan_callback, scan_command
from handlers.sending import cancel_letter_callback, confirm_letter_callback, undo_letter_callback
from handlers.settings import clear_callback, edit_callback, quiet_callback, settings_command
from handlers.tracking_actions import (
    ask_again_callback,
    counter_letter_callback,
    filed_callback,
    fix_status_callback,
    follow_up_callback,
    timeline_callback,
)


async def came_back(update: Update, context: BotContext) -> None:
    """Any update from a person who had blocked the bot makes pushes resume."""
    if (
        update.effective_user is not None
        and update.effective_chat is not None
        and update.effective_chat.type == ChatType.PRIVATE
    ):
        await context.services.onboarding.reactivate(TelegramId(update.effective_user.id))


def register(application: BotApplication) -> None:
    private = filters.ChatType.PRIVATE
    in_group = filters.ChatType.GROUPS & (filters.COMMAND | filters.Entity("mention"))
    application.add_handler(MessageHandler(in_group, group_message), group=-1)
    application.add_handler(TypeHandler(Update, came_back), group=-2)
    commands = {
        "start": start_command,
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
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, callback, filters=private))
    callbacks: dict[str, Handler] = {
        "consent": consent_callback,
        "skip": skip_callback,
        "region": region_callback,
        "jur": jurisdiction_callback,
        "lang": language_callback,
        "edit": edit_callback,
        "clear": clear_callback,
        "forget": forget_callback,
        "menu": menu_callback,
        "conn": connect_callback,
        "disc": disconnect_callback,
        "scan": scan_callback,
        "review": review_callback,
        "scancx": cancel_scan_callback,
        "comp": companies_callback,
        "compadd": companies_add_callback,
        "wellknown": well_known_callback,
        "rsend": send_request_callback,
        "rprev": preview_callback,
        "rskip": skip_request_callback,
        "rdone": form_done_callback,
        "rall": send_all_callback,
        "rallok": send_all_confirmed_callback,
        "rallpg": send_all_more_callback,
        "ralladd": send_all_company_callback,
        "rallno": send_all_cancel_callback,
        "lsend": confirm_letter_callback,
        "lundo": undo_letter_callback,
        "lno": cancel_letter_callback,
        "rlist": list_callback,
        "rshow": show_callback,
        "report": report_callback,
        "fup": follow_up_callback,
        "counter": counter_letter_callback,
        "fix": fix_status_callback,
        "filed": filed_callback,
        "again": ask_again_callback,
        "tline": timeline_callback,
        "drop": drop_callback,
        "quiet": quiet_callback,
    }
    for prefix, tap in callbacks.items():
        application.add_handler(CallbackQueryHandler(tap, pattern=f"^{prefix}:"))
    application.add_handler(CallbackQueryHandler(menu_callback))  # anything else: refused by the guard
    application.add_handler(MessageHandler(private & filters.COMMAND, unknown_command))
    application.add_handler(MessageHandler(private & filters.TEXT, text_message))
    application.add_handler(MessageHandler(private & ~filters.COMMAND, other_message))
    application.add_handler(TypeHandler(ConnectUpdate, connect_update))
    application.add_handler(TypeHandler(ScanResume, resume_scan))
    application.add_error_handler(error_handler)


async def set_commands(application: BotApplication) -> None:
    """The command menu in every language we speak (English is also the default for the rest)."""
    for language in SUPPORTED_LANGUAGES:
        t = Text(language)
        menu = [BotCommand(name, t(description)) for name, description in COMMANDS]
        await application.bot.set_my_commands(menu, language_code=language)
    english = Text("en")
    await application.bot.set_my_commands([BotCommand(n, english(d)) for n, d in COMMANDS])
