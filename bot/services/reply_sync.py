"""Finding an account's new mail that may answer its requests: Gmail's history since the last check
(2 units a call, asked only when the mailbox's history id moved), or a bounded search since the last
sync when there is no history to read from."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from brokers.accounts import Account
from brokers.catalog import Catalog
from brokers.errors import HistoryExpired
from brokers.mailbox import AddedMessage, Mailbox
from brokers.reply_match import (
    MATCH_HEADERS,
    is_delivery_report,
    is_incoming,
    request_answered_by,
    request_in_thread,
    request_named_in,
)
from brokers.requests import DeletionRequest

log = logging.getLogger(__name__)

# New mail outside the requests' threads whose headers one check reads; beyond it a search is cheaper.
MAX_UNSORTED = 100
MAX_PER_REQUEST = 20
# Gmail files mail by its own receipt time: search a little before the last sync to lose none.
RESYNC_MARGIN = timedelta(hours=1)


SeenIds = Callable[[], Awaitable[set[str]]]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A new message and the request it answers."""

    request: DeletionRequest
    message_id: str


@dataclass(frozen=True, slots=True)
class NewMail:
    """What arrived since the last check, and the history id the next check starts from."""

    candidates: list[Candidate]
    history_id: str


async def find_new_mail(
    mailbox: Mailbox,
    account: Account,
    requests: Sequence[DeletionRequest],
    catalog: Catalog,
    seen: SeenIds,
    *,
    changed: bool = False,
) -> NewMail:
    """Raises MailboxError; nothing is stored here, so a failed call loses no position. `seen` (the
    Gmail ids already recorded) is loaded only when the mailbox changed: most checks end at getProfile.
    `changed`: the caller already knows the history id moved (a batch of getProfile said so)."""
    start = account.sync.history_id
    if start is not None:
        # getProfile (1 unit) tells whether anything changed since; only then is history.list (2 units)
        # worth asking. Gmail's history id moves with every change, so no change can hide behind it.
        if not changed and (await mailbox.profile()).history_id == start:
            return NewMail([], start)
        try:
            added, latest = await mailbox.history_added(start)
        except HistoryExpired:
            log.info("reply history of account %s expired: searching since the last sync", account.id)
        else:
            own, known = {r.gmail_message_id for r in requests}, await seen()
            fresh = [m for m in added if is_incoming(m) and m.id not in known and m.id not in own]
            outside = [m for m in fresh if request_in_thread(m.thread_id, requests) is None]
            if len(outside) <= MAX_UNSORTED:
                return NewMail(await _sort(mailbox, account, fresh, requests, catalog), latest)
            log.info("account %s: %s new messages, searching instead", account.id, len(outside))
    return await _search_since_last_sync(mailbox, account, requests, catalog, await seen())


async def _sort(
    mailbox: Mailbox,
    account: Account,
    fresh: Sequence[AddedMessage],
    requests: Sequence[DeletionRequest],
    catalog: Catalog,
) -> list[Candidate]:
    """Thread replies at no cost; the rest by their headers (one batch), bounces by what they quote."""
    found: dict[str, Candidate] = {}
    outside: list[str] = []
    for message in fresh:
        request = request_in_thread(message.thread_id, requests)
        if request is not None:
            found[message.id] = Candidate(request, message.id)
        else:
            outside.append(message.id)
    if outside:
        for headers in await mailbox.headers(outside, MATCH_HEADERS):
            request = request_answered_by(headers, requests, catalog)
            if request is None and is_delivery_report(headers) and account.grant.can_search:
                report = await mailbox.read(headers.id, raw=True)
                request = request_named_in((report.raw or b"").decode("utf-8", "replace"), requests)
            if request is not None:
                found[headers.id] = Candidate(request, headers.id)
    return [found[m.id] for m in fresh if m.id in found]


async def _search_since_last_sync(
    mailbox: Mailbox,
    account: Account,
    requests: Sequence[DeletionRequest],
    catalog: Catalog,
    seen: set[str],
) -> NewMail:
    # The new start point first: mail arriving during the search is then in the next history read.
    latest = (await mailbox.profile()).history_id
    since = account.sync.synced_at
    taken = set(seen)
    candidates: list[Candidate] = []
    for request in requests:
        after = request.sent_at if since is None else max(request.sent_at or since, since - RESYNC_MARGIN)
        for message_id in await _request_mail(mailbox, account, request, catalog, after):
            if message_id not in taken:
                taken.add(message_id)
                candidates.append(Candidate(request, message_id))
    return NewMail(candidates, latest)


async def _request_mail(
    mailbox: Mailbox, account: Account, request: DeletionRequest, catalog: Catalog, after: datetime | None
) -> list[str]:
    """Replies in the request's thread (all of them: the thread is ours, and those read before are
    `seen`), plus (with search) mail from the broker's domains and ticket hosts since `after`."""
    own = {request.gmail_message_id}
    ids: list[str] = []
    if request.gmail_thread_id:
        for message in await mailbox.thread_headers(request.gmail_thread_id):
            if message.id not in own and not _is_from(message.from_header, account.address):
                ids.append(message.id)
    broker = catalog.get(request.broker_id)
    if broker is not None and account.grant.can_search and after is not None:
        hosts = " OR ".join((*broker.domains, *broker.provider_hosts))
        query = f"from:({hosts}) after:{int(after.timestamp())}"
        found, _ = await mailbox.list_message_ids(query, max_results=MAX_PER_REQUEST)
        ids += [i for i in found if i not in ids and i not in own]
    return ids[:MAX_PER_REQUEST]


def _is_from(header: str | None, address: str) -> bool:
    return header is not None and address.lower() in header.lower()
