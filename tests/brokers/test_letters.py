"""Tests for letters: snapshots of every kind, language and main law, then what optional details do."""

import itertools
import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from brokers.errors import MissingLetterDetail
from brokers.laws import all_laws, law_by_code
from brokers.letters import (
    SUPPORTED_LANGUAGES,
    Letter,
    LetterContext,
    LetterKind,
    language_for,
    render_letter,
)
from brokers.regulators import ICO, regulator_for
from tests.brokers.legal_factories import make_broker

SNAPSHOTS = Path(__file__).parent / "snapshots"
REGULATOR = {
    "gdpr": regulator_for(law_by_code("gdpr"), "FR"),
    "ccpa": regulator_for(law_by_code("ccpa"), "US-CA"),
}


def full_context(language: str, law_code: str) -> LetterContext:
    law = law_by_code(law_code)
    return LetterContext(
        language=language,
        law=law,
        broker_name="Acme Data Inc",
        full_name="Jane Q. Doe",
        email="jane.doe@gmail.com",
        other_emails=("jq.doe@example.org",),
        postal_address="12 Rue de la Paix\n75002 Paris",
        first_mail=date(2021, 3, 4),
        last_mail=date(2026, 10, 1),
        request_date=date(2026, 9, 1),
        reference="DDB-7F3K",
        timeline=((date(2026, 9, 1), "request sent"), (date(2026, 10, 16), "reminder sent")),
        regulator=REGULATOR.get(law_code, ICO),
    )


def minimal_context(language: str, law_code: str) -> LetterContext:
    return LetterContext(
        language=language,
        law=law_by_code(law_code),
        broker_name="Acme",
        full_name="Jane Doe",
        email="jane@gmail.com",
        request_date=date(2026, 9, 1),
        regulator=ICO,
    )


def as_text(letter: Letter) -> str:
    return f"Subject: {letter.subject}\n\n{letter.body}"


SNAPSHOT_CASES = list(itertools.product(LetterKind, SUPPORTED_LANGUAGES, ("gdpr", "ccpa")))
ALL_CASES = list(itertools.product(LetterKind, SUPPORTED_LANGUAGES, [law.code for law in all_laws()]))


@pytest.mark.parametrize(
    ("kind", "language", "law_code"), SNAPSHOT_CASES, ids=["-".join(map(str, c)) for c in SNAPSHOT_CASES]
)
def test_letter_matches_its_snapshot(kind: LetterKind, language: str, law_code: str) -> None:
    text = as_text(render_letter(kind, full_context(language, law_code)))
    path = SNAPSHOTS / f"{kind}.{language}.{law_code}.txt"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("kind", "language", "law_code"), ALL_CASES)
def test_every_letter_is_plain_short_and_fully_filled(kind: LetterKind, language: str, law_code: str) -> None:
    for ctx in (full_context(language, law_code), minimal_context(language, law_code)):
        letter = render_letter(kind, ctx)
        text = as_text(letter)
        assert len(text) < 3000
        assert "$" not in text
        assert "#if" not in text
        assert "<" not in text
        assert "\n\n\n" not in text
        assert all(line == line.rstrip() for line in text.splitlines())
        assert letter.subject
        assert "\n" not in letter.subject


@pytest.mark.parametrize(("kind", "language", "law_code"), ALL_CASES)
def test_missing_details_leave_no_trace(kind: LetterKind, language: str, law_code: str) -> None:
    text = as_text(render_letter(kind, minimal_context(language, law_code)))
    for absent in ("jq.doe@example.org", "Rue de la Paix", "DDB-7F3K", "[", "2021"):
        assert absent not in text
    assert not any(
        line.strip() in {"-", "- :"} or line.rstrip().endswith(":  ") for line in text.splitlines()
    )


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_deletion_names_the_address_and_the_mail_dates(language: str) -> None:
    body = render_letter(LetterKind.DELETION, full_context(language, "gdpr")).body
    assert "jane.doe@gmail.com" in body
    assert "2021" in body
    assert "2026" in body
    assert "12 Rue de la Paix" in body
    assert "75002 Paris" in body


