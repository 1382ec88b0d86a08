"""The Gmail `q` subset: how queries parse and which messages they select."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.sandbox.google.mailbox import Mailbox
from bot.sandbox.google.query import And, Not, Or, QuerySyntaxError, Term, parse_query
from bot.sandbox.google.search import search

OWNER = "me@gmail.com"
NOW_MS = int(datetime(2025, 6, 1, tzinfo=UTC).timestamp() * 1000)
DAY_MS = 86_400_000


def test_parse_or_binds_tighter_than_the_implicit_and() -> None:
    assert parse_query("from:a.com OR from:b.com subject:hello") == And(
        (Or((Term("from", "a.com"), Term("from", "b.com"))), Term("subject", "hello"))
    )


def test_parse_operator_group_applies_the_operator_to_each_word() -> None:
    assert parse_query("from:(a.com OR b.com)") == Or((Term("from", "a.com"), Term("from", "b.com")))


def test_parse_braces_are_an_or_and_minus_negates() -> None:
    assert parse_query("{x y} -in:sent") == And(
        (Or((Term("text", "x"), Term("text", "y"))), Not(Term("in", "sent")))
    )


def test_parse_unknown_operator_is_free_text() -> None:
    assert parse_query("has:attachment") == Term("text", "has:attachment")


def test_parse_quoted_phrase_after_an_operator() -> None:
    assert parse_query('subject:"privacy policy"') == Term("subject", "privacy policy", phrase=True)


@pytest.mark.parametrize("query", ["from:(a.com", "a)", "{a b"])
def test_parse_unbalanced_brackets_is_a_syntax_error(query: str) -> None:
    with pytest.raises(QuerySyntaxError):
        parse_query(query)


def test_parse_empty_query_matches_everything() -> None:
    assert parse_query("   ") is None


@pytest.fixture
def mailbox() -> Mailbox:
    box = Mailbox(OWNER)
    rows = [
        ('"Spokeo" <no-reply@mail.spokeo.com>', "Your report is ready", 10, ("INBOX",)),
        ("=?UTF-8?B?U3Bva2VvIFByaXZhY3k=?= <PRIVACY@SPOKEO.COM>", "Privacy policy update", 20, ("INBOX",)),
        ("Not Spokeo <news@notspokeo.com>", "Weekly receipts", 30, ("INBOX",)),
        ("Whitepages <support@whitepages.com>", "Your receipt", 40, ("INBOX",)),
        ("Spammer <x@spokeo.com>", "Win", 50, ("SPAM",)),
        (OWNER, "Deletion request", 60, ("SENT",)),
    ]
    for sender, subject, days_ago, labels in rows:
        box.add(
            sender=sender,
            recipients="privacy@whitepages.com" if "SENT" in labels else OWNER,
            subject=subject,
            date_ms=NOW_MS - days_ago * DAY_MS,
            body=f"body of {subject}",
            labels=labels,
            rfc822_id=f"<{days_ago}@example.test>",
        )
    return box


def subjects(box: Mailbox, q: str, *, include_spam_trash: bool = False) -> set[str]:
    found = search(box, q, include_spam_trash=include_spam_trash, now_ms=NOW_MS)
    return {box.messages[s].subject for s in found}


def test_from_domain_matches_subdomains_and_capitals_but_not_lookalikes(mailbox: Mailbox) -> None:
    assert subjects(mailbox, "from:spokeo.com") == {"Your report is ready", "Privacy policy update"}


def test_from_group_of_domains(mailbox: Mailbox) -> None:
    assert subjects(mailbox, "from:(spokeo.com OR whitepages.com)") == {
        "Your report is ready",
        "Privacy policy update",
        "Your receipt",
    }


def test_from_display_name_word_matches_decoded_names(mailbox: Mailbox) -> None:
    assert subjects(mailbox, "from:privacy") == {"Privacy policy update"}


def test_from_full_address_is_exact(mailbox: Mailbox) -> None:
    assert subjects(mailbox, "from:privacy@spokeo.com") == {"Privacy policy update"}


def test_negation_removes_matches(mailbox: Mailbox) -> None:
    assert subjects(mailbox, "in:inbox -from:spokeo.com") == {"Weekly receipts", "Your receipt"}


def test_subject_matches_whole_words_only(mailbox: Mailbox) -> None:
    assert subjects(mailbox, "subject:receipt") == {"Your receipt"}


def test_after_and_before_take_epoch_seconds(mailbox: Mailbox) -> None:
    after = (NOW_MS - 35 * DAY_MS) // 1000
    before = (NOW_MS - 15 * DAY_MS) // 1000

    assert subjects(mailbox, f"after:{after} before:{before}") == {"Privacy policy update", "Weekly receipts"}


def test_dates_are_midnight_us_pacific(mailbox: Mailbox) -> None:
    # The report arrived 2025-05-22 00:00 UTC, which is still 21 May in California.
    assert "Your report is ready" in subjects(mailbox, "after:2025/05/21 before:2025/05/22")
    assert "Your report is ready" not in subjects(mailbox, "after:2025/05/22")


def test_newer_than_counts_back_from_now(mailbox: Mailbox) -> None:
    assert subjects(mailbox, "newer_than:25d") == {"Your report is ready", "Privacy policy update"}


def test_rfc822msgid_finds_one_message(mailbox: Mailbox) -> None:
    assert subjects(mailbox, "rfc822msgid:<60@example.test> in:sent") == {"Deletion request"}


def test_to_matches_recipient_domain(mailbox: Mailbox) -> None:
    assert subjects(mailbox, "to:whitepages.com") == {"Deletion request"}


def test_spam_is_excluded_unless_asked_for(mailbox: Mailbox) -> None:
    assert "Win" not in subjects(mailbox, "from:spokeo.com")
    assert "Win" in subjects(mailbox, "from:spokeo.com in:anywhere")
    assert "Win" in subjects(mailbox, "from:spokeo.com", include_spam_trash=True)


def test_label_id_spam_lists_spam(mailbox: Mailbox) -> None:
    found = search(mailbox, "", label_ids=["SPAM"], now_ms=NOW_MS)

    assert [mailbox.messages[s].subject for s in found] == ["Win"]


def test_free_text_phrase_matches_subject_or_body(mailbox: Mailbox) -> None:
    assert subjects(mailbox, '"policy update"') == {"Privacy policy update"}


def test_results_come_newest_first(mailbox: Mailbox) -> None:
    found = search(mailbox, "in:inbox", now_ms=NOW_MS)

    assert [mailbox.messages[s].subject for s in found][:2] == [
        "Your report is ready",
        "Privacy policy update",
    ]
