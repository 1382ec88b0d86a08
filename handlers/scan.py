"""/scan: the background scan (a durable job) with one progress message edited in place, Cancel, and
the report."""

from __future__ import annotations

import logging
import time
from html import escape

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot.i18n import N_, Text
from bot.services.dashboard import DashboardService
from bot.services.decisions import Choice, DecisionService
from bot.services.scans import SHARE_AT_LEAST, Found, Progress, ScanReport
from brokers.accounts import AccountId, AccountState
from brokers.profile import User
from brokers.scans import ScanState
from handlers.callbacks import Action, Callback, button_data, parse_id
from handlers.context import BotContext
from handlers.dates import day
from handlers.guards import answer, sender_id, text_for, user_callback
from handlers.next_steps import connect_button, one, reconnect_button
from handlers.report_picks import pick_rows

log = logging.getLogger(__name__)

EDIT_EVERY_SECONDS = 2.0
BAR_WIDTH = 12
LISTED = 15
PHASES = {
    "chunks": N_("Searching for mail from known brokers…"),
    "providers": N_("Checking mail sent via services…"),
    "dates": N_("Counting mails and dates…"),
    "history": N_("Reading new mail…"),
    "pages": N_("Reading mail headers…"),
    "done": N_("Finishing…"),
}


async def scan_command(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    user = await context.services.onboarding.user(sender_id(update))
    t = text_for(update, user)
    connect = context.services.connect
    accounts = (
        [a for a in await connect.accounts(user.telegram_id) if a.state is AccountState.ACTIVE]
        if user
        else []
    )
    if user is None or not accounts:
        keyboard = one(connect_button(t, user.epoch)) if user else None
        await update.effective_message.reply_text(
            t("Connect a Gmail account first: /connect"), reply_markup=keyboard
        )
        return
    deep = context.args == ["deep"]
    if len(accounts) == 1:
        await start_scan(update, context, user, accounts[0].id, deep=deep)
        return
    rows = [
        [
            InlineKeyboardButton(
                a.address,
                callback_data=button_data(Action.SCAN, f"{a.id}-deep" if deep else str(a.id), user.epoch),
            )
        ]
        for a in accounts
    ]
    await update.effective_message.reply_text(
        t("Which account should I scan?"), reply_markup=InlineKeyboardMarkup(rows)
    )


@user_callback(Action.SCAN)
async def scan_callback(update: Update, context: BotContext, callback: Callback, user: User, t: Text) -> None:
    number, _, deep = callback.arg.partition("-")
    account = parse_id(number)
    if account is None:
        await answer(update, t("This button is no longer valid. Send /start to see where you are."))
        return
    await answer(update)
    await start_scan(update, context, user, AccountId(account), deep=deep == "deep")


async def start_scan(
    update: Update, context: BotContext, user: User, account_id: AccountId, *, deep: bool
) -> None:
    assert update.effective_message is not None
    t = Text(user.language)
    scans = context.services.scans
    scan_id = await scans.start(user.telegram_id, account_id, deep=deep)
    if scan_id is None:
        await update.effective_message.chat.send_message(
            t("A scan of this account is already running (or the account needs reconnecting: /accounts).")
        )
        return
    message = await update.effective_message.chat.send_message(
        _progress_text(t, 0, 1, "chunks"), reply_markup=_cancel(t, scan_id, user.epoch)
    )
    # A durable job, not a task of this process: a restart or another instance goes on from the scan's
    # last checkpoint.
    await scans.begin(scan_id, message.message_id)


class ScanMessages:
    """The chat side of a scan job (bot.services.scan_jobs.ScanChat): throttled progress edits of the
    scan's message, then the report."""

    def __init__(
        self, bot: Bot, decisions: DecisionService, dashboard: DashboardService, admin_ids: frozenset[int]
    ) -> None:
        self._bot = bot
        self._decisions = decisions
        self._dashboard = dashboard
        self._admin_ids = admin_ids

    def progress(self, user: User, scan_id: int, message_id: int | None) -> Progress:
        """Edit the progress message at most every two seconds."""
        t = Text(user.language)
        shown_text, shown_at = [_progress_text(t, 0, 1, "chunks")], [time.monotonic()]

        async def progress(done: int, total: int, phase: str) -> None:
            # Same text would be refused ("message is not modified"); more than one edit in ~2 s is noise.
            text = _progress_text(t, done, total, phase)
            if (
                message_id is None
                or text == shown_text[0]
                or time.monotonic() - shown_at[0] < EDIT_EVERY_SECONDS
            ):
                return
            shown_text[0], shown_at[0] = text, time.monotonic()
            await _edit(self._bot, user.telegram_id, message_id, text, _cancel(t, scan_id, user.epoch))

        return progress

    async def finished(self, user: User, message_id: int | None, report: ScanReport) -> None:
        t, chat = Text(user.language), user.telegram_id
        if report.state is not ScanState.COMPLETED:
            # The progress message says why it stopped and offers the next step; saying it twice is noise.
            stopped = _stopped_keyboard(t, report, user.epoch)
            await _show(self._bot, chat, message_id, _finished_text(t, report), stopped)
            return
        await _show(self._bot, chat, message_id, _finished_text(t, report), None)
        choices = await self._decisions.choices(chat, report.account.id)
        text, keyboard = report_message(t, report, user.epoch, choices)
        await self._bot.send_message(chat, text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
        self._dashboard.changed(chat)  # its "last scan" line
        if report.shared_domains:
            await _tell_admins(self._bot, self._admin_ids, report.shared_domains)


@user_callback(Action.SCAN_CANCEL)
async def cancel_scan_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    scan_id = parse_id(callback.arg)
    # Only the scan's owner may stop it: the epoch proves whose chat the tap came from, not whose scan.
    if scan_id is None or not await context.services.scans.cancel(user.telegram_id, scan_id):
        await answer(update, t("That scan is not running."))
        return
    await answer(update, t("Stopping the scan…"))


def _progress_text(t: Text, done: int, total: int, phase: str) -> str:
    share = min(1.0, done / total) if total else 0.0
    filled = round(share * BAR_WIDTH)
    bar = "▰" * filled + "▱" * (BAR_WIDTH - filled)
    lines = [t("Scanning your mailbox"), f"{bar} {round(share * 100)}%"]
    if phase in PHASES:  # an unknown phase gets no line rather than a wrong one
        lines.append(t(PHASES[phase]))
    return "\n".join(lines)


def _finished_text(t: Text, report: ScanReport) -> str:
    if report.state is ScanState.CANCELLED:
        return t("Scan cancelled. What was found so far is not kept; start again with /scan.")
    if report.state is ScanState.FAILED:
        return (
            t("The scan stopped: Google no longer lets me read this mailbox. Reconnect it with /accounts.")
            if report.error == "reconnect"
            else t("The scan stopped because Gmail did not answer. Try /scan later.")
        )
    # The companies found, not the mails read: a search reads a sample of each sender's mail, so that
    # number would contradict the per-company counts of the report below.
    return t.n(
        "Scan finished: {count} company found.",
        "Scan finished: {count} companies found.",
        len(report.brokers) + len(report.companies),
    )


def _stopped_keyboard(t: Text, report: ScanReport, epoch: str) -> InlineKeyboardMarkup | None:
    if report.state is not ScanState.FAILED:
        return None
    if report.error == "reconnect":
        return one(reconnect_button(t, epoch))
    again = button_data(Action.SCAN, str(report.account.id), epoch)
    return one(InlineKeyboardButton(t("Try again"), callback_data=again))


def found_line(t: Text, found: Found) -> str:
    # Dates outside t.n(...): the catalogue extractor misreads a nested t.
    first, last = day(t, found.first_seen), day(t, found.last_seen)
    dates = first if found.count == 1 else t("first {first}, last {last}", first=first, last=last)
    return t.n(
        "• {name}: {count} mail, {dates}",
        "• {name}: {count} mails, {dates}",
        found.count,
        name=escape(found.broker.name),
        dates=dates,
    )


def _cancel(t: Text, scan_id: int, epoch: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("Cancel"), callback_data=button_data(Action.SCAN_CANCEL, str(scan_id), epoch)
                )
            ]
        ]
    )