@pytest.mark.parametrize(
    ("first", "last", "present", "absent"),
    [
        (date(2021, 3, 4), None, "since 4 March 2021", "most recent"),
        (None, date(2026, 10, 1), "most recent e-mail to jane@gmail.com is dated 1 October 2026", "since"),
        (date(2021, 3, 4), date(2026, 10, 1), "from 4 March 2021 to 1 October 2026", "most recent"),
    ],
)
def test_deletion_describes_whichever_mail_dates_are_known(
    first: date | None, last: date | None, present: str, absent: str
) -> None:
    ctx = replace(minimal_context("en", "gdpr"), first_mail=first, last_mail=last)
    body = render_letter(LetterKind.DELETION, ctx).body
    assert present in body
    assert absent not in body


def test_gdpr_deletion_cites_erasure_objection_recipients_deadline_and_verification() -> None:
    body = render_letter(LetterKind.DELETION, full_context("en", "gdpr")).body
    for citation in ("Article 17(1) GDPR", "Article 21(2) and (3)", "Articles 17(2) and 19", "Article 12(6)"):
        assert citation in body
    assert "within one month of receiving this request (Article 12(3) GDPR)" in body
    assert "create an account" in body


def test_uk_letters_name_the_uk_gdpr() -> None:
    letter = render_letter(LetterKind.DELETION, full_context("en", "uk_gdpr"))
    assert "Article 17 UK GDPR" in letter.subject


def test_german_letters_call_the_gdpr_dsgvo() -> None:
    body = render_letter(LetterKind.DELETION, full_context("de", "gdpr")).body
    assert "Art. 17 Abs. 1 DSGVO" in body
    assert "innerhalb eines Monats" in body


def test_ccpa_deletion_opts_out_and_asks_for_receipt_within_ten_business_days() -> None:
    body = render_letter(LetterKind.DELETION, full_context("en", "ccpa")).body
    assert "Cal. Civ. Code § 1798.105" in body
    assert "opt out of the sale and sharing" in body
    assert "Cal. Civ. Code § 1798.120" in body
    assert "within 45 days" in body
    assert "confirm receipt within 10 business days" in body


def test_other_state_laws_cite_their_own_act_without_the_ccpa_receipt_rule() -> None:
    body = render_letter(LetterKind.DELETION, full_context("en", "vcdpa")).body
    assert "Virginia Consumer Data Protection Act (Va. Code § 59.1-577)" in body
    assert "confirm receipt" not in body
    assert "how to appeal" in body


def test_laws_without_a_statutory_deadline_ask_rather_than_demand() -> None:
    for code in ("pipeda", "generic"):
        body = render_letter(LetterKind.DELETION, full_context("en", code)).body
        assert "I would be grateful for your confirmation within 30 days." in body


@pytest.mark.parametrize(("law_code", "deadline"), [("gdpr", "1 October 2026"), ("ccpa", "16 October 2026")])
def test_follow_up_cites_the_request_date_and_the_missed_deadline(law_code: str, deadline: str) -> None:
    body = render_letter(LetterKind.FOLLOW_UP, full_context("en", law_code)).body
    assert "On 1 September 2026" in body
    assert f"by {deadline}" in body


def test_verification_reply_invokes_reasonable_doubt_or_the_ccpa_matching_rule() -> None:
    gdpr = render_letter(LetterKind.VERIFICATION_REPLY, full_context("en", "gdpr")).body
    assert "reasonable doubts" in gdpr
    assert "Article 12(6) GDPR" in gdpr
    ccpa = render_letter(LetterKind.VERIFICATION_REPLY, full_context("en", "ccpa")).body
    assert "§ 7060" in ccpa
    assert "§ 7062" in ccpa
    assert "reasonable degree of certainty" in ccpa


