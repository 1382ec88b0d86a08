"""Callback data: `action:arg:epoch`, at most 64 bytes, parsed strictly and checked against the user.

The epoch is a short random value stored with the user and renewed when they start over, so a button
from before /forget, or from someone else's chat, no longer matches and changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

MAX_CALLBACK_BYTES = 64
MAX_ID = 2**31 - 1
MAX_ID_DIGITS = len(str(MAX_ID))
_PATTERN = re.compile(r"^(?P<action>[a-z]{1,10}):(?P<arg>[A-Za-z0-9_-]{0,32}):(?P<epoch>[0-9a-f]{0,16})$")


class Action(StrEnum):
    CONSENT = "consent"
    SKIP = "skip"
    REGION = "region"
    JURISDICTION = "jur"
    LANGUAGE = "lang"
    EDIT = "edit"
    CLEAR = "clear"
    FORGET = "forget"
    MENU = "menu"
    CONNECT = "conn"
    DISCONNECT = "disc"
    SCAN = "scan"
    SCAN_CANCEL = "scancx"
    REVIEW = "review"
    COMPANIES = "comp"
    COMPANIES_ADD = "compadd"
    WELL_KNOWN = "wellknown"
    PICK_ASK = "pask"
    PICK_SKIP = "pskip"
    PICK_PAGE = "ppage"
    REQ_SEND = "rsend"
    REQ_PREVIEW = "rprev"
    REQ_SKIP = "rskip"
    REQ_UNSKIP = "runskip"
    REQ_DONE = "rdone"
    REQ_ALL = "rall"
    REQ_ALL_OK = "rallok"
    REQ_ALL_PAGE = "rallpg"
    REQ_ALL_ADD = "ralladd"
    REQ_ALL_NO = "rallno"
    LETTER_OK = "lsend"
    LETTER_UNDO = "lundo"
    LETTER_NO = "lno"
    LETTER_LANGUAGE = "llang"
    REQ_LIST = "rlist"
    REQ_SHOW = "rshow"
    FOLLOW_UP = "fup"
    FOLLOW_ALL = "fupall"
    FOLLOW_ALL_OK = "fupallok"
    FOLLOW_ALL_NO = "fupallno"
    COUNTER = "counter"
    FIX = "fix"
    SHOW_REPLY = "reply"
    BOUNCE = "bounce"
    FILED = "filed"
    AGAIN = "again"
    TIMELINE = "tline"
    DROP = "drop"
    QUIET = "quiet"
    PACE = "pace"
    REPORT = "report"
    STATUS = "status"
    REVIEW_MORE = "rmore"
    BROADCAST_SEND = "bcsend"
    BROADCAST_STOP = "bcstop"
    CONTACT_FIX = "cfix"
    IMPORT_APPLY = "impok"
    IMPORT_CANCEL = "impno"


@dataclass(frozen=True, slots=True)
class Callback:
    action: Action
    arg: str
    epoch: str

    def encode(self) -> str:
        data = f"{self.action}:{self.arg}:{self.epoch}"
        if len(data.encode()) > MAX_CALLBACK_BYTES or not _PATTERN.match(data):
            raise ValueError("callback data out of format")
        return data


def parse_callback(data: str | None) -> Callback | None:
    """The callback, or None for anything malformed or unknown."""
    if not data or len(data.encode("utf-8", "replace")) > MAX_CALLBACK_BYTES:
        return None
    match = _PATTERN.match(data)
    if match is None:
        return None
    try:
        action = Action(match["action"])
    except ValueError:
        return None
    return Callback(action, match["arg"], match["epoch"])


def parse_id(text: str) -> int | None:
    """A number from callback data (an id, a page), or None unless it is plain digits within the range
    of the narrowest id column (INTEGER on PostgreSQL): a forged 20-digit id gets "not found", never a
    database overflow."""
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_ID_DIGITS:
        return None
    value = int(text)
    return value if value <= MAX_ID else None


def button_data(action: Action, arg: str = "", epoch: str = "") -> str:
    return Callback(action, arg, epoch).encode()
