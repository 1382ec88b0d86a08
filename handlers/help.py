"""/help, the main-menu buttons, and polite answers to everything the bot does not understand."""

from __future__ import annotations

from telegram import Bot, BotCommand, BotCommandScopeChat, Update
from telegram.constants import ParseMode

from bot.i18n import N_, Text
from brokers.profile import SUPPORTED_LANGUAGES, User
from brokers.scopes import AccessMode
from handlers.callbacks import Action, Callback
from handlers.connect import send_connect_link
from handlers.context import BotContext
from handlers.guards import answer, sender_id, text_for, user_callback
from handlers.privacy import privacy_text
from handlers.settings import send_settings

COMMANDS = (
    ("start", N_("Start or resume")),
    ("status", N_("Where you are and what needs you")),
    ("connect", N_("Connect a Gmail account")),
    ("accounts", N_("Your connected Gmail accounts")),
    ("disconnect", N_("Disconnect a Gmail account")),
    ("scan", N_("Find who holds your data")),
    ("review", N_("Review and send deletion requests")),
    ("requests", N_("Your requests and their status")),
    ("report", N_("Report and timeline file")),
    ("drop", N_("California's one-stop deletion (DROP)")),
    ("settings", N_("Your details, country and language")),
    ("privacy", N_("What I store about you")),
    ("export", N_("Get all your data as a file")),
    ("forget", N_("Erase everything about you")),
    ("help", N_("What I can do")),
)


# In the menu of the admins' own chats only; to anyone else these commands do not exist.
ADMIN_COMMANDS = (
    ("stats", N_("Admin: service statistics and the broker league table")),
    ("user", N_("Admin: one person's state, by Telegram id")),
    ("health", N_("Admin: uptime, sweeps, job queue, database")),
    ("audit", N_("Admin: the latest audit log entries")),
    ("broker", N_("Admin: a broker's record and figures")),
    ("broker_set", N_("Admin: fix a broker's address or form, or disable it")),
    ("contacts", N_("Admin: catalog contacts that need a fix")),
    ("broadcast", N_("Admin: send a message to everyone")),
)

# Offered only to people who live in California; the command still answers everyone else politely.
CALIFORNIA_ONLY = frozenset({"drop"})


def commands_for(user: User | None) -> list[tuple[str, str]]:
    californian = user is not None and user.is_californian
    return [(n, d) for n, d in COMMANDS if californian or n not in CALIFORNIA_ONLY]


async def set_chat_menu(bot: Bot, user: User, *, admin: bool = False) -> None:
    """A Californian's own command menu includes /drop; anyone else's is the general one."""
    if admin:
        await set_admin_menu(bot, user.telegram_id, user)
        return
    scope = BotCommandScopeChat(user.telegram_id)
    if not user.is_californian:
        await bot.delete_my_commands(scope=scope)
        return
    t = Text(user.language)
    await bot.set_my_commands([BotCommand(n, t(d)) for n, d in commands_for(user)], scope=scope)


async def set_admin_menu(bot: Bot, admin: int, user: User | None) -> None:
    """An admin's own menu: their commands, then the admin ones, in every language we speak.

    Scoped to the admin's private chat (BotCommandScopeChat), so nobody else sees them listed; per
    language too, since Telegram prefers a chat's language-specific menu to its general one."""
    scope = BotCommandScopeChat(admin)
    for language in (None, *SUPPORTED_LANGUAGES):
        t = Text(language or (user.language if user else "en"))
        menu = [BotCommand(n, t(d)) for n, d in (*commands_for(user), *ADMIN_COMMANDS)]
        await bot.set_my_commands(menu, scope=scope, language_code=language)


def help_text(t: Text, user: User | None = None) -> str:
    lines = [t("<b>What I can do</b>")]
    lines += [f"/{name} – {t(description)}" for name, description in commands_for(user)]
    return "\n".join(lines)


async def help_command(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    user = await context.services.onboarding.user(sender_id(update))
    await update.effective_message.reply_text(
        help_text(text_for(update, user), user), parse_mode=ParseMode.HTML
    )


async def unknown_command(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    user = await context.services.onboarding.user(sender_id(update))
    t = text_for(update, user)
    await update.effective_message.reply_text(t("I don't know that command. /help lists what I can do."))


async def group_message(update: Update, context: BotContext) -> None:
    """In groups the bot only points to a private chat: personal data never goes into a group."""
    assert update.effective_message is not None
    t = text_for(update, None)
    await update.effective_message.reply_text(
        t(
            "I only work in a private chat, to keep your data private. Open a chat with @{bot}.",
            bot=context.bot.username,
        )
    )


async def other_message(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    user = await context.services.onboarding.user(sender_id(update))
    t = text_for(update, user)
    await update.effective_message.reply_text(t("I can only read text messages. /help lists what I can do."))


@user_callback(Action.MENU)
async def menu_callback(update: Update, context: BotContext, callback: Callback, user: User, t: Text) -> None:
    assert update.effective_message is not None
    await answer(update)
    if callback.arg == "settings":
        await send_settings(update, user)
    elif callback.arg == "privacy":
        await update.effective_message.chat.send_message(privacy_text(t), parse_mode=ParseMode.HTML)
    elif callback.arg == "connect":
        await send_connect_link(update, context, user, AccessMode.SEARCH)