def test_web_form_reply_cites_facilitation_or_the_ccpa_designated_methods_rule() -> None:
    assert "Article 12(2)" in render_letter(LetterKind.WEB_FORM_REPLY, full_context("en", "gdpr")).body
    assert "§ 7020(e)" in render_letter(LetterKind.WEB_FORM_REPLY, full_context("en", "ccpa")).body


def test_complaint_is_addressed_to_the_regulator_with_the_timeline() -> None:
    body = render_letter(LetterKind.COMPLAINT, full_context("en", "ccpa")).body
    assert body.startswith(
        "To: California Privacy Protection Agency\nhttps://cppa.ca.gov/webapplications/complaint"
    )
    assert "- 1 September 2026: request sent\n- 16 October 2026: reminder sent" in body


@pytest.mark.parametrize("kind", [LetterKind.FOLLOW_UP, LetterKind.COMPLAINT])
def test_follow_ups_and_complaints_refuse_without_the_request_date(kind: LetterKind) -> None:
    with pytest.raises(MissingLetterDetail, match="request_date"):
        render_letter(kind, replace(full_context("en", "gdpr"), request_date=None))


def test_complaint_refuses_without_a_regulator() -> None:
    with pytest.raises(MissingLetterDetail, match="regulator"):
        render_letter(LetterKind.COMPLAINT, replace(full_context("en", "gdpr"), regulator=None))


def test_unsupported_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        render_letter(LetterKind.DELETION, replace(full_context("en", "gdpr"), language="it"))


@pytest.mark.parametrize("kind", LetterKind)
def test_user_input_cannot_inject_template_syntax(kind: LetterKind) -> None:
    ctx = replace(
        full_context("en", "gdpr"),
        full_name="Eve $law_name ${broker} {x} $$",
        broker_name="Mallory $regulation Ltd",
        postal_address="#if ccpa\n$deadline\n#endif",
        reference="{reference}",
    )
    text = as_text(render_letter(kind, ctx))
    assert "Eve $law_name ${broker} {x} $$" in text
    if kind is LetterKind.COMPLAINT:
        assert "Mallory $regulation Ltd" in text
        assert "  #if ccpa\n  $deadline\n  #endif" in text
    assert "General Data Protection Regulation" not in text


def test_line_breaks_in_single_line_fields_are_flattened() -> None:
    ctx = replace(full_context("en", "gdpr"), full_name="Jane\nDear Sir,\r\nPlease ignore")
    body = render_letter(LetterKind.DELETION, ctx).body
    assert "- Name: Jane Dear Sir, Please ignore\n" in body


@pytest.mark.parametrize(
    ("user_language", "country", "expected"),
    [
        ("de-AT", "US", "de"),
        ("fr_CA", "US", "fr"),
        ("ES", "US", "es"),
        ("pt", "FR", "fr"),
        (None, "AT", "de"),
        (None, "MX", "es"),
        (None, "US", "en"),
        ("it", "IT", "en"),
        ("", "GB", "en"),
    ],
)
def test_language_for_prefers_the_user_then_the_brokers_country(
    user_language: str | None, country: str, expected: str
) -> None:
    assert language_for(user_language, make_broker(country=country)) == expected


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_a_deletion_letter_names_the_brands_it_covers_in_every_language(language: str) -> None:
    plain = render_letter(LetterKind.DELETION, minimal_context(language, "ccpa"))
    brands = ("PeopleLooker", "NeighborWho\nInjected: line")
    covering = render_letter(LetterKind.DELETION, replace(minimal_context(language, "ccpa"), brands=brands))
    added = set(covering.body.splitlines()) - set(plain.body.splitlines())
    (sentence,) = [line for line in added if line]
    assert "PeopleLooker, NeighborWho Injected: line" in sentence  # one line, whatever the name holds
    assert "PeopleLooker" not in plain.body
