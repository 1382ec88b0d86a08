"""The operators' catalog commands: /broker ID-or-name and /broker_set ID email|form|disable|enable."""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from bot.i18n import N_, Text
from brokers.admin_stats import BrokerLeagueRow
from brokers.catalog import Broker
from brokers.catalog_edits import EditRejected, parse_edit
from handlers.admin_gate import admin_callback, admin_command
from handlers.callbacks import Action, Callback, button_data
from handlers.context import BotContext
from handlers.guards import answer

# A broker id a button can carry (callback data is short and strict, see handlers.callbacks).
_BUTTON_ARG = re.compile(r"[A-Za-z0-9_-]{1,32}")

REJECTIONS = {
    EditRejected.USAGE: N_(
        "Usage: /broker_set ID email ADDRESS, /broker_set ID form https://…, /broker_set ID disable or "
        "/broker_set ID enable"
    ),
    EditRejected.UNKNOWN_BROKER: N_("No broker has that id. /broker NAME finds it."),
    EditRejected.BAD_EMAIL: N_("That is not one valid e-mail address. Nothing was changed."),
    EditRejected.BAD_URL: N_("The form must be one https:// link. Nothing was changed."),
}


def _fields(values: Mapping[str, Any]) -> str:
    return "\n".join(f"  {name}: {escape(str(value))}" for name, value in values.items())


def broker_text(t: Text, broker: Broker, row: BrokerLeagueRow | None) -> str:
    lines = [
        f"<b>{escape(broker.name)}</b> (<code>{escape(broker.id)}</code>)",
        t("Domains: {domains}", domains=escape(", ".join(broker.domains)) or "–"),
        t("E-mail: {email}", email=escape(broker.email or "–")),
        t("Web form: {url}", url=escape(broker.form_url or "–")),
        t("Takes e-mail: {yes}", yes=t("yes") if broker.accepts_email else t("no")),
        t("Enabled: {yes}", yes=t("yes") if broker.enabled else t("no")),
    ]
    if row is None:
        lines.append(t("No letters sent to this broker yet."))
    else:
        median = "–" if row.median_days is None else f"{row.median_days:g}"
        lines.append(
            t(
                "{sent} sent, {replies} replies, {rate}% completed, median {days} days",
                sent=row.sent,
                replies=row.replies,
                rate=round(row.completion_rate * 100),
                days=median,
            )
        )
    return "\n".join(lines)


@admin_command
async def broker_command(update: Update, context: BotContext, t: Text, admin: int) -> None:
    assert update.effective_message is not None
    query = " ".join(context.args or []).strip()
    if not query or len(query) > 100:
        await update.effective_message.reply_text(t("Usage: /broker ID or part of its name"))
        return
    found = await context.services.catalog_admin.look_up(admin, query)
    if not found:
        await update.effective_message.reply_text(t("No broker matches that."))
        return
    text = "\n\n".join(broker_text(t, broker, row) for broker, row in found)
    await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML)


@admin_command
async def broker_set_command(update: Update, context: BotContext, t: Text, admin: int) -> None:
    assert update.effective_message is not None
    edit = parse_edit(context.args or [])
    result = (
        edit if isinstance(edit, EditRejected) else await context.services.catalog_admin.apply(admin, edit)
    )
    if isinstance(result, EditRejected):
        await update.effective_message.reply_text(t(REJECTIONS[result]))
        return
    text = "\n".join(
        [
            t("<b>{name}</b> changed.", name=escape(result.broker.name)),
            t("Before:"),
            _fields(result.before),
            t("After:"),
            _fields(result.after),
        ]
    )
    await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML)


@admin_command
async def contacts_command(update: Update, context: BotContext, t: Text, admin: int) -> None:
    assert update.effective_message is not None
    queue = await context.services.console.contact_queue(admin)
    lines = [t("<b>Catalog contacts to fix</b>")]
    rows = []
    for problem in queue.brokers:
        lines.append(
            t(
                "{broker}: {bounced} bounced, {web_form} replies refused e-mail or asked for the web form",
                broker=escape(problem.broker_id),
                bounced=problem.bounced,
                web_form=problem.web_form,
            )
        )
        if _BUTTON_ARG.fullmatch(problem.broker_id):
            data = button_data(Action.CONTACT_FIX, problem.broker_id)
            fix = t("Fix {broker}", broker=problem.broker_id)
            rows.append([InlineKeyboardButton(fix, callback_data=data)])
    if not queue.brokers:
        lines.append(t("No bounced or refused contacts."))
    if queue.domains:
        lines += ["", t("<b>Sender domains not in the catalog, seen by several people</b>")]
        lines += [t("{domain}: {people} people", domain=escape(d), people=n) for d, n in queue.domains]
    await update.effective_message.reply_text(
        "\n".join(lines), parse_mode=ParseMode.HTML, reply_markup=InlineKeyboardMarkup(rows) if rows else None
    )


@admin_callback(Action.CONTACT_FIX)
async def contact_fix_callback(
    update: Update, context: BotContext, callback: Callback, t: Text, admin: int
) -> None:
    """Open the fix: the broker's record and figures, and the commands that change it."""
    assert update.effective_message is not None
    await answer(update)
    found = await context.services.catalog_admin.look_up(admin, callback.arg)
    if len(found) != 1 or found[0][0].id != callback.arg:
        await update.effective_message.chat.send_message(t("No broker matches that."))
        return
    broker, row = found[0]
    how = t(
        "To fix it, send /broker_set {id} email ADDRESS, /broker_set {id} form https://… or "
        "/broker_set {id} disable",
        id=broker.id,
    )
    await update.effective_message.chat.send_message(
        f"{broker_text(t, broker, row)}\n\n{escape(how)}", parse_mode=ParseMode.HTML
    )
