"""prepare: the exact letter a request would send, to the catalog's address, with only what is needed."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.services.outgoing import OutgoingLetter, Result, prepare
from bot.services.sending import SendingService
from brokers.accounts import Account
from brokers.identifiers import Identifier
from brokers.letters import LetterKind
from brokers.lifecycle import RequestStatus
from brokers.profile import Profile, TelegramId
from brokers.requests import Channel, RequestId
from tests.bot.services.letters import a_mailbox, an_opener, catalog, given_sent, timers
from tests.clock import FakeClock
from tests.factories import ANN, BOB, a_draft, given_account, given_draft, given_status, given_user
from tests.fakes.memory import MemoryUnitOfWorkFactory

S = RequestStatus
ANNS_DETAILS = Profile(
    full_name="Ann Example",
    other_emails=("ann@example.org",),
    postal_address="1 Main Street, Springfield",
    phone="+1 555 0100",
)


@pytest.fixture
async def account(uow: MemoryUnitOfWorkFactory) -> Account:
    await given_user(uow, profile=ANNS_DETAILS)
    await given_user(uow, BOB)
    return await given_account(uow)


async def letter_of(
    uow: MemoryUnitOfWorkFactory,
    request_id: RequestId,
    kind: LetterKind = LetterKind.DELETION,
    telegram_id: TelegramId = ANN,
) -> OutgoingLetter | Result:
    async with uow() as unit:
        return await prepare(unit, catalog, telegram_id, request_id, kind)


async def test_deletion_letter_goes_from_the_persons_mailbox_to_the_catalogs_address(
    uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    draft = await given_draft(uow, a_draft("acxiom", account=account))
    letter = await letter_of(uow, draft.id)
    assert isinstance(letter, OutgoingLetter)
    assert (letter.request, letter.kind, letter.account_id, letter.law.code, letter.is_reply) == (
        draft, LetterKind.DELETION, account.id, "gdpr", False,
    )  # fmt: skip
    assert (letter.sender, letter.sender_name, letter.recipient) == (
        "ann@gmail.com",
        "Ann Example",
        "consumeradvo@acxiom.com",
    )


async def test_recipient_is_the_catalogs_never_the_one_stored_with_the_draft(
    uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    draft = await given_draft(uow, a_draft("acxiom", account=account))
    letter = await letter_of(uow, draft.id)
    assert draft.recipient == "privacy@acxiom.example"
    assert isinstance(letter, OutgoingLetter)
    assert letter.recipient == "consumeradvo@acxiom.com"


async def test_letter_to_an_email_broker_carries_no_postal_address_or_phone(
    uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    draft = await given_draft(uow, a_draft("acxiom", account=account))
    letter = await letter_of(uow, draft.id)
    assert isinstance(letter, OutgoingLetter)
    assert letter.details == (Identifier.NAME, Identifier.EMAIL)
    assert [detail in letter.letter.body for detail in ("Ann Example", "Springfield", "555 0100")] == [
        True,
        False,
        False,
    ]


async def test_letter_to_a_broker_that_files_by_address_carries_the_address_but_no_phone(
    uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    draft = await given_draft(uow, a_draft("corelogic", account=account))
    letter = await letter_of(uow, draft.id)
    assert isinstance(letter, OutgoingLetter)
    assert letter.details == (
        Identifier.NAME,
        Identifier.EMAIL,
        Identifier.OTHER_EMAILS,
        Identifier.POSTAL_ADDRESS,
    )
    assert [detail in letter.letter.body for detail in ("ann@example.org", "Springfield", "555 0100")] == [
        True,
        True,
        False,
    ]


async def test_sent_mail_is_the_previewed_letter_byte_for_byte(
    uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock
) -> None:
    draft = await given_draft(uow, a_draft("acxiom", account=account))
    mailbox = a_mailbox()
    sending = SendingService(uow, clock, catalog, an_opener(mailbox), timers(uow, clock), daily_limit=10)
    preview = await sending.preview(ANN, draft.id, LetterKind.DELETION)
    await sending.send(ANN, draft.id)
    (mail,) = mailbox.sent
    assert isinstance(preview, OutgoingLetter)
    assert preview.mime(message_id=str(mail.header("Message-ID")), sent_at=clock.now()) == mail.raw


async def test_letter_of_another_persons_request_is_not_found(
    uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    draft = await given_draft(uow, a_draft("acxiom", account=account))
    assert await letter_of(uow, draft.id, telegram_id=BOB) is Result.NOT_FOUND


async def test_draft_without_a_mailbox_asks_to_reconnect(
    uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    draft = await given_draft(uow, a_draft("acxiom"))
    assert await letter_of(uow, draft.id) is Result.RECONNECT


async def test_web_form_request_has_no_letter(uow: MemoryUnitOfWorkFactory, account: Account) -> None:
    form = replace(a_draft("180-by-two", account=account), channel=Channel.FORM, recipient=None)
    draft = await given_draft(uow, form)
    assert await letter_of(uow, draft.id) is Result.NOT_FOUND


async def test_broker_without_an_address_in_the_catalog_gets_no_letter(
    uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    draft = await given_draft(uow, a_draft("180-by-two", account=account))
    assert await letter_of(uow, draft.id) is Result.NOT_FOUND


async def test_broker_gone_from_the_catalog_gets_no_letter(
    uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    draft = await given_draft(uow, a_draft("no-such-broker", account=account))
    assert await letter_of(uow, draft.id) is Result.NOT_FOUND


async def test_deletion_letter_of_a_sent_request_went_out_already(
    uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock
) -> None:
    request = await given_sent(uow, await given_draft(uow, a_draft(account=account)), at=clock.now())
    assert await letter_of(uow, request.id) is Result.ALREADY


async def test_follow_up_replies_to_the_address_the_request_went_to(
    uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock
) -> None:
    sent = await given_sent(uow, await given_draft(uow, a_draft(account=account)), at=clock.now())
    clock.advance(days=31)
    overdue = await given_status(uow, sent, S.OVERDUE)
    follow_up = await letter_of(uow, overdue.id, LetterKind.FOLLOW_UP)
    assert isinstance(follow_up, OutgoingLetter)
    assert (follow_up.recipient, follow_up.is_reply, follow_up.letter.subject.startswith("Re: ")) == (
        "privacy@acxiom.example",
        True,
        True,
    )


async def test_follow_up_mail_names_the_request_it_answers(
    uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock
) -> None:
    sent = await given_sent(uow, await given_draft(uow, a_draft(account=account)), at=clock.now())
    overdue = await given_status(uow, sent, S.OVERDUE)
    follow_up = await letter_of(uow, overdue.id, LetterKind.FOLLOW_UP)
    assert isinstance(follow_up, OutgoingLetter)
    raw = follow_up.mime(message_id="<reply@gmail.com>", sent_at=clock.now() + timedelta(days=31))
    assert b"In-Reply-To: <ddr.1@gmail.com>" in raw


async def test_follow_up_of_a_draft_is_refused(uow: MemoryUnitOfWorkFactory, account: Account) -> None:
    draft = await given_draft(uow, a_draft(account=account))
    assert await letter_of(uow, draft.id, LetterKind.FOLLOW_UP) is Result.ALREADY


async def test_verification_reply_waits_for_a_request_for_verification(
    uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock
) -> None:
    sent = await given_sent(uow, await given_draft(uow, a_draft(account=account)), at=clock.now())
    before = await letter_of(uow, sent.id, LetterKind.VERIFICATION_REPLY)
    asked = await given_status(uow, sent, S.NEEDS_VERIFICATION)
    after = await letter_of(uow, asked.id, LetterKind.VERIFICATION_REPLY)
    assert before is Result.ALREADY
    assert isinstance(after, OutgoingLetter)
    assert after.kind is LetterKind.VERIFICATION_REPLY


async def test_complaint_is_not_a_letter_to_the_broker(
    uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock
) -> None:
    sent = await given_sent(uow, await given_draft(uow, a_draft(account=account)), at=clock.now())
    overdue = await given_status(uow, sent, S.OVERDUE)
    assert await letter_of(uow, overdue.id, LetterKind.COMPLAINT) is Result.NOT_FOUND
