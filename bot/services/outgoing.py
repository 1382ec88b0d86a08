"""The exact letter a request would send: built once, shown in the preview, sent byte for byte the same."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from bot.services.review import Card, compose
from brokers.accounts import AccountId
from brokers.catalog import Catalog
from brokers.identifiers import Identifier, shared_details
from brokers.laws import Law, law_by_code
from brokers.letters import Letter, LetterKind, LetterLanguage, choose_letter_language
from brokers.lifecycle import RequestStatus, can_transition
from brokers.outgoing import build_message
from brokers.ownership import owned_by
from brokers.ports import UnitOfWork
from brokers.profile import TelegramId
from brokers.requests import Channel, DeletionRequest, RequestId

# From which states each letter in a request's thread may go out (narrower than the lifecycle, which
# decides the first letter: drafts, failed and bounced requests may be (re)sent); anything else means
# it went out already, or must not.
REPLY_FROM: dict[LetterKind, tuple[RequestStatus, ...]] = {
    LetterKind.FOLLOW_UP: (RequestStatus.OVERDUE, RequestStatus.ACKNOWLEDGED, RequestStatus.REFUSED),
    LetterKind.VERIFICATION_REPLY: (RequestStatus.NEEDS_VERIFICATION,),
    LetterKind.WEB_FORM_REPLY: (RequestStatus.NEEDS_WEB_FORM,),
}


class Result(StrEnum):
    SENT = "sent"
    ALREADY = "already"  # another tap, device or process got there first
    FAILED = "failed"  # Gmail refused it, or it is not in the Sent folder: nothing went out
    UNSURE = "unsure"  # Gmail may have taken it: the Sent folder is being checked
    UNVERIFIED = "unverified"  # no proof either way, and the Sent folder cannot be searched
    QUOTA = "quota"
    RECONNECT = "reconnect"
    NO_SEND_SCOPE = "no_send_scope"
    NO_NAME = "no_name"
    NOT_FOUND = "not_found"


@dataclass(frozen=True, slots=True)
class OutgoingLetter:
    """One e-mail as it will leave: who from, who to, subject and body, and where it threads."""

    request: DeletionRequest
    kind: LetterKind
    account_id: AccountId
    sender: str
    sender_name: str | None
    recipient: str
    letter: Letter
    details: tuple[Identifier, ...]  # the person's details the letter carries, nothing else they gave
    law: Law
    broker_name: str
    language: LetterLanguage  # which language the letter is in, and why

    @property
    def is_reply(self) -> bool:
        return self.kind is not LetterKind.DELETION

    def mime(self, *, message_id: str, sent_at: datetime) -> bytes:
        return build_message(
            sender=self.sender,
            sender_name=self.sender_name,
            recipient=self.recipient,
            letter=self.letter,
            message_id=message_id,
            sent_at=sent_at,
            in_reply_to=self.request.message_id_header if self.is_reply else None,
        )


async def prepare(
    uow: UnitOfWork,
    catalog: Callable[[], Catalog],
    telegram_id: TelegramId,
    request_id: RequestId,
    kind: LetterKind,
    *,
    language: str | None = None,
) -> OutgoingLetter | Result:
    """The letter `kind` of this person's request, or why it cannot go out now; in `language` if the
    person switched to it (their own or the company's country's, anything else is ignored)."""
    request = owned_by(await uow.requests.get(request_id), telegram_id)
    if request is None:
        return Result.NOT_FOUND
    if request.account_id is None:
        # Its mailbox was disconnected: the request waits for that address to connect again.
        return Result.RECONNECT
    if kind is LetterKind.DELETION:
        if request.channel is not Channel.EMAIL:
            return Result.NOT_FOUND
        if not can_transition(request.status, RequestStatus.SENDING):
            return Result.ALREADY
    elif kind not in REPLY_FROM:
        return Result.NOT_FOUND
    elif request.status not in REPLY_FROM[kind]:
        return Result.ALREADY
    user = await uow.users.get(telegram_id)
    account = await uow.accounts.get(request.account_id)
    brokers = catalog()
    broker = brokers.get(request.broker_id)
    if user is None or account is None or broker is None:
        return Result.NOT_FOUND
    if not user.profile.full_name:
        return Result.NO_NAME
    if not account.grant.can_send:
        return Result.NO_SEND_SCOPE
    # The letter names the brands a request to this company covers (the catalog's records naming it as
    # their parent); their mail counts as the company's when its own name never wrote.
    covers = tuple(b for b in brokers.covered_by(broker.id) if b.enabled)
    found = {d.broker_id: d for d in await uow.discoveries.for_account(account.id)}
    discovery = found.get(broker.id) or next((found[b.id] for b in covers if b.id in found), None)
    card = Card(
        request=request,
        broker=broker,
        discovery=discovery if kind is LetterKind.DELETION else None,
        law=law_by_code(request.law),
        deadline_if_sent_now=None,
        covers=covers,
        found_brands=tuple(b for b in covers if b.id in found),
    )
    chosen = choose_letter_language(user.language, broker.country, chosen=language)
    first = compose(LetterKind.DELETION, user=user, account=account, card=card, language=chosen.language)
    if kind is LetterKind.DELETION:
        # The recipient is the catalog's current address, never anything typed or guessed.
        if not broker.can_email or broker.email is None:
            return Result.NOT_FOUND
        recipient, letter = broker.email, first
    else:
        if not request.recipient or request.sent_at is None:
            return Result.NOT_FOUND
        letter = compose(
            kind,
            user=user,
            account=account,
            card=card,
            request_date=request.sent_at.date(),
            language=chosen.language,
        )
        # Gmail threads a reply only with the original subject (a "Re:" aside) and a References chain.
        recipient, letter = request.recipient, replace(letter, subject=f"Re: {first.subject}")
    return OutgoingLetter(
        request=request,
        kind=kind,
        account_id=account.id,
        sender=account.address,
        sender_name=user.profile.full_name,
        recipient=recipient,
        letter=letter,
        details=shared_details(user.profile, broker.needs, sender=account.address).identifiers,
        law=card.law,
        broker_name=broker.name,
        language=chosen,
    )
