"""The values and flags a letter template sees, derived from a LetterContext."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING

from brokers.deadlines import deadline_for
from brokers.laws import LawFamily
from brokers.letters.phrases import format_date, regulation_name, within

if TYPE_CHECKING:
    from brokers.letters import LetterContext

_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def one_line(text: str) -> str:
    """User input for a single-line field: no line breaks or control characters, single spaces."""
    return " ".join(_CONTROL.sub("", _LINE_BREAKS.sub(" ", text)).split())


def address_lines(text: str) -> list[str]:
    return [line for line in (one_line(part) for part in text.splitlines()) if line]


def letter_values(ctx: LetterContext) -> dict[str, str]:
    return {**_person_values(ctx), **_law_values(ctx), **_date_values(ctx), **_regulator_values(ctx)}


def _person_values(ctx: LetterContext) -> dict[str, str]:
    reference = one_line(ctx.reference or "")
    return {
        "broker": one_line(ctx.broker_name),
        "full_name": one_line(ctx.full_name),
        "email": one_line(ctx.email),
        "other_emails": ", ".join(e for e in (one_line(e) for e in ctx.other_emails) if e),
        "postal_address": "\n".join(f"  {line}" for line in address_lines(ctx.postal_address or "")),
        "phone": one_line(ctx.phone or ""),
        "reference": reference,
        "ref_suffix": f" [{reference}]" if reference else "",
        "brands": ", ".join(b for b in (one_line(b) for b in ctx.brands) if b),
    }


def _law_values(ctx: LetterContext) -> dict[str, str]:
    law, lang = ctx.law, ctx.language
    return {
        "regulation": regulation_name(law, lang),
        "law_name": law.name,
        "deletion_cite": law.deletion_citation or "",
        "opt_out_cite": law.opt_out_citation or "",
        "timeline_cite": law.timeline_citation or "",
        "within": within(law.response, lang),
        "receipt_within": within(law.receipt_confirmation, lang) if law.receipt_confirmation else "",
    }


def _date_values(ctx: LetterContext) -> dict[str, str]:
    lang = ctx.language
    colon = "\u00a0:" if lang == "fr" else ":"
    deadline = ""
    if ctx.request_date is not None:
        # Noon UTC keeps the request on its calendar day whatever the user's time zone was.
        sent = datetime.combine(ctx.request_date, time(12), tzinfo=UTC)
        deadline = format_date(deadline_for(ctx.law, sent).date(), lang)
    return {
        "first_mail": format_date(ctx.first_mail, lang) if ctx.first_mail else "",
        "last_mail": format_date(ctx.last_mail, lang) if ctx.last_mail else "",
        "request_date": format_date(ctx.request_date, lang) if ctx.request_date else "",
        "deadline": deadline,
        "timeline": "\n".join(
            f"- {format_date(day, lang)}{colon} {one_line(text)}" for day, text in ctx.timeline
        ),
    }


def _regulator_values(ctx: LetterContext) -> dict[str, str]:
    if ctx.regulator is None:
        return {"regulator": "", "regulator_url": ""}
    return {"regulator": one_line(ctx.regulator.name), "regulator_url": ctx.regulator.complaint_url}


def letter_flags(ctx: LetterContext) -> dict[str, bool]:
    law = ctx.law
    values = _person_values(ctx)
    return {
        "gdpr": law.is_gdpr_like,
        "uk": law.family is LawFamily.UK_GDPR,
        "us": law.family is LawFamily.US_STATE,
        "ccpa": law.code == "ccpa",
        "pipeda": law.family is LawFamily.PIPEDA,
        "generic": law.family is LawFamily.GENERIC,
        "opt_out": law.has_opt_out,
        "objection": law.has_marketing_objection,
        "receipt": law.receipt_confirmation is not None,
        "statutory": law.statutory_deadline,
        "appeal": law.appeal is not None,
        "other_emails": bool(values["other_emails"]),
        "address": bool(values["postal_address"]),
        "phone": bool(values["phone"]),
        "first_mail": ctx.first_mail is not None,
        "last_mail": ctx.last_mail is not None,
        "reference": bool(values["reference"]),
        "request_date": ctx.request_date is not None,
        "regulator": ctx.regulator is not None,
        "timeline": bool(ctx.timeline),
        "brands": bool(values["brands"]),
    }
