"""A parent's card says which brands one request to it covers, and whose mail put it on the list."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.i18n import Text
from bot.services.review import Card
from brokers.accounts import AccountId
from brokers.catalog import load_bundled
from brokers.laws import law_by_code
from brokers.lifecycle import RequestStatus
from brokers.profile import TelegramId
from brokers.requests import Channel, DeletionRequest, Discovery, RequestId
from handlers.requests import card_text

CATALOG = load_bundled()


def _card(broker_id: str, found_id: str | None) -> Card:
    broker = CATALOG.get(broker_id)
    assert broker is not None
    when = datetime(2026, 1, 5, tzinfo=UTC)
    request = DeletionRequest(
        id=RequestId(1), telegram_id=TelegramId(1), account_id=AccountId(1), broker_id=broker_id,
        law="ccpa", channel=Channel.EMAIL, recipient=broker.email, status=RequestStatus.DRAFT,
        message_id_header=None, gmail_message_id=None, gmail_thread_id=None, sent_at=None,
        deadline_at=None, attempts=0, last_error=None, created_at=when,
    )  # fmt: skip
    covers = tuple(CATALOG.covered_by(broker_id))
    return Card(
        request=request,
        broker=broker,
        discovery=Discovery(AccountId(1), found_id, 3, when, when) if found_id else None,
        law=law_by_code("ccpa"),
        deadline_if_sent_now=None,
        covers=covers,
        found_brands=tuple(b for b in covers if b.id == found_id),
    )


def test_the_parents_card_names_the_brand_that_wrote_and_the_brands_it_covers() -> None:
    text = card_text(Text("en"), _card("beenverified", "peoplelooker"))
    assert "3 mails from PeopleLooker" in text
    assert "One request here covers its brands too: " in text and "NeighborWho" in text
    brands = text.split("covers its brands too: ", 1)[1].split("\n", 1)[0]
    # Catalog notes that only name the parent again ("Bumper (BeenVerified family)") are left out.
    assert "Bumper" in brands and "BeenVerified" not in brands, brands
    german = card_text(Text("de"), _card("beenverified", "peoplelooker"))
    assert "Ein Antrag hier gilt auch für seine Marken: " in german


def test_a_card_without_brands_says_nothing_of_them() -> None:
    text = card_text(Text("en"), _card("acxiom", "acxiom"))
    assert "brands" not in text and "3 mails from Acxiom" in text
