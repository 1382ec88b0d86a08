"""Reviewing deletion requests: drafts for the brokers found, the exact letter, skipping, web forms."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from bot.services.timers import RequestTimers
from brokers.accounts import Account, AccountId, AccountState
from brokers.catalog import Broker, Catalog, Kind
from brokers.deadlines import deadline_for
from brokers.identifiers import shared_details
from brokers.jurisdictions import OTHER, region_of
from brokers.laws import Law, law_by_code, law_for
from brokers.letters import Letter, LetterContext, LetterKind, choose_letter_language, render_letter
from brokers.lifecycle import RequestStatus, can_transition
from brokers.ownership import owned_by
from brokers.ports import Clock, UnitOfWork, UnitOfWorkFactory
from brokers.profile import TelegramId, User
from brokers.requests import Channel, DeletionRequest, Discovery, NewRequest, RequestId


@dataclass(frozen=True, slots=True)
class Card:
    """What one review card shows: the request, its broker, why it is listed, the law and its deadline."""

    request: DeletionRequest
    broker: Broker
    discovery: Discovery | None
    law: Law
    deadline_if_sent_now: datetime | None
    # The company's brands this request covers too (catalog records naming it as their parent), and
    # which of them wrote to this mailbox (the discovery is then the first of theirs, if the company's
    # own name never did).
    covers: tuple[Broker, ...] = ()
    found_brands: tuple[Broker, ...] = ()

    @property
    def found_name(self) -> str:
        """The name whose mail put this company on the list: its own, or the brand's that wrote."""
        if self.discovery is None or self.discovery.broker_id == self.broker.id:
            return self.broker.name
        brand = next((b for b in self.found_brands if b.id == self.discovery.broker_id), None)
        return brand.name if brand is not None else self.broker.name


def covering(catalog: Catalog, broker: Broker) -> Broker:
    """The broker whose request covers this one: its parent when the catalog holds it enabled (a
    parent's own parent is not followed: the registries name one level), else itself."""
    parent = catalog.get(broker.parent) if broker.parent else None
    return parent if parent is not None and parent.enabled and parent.kind is Kind.BROKER else broker


def channel_of(broker: Broker) -> Channel:
    return Channel.EMAIL if broker.can_email else Channel.FORM


