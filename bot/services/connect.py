"""Connecting Gmail: the consent link, the callback, finishing in Telegram, and disconnecting.

The flow guards against a forwarded link (someone sends their own consent link to a victim, who would
connect *their* Gmail to the sender's account): Google's callback only stores the tokens as *pending*,
and the page sends the person on to the bot with a one-time deep link. The tokens become an account only
when that `/start` comes from the Telegram account that asked for the consent link; Telegram vouches for
who sends it, so no name on a page can be imitated.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.services.connect_events import (
    AwaitingLink,
    CallbackOutcome,
    Connected,
    Denied,
    ExchangeFailed,
    LinkGone,
    LinkRefused,
    NoReadAccess,
)
from bot.services.grant_policy import GrantPolicy
from brokers.accounts import (
    STATE_TTL_SECONDS,
    Account,
    AccountId,
    PendingAuthorization,
    StateRejected,
    Tokens,
)
from brokers.errors import AuthorizationError, AuthorizationServerUnavailable, MailboxError
from brokers.oauth import OAuthProvider
from brokers.ownership import owned_by
from brokers.ports import Clock, UnitOfWorkFactory
from brokers.profile import TelegramId
from brokers.scopes import AccessMode, Grant, scopes_for

log = logging.getLogger(__name__)

# The deep link's start parameter: Telegram allows A-Z, a-z, 0-9, _ and - and at most 64 characters
# (https://core.telegram.org/bots/features#deep-linking); the prefix tells it from /start connect.
_LINK_PREFIX = "link-"
_LINK_RE = re.compile(r"^link-[A-Za-z0-9_-]{43}$")


def is_link_token(value: str) -> bool:
    """Whether a /start parameter has the form of a link to finish connecting (not whether it works)."""
    return bool(_LINK_RE.match(value))


# Reads the address of a fresh grant's mailbox; raises MailboxError.
AddressReader = Callable[[Tokens], Awaitable[str]]
# Told of every confirmed connection and when it was made (to arm the testing-mode expiry reminder).
OnConnected = Callable[[Account, datetime], Awaitable[None]]
# Ends a mailbox's Gmail push (users.stop) while its grant still works; never raises.
StopPush = Callable[[Tokens], Awaitable[None]]


async def _nothing(_account: Account, _at: datetime) -> None:
    return None


class ConnectService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        oauth: OAuthProvider,
        read_address: AddressReader,
        *,
        policy: GrantPolicy | None = None,
        on_connected: OnConnected = _nothing,
        stop_push: StopPush | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._oauth = oauth
        self._read_address = read_address
        self.policy = policy or GrantPolicy("localhost", testing_mode=False)
        self._on_connected = on_connected
        self._stop_push = stop_push

    async def begin(self, telegram_id: TelegramId, mode: AccessMode) -> str | None:
        """A fresh consent link for a person who has consented to the bot, else None."""
        await self.purge_expired()
        now = self._clock.now()
        state, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(64)
        async with self._uow() as uow:
            if await uow.users.get(telegram_id) is None:
                return None
            pending = PendingAuthorization(
                telegram_id=telegram_id,
                code_verifier=verifier,
                mode=mode,
                expires_at=now + timedelta(seconds=STATE_TTL_SECONDS),
            )
            await uow.oauth_states.create(state, pending, now=now)
            await uow.commit()
        return self._oauth.authorization_url(state=state, code_verifier=verifier, scopes=scopes_for(mode))

    async def problem_with(self, state: str) -> StateRejected | None:
        """Why a callback with this state will be refused, found before any work is spent on it."""
        async with self._uow() as uow:
            return await uow.oauth_states.problem_with(state, now=self._clock.now())

    async def handle_callback(self, *, state: str, code: str | None, error: str | None) -> CallbackOutcome:
        async with self._uow() as uow:
            pending = await uow.oauth_states.claim(state, now=self._clock.now())
            await uow.commit()
        if isinstance(pending, StateRejected):
            return pending
        owner = pending.telegram_id
        if error or not code:
            await self._audit("authorization_denied", owner)
            return Denied(owner)
        try:
            tokens = await self._oauth.exchange(
                code=code, code_verifier=pending.code_verifier, scopes=scopes_for(pending.mode)
            )
        except AuthorizationError as exc:
            await self._audit("authorization_failed", owner, reason=type(exc).__name__)
            return ExchangeFailed(owner, unavailable=isinstance(exc, AuthorizationServerUnavailable))
        grant = Grant(tokens.scopes)
        if not grant.can_read:
            await self._revoke(tokens)
            return NoReadAccess(owner, grant)
        try:
            address = await self._read_address(tokens)
        except MailboxError:
            await self._revoke(tokens)
            return ExchangeFailed(owner, unavailable=True)
        link_token = _LINK_PREFIX + secrets.token_urlsafe(32)
        async with self._uow() as uow:
            await uow.oauth_states.await_confirmation(
                state, link_token, address, tokens, now=self._clock.now()
            )
            await uow.commit()
        return AwaitingLink(owner, link_token, address, grant)

    async def waiting_address(self, link_token: str) -> str | None:
        """The address waiting behind a link that still works, for the page that hands over to Telegram."""
        async with self._uow() as uow:
            waiting = await uow.oauth_states.peek_confirmation(link_token, now=self._clock.now())
        return waiting.address if waiting else None

    async def finish_link(
        self, link_token: str, telegram_id: TelegramId
    ) -> Connected | LinkRefused | LinkGone:
        """Link the Gmail waiting behind `link_token` if `telegram_id` asked for it. The token works once:
        opened by another account it is spent all the same, the grant revoked and its owner told."""
        async with self._uow() as uow:
            waiting = await uow.oauth_states.claim_confirmation(link_token, now=self._clock.now())
            if waiting is None:
                return LinkGone()
            owner = waiting.telegram_id
            if owner != telegram_id or await uow.users.get(owner) is None:
                await uow.audit.record(action="link_refused", actor=telegram_id, user_id=owner)
                await uow.commit()
                await self._revoke(waiting.tokens)
                return LinkRefused(owner) if owner != telegram_id else LinkGone()
            account, created = await uow.accounts.upsert(owner, waiting.address, waiting.tokens)
            await uow.audit.record(
                action="authorization",
                actor=owner,
                user_id=owner,
                detail={"account": account.id, "scopes": sorted(account.scopes), "new": created},
            )
            await uow.commit()
        await self._on_connected(account, self._clock.now())
        return Connected(account, created)

    async def accounts(self, telegram_id: TelegramId) -> list[Account]:
        async with self._uow() as uow:
            return await uow.accounts.list_for(telegram_id)

    async def disconnect(self, telegram_id: TelegramId, account_id: AccountId) -> Account | None:
        """Revoke the account's grant at the provider and delete it here; only its owner may."""
        async with self._uow() as uow:
            account = owned_by(await uow.accounts.get(account_id), telegram_id)
            if account is None:
                return None
            tokens = await uow.accounts.tokens(account_id)
        if tokens is not None and self._stop_push is not None:
            await self._stop_push(tokens)
        revoked = await self._revoke(tokens) if tokens else False
        async with self._uow() as uow:
            await uow.accounts.delete(account_id)
            await uow.audit.record(
                action="revocation",
                actor=telegram_id,
                user_id=telegram_id,
                detail={"account": account_id, "revoked_at_google": revoked},
            )
            await uow.commit()
        return account

    async def revoke_all(self, telegram_id: TelegramId) -> int:
        """Revoke every grant of a person at the provider (before /forget erases them); returns how many."""
        async with self._uow() as uow:
            accounts = await uow.accounts.list_for(telegram_id)
            all_tokens = [await uow.accounts.tokens(a.id) for a in accounts]
        if self._stop_push is not None:
            for tokens in all_tokens:
                if tokens is not None:
                    await self._stop_push(tokens)
        return sum([await self._revoke(t) for t in all_tokens if t is not None])

    async def purge_expired(self) -> None:
        """Forget stale links; an abandoned confirmation's tokens are revoked, never kept."""
        async with self._uow() as uow:
            abandoned = await uow.oauth_states.purge_expired(now=self._clock.now())
            await uow.commit()
        for tokens in abandoned:
            await self._revoke(tokens)

    async def _revoke(self, tokens: Tokens) -> bool:
        return await self._oauth.revoke(tokens.refresh_token or tokens.access_token)

    async def _audit(self, action: str, telegram_id: TelegramId, **detail: object) -> None:
        async with self._uow() as uow:
            await uow.audit.record(action=action, actor=None, user_id=telegram_id, detail=detail or None)
            await uow.commit()
