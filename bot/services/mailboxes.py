"""Opening a connected account's mailbox: tokens out of storage, refreshed tokens back in, and a
revoked grant turned into "needs reconnect" (told to the person once)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC

from google.oauth2.credentials import Credentials

from bot.google.gmail import GmailMailbox
from bot.google.oauth import GoogleOAuth, GoogleUnavailable
from bot.services.connect_events import ReconnectNeeded
from brokers.accounts import Account, AccountId, AccountState, Tokens
from brokers.errors import MailboxAuthError, MailboxError
from brokers.ports import UnitOfWorkFactory
from brokers.profile import TelegramId

log = logging.getLogger(__name__)


class MailboxAccess:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        oauth: GoogleOAuth,
        *,
        api_url: str,
        quota_model: str,
        publish: Callable[[ReconnectNeeded], Awaitable[None]],
    ) -> None:
        self._uow = uow
        self._oauth = oauth
        self._api_url = api_url
        self._quota_model = quota_model
        self._publish = publish

    def _credentials(self, tokens: Tokens) -> Credentials:
        return self._oauth.credentials(
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            expiry=tokens.expiry,
            scopes=sorted(tokens.scopes),
        )

    def _mailbox(self, credentials: Credentials) -> GmailMailbox:
        return GmailMailbox(credentials, api_url=self._api_url, quota_model=self._quota_model)

    async def read_address(self, tokens: Tokens) -> str:
        """The address of a freshly granted mailbox (its getProfile)."""
        try:
            async with self._mailbox(self._credentials(tokens)) as mailbox:
                return (await mailbox.profile()).email.strip().lower()
        except MailboxError as exc:
            raise GoogleUnavailable(type(exc).__name__) from None

    @asynccontextmanager
    async def open(self, account_id: AccountId) -> AsyncIterator[GmailMailbox]:
        """The account's mailbox; refreshed tokens are saved afterwards, a dead grant marks the account."""
        async with self._uow() as uow:
            account = await uow.accounts.get(account_id)
            tokens = await uow.accounts.tokens(account_id)
        if account is None or tokens is None or account.state is not AccountState.ACTIVE:
            raise MailboxAuthError("open")
        credentials = self._credentials(tokens)
        try:
            async with self._mailbox(credentials) as mailbox:
                yield mailbox
        except MailboxAuthError:
            await self._needs_reconnect(account)
            raise
        finally:
            await self._keep_refreshed(account_id, tokens, credentials)

    async def check(self, telegram_id: TelegramId) -> list[Account]:
        """Ask Gmail about each active account (refreshing tokens); returns the accounts as they are now."""
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
            await self._publish(ReconnectNeeded(account))

    async def _keep_refreshed(self, account_id: AccountId, before: Tokens, credentials: Credentials) -> None:
        if not credentials.token or credentials.token == before.access_token:
            return
        expiry = credentials.expiry.replace(tzinfo=UTC) if credentials.expiry else None
        refreshed = Tokens(
            access_token=credentials.token,
            refresh_token=credentials.refresh_token or before.refresh_token,
            expiry=expiry,
            scopes=before.scopes,
        )
        async with self._uow() as uow:
            await uow.accounts.save_tokens(account_id, refreshed)
            await uow.commit()
