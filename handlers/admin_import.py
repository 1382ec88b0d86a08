"""An operator's catalog file (registry CSV, datarequests JSON): the dry run, then Apply or Cancel."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.i18n import N_, Text
from bot.services.catalog_import import MAX_IMPORT_BYTES, ImportPreview, ImportRejected, import_format_of
from brokers.importers import ImportSummary
from handlers.admin_gate import admin_callback, admin_document
from handlers.callbacks import Action, Callback, button_data
from handlers.context import BotContext
from handlers.guards import answer

SHOWN_EACH = 10  # lines per list (new, changed, rejected), so the summary stays one message
_LINE_CHARS = 120

REJECTIONS = {
    ImportRejected.FILE_TYPE: N_(
        "I import a California registry .csv or a datarequests.org .json file. Nothing was changed."
    ),
    ImportRejected.TOO_BIG: N_("That file is too big: at most {limit} MB. Nothing was changed."),
    ImportRejected.NOT_TEXT: N_("That file is not UTF-8 text. Nothing was changed."),
    ImportRejected.BAD_SHAPE: N_(
        "I cannot read that file: a registry CSV needs its header row (a 'Data broker name' column), "
        "a datarequests file must be valid JSON. Nothing was changed."
    ),
    ImportRejected.EMPTY: N_("That file holds no rows. Nothing was changed."),
}
_FORMAT_NAMES = {"california-registry": N_("California registry"), "datarequests": N_("datarequests.org")}


def _reject(t: Text, reason: ImportRejected) -> str:
    return t(REJECTIONS[reason], limit=MAX_IMPORT_BYTES // 1_000_000)


def _listed(t: Text, lines: list[str]) -> list[str]:
    shown = [escape(line[:_LINE_CHARS]) for line in lines[:SHOWN_EACH]]
    if len(lines) > SHOWN_EACH:
        shown.append(t("… and {count} more", count=len(lines) - SHOWN_EACH))
    return shown


def preview_text(t: Text, preview: ImportPreview) -> str:
    summary = preview.summary
    lines = [
        t("<b>Import dry run: {source}</b>", source=t(_FORMAT_NAMES[preview.format])),
        t(
            "{new} new, {changed} would change a listed broker, {unchanged} unchanged, {rejected} rejected",
            new=len(summary.new),
            changed=len(summary.changed),
            unchanged=len(summary.unchanged),
            rejected=len(preview.skipped),
        ),
    ]
    if summary.new:
        lines += ["", t("<b>New</b>"), *_listed(t, list(summary.new))]
    if summary.changed:
        changed = [f"{c.existing_id} ({c.matched_by}): {', '.join(c.fields)}" for c in summary.changed]
        lines += ["", t("<b>Changed</b>"), *_listed(t, changed)]
    if preview.skipped:
        rejected = [f"{s.row} {s.name or '–'}: {s.reason}" for s in preview.skipped]
        lines += ["", t("<b>Rejected rows</b>"), *_listed(t, rejected)]
    lines += ["", t("Nothing is stored until you tap Apply.")]
    return "\n".join(lines)


def applied_text(t: Text, summary: ImportSummary) -> str:
    return t(
        "Import applied: {new} new, {changed} changed. The bot uses them now; other instances at their "
        "next start.",
        new=len(summary.new),
        changed=len(summary.changed),
    )


@admin_document
async def catalog_document_message(update: Update, context: BotContext, t: Text, admin: int) -> None:
    message = update.effective_message
    assert message is not None and message.document is not None
    document = message.document
    # Checked before downloading: neither a wrong type nor a too big file is fetched at all.
    if import_format_of(document.file_name) is None:
        await message.reply_text(_reject(t, ImportRejected.FILE_TYPE))
        return
    if (document.file_size or 0) > MAX_IMPORT_BYTES:
        await message.reply_text(_reject(t, ImportRejected.TOO_BIG))
        return
    try:
        file = await context.bot.get_file(document.file_id)
        content = bytes(await file.download_as_bytearray())
    except TelegramError:
        await message.reply_text(t("I could not download that file. Nothing was changed; send it again."))
        return
    result = await context.services.catalog_import.preview(admin, document.file_name, content)
    if isinstance(result, ImportRejected):
        await message.reply_text(_reject(t, result))
        return
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("Apply"), callback_data=button_data(Action.IMPORT_APPLY, result.id)),
                InlineKeyboardButton(t("Cancel"), callback_data=button_data(Action.IMPORT_CANCEL, result.id)),
            ]
        ]
    )
    await message.reply_text(preview_text(t, result), parse_mode=ParseMode.HTML, reply_markup=keyboard)


@admin_callback(Action.IMPORT_APPLY, Action.IMPORT_CANCEL)
async def catalog_import_callback(
    update: Update, context: BotContext, callback: Callback, t: Text, admin: int
) -> None:
    query = update.callback_query
    assert query is not None
    imports = context.services.catalog_import
    text = None
    if callback.action is Action.IMPORT_APPLY:
        summary = await imports.apply(admin, callback.arg)
        text = applied_text(t, summary) if summary is not None else None
    elif await imports.cancel(admin, callback.arg):
        text = t("Import cancelled. Nothing was changed.")
    if text is None:
        await answer(update, t("This import was already applied, cancelled or replaced, or has expired."))
        return
    await answer(update)
    await query.edit_message_text(text)
