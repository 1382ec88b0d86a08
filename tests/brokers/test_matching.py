"""Sender matching: header parsing, registrable domains, free-mail refusal and broker look-up."""

from email.header import Header
from email.utils import formataddr

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from brokers.catalog import Broker, BrokerId, Catalog, Kind
from brokers.matching import (
    FREEMAIL_DOMAINS,
    Sender,
    is_freemail,
    is_sending_provider,
    match_sender,
    parse_sender,
    registrable_domain,
)
from tests.hang import no_hang


def make_broker(broker_id: str, *domains: str, provider_hosts: tuple[str, ...] = ()) -> Broker:
    return Broker(
        id=BrokerId(broker_id),
        name=broker_id.title(),
        kind=Kind.BROKER,
        category="people-search",
        domains=domains,
        provider_hosts=provider_hosts,
    )


SPOKEO = make_broker("spokeo", "spokeo.com", provider_hosts=("spokeo.zendesk.com",))
ACME = make_broker("acme", "acme-data.co.uk")
MUNICH = make_broker("munich", "xn--mnchen-3ya.de")
ZENDESK = make_broker("zendesk", "zendesk.com")
# A bad record, as an admin override might create: free-mail must still never match.
WRONG = make_broker("wrong", *sorted(FREEMAIL_DOMAINS), "hotmail.de", "yahoo.co.jp")
CATALOG = Catalog((SPOKEO, ACME, MUNICH, ZENDESK, WRONG))
FREEMAIL_HOSTS = [
    *sorted(FREEMAIL_DOMAINS),
    "hotmail.de",
    "yahoo.co.jp",
    "gmx.at",
    "live.co.uk",
    "outlook.fr",
]

NAME_TRAPS = [
    "Spokeo",
    "spokeo.com",
    "privacy@spokeo.com",
    "<privacy@spokeo.com>",
    "Spokeo <privacy@spokeo.com>",
    "=?utf-8?q?privacy=40spokeo.com?=",
    "a@b, c@spokeo.com",
]

labels = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
local_parts = st.from_regex(r"[a-z0-9]{1,8}(?:[._-][a-z0-9]{1,8}){0,2}", fullmatch=True)


def with_case(text: str, flips: list[bool]) -> str:
    return "".join(
        c.upper() if flip else c for c, flip in zip(text, flips + [False] * len(text), strict=False)
    )


def test_parse_sender_returns_lowercased_address_host_domain_and_name() -> None:
    sender = parse_sender("Privacy Team <PRIVACY+Tag@Mail.Spokeo.COM>")

    assert sender == Sender(
        address="privacy+tag@mail.spokeo.com",
        local_part="privacy+tag",
        host="mail.spokeo.com",
        domain="spokeo.com",
        display_name="Privacy Team",
    )


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("=?iso-8859-1?q?J=F6rg_M=FCller?= <j@acme-data.co.uk>", "Jörg Müller"),
        ("=?utf-8?b?w4RyZ2VyIEdtYkg=?= <info@acme-data.co.uk>", "Ärger GmbH"),
        (Header("東京データ", "shift_jis").encode() + " <a@acme-data.co.uk>", "東京データ"),
        ('"Spokeo, Inc." <privacy@spokeo.com>', "Spokeo, Inc."),
    ],
)
def test_parse_sender_decodes_display_names(header: str, name: str) -> None:
    sender = parse_sender(header)

    assert sender is not None
    assert sender.display_name == " ".join(name.split())


def test_parse_sender_never_turns_an_encoded_display_name_into_an_address() -> None:
    sender = parse_sender("=?utf-8?q?privacy=40spokeo.com?= <x@gmail.com>")

    assert sender is not None
    assert (sender.address, sender.display_name) == ("x@gmail.com", "privacy@spokeo.com")


def test_parse_sender_takes_the_first_valid_of_several_addresses() -> None:
    sender = parse_sender(
        "Spokeo, x@[192.0.2.1], bob@localhost, Real <r@acme-data.co.uk>, privacy@spokeo.com"
    )

    assert sender is not None
    assert sender.address == "r@acme-data.co.uk"