def report_message(
    t: Text, report: ScanReport, epoch: str, choices: list[Choice]
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The report: what was found, with evidence, each company's Ask/Skip, and the next steps."""
    if report.state is not ScanState.COMPLETED:
        return _finished_text(t, report), _stopped_keyboard(t, report, epoch)
    account = str(report.account.id)
    lines = [t("<b>Data brokers that e-mail you</b> ({count})", count=len(report.brokers))]
    lines += _listed(t, report.brokers)
    if not report.brokers:
        lines.append(t("None found in this mailbox."))
    rows = []
    if report.companies:
        lines += ["", t("<b>Companies that have your address</b> ({count})", count=len(report.companies))]
        lines.append(t("Deleting your data there may close your account with them."))
        lines += _listed(t, report.companies)
        rows.append(
            [
                InlineKeyboardButton(
                    t("Show them"), callback_data=button_data(Action.COMPANIES, account, epoch)
                )
            ]
        )
    if report.well_known:
        lines += [
            "",
            t(
                "<b>Well-known brokers that hold data on most people</b> ({count})",
                count=len(report.well_known),
            ),
            t("They may hold your data even though they never e-mailed you."),
        ]
        rows.append(
            [
                InlineKeyboardButton(
                    t("Ask them too"), callback_data=button_data(Action.WELL_KNOWN, account, epoch)
                )
            ]
        )
    if choices:
        lines += ["", t("Tap Ask or Skip for each company; skipped ones are not suggested again.")]
    rows = pick_rows(t, choices, report.account.id, 0, epoch) + rows  # Review goes first, below
    if report.brokers:
        rows.insert(
            0,
            [
                InlineKeyboardButton(
                    t("Review deletion requests"), callback_data=button_data(Action.REVIEW, account, epoch)
                )
            ],
        )
    return "\n".join(lines), InlineKeyboardMarkup(rows) if rows else None


def _listed(t: Text, found: list[Found]) -> list[str]:
    """At most LISTED lines, so a big mailbox's report stays one readable message."""
    lines = [found_line(t, f) for f in found[:LISTED]]
    if len(found) > LISTED:
        lines.append(t("…and {count} more.", count=len(found) - LISTED))
    return lines


async def _show(
    bot: Bot, chat_id: int, message_id: int | None, text: str, keyboard: InlineKeyboardMarkup | None
) -> None:
    """Edit the progress message, or send the text when there is none (a crash came before it)."""
    if message_id is None:
        await bot.send_message(chat_id, text, reply_markup=keyboard)
        return
    await _edit(bot, chat_id, message_id, text, keyboard)


async def _edit(
    bot: Bot, chat_id: int, message_id: int, text: str, keyboard: InlineKeyboardMarkup | None
) -> None:
    try:
        await bot.edit_message_text(text, chat_id=chat_id, message_id=message_id, reply_markup=keyboard)
    except BadRequest as exc:
        log.info("progress edit refused", extra={"reason": str(exc)[:80]})


async def _tell_admins(bot: Bot, admin_ids: frozenset[int], shared: list[tuple[str, int]]) -> None:
    """Sender domains the catalog misses, as counted over everyone who opted in (never one person's)."""
    top = ", ".join(f"{domain} ({people} people)" for domain, people in shared)
    for admin in admin_ids:
        try:
            await bot.send_message(
                admin,
                f"Senders not in the catalog, seen by at least {SHARE_AT_LEAST} people "
                f"who chose to share: {top}",
            )
        except TelegramError:
            log.warning("could not send the shared sender domains to an admin")
