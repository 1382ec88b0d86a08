"""Least data: which details each company needs, and that a letter carries exactly those."""

from __future__ import annotations

import pytest

from brokers.catalog import Broker, BrokerId, Kind, broker_from_record, load_bundled
from brokers.identifiers import Identifier, default_identifiers, shared_details, shared_identifiers
from brokers.laws import law_by_code
from brokers.letters import LetterContext, LetterKind, render_letter
from brokers.profile import Profile

SENDER = "jane.doe@gmail.com"
PROFILE = Profile(
    full_name="Jane Q. Doe",
    other_emails=("jq.doe@example.org",),
    postal_address="12 Elm Street\nSpringfield 12345",
    phone="+1 555 0100 200",
)
# What each detail looks like in a letter body.
VISIBLE = {
    Identifier.OTHER_EMAILS: "jq.doe@example.org",
    Identifier.POSTAL_ADDRESS: "12 Elm Street",
    Identifier.PHONE: "+1 555 0100 200",
}
N, E, OE, A, P = (
    Identifier.NAME,
    Identifier.EMAIL,
    Identifier.OTHER_EMAILS,
    Identifier.POSTAL_ADDRESS,
    Identifier.PHONE,
)


def _broker(category: str, *, kind: Kind = Kind.BROKER, identifiers: tuple[Identifier, ...] = ()) -> Broker:
    return Broker(
        id=BrokerId("acme"),
        name="Acme Data Inc.",
        kind=kind,
        category=category,
        domains=("acme.example",),
        email="privacy@acme.example",
        identifiers=identifiers,
    )


def _letter_body(needs: tuple[Identifier, ...], language: str = "en") -> str:
    shared = shared_details(PROFILE, needs, sender=SENDER)
    context = LetterContext(
        language=language,
        law=law_by_code("ccpa"),
        broker_name="Acme Data Inc.",
        full_name=shared.full_name,
        email=SENDER,
        other_emails=shared.other_emails,
        postal_address=shared.postal_address,
        phone=shared.phone,
    )
    return render_letter(LetterKind.DELETION, context).body


@pytest.mark.parametrize(
    ("kind", "category", "expected"),
    [
        (Kind.BROKER, "marketing", (N, E)),
        (Kind.BROKER, "adtech", (N, E)),
        (Kind.BROKER, "people_search", (N, E, OE, A)),
        (Kind.BROKER, "background_check", (N, E, OE, A, Identifier.DATE_OF_BIRTH)),
        (Kind.BROKER, "financial_data", (N, A, Identifier.DATE_OF_BIRTH)),
        (Kind.BROKER, "identity_risk", (N, E, P)),
        (Kind.COMPANY, "retail", (N, E)),
        (Kind.COMPANY, "finance", (N, E)),
    ],
)
def test_default_identifiers_follow_kind_and_category(
    kind: Kind, category: str, expected: tuple[Identifier, ...]
) -> None:
    assert set(default_identifiers(kind, category)) == set(expected)
    assert set(_broker(category, kind=kind).needs) == set(expected)


def test_broker_record_with_identifiers_overrides_the_default() -> None:
    record = {
        "id": "whatsapp-like",
        "name": "Chat Inc.",
        "kind": "company",
        "category": "social",
        "domains": ["chat.example"],
        "identifiers": ["name", "phone"],
    }
    assert broker_from_record(record).needs == (N, P)


def test_broker_record_with_an_unknown_identifier_is_rejected() -> None:
    record = {"id": "x", "name": "X", "kind": "broker", "category": "marketing", "domains": ["x.example"]}
    with pytest.raises(ValueError, match="shoe_size"):
        broker_from_record({**record, "identifiers": ["shoe_size"]})


@pytest.mark.parametrize(
    "needs",
    [(N, E), (N, A), (N, E, A), (N, E, OE, A), (N, E, P), (N, P), (N, E, OE, A, P)],
    ids=lambda needs: "+".join(needs),
)
@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
def test_letter_contains_exactly_the_details_its_broker_needs(
    needs: tuple[Identifier, ...], language: str
) -> None:
    body = _letter_body(needs, language)
    assert "Jane Q. Doe" in body
    assert SENDER in body
    for identifier, text in VISIBLE.items():
        assert (text in body) is (identifier in needs), identifier


def test_shared_identifiers_leave_out_details_the_person_never_gave() -> None:
    shared = shared_identifiers(Profile(full_name="Jane"), (N, E, OE, A, P))
    assert shared == (N, E)


def test_shared_details_drop_other_emails_that_are_only_the_sender() -> None:
    profile = Profile(full_name="Jane", other_emails=(SENDER,))
    details = shared_details(profile, (N, E, OE), sender=SENDER)
    assert details.other_emails == ()
    assert OE not in details.identifiers


def test_catalog_records_list_identifiers_only_where_they_differ_from_the_default() -> None:
    restated = [
        b.id
        for b in load_bundled().brokers
        if b.identifiers and set(b.identifiers) == set(default_identifiers(b.kind, b.category))
    ]
    assert restated == []


def test_every_catalog_record_lets_a_letter_name_its_sender() -> None:
    assert [b.id for b in load_bundled().brokers if N not in b.needs] == []
