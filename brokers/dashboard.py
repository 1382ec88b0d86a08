"""The person's dashboard: counts by state and what needs them, and the one chat message that shows it."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from brokers.accounts import Account, AccountState
from brokers.lifecycle import RequestStatus
from brokers.requests import Channel, DeletionRequest

S = RequestStatus
# A broker's answer the person has to act on: prove identity, use the web form, or push back.
NEEDS_ANSWER = frozenset({S.NEEDS_VERIFICATION, S.NEEDS_WEB_FORM, S.REFUSED})
# The letter did not reach its company: Gmail refused it, or the broker's server bounced it.
FAILED = frozenset({S.FAILED, S.BOUNCED})


@dataclass(frozen=True, slots=True)
class Summary:
    """One person's requests counted by state, and the counts that ask something of them."""

    by_status: tuple[tuple[RequestStatus, int], ...]
    drafts: int
    forms: int
    on_their_way: int
    needs_answer: int
    overdue: int
    failed: int
    reconnect: int
    accounts: tuple[str, ...]  # the connected Gmail addresses
    last_scan: datetime | None

    @property
    def needs_you(self) -> int:
        return self.drafts + self.forms + self.needs_answer + self.overdue + self.failed + self.reconnect


@dataclass(frozen=True, slots=True)
class ShownStatus:
    """The chat message that shows the dashboard, and a digest of what it shows now (to skip no-op edits)."""

    message_id: int
    digest: str


def summarise(
    requests: Iterable[DeletionRequest], accounts: Iterable[Account], last_scan: datetime | None = None
) -> Summary:
    requests, accounts = list(requests), list(accounts)
    counts = Counter(r.status for r in requests)
    drafts = [r for r in requests if r.status is S.DRAFT]
    return Summary(
        by_status=tuple((status, counts[status]) for status in RequestStatus if counts[status]),
        drafts=sum(1 for r in drafts if r.channel is Channel.EMAIL),
        forms=sum(1 for r in drafts if r.channel is Channel.FORM),
        on_their_way=counts[S.SENDING],
        needs_answer=sum(counts[s] for s in NEEDS_ANSWER),
        overdue=counts[S.OVERDUE],
        failed=sum(counts[s] for s in FAILED),
        reconnect=sum(1 for a in accounts if a.state is AccountState.NEEDS_RECONNECT),
        accounts=tuple(a.address for a in accounts),
        last_scan=last_scan,
    )


def digest_of(*parts: str) -> str:
    """A short fingerprint of a rendered message: equal digests mean an edit would change nothing."""
    return hashlib.blake2b("\x00".join(parts).encode(), digest_size=8).hexdigest()
