"""The operators' read-only commands: /stats, /user, /health and /audit."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from html import escape

from telegram import Update
from telegram.constants import ParseMode

from bot.activity import ActivitySnapshot, Event
from bot.i18n import Text
from brokers.admin_stats import BrokerLeagueRow, ServiceStats
from brokers.profile import TelegramId
from handlers.admin_gate import admin_command
from handlers.context import BotContext

# The league table shows this many brokers from the top and as many from the bottom.
LEAGUE_EACH_END = 10
DEFAULT_AUDIT_ROWS = 10


def _counts(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{key} {n}" for key, n in sorted(counts.items(), key=lambda kv: -kv[1])) or "–"


def _duration(t: Text, seconds: float | None) -> str:
    if seconds is None:
        return "–"
    minutes, rest = divmod(int(seconds), 60)
    return t("{minutes} min {seconds} s", minutes=minutes, seconds=rest)


def _league_line(t: Text, rank: int, row: BrokerLeagueRow) -> str:
    median = "–" if row.median_days is None else f"{row.median_days:g}"
    return t(
        "{rank}. {broker}: {sent} sent, {replies} replies, {rate}% completed, median {days} days",
        rank=rank,
        broker=escape(row.broker_id),
        sent=row.sent,
        replies=row.replies,
        rate=round(row.completion_rate * 100),
        days=median,
    )


def stats_text(t: Text, stats: ServiceStats) -> str:
    lines = [
        t("<b>Service statistics</b>"),
        t(
            "People: {total} ({week} active in 7 days, {month} in 30 days, {blocked} blocked the bot)",
            total=stats.people,
            week=stats.active_7d,
            month=stats.active_30d,
            blocked=stats.blocked,
        ),
        t("Gmail accounts: {counts}", counts=_counts(stats.accounts_by_state)),
        t(
            "Scans: {count} (median {duration}, {units} Gmail units)",
            count=stats.scans,
            duration=_duration(t, stats.scan_median_seconds),
            units=stats.scan_quota_units,
        ),
        t("Requests: {counts}", counts=_counts(stats.requests_by_state)),
        t(
            "Letters sent: {today} today, {month} in 30 days",
            today=stats.letters_today,
            month=stats.letters_30d,
        ),
        "",
        t("<b>Brokers, best first</b>"),
    ]
    league = stats.league
    if not league:
        lines.append(t("No letters sent yet."))
    shown = range(len(league))
    if len(league) > 2 * LEAGUE_EACH_END:
        shown = range(LEAGUE_EACH_END)
    lines += [_league_line(t, i + 1, league[i]) for i in shown]
    if len(league) > 2 * LEAGUE_EACH_END:
        lines.append(t("<b>… and the worst</b>"))
        tail = range(len(league) - LEAGUE_EACH_END, len(league))
        lines += [_league_line(t, i + 1, league[i]) for i in tail]
    return "\n".join(lines)


@admin_command
async def stats_command(update: Update, context: BotContext, t: Text, admin: int) -> None:
    assert update.effective_message is not None
    stats = await context.services.console.stats(admin)
    await update.effective_message.reply_text(stats_text(t, stats), parse_mode=ParseMode.HTML)


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "–"


@admin_command
async def user_command(update: Update, context: BotContext, t: Text, admin: int) -> None:
    assert update.effective_message is not None
    args = context.args or []
    if len(args) != 1 or not args[0].isdigit() or not 0 < int(args[0]) < 2**63:
        await update.effective_message.reply_text(
            t("Usage: /user TELEGRAM_ID (the number, e.g. /user 12345)")
        )
        return
    summary = await context.services.console.user(admin, TelegramId(int(args[0])))
    if summary is None:
        await update.effective_message.reply_text(t("Nobody with that Telegram id uses the bot."))
        return
    accounts = ", ".join(f"{address} ({state})" for address, state in summary.accounts) or "–"
    lines = [
        t("<b>Person {id}</b>", id=summary.telegram_id),
        t(
            "Language {language}, region {region}, step {step}",
            language=summary.language,
            region=summary.jurisdiction or "–",
            step=summary.step,
        ),
        t(
            "Consented {consent}, last seen {seen}",
            consent=_when(summary.consent_at),
            seen=_when(summary.last_seen_at),
        ),
        t("Blocked the bot") if not summary.active else t("Receives messages"),
        t("Gmail accounts: {accounts}", accounts=escape(accounts)),
        t("Requests: {counts}", counts=_counts(summary.requests_by_state)),
    ]
    await update.effective_message.reply_text("\n".join(lines), parse_mode=ParseMode.HTML)


def _span(delta: timedelta | None) -> str:
    if delta is None:
        return "–"
    seconds = max(0, int(delta.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}h {rest // 60:02d}m {rest % 60:02d}s"


@admin_command
async def health_command(update: Update, context: BotContext, t: Text, admin: int) -> None:
    assert update.effective_message is not None
    report = await context.services.console.health(admin)
    size = report.queue.database_bytes
    megabytes = f"{size / 1_000_000:.1f}" if size is not None else "–"
    lines = [
        t("<b>Health</b>"),
        t("Version {version}, up {uptime}", version=escape(report.version), uptime=_span(report.uptime)),
        t("Last sweep of the job queue: {when}", when=_when(report.last_sweep_at)),
        t(
            "Due jobs waiting: {count}, the oldest {lag} late",
            count=report.queue.due_waiting,
            lag=_span(report.oldest_lag),
        ),
        t("Database size: {size} MB", size=megabytes),
        t(
            "Reply checks: the oldest due one {lag} late; last hour {checks} checks, median delay {median}",
            lag=_span(report.oldest_reply_check_lag),
            checks=report.reply_checks.checks,
            median=_span(report.reply_checks.median_delay),
        ),
        t(
            "Gmail units: {hour} in the last hour (this instance), {day} today (all accounts)",
            hour=report.reply_checks.units,
            day=report.queue.gmail_units_today,
        ),
    ]
    if report.activity is not None:
        lines += activity_lines(t, report.activity, report.now)
    await update.effective_message.reply_text("\n".join(lines), parse_mode=ParseMode.HTML)


def activity_lines(t: Text, activity: ActivitySnapshot, now: datetime) -> list[str]:
    """/health's update loop, and the errors of the last hour as counted where they happened."""
    since = now - activity.last_update_at if activity.last_update_at else None
    hour = activity.last_hour
    return [
        t(
            "Updates: last handled {ago} ago, {handled} in the last hour, {waiting} waiting, {busy} in hand",
            ago=_span(since),
            handled=hour[Event.UPDATE_HANDLED],
            waiting=activity.waiting,
            busy=activity.in_progress,
        ),
        t(
            "Errors in the last hour: Telegram {telegram}, Gmail {gmail}",
            telegram=hour[Event.TELEGRAM_ERROR],
            gmail=hour[Event.GMAIL_ERROR],
        ),
    ]


@admin_command
async def audit_command(update: Update, context: BotContext, t: Text, admin: int) -> None:
    assert update.effective_message is not None
    args = context.args or []
    if len(args) > 1 or (args and not (args[0].isdigit() and 1 <= int(args[0]) <= 50)):
        await update.effective_message.reply_text(t("Usage: /audit [N], N from 1 to 50"))
        return
    rows = await context.services.console.recent_audit(admin, int(args[0]) if args else DEFAULT_AUDIT_ROWS)
    lines = [t("<b>Audit log, newest first</b>")]
    for row in rows:
        detail = json.dumps(row["detail"], ensure_ascii=False, sort_keys=True)[:200] if row["detail"] else ""
        who = row["actor"] if row["actor"] is not None else "bot"
        lines.append(escape(f"{row['at'][:19]} {who} {row['action']} {detail}".rstrip()))
    await update.effective_message.reply_text("\n".join(lines), parse_mode=ParseMode.HTML)
