"""Validation of what a person types for their profile: untrusted text in, clean values or a reason out."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import available_timezones

from brokers.profile import MAX_ADDRESS_LENGTH, MAX_NAME_LENGTH, MAX_OTHER_EMAILS, MAX_PHONE_LENGTH

_EMAIL_RE = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)


MIN_NAME_LETTERS = 2


class Problem(StrEnum):
    EMPTY = "empty"
    BAD_TIMEZONE = "bad_timezone"
    TOO_LONG = "too_long"
    BAD_EMAIL = "bad_email"
    TOO_MANY = "too_many"
    BAD_PHONE = "bad_phone"
    NOT_A_NAME = "not_a_name"


@dataclass(frozen=True, slots=True)
class Rejected:
    problem: Problem
    detail: str = ""


def _strip_controls(text: str) -> str:
    """Drop control and format characters (keeping newlines for addresses) and trim."""
    kept = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch)[0] != "C")
    return "\n".join(line.strip() for line in kept.strip().splitlines() if line.strip())


def clean_name(text: str) -> str | Rejected:
    name = " ".join(_strip_controls(text).split())
    if not name:
        return Rejected(Problem.EMPTY)
    if len(name) > MAX_NAME_LENGTH:
        return Rejected(Problem.TOO_LONG, str(MAX_NAME_LENGTH))
    if sum(ch.isalpha() for ch in name) < MIN_NAME_LETTERS:
        return Rejected(Problem.NOT_A_NAME, name)  # "x", "1", "." : a slip, not a name to sign letters with
    return name


def clean_address(text: str) -> str | Rejected:
    address = _strip_controls(text)
    if not address:
        return Rejected(Problem.EMPTY)
    if len(address) > MAX_ADDRESS_LENGTH:
        return Rejected(Problem.TOO_LONG, str(MAX_ADDRESS_LENGTH))
    return address


_PHONE_RE = re.compile(r"\+?[0-9][0-9 ()./-]*[0-9]")


def clean_phone(text: str) -> str | Rejected:
    """A phone number as typed (digits, an optional leading +, spaces, dots, dashes, brackets)."""
    phone = " ".join(_strip_controls(text).split())
    if not phone:
        return Rejected(Problem.EMPTY)
    if len(phone) > MAX_PHONE_LENGTH:
        return Rejected(Problem.TOO_LONG, str(MAX_PHONE_LENGTH))
    digits = sum(ch.isdigit() for ch in phone)
    if _PHONE_RE.fullmatch(phone) is None or not 5 <= digits <= 15:
        return Rejected(Problem.BAD_PHONE, phone[:60])
    return phone


def is_email(text: str) -> bool:
    return len(text) <= 254 and _EMAIL_RE.match(text) is not None


def clean_emails(text: str) -> tuple[str, ...] | Rejected:
    """Parse a list of addresses separated by commas, spaces or lines; lower-cased, de-duplicated."""
    parts = [p for p in re.split(r"[\s,;]+", _strip_controls(text)) if p]
    if not parts:
        return Rejected(Problem.EMPTY)
    for part in parts:
        if not is_email(part):
            return Rejected(Problem.BAD_EMAIL, part[:60])
    unique = tuple(dict.fromkeys(p.lower() for p in parts))
    if len(unique) > MAX_OTHER_EMAILS:
        return Rejected(Problem.TOO_MANY, str(MAX_OTHER_EMAILS))
    return unique


def clean_timezone(text: str) -> str | Rejected:
    """An IANA time zone name (``Europe/Berlin``), matched without regard to case."""
    wanted = _strip_controls(text).replace(" ", "_")
    if not wanted:
        return Rejected(Problem.EMPTY)
    zones = {zone.lower(): zone for zone in available_timezones()}
    zone = zones.get(wanted.lower())
    return zone if zone is not None else Rejected(Problem.BAD_TIMEZONE, wanted[:60])
