"""What the preview says about a letter's law and language."""

from __future__ import annotations

from bot.i18n import Text
from brokers.laws import law_by_code
from brokers.letters import LetterKind, choose_letter_language
from brokers.requests import RequestId
from handlers.law_names import law_citation
from handlers.letter_facts import language_line, law_line
from handlers.sending import letter_arg, letter_language_of, parse_letter_arg


def test_gdpr_is_the_dsgvo_in_german() -> None:
    assert law_line(Text("de"), law_by_code("gdpr")) == (
        "Gesetz: Datenschutz-Grundverordnung (EU) 2016/679 (DSGVO)."
    )
    assert law_citation(Text("de"), law_by_code("gdpr")) == "Art. 17 DSGVO"


def test_us_acts_keep_their_names_in_german() -> None:
    assert law_citation(Text("de"), law_by_code("ccpa")) == "Cal. Civ. Code § 1798.105"


def test_preview_says_a_letter_is_german_because_of_the_companys_country() -> None:
    line = language_line(Text("en"), choose_letter_language("en", "DE"), "Acxiom GmbH")
    assert line == "This letter is in German, the language where Acxiom GmbH is based (Germany)."


def test_preview_says_a_letter_is_in_the_chat_language_otherwise() -> None:
    line = language_line(Text("de"), choose_letter_language("de", "NL"), "Example B.V.")
    assert line == "Dieses Schreiben ist auf Deutsch, weil du auf Deutsch chattest."


def test_company_names_are_escaped_in_the_language_line() -> None:
    line = language_line(Text("en"), choose_letter_language("en", "FR"), "A & <B>")
    assert "A &amp; &lt;B&gt;" in line


def test_letter_arg_carries_a_switched_language_and_still_names_the_request() -> None:
    arg = letter_arg(LetterKind.DELETION, RequestId(42), "en")
    assert arg == "d42-en"
    assert parse_letter_arg(arg) == (LetterKind.DELETION, RequestId(42))
    assert letter_language_of(arg) == "en"
    assert letter_language_of(letter_arg(LetterKind.DELETION, RequestId(42))) is None
