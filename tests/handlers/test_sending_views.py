"""The letter as the chat shows it, and the buttons that carry a Send all's state."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.i18n import Text
from bot.services.outgoing import OutgoingLetter, Result
from bot.services.sending import SendOutcome
from brokers.accounts import AccountId
from brokers.identifiers import Identifier
from brokers.laws import law_by_code
from brokers.letters import Letter, LetterKind, choose_letter_language
from brokers.lifecycle import RequestStatus
from brokers.profile import TelegramId
from brokers.requests import Channel, DeletionRequest, RequestId
from handlers.callbacks import MAX_CALLBACK_BYTES, Action, button_data
from handlers.outcomes import outcome_text
from handlers.send_all_list import Shown, parse_shown
from handlers.sending import MAX_TEXT, letter_arg, letter_text, parse_letter_arg

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def outgoing(body: str, subject: str = "Erasure request") -> OutgoingLetter:
    request = DeletionRequest(
        id=RequestId(7),
        telegram_id=TelegramId(1001),
        account_id=AccountId(1),
        broker_id="acme",
        law="gdpr",
        channel=Channel.EMAIL,
        recipient="privacy@acme.example",
        status=RequestStatus.DRAFT,
        message_id_header=None,
        gmail_message_id=None,
        gmail_thread_id=None,
        sent_at=None,
        deadline_at=None,
        attempts=0,
        last_error=None,
        created_at=NOW,
    )
    return OutgoingLetter(
        request=request,
        kind=LetterKind.DELETION,
        account_id=AccountId(1),
        sender="ann@gmail.com",
        sender_name="Ann <Example>",
        recipient="privacy@acme.example",
        letter=Letter(subject=subject, body=body),
        details=(Identifier.NAME, Identifier.EMAIL),
        law=law_by_code("gdpr"),
        broker_name="Acme",
        language=choose_letter_language("en", "US"),
    )


def test_letter_text_shows_every_header_escaped() -> None:
    text = letter_text(Text("en"), outgoing("Dear <team> & co", subject="A <b>bold</b> ask"))
    assert "To: privacy@acme.example" in text
    assert "From: &quot;Ann &lt;Example&gt;&quot; &lt;ann@gmail.com&gt;" in text
    assert "Subject: A &lt;b&gt;bold&lt;/b&gt; ask" in text
    assert text.endswith("Dear &lt;team&gt; &amp; co")


def test_letter_text_of_a_long_letter_fits_a_message_and_says_it_was_shortened() -> None:
    text = letter_text(Text("en"), outgoing("<&>" * 5000))
    assert len(text) <= MAX_TEXT
    assert text.endswith("the e-mail itself is complete (15000 characters).]")
    body = text.split("\n\n", 2)[2]
    assert "&am\n" not in body and not body.split("…")[0].endswith(("&", "&a", "&am", "&l", "&g"))


def test_letter_text_in_german_says_the_same() -> None:
    text = letter_text(Text("de"), outgoing("x" * 5000))
    assert "Betreff: Erasure request" in text
    assert "(5000 Zeichen)" in text


def test_letter_arg_round_trips_and_rejects_garbage() -> None:
    for kind in (LetterKind.DELETION, LetterKind.FOLLOW_UP, LetterKind.VERIFICATION_REPLY):
        assert parse_letter_arg(letter_arg(kind, RequestId(123456789))) == (kind, RequestId(123456789))
    for bad in ("", "d", "x12", "d12a", "c12"):
        assert parse_letter_arg(bad) is None


def test_send_all_state_fits_the_callback_limit_and_round_trips() -> None:
    shown = Shown(AccountId(999_999_999), 31, 0xFFFFFFFF, "0123abcd")
    data = button_data(Action.REQ_ALL_PAGE, shown.encode(), "f" * 16)
    assert len(data.encode()) <= MAX_CALLBACK_BYTES
    assert parse_shown(shown.encode()) == shown
    for bad in ("1-0-0", "1-0-0-xyz", "1-0-g-0123abcd", "a-0-0-0123abcd"):
        assert parse_shown(bad) is None


def test_a_refused_letter_names_its_recipient_escaped_and_in_german() -> None:
    # After Send all the refusal is a new message with no card above it: it must say which letter.
    request = replace(outgoing("x").request, recipient="<b>privacy</b>@acme.example")
    failed = SendOutcome(Result.FAILED, request)
    text = outcome_text(Text("en"), failed)
    assert text.startswith("Gmail did not take the e-mail to &lt;b&gt;privacy&lt;/b&gt;@acme.example.")
    assert "an &lt;b&gt;privacy&lt;/b&gt;@acme.example nicht angenommen" in outcome_text(Text("de"), failed)
    assert outcome_text(Text("en"), SendOutcome(Result.FAILED)).startswith("Gmail did not take the e-mail.")
