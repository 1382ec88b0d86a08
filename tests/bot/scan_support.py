"""For the scan tests and bench/scan.py: a simulated clock, tokens, broker mailboxes and their truth."""

from __future__ import annotations

import asyncio
import random
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from google.oauth2.credentials import Credentials

from bot.sandbox.google import (
    FakeGoogle,
    Mailbox,
    Message,
    SenderForm,
    generate_mailbox,
    realistic_sender_forms,
)
from brokers.catalog import Catalog, Kind
from brokers.matching import match_sender


class SimClock:
    """Simulated seconds shared by the fake's quota window and the client's limiter; sleeping advances it."""

    def __init__(self, start: float = 10_000.0) -> None:
        self._now = start
        self._lock = threading.Lock()
        self.slept = 0.0

    def __call__(self) -> float:
        with self._lock:
            return self._now

    async def sleep(self, seconds: float) -> None:
        with self._lock:
            self._now += max(0.0, seconds)
            self.slept += max(0.0, seconds)
        await asyncio.sleep(0)


def credentials_for(fake: FakeGoogle, email: str, scopes: Iterable[str]) -> Credentials:
    scopes = list(scopes)
    issued = fake.issue_token(email, scopes)
    return Credentials(  # type: ignore[no-untyped-call]
        token=issued.access_token,
        refresh_token=issued.refresh_token,
        token_uri=fake.token_uri,
        client_id=fake.consent.client.client_id,
        client_secret=fake.consent.client.client_secret,
        scopes=scopes,
    )


def broker_forms(domain: str, name: str) -> list[SenderForm]:
    """The fake's realistic forms for a catalog broker, with a display name that needs no quoting.

    The forms put the name unquoted before the address, so "Adara, Inc." would make a list of two
    addresses; the help-desk host is made a valid DNS label.
    """
    name = " ".join(re.sub(r'[,;:<>@"()\[\]\\]', " ", name).split())
    slug = re.sub(r"[^a-z0-9]", "", name.lower()) or "help"
    forms = []
    for form in realistic_sender_forms(domain, name):
        if form.reply_to is not None:
            form = SenderForm(f"{name} Support <support@{slug}.zendesk.com>", reply_to=form.reply_to)
        forms.append(form)
    return forms


def decoy_senders(catalog: Catalog, count: int, rng: random.Random) -> dict[str, list[SenderForm]]:
    """Mail that must match no broker: look-alike domains, people named like brokers, Reply-To from people."""
    decoys: dict[str, list[SenderForm]] = {}
    for broker in rng.sample(catalog.of_kind(Kind.BROKER), count):
        label = broker.domains[0].split(".")[0]
        decoys[f"{label}-fans.net"] = [SenderForm(f"{broker.name} Fans <hello@{label}-fans.net>")]
        decoys[f"{label}.invalid-decoy"] = [
            SenderForm(f'"{broker.name}" <{label}.alerts@gmail.com>'),
            SenderForm("Pat Doe <pat.doe@gmail.com>", reply_to=f"privacy@{broker.domains[0]}"),
        ]
    return decoys


@dataclass(frozen=True, slots=True)
class BrokerMailbox:
    mailbox: Mailbox
    seeded: frozenset[str]  # broker ids given mail
    counts: dict[str, int]  # broker id -> messages the matcher attributes to it
    first: dict[str, datetime]
    last: dict[str, datetime]


def broker_mailbox(
    catalog: Catalog,
    *,
    seed: int,
    messages: int,
    brokers: int,
    owner: str,
    sender_domains: int = 2000,
    decoys: int = 10,
    start_year: int = 2016,
) -> BrokerMailbox:
    rng = random.Random(seed)
    chosen = rng.sample(catalog.of_kind(Kind.BROKER), brokers)
    senders: dict[str, list[SenderForm]] = {b.domains[0]: broker_forms(b.domains[0], b.name) for b in chosen}
    senders |= decoy_senders(catalog, decoys, rng)
    mailbox = generate_mailbox(
        seed,
        messages,
        sender_domains=sender_domains,
        broker_senders=senders,
        owner=owner,
        start_year=start_year,
    )
    return BrokerMailbox(mailbox, frozenset(b.id for b in chosen), *truth_of(catalog, mailbox.messages))


def truth_of(
    catalog: Catalog, messages: Iterable[Message]
) -> tuple[dict[str, int], dict[str, datetime], dict[str, datetime]]:
    """What the matcher says of every message, read straight from the fake's store."""
    counts: dict[str, int] = {}
    first: dict[str, datetime] = {}
    last: dict[str, datetime] = {}
    for message in messages:
        reply_to = next((v for k, v in message.extra if k.lower() == "reply-to"), None)
        broker = match_sender(catalog, message.sender, reply_to)
        if broker is None:
            continue
        moment = datetime.fromtimestamp(message.date_ms / 1000, tz=UTC)
        counts[broker.id] = counts.get(broker.id, 0) + 1
        first[broker.id] = min(first.get(broker.id, moment), moment)
        last[broker.id] = max(last.get(broker.id, moment), moment)
    return counts, first, last