class ReviewService:
    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, catalog: Callable[[], Catalog], timers: RequestTimers
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._timers = timers

    async def draft_found(self, telegram_id: TelegramId, account_id: AccountId) -> list[Card]:
        """Drafts for every broker a scan found in this mailbox; returns the cards still to review."""
        async with self._uow() as uow:
            found = [d.broker_id for d in await uow.discoveries.for_account(account_id)]
        catalog = self._catalog()
        brokers = [b for b in (catalog.get(i) for i in found) if b and b.enabled and b.kind is Kind.BROKER]
        # One request to the parent covers its brands: the brands found are drafted as their parent.
        return await self.add(
            telegram_id, account_id, dict.fromkeys(covering(catalog, b).id for b in brokers)
        )

    async def add(
        self, telegram_id: TelegramId, account_id: AccountId, broker_ids: Iterable[str]
    ) -> list[Card]:
        """Drafts for the chosen brokers (one open request per broker, never two); the open drafts' cards."""
        catalog = self._catalog()
        async with self._uow() as uow:
            user = await uow.users.get(telegram_id)
            account = owned_by(await uow.accounts.get(account_id), telegram_id)
            if user is None or account is None:
                return []
            for broker in (b for b in (catalog.get(i) for i in broker_ids) if b and b.enabled):
                await uow.requests.add_draft(
                    NewRequest(
                        telegram_id=telegram_id,
                        account_id=account_id,
                        broker_id=broker.id,
                        law=self._law(user, broker).code,
                        channel=channel_of(broker),
                        recipient=broker.email if broker.can_email else None,
                    )
                )
            await uow.commit()
        return await self.drafts(telegram_id)

    async def add_well_known(self, telegram_id: TelegramId, account_id: AccountId) -> list[Card]:
        """Drafts for the well-known brokers that hold data on most people where the person lives (the
        person opted in)."""
        async with self._uow() as uow:
            user = await uow.users.get(telegram_id)
        region = region_of((user.jurisdiction if user else None) or OTHER)
        ids = [b.id for b in self._catalog().well_known_for(region)]
        return await self.add(telegram_id, account_id, ids)

    async def redraft(self, telegram_id: TelegramId) -> list[Card]:
        """After the person moved: every draft cites the law of their new home; the cards that changed."""
        catalog = self._catalog()
        changed: set[RequestId] = set()
        async with self._uow() as uow:
            user = await uow.users.get(telegram_id)
            if user is None:
                return []
            drafts, _ = await uow.requests.list_for(telegram_id, statuses=[RequestStatus.DRAFT], limit=500)
            for request in drafts:
                broker = catalog.get(request.broker_id)
                law = self._law(user, broker) if broker is not None else None
                if law is not None and await uow.requests.set_law(request.id, law.code):
                    changed.add(request.id)
            await uow.commit()
        return [card for card in await self.drafts(telegram_id) if card.request.id in changed]

    async def drafts(self, telegram_id: TelegramId) -> list[Card]:
        """The drafts that can go out now (see `parked`); after a DROP request, brokers DROP already
        reaches come last."""
        async with self._uow() as uow:
            user = await uow.users.get(telegram_id)
            requests = [r for r in await self._drafts(uow, telegram_id) if not await self._is_parked(uow, r)]
            cards = [card for r in reversed(requests) if (card := await self._card(uow, r)) is not None]
        if user is not None and user.drop_submitted_at is not None:
            cards.sort(key=lambda c: c.broker.is_drop_covered)
        return cards

    async def parked(self, telegram_id: TelegramId) -> int:
        """E-mail drafts whose Gmail account is disconnected or needs reconnecting: they wait, kept, and
        come back when that address connects again."""
        async with self._uow() as uow:
            return len([r for r in await self._drafts(uow, telegram_id) if await self._is_parked(uow, r)])

    @staticmethod
    async def _drafts(uow: UnitOfWork, telegram_id: TelegramId) -> list[DeletionRequest]:
        requests, _ = await uow.requests.list_for(telegram_id, statuses=[RequestStatus.DRAFT], limit=500)
        return requests

    @staticmethod
    async def _is_parked(uow: UnitOfWork, request: DeletionRequest) -> bool:
        if request.channel is not Channel.EMAIL:
            return False  # a web form is filled in by hand, without Gmail
        account = await uow.accounts.get(request.account_id) if request.account_id is not None else None
        return account is None or account.state is not AccountState.ACTIVE

    async def card(self, telegram_id: TelegramId, request_id: RequestId) -> Card | None:
        async with self._uow() as uow:
            request = owned_by(await uow.requests.get(request_id), telegram_id)
            return None if request is None else await self._card(uow, request)

    async def ask_again(self, telegram_id: TelegramId, request_id: RequestId) -> Card | None:
        """After data reappeared: close the old request and draft a new one to the same broker."""
        async with self._uow() as uow:
            old = owned_by(await uow.requests.get(request_id), telegram_id)
            if old is None or old.account_id is None:
                return None
            # Closed already (a second tap) or still being sent: nothing to close; the draft below
            # then either exists already or is refused while the old request is open.
            if can_transition(old.status, RequestStatus.CLOSED):
                await uow.requests.move(
                    request_id,
                    expected=old.status,
                    to=RequestStatus.CLOSED,
                    reason="data reappeared; asked again",
                )
                await uow.commit()
        cards = await self.add(telegram_id, old.account_id, [old.broker_id])
        return next((c for c in cards if c.broker.id == old.broker_id), None)

    async def skip(self, telegram_id: TelegramId, request_id: RequestId) -> bool:
        """Decide not to ask this company: the skipped request stays, so no later draft brings it back."""
        return await self._move_own(
            telegram_id, request_id, RequestStatus.DRAFT, RequestStatus.SKIPPED, "skipped by the person"
        )

    async def unskip(self, telegram_id: TelegramId, request_id: RequestId) -> Card | None:
        """Undo a skip (right away or later from /requests): the draft's card again, None if not skipped."""
        if not await self._move_own(
            telegram_id, request_id, RequestStatus.SKIPPED, RequestStatus.DRAFT, "un-skipped by the person"
        ):
            return None
        return await self.card(telegram_id, request_id)

    async def submitted_by_hand(self, telegram_id: TelegramId, request_id: RequestId) -> bool:
        """The person filled in the broker's web form: the request counts as sent from now."""
        now = self._clock.now()
        async with self._uow() as uow:
            request = owned_by(await uow.requests.get(request_id), telegram_id)
            if request is None or request.channel is not Channel.FORM:
                return False
            # Only a draft's card offers the button; from anywhere else it was handled already.
            moved = await uow.requests.move(
                request_id,
                expected=RequestStatus.DRAFT,
                to=RequestStatus.NEEDS_WEB_FORM,
                reason="web form shown",
            )
            if not moved:
                return False
            await uow.requests.move(
                request_id,
                expected=RequestStatus.NEEDS_WEB_FORM,
                to=RequestStatus.SENT,
                reason="submitted by hand",
                sent_at=now,
                deadline_at=deadline_for(law_by_code(request.law), now),
            )
            submitted = await uow.requests.get(request_id)
            if submitted is not None:
                # "I will remind you when the answer is due": armed with the state, in one transaction.
                await self._timers.within(uow.jobs).on_sent(submitted)
            await uow.commit()
        return True

    async def _move_own(
        self,
        telegram_id: TelegramId,
        request_id: RequestId,
        expected: RequestStatus,
        to: RequestStatus,
        reason: str,
    ) -> bool:
        async with self._uow() as uow:
            if owned_by(await uow.requests.get(request_id), telegram_id) is None:
                return False
            # A request that moved meanwhile (sent, or skipped by another tap) stays as it is (False).
            moved = await uow.requests.move(request_id, expected=expected, to=to, reason=reason)
            await uow.commit()
        return moved

    async def _card(self, uow: UnitOfWork, request: DeletionRequest) -> Card | None:
        broker = self._catalog().get(request.broker_id)
        if broker is None:
            return None
        found = (
            {d.broker_id: d for d in await uow.discoveries.for_account(request.account_id)}
            if request.account_id is not None
            else {}
        )
        law = law_by_code(request.law)
        covers = tuple(b for b in self._catalog().covered_by(broker.id) if b.enabled)
        found_brands = tuple(b for b in covers if b.id in found)
        own = found.get(broker.id)
        return Card(
            request=request,
            broker=broker,
            discovery=own or next((found[b.id] for b in found_brands), None),
            law=law,
            deadline_if_sent_now=deadline_for(law, self._clock.now()),
            covers=covers,
            found_brands=found_brands,
        )

    def _law(self, user: User, broker: Broker) -> Law:
        return law_for(user.jurisdiction or OTHER, broker, self._clock.now().date())


def compose(
    kind: LetterKind,
    *,
    user: User,
    account: Account,
    card: Card,
    request_date: date | None = None,
    language: str | None = None,
) -> Letter:
    """A letter with only the details the broker needs and the person gave, in the language
    `choose_letter_language` picks for this person and broker (or `language`, one they switched to)."""
    profile = user.profile
    found = card.discovery
    shared = shared_details(profile, card.broker.needs, sender=account.address)
    context = LetterContext(
        language=choose_letter_language(user.language, card.broker.country, chosen=language).language,
        law=card.law,
        broker_name=card.broker.name,
        full_name=shared.full_name,
        email=account.address,
        other_emails=shared.other_emails,
        postal_address=shared.postal_address,
        phone=shared.phone,
        first_mail=found.first_seen.date() if found else None,
        last_mail=found.last_seen.date() if found else None,
        request_date=request_date,
        reference=f"DDR-{card.request.id}",
        brands=tuple(b.name for b in card.covers),
    )
    return render_letter(kind, context)
