"""Opening a connected account's mailbox: tokens out of storage, renewed tokens back in, and a revoked
grant turned into "needs reconnect" (told to the person once)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from contextlib import asynccontextmanager
from datetime import timedelta

from bot.services.connect_events import ReconnectNeeded
from bot.services.grant_policy import GrantPolicy
from brokers.accounts import Account, AccountId, AccountState, Tokens
from brokers.errors import AuthorizationError, GrantRevoked, MailboxAuthError, MailboxError
from brokers.mailbox import Mailbox, MailboxConnector
from brokers.oauth import OAuthProvider
from brokers.ports import Clock, UnitOfWorkFactory
from brokers.profile import TelegramId

log = logging.getLogger(__name__)

# Renew a little before the expiry, so the token does not run out between here and the first call.
RENEW_MARGIN = timedelta(minutes=1)


class MailboxAccess:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        oauth: OAuthProvider,
        connector: MailboxConnector,
        *,
        publish: Callable[[ReconnectNeeded], Awaitable[None]],
        policy: GrantPolicy | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._oauth = oauth
        self._connector = connector
        self._publish = publish
        self._policy = policy or GrantPolicy("localhost", testing_mode=False)

    async def read_address(self, tokens: Tokens) -> str:
        """The address of a freshly granted mailbox (its profile); raises MailboxError."""
        mailbox = self._connector.open(tokens)
        try:
            return (await mailbox.profile()).email.strip().lower()
        finally:
            await mailbox.close()

    async def stop_push(self, tokens: Tokens) -> None:
        """End the mailbox's Gmail push before its grant goes; revoking the grant ends it anyway, so a
        failure is only logged."""
        mailbox = self._connector.open(tokens)
        try:
            await mailbox.stop_watch()
        except MailboxError as exc:
            log.info("users.stop failed: %s", type(exc).__name__)
        finally:
            await mailbox.close()

    @asynccontextmanager
    async def open(self, account_id: AccountId, *, background: bool = False) -> AsyncIterator[Mailbox]:
        """The account's mailbox; renewed tokens are saved afterwards, a dead grant marks the account.
        `background`: nobody waits for its calls (MailboxConnector.open)."""
        async with self._uow() as uow:
            account = await uow.accounts.get(account_id)
            tokens = await uow.accounts.tokens(account_id)
        if account is None or tokens is None or account.state is not AccountState.ACTIVE:
            raise MailboxAuthError("open")
        tokens = await self._renewed(account, tokens)
        mailbox = self._connector.open(tokens, background=background)
        try:
            yield mailbox
        except MailboxAuthError:
            await self._needs_reconnect(account)
            raise
        finally:
            await mailbox.close()
            if mailbox.tokens != tokens:
                await self._save_tokens(account_id, mailbox.tokens)

    async def history_ids(self, account_ids: Collection[AccountId]) -> dict[AccountId, str | MailboxError]:
        """Many accounts' history ids in one request (MailboxConnector.history_ids). An account whose
        token needs renewing first is left out, for `open` to renew and save it."""
        async with self._uow() as uow:
            tokens = await uow.accounts.tokens_of(account_ids)
        renew_by = self._clock.now() + RENEW_MARGIN
        fresh = {i: t for i, t in tokens.items() if t.expiry is None or t.expiry > renew_by}
        return await self._connector.history_ids(fresh) if fresh else {}

    async def check(self, telegram_id: TelegramId) -> list[Account]:
        """Ask the provider about each active account (renewing tokens); returns the accounts as now."""
        async with self._uow() as uow:
            accounts = await uow.accounts.list_for(telegram_id)
        for account in accounts:
            if account.state is not AccountState.ACTIVE:
                continue
            try:
                async with self.open(account.id) as mailbox:
                    await mailbox.profile()
            except MailboxAuthError:
                log.info("account needs reconnecting", extra={"account": account.id})
            except MailboxError as exc:
                log.warning(
                    "account check failed", extra={"account": account.id, "error": type(exc).__name__}
                )
        async with self._uow() as uow:
            return await uow.accounts.list_for(telegram_id)

    async def _renewed(self, account: Account, tokens: Tokens) -> Tokens:
        """Renew an access token that has run out before the mailbox needs it."""
        if tokens.expiry is None or tokens.expiry > self._clock.now() + RENEW_MARGIN:
            return tokens
        try:
            renewed = await self._oauth.refresh(tokens)
        except GrantRevoked:
            await self._needs_reconnect(account)
            raise MailboxAuthError("refresh") from None
        except AuthorizationError as exc:
            # The mailbox renews by itself on its first call, within its own bounded retries.
            log.warning("token renewal failed", extra={"account": account.id, "error": type(exc).__name__})
            return tokens
        await self._save_tokens(account.id, renewed)
        return renewed

    async def _needs_reconnect(self, account: Account) -> None:
        async with self._uow() as uow:
            changed = await uow.accounts.mark(
                account.id, state=AccountState.NEEDS_RECONNECT, was=AccountState.ACTIVE
            )
            if changed:
                await uow.audit.record(
                    action="refresh_failed",
                    actor=None,
                    user_id=account.telegram_id,
                    detail={"account": account.id},
                )
            await uow.commit()
        if changed:
            expected = self._policy.is_expected_expiry(account.created_at, self._clock.now())
            await self._publish(ReconnectNeeded(account, expected=expected))

    async def _save_tokens(self, account_id: AccountId, tokens: Tokens) -> None:
        async with self._uow() as uow:
            await uow.accounts.save_tokens(account_id, tokens)
            await uow.commit()
