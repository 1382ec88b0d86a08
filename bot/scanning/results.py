"""What a scan finds: per-broker counts, dates and sender forms, and the whole result with its cost."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from brokers.catalog import BrokerId
from brokers.matching import Sender

MAX_FORMS = 3
# Dates outside this range are clock or import accidents (1970, the year 9999): counted, never reported.
_PLAUSIBLE = (datetime(1990, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))


class ScanMode(StrEnum):
    SEARCH = "search"  # Gmail search queries from the catalog (needs gmail.readonly)
    SWEEP = "sweep"  # every message's headers (gmail.metadata, or a deep scan)


class ScanStatus(StrEnum):
    COMPLETED = "completed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class SenderForm:
    """How a broker's mail was signed: the display name and the address (a +tag removed); no subject."""

    display_name: str
    address: str


@dataclass(frozen=True, slots=True)
class BrokerFinding:
    broker_id: BrokerId
    message_count: int
    first_seen: datetime | None
    last_seen: datetime | None
    sender_forms: tuple[SenderForm, ...]


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What one scan found and what it cost.

    `findings` holds the brokers with at least one message; `unknown_domains` counts the company
    domains no broker matched (sweeps only: a search never reads unrelated mail); `messages_examined`
    is how many messages' headers were read (a search) or listed (a sweep); `quota_units` and
    `api_calls` include those of earlier runs of a resumed scan; `history_id` is where the mailbox
    stood when the scan began, the start of the next incremental sweep.
    """

    mode: ScanMode
    status: ScanStatus
    findings: dict[BrokerId, BrokerFinding]
    unknown_domains: Counter[str]
    messages_examined: int
    quota_units: int
    api_calls: int
    history_id: str | None


def is_plausible(moment: datetime) -> bool:
    return _PLAUSIBLE[0] <= moment < _PLAUSIBLE[1]


def form_of(sender: Sender) -> SenderForm:
    local, _, host = sender.address.partition("@")
    name = sender.display_name[:80].encode("utf-8", "replace").decode("utf-8")
    return SenderForm(name, f"{local.split('+', 1)[0]}@{host}")


@dataclass(slots=True)
class Tally:
    """A broker's finding while the scan runs; JSON round-trips through the cursor."""

    count: int = 0
    first: datetime | None = None
    last: datetime | None = None
    forms: list[SenderForm] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    oldest_id: str | None = None
    seen: list[str] = field(default_factory=list)

    def see(self, moment: datetime, sender: Sender | None) -> None:
        """Take a message's date and sender form into account (it is counted separately)."""
        if is_plausible(moment):
            self.first = moment if self.first is None else min(self.first, moment)
            self.last = moment if self.last is None else max(self.last, moment)
        if sender is not None and len(self.forms) < MAX_FORMS and (form := form_of(sender)) not in self.forms:
            self.forms.append(form)

    def finding(self, broker_id: BrokerId) -> BrokerFinding:
        return BrokerFinding(broker_id, self.count, self.first, self.last, tuple(self.forms))

    def to_json(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "first": _iso(self.first),
            "last": _iso(self.last),
            "forms": [[f.display_name, f.address] for f in self.forms],
            "terms": self.terms,
            "oldest_id": self.oldest_id,
            "seen": self.seen,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Tally:
        return cls(
            count=int(data["count"]),
            first=_parse(data.get("first")),
            last=_parse(data.get("last")),
            forms=[SenderForm(str(name), str(address)) for name, address in data.get("forms", [])],
            terms=[str(t) for t in data.get("terms", [])],
            oldest_id=data.get("oldest_id"),
            seen=[str(i) for i in data.get("seen", [])],
        )

    def supersede(self, newer: Tally) -> None:
        """Take a later tally of the same broker whose count and oldest id cover this one's too."""
        self.count, self.terms, self.oldest_id = newer.count, newer.terms, newer.oldest_id
        self.seen += [i for i in newer.seen if i not in self.seen]
        for moment in (newer.first, newer.last):
            if moment is not None:
                self.see(moment, None)
        for form in newer.forms:
            if len(self.forms) < MAX_FORMS and form not in self.forms:
                self.forms.append(form)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _parse(value: object) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))
