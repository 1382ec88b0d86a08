"""Letters to brokers and regulators: deletion requests, follow-ups, counter-letters and complaints.

`render_letter(kind, ctx)` picks `templates/<language>/<kind>.txt`, decides which optional parts apply (the
law's family and rights, the details the user gave) and fills in the values. Only details present in the
context appear; nothing the user typed is ever read as template syntax (see `brokers.letters.render`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from brokers.errors import MissingLetterDetail, TemplateError
from brokers.letters.fields import letter_flags, letter_values
from brokers.letters.language import LanguageReason, LetterLanguage, choose_letter_language
from brokers.letters.phrases import COUNTRY_LANGUAGES, SUPPORTED_LANGUAGES
from brokers.letters.render import render_template

if TYPE_CHECKING:
    from brokers.catalog import Broker
    from brokers.laws import Law
    from brokers.regulators import Regulator

__all__ = [
    "SUPPORTED_LANGUAGES",
    "LanguageReason",
    "Letter",
    "LetterContext",
    "LetterKind",
    "LetterLanguage",
    "choose_letter_language",
    "language_for",
    "render_letter",
]


class LetterKind(StrEnum):
    DELETION = "deletion"
    FOLLOW_UP = "follow_up"
    VERIFICATION_REPLY = "verification_reply"
    WEB_FORM_REPLY = "web_form_reply"
    COMPLAINT = "complaint"


@dataclass(frozen=True, slots=True)
class LetterContext:
    """Everything a letter may say. `email` is the address the request is sent from; the person's other
    details are only those the company needs (`brokers.identifiers.shared_identifiers`); `first_mail` and
    `last_mail` are the dates of the broker's first and last mail to it; `request_date` is the day the
    original request was sent (follow-ups and complaints need it)."""

    language: str
    law: Law
    broker_name: str
    full_name: str
    email: str
    other_emails: tuple[str, ...] = ()
    postal_address: str | None = None
    phone: str | None = None
    first_mail: date | None = None
    last_mail: date | None = None
    request_date: date | None = None
    reference: str | None = None
    timeline: tuple[tuple[date, str], ...] = ()
    regulator: Regulator | None = None
    # The company's brands the request covers too (sites a registry lists under the same company).
    brands: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Letter:
    subject: str
    body: str


_REQUIRED: dict[LetterKind, tuple[str, ...]] = {
    LetterKind.FOLLOW_UP: ("request_date",),
    LetterKind.COMPLAINT: ("request_date", "regulator"),
}


def render_letter(kind: LetterKind, ctx: LetterContext) -> Letter:
    """Write the letter in `ctx.language`; raise MissingLetterDetail if a required detail is missing."""
    if ctx.language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported letter language: {ctx.language!r}")
    for detail in _REQUIRED.get(kind, ()):
        if getattr(ctx, detail) is None:
            raise MissingLetterDetail(kind, detail)
    name = f"{ctx.language}/{kind}.txt"
    text = render_template(_template(name), letter_values(ctx), letter_flags(ctx), name=name)
    first, _, body = text.partition("\n")
    if not first.startswith("Subject: "):
        raise TemplateError(name, "the first line must be 'Subject: ...'")
    return Letter(subject=first.removeprefix("Subject: ").strip(), body=body.strip() + "\n")


def language_for(user_language: str | None, broker: Broker) -> str:
    """The user's language if we write it, else that of the broker's country if we write it, else English."""
    if user_language:
        base = user_language.replace("_", "-").split("-")[0].lower()
        if base in SUPPORTED_LANGUAGES:
            return base
    return COUNTRY_LANGUAGES.get(broker.country.upper(), "en")


@cache
def _template(name: str) -> str:
    resource = resources.files("brokers.letters") / "templates" / name
    if not resource.is_file():
        raise TemplateError(name, "no such template")
    return resource.read_text(encoding="utf-8")
