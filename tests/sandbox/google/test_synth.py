"""The seeded synthetic mailbox: reproducible, skewed like real mail, and quick to search at 100k."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from bot.sandbox.google.addresses import first_address
from bot.sandbox.google.search import search
from bot.sandbox.google.senders import brand_of, realistic_sender_forms
from bot.sandbox.google.synth import generate_mailbox
from tests.hang import no_hang

BROKERS = ("spokeo.com", "whitepages.com", "beenverified.com", "radaris.com")
FORMS = {d: realistic_sender_forms(d, brand_of(d)) for d in BROKERS}
NOW_MS = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp() * 1000)


def test_same_seed_gives_the_same_mailbox() -> None:
    first = generate_mailbox(3, 500, broker_senders=FORMS)
    second = generate_mailbox(3, 500, broker_senders=FORMS)
    other = generate_mailbox(4, 500, broker_senders=FORMS)

    assert [(m.id, m.sender, m.subject) for m in first.messages] == [
        (m.id, m.sender, m.subject) for m in second.messages
    ]
    assert [m.sender for m in first.messages] != [m.sender for m in other.messages]


def test_broker_mail_is_found_by_its_registrable_domain() -> None:
    box = generate_mailbox(5, 5000, broker_senders=FORMS)

    for domain in BROKERS:
        truth = {m.seq for m in box.messages if first_address(m.sender).host.endswith(domain)}
        assert truth
        assert set(search(box, f"from:{domain}", include_spam_trash=True, now_ms=NOW_MS)) == truth


def test_few_senders_send_most_mail() -> None:
    box = generate_mailbox(6, 20_000, sender_domains=2000)
    per_host = Counter(first_address(m.sender).host for m in box.messages)
    ranked = sorted(per_host.values(), reverse=True)

    assert len(per_host) > 1000
    assert sum(ranked[: len(ranked) // 100]) > 0.2 * len(box.messages)


def test_dates_stay_within_the_years_and_history_ids_increase() -> None:
    box = generate_mailbox(8, 2000, start_year=2019, end_year=2020)
    low = datetime(2019, 1, 1, tzinfo=UTC).timestamp() * 1000
    high = datetime(2021, 1, 1, tzinfo=UTC).timestamp() * 1000

    assert all(low <= m.date_ms < high for m in box.messages)
    assert all(a.history_id < b.history_id for a, b in zip(box.messages, box.messages[1:], strict=False))


def test_generated_history_is_not_retained() -> None:
    box = generate_mailbox(9, 100)

    assert box.history_floor == box.history_id
    assert box.history_since(0) == []


def test_hundred_thousand_messages_generate_and_search() -> None:
    groups = [
        f"from:({' OR '.join([*BROKERS, *(f'other{i}-{j}.com' for j in range(36))])})" for i in range(100)
    ]
    with no_hang("generating and searching 100,000 messages"):
        box = generate_mailbox(1, 100_000, broker_senders=FORMS)
        found = [search(box, f"{q} after:{1_500_000_000 + i}", now_ms=NOW_MS) for i, q in enumerate(groups)]

    assert len(box.messages) == 100_000
    assert all(found)
