"""The small pages a person sees in the browser while connecting Gmail: self-contained, no assets.

Nothing from the request is reflected: pages show only fixed texts and values we looked up ourselves,
escaped. The style is inline and allowed by its hash in the Content-Security-Policy.
"""

from __future__ import annotations

import base64
import hashlib
from enum import StrEnum
from html import escape

from starlette.responses import HTMLResponse

from bot.i18n import N_, Text

_STYLE = (
    "body{font-family:system-ui,-apple-system,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.5;color:#1b1b1b}h1{font-size:1.4rem}.who{background:#f2f4f7;border-radius:.5rem;"
    "padding:.75rem 1rem}button,.button{display:inline-block;font-size:1rem;padding:.7rem 1.2rem;"
    "border-radius:.5rem;border:0;margin:.3rem .3rem 0 0;text-decoration:none;cursor:pointer}"
    ".yes{background:#1a73e8;color:#fff}.no{background:#e8eaed;color:#1b1b1b}"
)
_STYLE_HASH = base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


class Result(StrEnum):
    """The fixed outcomes a result page can show (the only thing a result URL carries)."""

    CONNECTED = "connected"
    CANCELLED = "cancelled"
    DENIED = "denied"
    EXPIRED = "expired"
    USED = "used"
    UNKNOWN = "unknown"
    FAILED = "failed"
    UNAVAILABLE = "unavailable"
    NO_READ = "no_read"
    BUSY = "busy"


_RESULTS: dict[Result, tuple[str, str]] = {
    Result.CONNECTED: (
        N_("Gmail is connected"),
        N_("You can close this page; the bot tells you what comes next."),
    ),
    Result.CANCELLED: (
        N_("Nothing was connected"),
        N_("You said no, so I revoked the access Google gave me."),
    ),
    Result.DENIED: (
        N_("You did not give access"),
        N_("Nothing was connected. You can try again from the chat."),
    ),
    Result.EXPIRED: (
        N_("This link has expired"),
        N_("Links work for 10 minutes. Ask the bot for a new one."),
    ),
    Result.USED: (N_("This link was already used"), N_("Each link works once. Ask the bot for a new one.")),
    Result.UNKNOWN: (
        N_("This link is not valid"),
        N_("Open /connect in the chat with the bot to get a link."),
    ),
    Result.FAILED: (N_("Google refused the connection"), N_("Nothing was connected. Please try again.")),
    Result.UNAVAILABLE: (N_("Google did not answer in time"), N_("Nothing was connected. Please try again.")),
    Result.NO_READ: (
        N_("Reading permission is missing"),
        N_(
            "Without permission to read your mail headers I cannot find who has your data. "
            "Nothing was connected."
        ),
    ),
    Result.BUSY: (N_("Too many requests"), N_("Please wait a moment and try again.")),
}


def page(title: str, body: str, *, language: str, status: int = 200) -> HTMLResponse:
    html = (
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def result_page(result: Result, t: Text, telegram_link: str) -> HTMLResponse:
    title, explanation = _RESULTS[result]
    status = {Result.CONNECTED: 200, Result.CANCELLED: 200, Result.BUSY: 429}.get(result, 400)
    back = escape(t("Back to Telegram"))
    link = f'<a class="button yes" href="{escape(telegram_link)}">{back}</a>'
    body = f"<p>{escape(t(explanation))}</p><p>{link}</p>"
    return page(t(title), body, language=t.language, status=status)


def finish_page(t: Text, *, address: str, link: str) -> HTMLResponse:
    """The hand-over to Telegram: the Gmail is linked only when the account that asked opens `link`."""
    # Translated strings are looked up outside the f-strings, where the catalogue extractor finds them.
    lines = [
        t("Google signed you in as"),
        address,
        t(
            "One more step: open the chat with the bot to finish. Only the Telegram account that asked "
            "for this link can finish it; for anyone else it links nothing."
        ),
    ]
    paragraphs = [
        f"<p class='who'><b>{escape(line)}</b></p>" if line == address else f"<p>{escape(line)}</p>"
        for line in lines
    ]
    label = t("Open Telegram to finish")
    button = f'<a class="button yes" href="{escape(link)}">{escape(label)}</a>'
    return page(t("Finish in Telegram"), "".join(paragraphs) + f"<p>{button}</p>", language=t.language)
