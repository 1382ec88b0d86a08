"""The search plan: the catalog's domains packed into bounded `from:` queries."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from bot.scanning.plan import (
    MAX_QUERY_CHARS,
    after_epoch,
    broker_terms,
    from_query,
    plan_chunks,
    plan_fingerprint,
    provider_terms,
)
from brokers.catalog import Broker, BrokerId, Catalog, Kind, load_bundled


def broker(
    broker_id: str, *domains: str, provider_hosts: tuple[str, ...] = (), enabled: bool = True
) -> Broker:
    return Broker(
        id=BrokerId(broker_id),
        name=broker_id.title(),
        kind=Kind.BROKER,
        category="people-search",
        domains=domains,
        provider_hosts=provider_hosts,
        enabled=enabled,
    )


def test_plan_covers_every_enabled_domain_of_the_bundled_catalog_once() -> None:
    catalog = load_bundled()
    chunks = plan_chunks(catalog)

    planned = [term for chunk in chunks for term in chunk.terms]
    expected = {d.lower() for b in catalog.enabled() for d in (*b.domains, *b.provider_hosts)}

    assert len(planned) == len(set(planned))
    assert set(planned) == expected


def test_every_chunk_query_stays_under_the_limit_with_a_date_bound() -> None:
    chunks = plan_chunks(load_bundled())

    lengths = [len(from_query(chunk.terms, after=2_000_000_000)) for chunk in chunks]

    assert max(lengths) <= MAX_QUERY_CHARS
    # The chunks are well filled: few queries for the catalog's thousands of domains.
    assert sum(lengths) / (len(chunks) * MAX_QUERY_CHARS) >= 0.9


def test_chunk_queries_fit_a_get_url_so_the_client_never_switches_to_post() -> None:
    chunks = plan_chunks(load_bundled())

    longest = max(len(urlencode({"q": from_query(c.terms, after=2_000_000_000)})) for c in chunks)

    assert (
        longest + len("https://gmail.googleapis.com/gmail/v1/users/me/messages?maxResults=500&alt=json&")
        < 2048
    )


def test_a_broker_is_never_split_across_chunks() -> None:
    catalog = Catalog(tuple(broker(f"b{i}", *(f"d{i}-{k}.example" for k in range(5))) for i in range(60)))

    chunks = plan_chunks(catalog, max_chars=300)

    assert len(chunks) > 1
    for chunk in chunks:
        for group in chunk.groups:
            assert group.terms == tuple(f"d{group.broker_id[1:]}-{k}.example" for k in range(5))


def test_a_broker_longer_than_the_limit_gets_a_chunk_of_its_own() -> None:
    big = broker("big", *(f"very-long-domain-name-{k}.example" for k in range(30)))
    catalog = Catalog((broker("small", "small.example"), big, broker("after", "after.example")))

    chunks = plan_chunks(catalog, max_chars=200)

    assert [[g.broker_id for g in c.groups] for c in chunks] == [["small"], ["big"], ["after"]]


def test_free_mail_disabled_and_repeated_domains_are_left_out() -> None:
    catalog = Catalog(
        (
            broker("a", "Spokeo.com", "gmail.com", "mail.yahoo.co.jp"),
            broker("b", "spokeo.com", "whitepages.com"),
            broker("off", "disabled.example", enabled=False),
        )
    )

    terms = {g.broker_id: g.terms for g in broker_terms(catalog)}

    assert terms == {"a": ("spokeo.com",), "b": ("whitepages.com",)}


def test_from_query_groups_terms_with_or_and_a_single_term_bare() -> None:
    assert from_query(["spokeo.com"]) == "from:spokeo.com"
    assert from_query(["a.com", "b.com"]) == "from:(a.com OR b.com)"


def test_from_query_excludes_terms_and_bounds_the_date_in_epoch_seconds() -> None:
    query = from_query(["a.com", "b.com"], exclude=["b.com", "c.com", "d.com"], after=1_700_000_000)

    assert query == "from:(a.com OR b.com) -from:(c.com OR d.com) after:1700000000"


def test_after_epoch_is_exact_seconds_not_a_pacific_date() -> None:
    assert after_epoch(datetime(2024, 1, 31, 23, 30, tzinfo=UTC)) == 1706743800
    assert after_epoch(None) is None


def test_fingerprint_changes_when_the_catalog_changes() -> None:
    one = Catalog((broker("a", "a.example"), broker("b", "b.example")))
    other = Catalog((broker("a", "a.example"), broker("b", "b2.example")))

    assert plan_fingerprint(plan_chunks(one)) == plan_fingerprint(plan_chunks(one))
    assert plan_fingerprint(plan_chunks(one)) != plan_fingerprint(plan_chunks(other))


def test_provider_search_names_help_desks_and_skips_hosts_the_catalog_already_searches() -> None:
    catalog = Catalog((broker("ftn", "familytreenow.com", provider_hosts=("familytreenow.zendesk.com",)),))

    providers, known_hosts = provider_terms(catalog)

    assert {"zendesk.com", "freshdesk.com"} <= set(providers)
    assert known_hosts == ("familytreenow.zendesk.com",)