@pytest.mark.parametrize(
    ("header", "host"),
    [
        ("x@MÜNCHEN.de", "xn--mnchen-3ya.de"),
        ("x@mail.xn--MNCHEN-3ya.de", "mail.xn--mnchen-3ya.de"),
        ("x@straße.de", "xn--strae-oqa.de"),
        ("x@ｓｐｏｋｅｏ.com", "spokeo.com"),
    ],
)
def test_parse_sender_normalises_hosts_to_ascii(header: str, host: str) -> None:
    sender = parse_sender(header)

    assert sender is not None
    assert sender.host == host


@pytest.mark.parametrize(
    "header",
    [
        "Spokeo\r\n <privacy@spokeo.com>",
        "privacy@spokeo.com (Spokeo Privacy)",
        "Spokeo <privacy@spokeo.com",
        "privacy@spokeo.com",
    ],
)
def test_parse_sender_reads_folded_commented_and_unclosed_headers(header: str) -> None:
    sender = parse_sender(header)

    assert sender is not None
    assert sender.address == "privacy@spokeo.com"


@pytest.mark.parametrize(
    "header",
    ["", "Spokeo", "<>", "x@localhost", "x@com", "x@[192.0.2.1]", "@spokeo.com", "a@b@c.com",
     "undisclosed-recipients:;", "x@-spokeo.com", "x@spo keo.com", "(" * 5000, '"' * 10_000],
)  # fmt: skip
def test_parse_sender_returns_none_without_a_valid_address(header: str) -> None:
    assert parse_sender(header) is None


def test_parse_sender_stays_fast_on_pathological_junk() -> None:
    with no_hang("parsing a pathological From header"):
        parse_sender('"\\' * 50_000 + "@spokeo.com")


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("mail.spokeo.com", "spokeo.com"),
        ("a.b.acme-data.co.uk", "acme-data.co.uk"),
        ("someone.blogspot.com", "someone.blogspot.com"),
        ("MÜNCHEN.de", "xn--mnchen-3ya.de"),
        ("co.uk", None),
        ("localhost", None),
        ("192.0.2.1", None),
        ("a..spokeo.com", None),
    ],
)
def test_registrable_domain_follows_the_public_suffix_list(host: str, domain: str | None) -> None:
    assert registrable_domain(host) == domain


@pytest.mark.parametrize(
    "domain",
    ["gmail.com", "GoogleMail.com", "hotmail.co.uk", "yahoo.co.jp", "gmx.at", "web.de", "proton.me",
     "abc.privaterelay.appleid.com", "mail.ru", "outlook.fr", "yandex.com.tr"],
)  # fmt: skip
def test_is_freemail_recognises_consumer_mailboxes(domain: str) -> None:
    assert is_freemail(domain)


@pytest.mark.parametrize("domain", ["spokeo.com", "appleid.com", "google.com", "not a domain", ""])
def test_is_freemail_rejects_company_domains(domain: str) -> None:
    assert not is_freemail(domain)


@pytest.mark.parametrize(
    ("host", "expected"),
    [("spokeo.zendesk.com", True), ("bounce.mcsv.net", True), ("zendesk.com", True), ("spokeo.com", False)],
)
def test_is_sending_provider_looks_at_the_registrable_domain(host: str, expected: bool) -> None:
    assert is_sending_provider(host) is expected


@pytest.mark.parametrize(
    ("from_header", "reply_to", "expected"),
    [
        ("privacy@spokeo.com", None, SPOKEO),
        ("Spokeo <no-reply@mail.spokeo.com>", None, SPOKEO),
        ("support@spokeo.zendesk.com", None, SPOKEO),
        ("support@eu.spokeo.zendesk.com", None, SPOKEO),
        ("support@othertenant.zendesk.com", None, None),
        ("billing@zendesk.com", None, ZENDESK),
        ("news=acme-data.co.uk@mail42.atl11.mcsv.net", "news@acme-data.co.uk", ACME),
        ("news=acme-data.co.uk@mail42.atl11.mcsv.net", None, None),
        ("noreply@unknown-esp.example", "privacy@spokeo.com", SPOKEO),
        ("privacy@spokeo.com", "privacy@acme-data.co.uk", SPOKEO),
        ("not a header at all", "privacy@spokeo.com", SPOKEO),
        ("jane@gmail.com", "privacy@spokeo.com", None),
        ("privacy@spokeo.com.evil.example", None, None),
        ("x@münchen.de", None, MUNICH),
        ("x@MAIL.MÜNCHEN.DE", None, MUNICH),
    ],
)
def test_match_sender_examples(from_header: str, reply_to: str | None, expected: Broker | None) -> None:
    assert match_sender(CATALOG, from_header, reply_to) == expected


