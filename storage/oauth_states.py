"""Pending authorisations: single-use states (stored hashed) and confirmations waiting for a yes."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from brokers.accounts import (
    CONFIRM_TTL_SECONDS,
    Confirmation,
    PendingAuthorization,
    StateProblem,
    StateRejected,
    Tokens,
)
from brokers.ports import SecretBox
from brokers.profile import TelegramId
from brokers.scopes import AccessMode
from storage.records import OAuthStateRecord
from storage.token_codec import open_tokens, seal_tokens


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class SqlOAuthStateRepository:
    def __init__(self, session: AsyncSession, box: SecretBox) -> None:
        self._session = session
        self._box = box

    async def create(self, state: str, pending: PendingAuthorization, *, now: datetime) -> None:
        verifier = json.dumps({"verifier": pending.code_verifier, "mode": pending.mode.value})
        self._session.add(
            OAuthStateRecord(
                state_hash=digest(state),
                user_id=pending.telegram_id,
                verifier_enc=self._box.encrypt(verifier),
                created_at=now,
                expires_at=pending.expires_at,
            )
        )

    async def claim(self, state: str, *, now: datetime) -> PendingAuthorization | StateRejected:
        """Use a state once: the conditional update lets exactly one callback through."""
        key = digest(state)
        result = await self._session.execute(
            update(OAuthStateRecord)
            .where(
                OAuthStateRecord.state_hash == key,
                OAuthStateRecord.used_at.is_(None),
                OAuthStateRecord.expires_at > now,
            )
            .values(used_at=now)
        )
        record = await self._session.scalar(
            select(OAuthStateRecord).where(OAuthStateRecord.state_hash == key)
        )
        if record is None:
            return StateRejected(StateProblem.UNKNOWN)
        owner = TelegramId(record.user_id)
        if not result.rowcount:  # type: ignore[attr-defined]
            return StateRejected(
                StateProblem.USED if record.used_at is not None else StateProblem.EXPIRED, owner
            )
        data = json.loads(self._box.decrypt(record.verifier_enc))
        return PendingAuthorization(
            telegram_id=owner,
            code_verifier=data["verifier"],
            mode=AccessMode(data["mode"]),
            expires_at=record.expires_at,
        )

    async def problem_with(self, state: str, *, now: datetime) -> StateRejected | None:
        record = await self._session.scalar(
            select(OAuthStateRecord).where(OAuthStateRecord.state_hash == digest(state))
        )
        if record is None:
            return StateRejected(StateProblem.UNKNOWN)
        owner = TelegramId(record.user_id)
        if record.used_at is not None:
            return StateRejected(StateProblem.USED, owner)
        return StateRejected(StateProblem.EXPIRED, owner) if record.expires_at <= now else None

    async def await_confirmation(
        self, state: str, confirm_token: str, address: str, tokens: Tokens, *, now: datetime
    ) -> None:
        pending = json.dumps({"address": address, "tokens": seal_tokens(self._box, tokens)})
        await self._session.execute(
            update(OAuthStateRecord)
            .where(OAuthStateRecord.state_hash == digest(state))
            .values(
                confirm_hash=digest(confirm_token),
                pending_enc=self._box.encrypt(pending),
                expires_at=now + timedelta(seconds=CONFIRM_TTL_SECONDS),
            )
        )

    async def peek_confirmation(self, confirm_token: str, *, now: datetime) -> Confirmation | None:
        record = await self._session.scalar(
            select(OAuthStateRecord).where(
                OAuthStateRecord.confirm_hash == digest(confirm_token), OAuthStateRecord.expires_at > now
            )
        )
        return None if record is None or record.pending_enc is None else self._confirmation(record)

    async def claim_confirmation(self, confirm_token: str, *, now: datetime) -> Confirmation | None:
        """Take the waiting tokens out exactly once; None when unknown, expired or already taken."""
        record = await self.peek_confirmation(confirm_token, now=now)
        if record is None:
            return None
        result = await self._session.execute(
            delete(OAuthStateRecord).where(OAuthStateRecord.confirm_hash == digest(confirm_token))
        )
        return record if result.rowcount else None  # type: ignore[attr-defined]

    async def purge_expired(self, *, now: datetime) -> list[Tokens]:
        """Delete stale states; returns the tokens of abandoned confirmations so they can be revoked."""
        rows = (
            await self._session.scalars(select(OAuthStateRecord).where(OAuthStateRecord.expires_at <= now))
        ).all()
        abandoned = [self._confirmation(r).tokens for r in rows if r.pending_enc is not None]
        await self._session.execute(delete(OAuthStateRecord).where(OAuthStateRecord.expires_at <= now))
        return abandoned

    def _confirmation(self, record: OAuthStateRecord) -> Confirmation:
        assert record.pending_enc is not None
        data = json.loads(self._box.decrypt(record.pending_enc))
        return Confirmation(
            telegram_id=TelegramId(record.user_id),
            address=data["address"],
            tokens=open_tokens(self._box, data["tokens"]),
        )
