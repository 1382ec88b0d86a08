"""The connect message: what Google is asked for, and the exact screens the person will meet on the way."""

from __future__ import annotations

from html import escape

from bot.i18n import Text
from bot.services.grant_policy import GrantPolicy
from brokers.scopes import AccessMode


def _permissions(t: Text, mode: AccessMode) -> str:
    if mode is AccessMode.SEARCH:
        return t(
            "I will ask Google for two permissions: to <b>read</b> your mail (I only look at senders and "
            "dates, to find who has your data) and to <b>send</b> the deletion requests you confirm. "
            "The link works once, for 10 minutes, and only for you."
        )
    return t(
        "Privacy mode: Google lets me read only the headers of your mails (sender, date, subject), not "
        "their content. Scans are slower. The link works once, for 10 minutes, and only for you."
    )


def _screens(t: Text, policy: GrantPolicy) -> list[str]:
    """Google's screens in the order they come; a self-hosted bot's project is not verified by Google."""
    return [
        t("<b>What you will see</b>"),
        t("1. Google asks which account to use: pick the Gmail account to clean up."),
        t(
            "2. \"Google hasn't verified this app\": this bot runs on its operator's own Google project, "
            "which Google has not reviewed. Tap <b>Advanced</b>, then <b>Go to {host} (unsafe)</b>.",
            host=escape(policy.app_host),
        ),
        t("3. Leave both boxes ticked and tap <b>Continue</b>."),
        t(
            "4. My page shows <b>Open Telegram to finish</b>: tap it to come back to this chat, which "
            "links the Gmail. Do not share that link: it works only for you, once."
        ),
    ]


def _lifetime(t: Text) -> str:
    return t(
        "This bot's Google project is in testing mode, so Google ends the connection after <b>7 days</b>. "
        "I will remind you a day before; reconnecting takes a minute and keeps your requests."
    )


def connect_text(t: Text, mode: AccessMode, policy: GrantPolicy) -> str:
    parts = [_permissions(t, mode), "\n".join(_screens(t, policy))]
    if policy.testing_mode:
        parts.append(_lifetime(t))
    return "\n\n".join(parts)