@pytest.mark.parametrize(
    "from_header",
    ['"Spokeo" <x@gmail.com>', '"privacy@spokeo.com" <x@unknown-shop.example>',
     "=?utf-8?q?spokeo.com?= <x@unknown-shop.example>", "Spokeo Privacy <x@yahoo.co.jp>"],
)  # fmt: skip
def test_match_sender_ignores_display_names(from_header: str) -> None:
    assert match_sender(CATALOG, from_header) is None


@given(
    subdomain=st.lists(labels, max_size=4), local=local_parts, broker=st.sampled_from([SPOKEO, ACME, MUNICH])
)
def test_match_sender_matches_any_subdomain_of_a_broker_domain(
    subdomain: list[str], local: str, broker: Broker
) -> None:
    host = ".".join([*subdomain, broker.domains[0]])

    assert match_sender(CATALOG, f"Someone <{local}@{host}>") == broker


@given(
    local=local_parts,
    tag=st.from_regex(r"[a-z0-9-]{1,10}", fullmatch=True),
    host=st.sampled_from(["spokeo.com", "mail.acme-data.co.uk", "spokeo.zendesk.com", "other.zendesk.com",
                          "gmail.com", "unknown-shop.example", "xn--mnchen-3ya.de"]),
    flips=st.lists(st.booleans(), min_size=40, max_size=40),
)  # fmt: skip
def test_match_sender_ignores_case_and_plus_tags(local: str, tag: str, host: str, flips: list[bool]) -> None:
    plain = match_sender(CATALOG, f"{local}@{host}")

    assert match_sender(CATALOG, f"{local}+{tag}@{host}") == plain
    assert match_sender(CATALOG, with_case(f"{local}+{tag}@{host}", flips)) == plain


@given(
    name=st.one_of(st.text(max_size=60), st.sampled_from(NAME_TRAPS)),
    host=st.sampled_from(["gmail.com", "unknown-shop.example", "other.zendesk.com"]),
)
def test_match_sender_never_matches_through_a_display_name(name: str, host: str) -> None:
    assert match_sender(CATALOG, formataddr((name, f"someone@{host}"))) is None


@given(
    local=local_parts,
    subdomain=st.lists(labels, max_size=2),
    host=st.sampled_from(FREEMAIL_HOSTS),
    reply_to=st.sampled_from([None, "privacy@spokeo.com", "x@gmail.com"]),
)
def test_match_sender_never_matches_free_mail(
    local: str, subdomain: list[str], host: str, reply_to: str | None
) -> None:
    address = f"{local}@{'.'.join([*subdomain, host])}"

    assert match_sender(CATALOG, address, reply_to) is None
    assert match_sender(CATALOG, "garbage", address) is None


@given(
    junk=st.one_of(
        st.text(), st.binary().map(lambda b: b.decode("latin-1")), st.text(max_size=3).map(lambda t: t * 4000)
    )
)
def test_parse_and_match_never_raise_on_junk(junk: str) -> None:
    parse_sender(junk)
    match_sender(CATALOG, junk, junk)


@given(
    name=st.text(st.characters(categories=("L", "N", "Zs", "Pd")), min_size=1, max_size=40),
    charset=st.sampled_from(["utf-8", "iso-8859-1", "iso-8859-15", "windows-1252", "koi8-r", "shift_jis"]),
)
def test_parse_sender_decodes_encoded_word_names_in_any_charset(name: str, charset: str) -> None:
    try:
        name.encode(charset)
    except UnicodeEncodeError:
        assume(False)
    encoded = Header(name, charset).encode()

    sender = parse_sender(f"{encoded} <privacy@spokeo.com>")

    assert sender is not None
    assert sender.display_name == " ".join(name.split())
