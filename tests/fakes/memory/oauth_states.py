"""In-memory pending authorisations (brokers.ports.OAuthStateRepository): each state and token used once."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from brokers.accounts import (
    CONFIRM_TTL_SECONDS,
    Confirmation,
    PendingAuthorization,
    StateProblem,
    StateRejected,
    Tokens,
)
from tests.fakes.memory.database import Session
from tests.fakes.memory.rows import OAuthStateRow, Waiting


class MemoryOAuthStateRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    async def create(self, state: str, pending: PendingAuthorization, *, now: datetime) -> None:
        self._session.tables.oauth_states[state] = OAuthStateRow(pending, pending.expires_at)

    async def claim(self, state: str, *, now: datetime) -> PendingAuthorization | StateRejected:
        problem = await self.problem_with(state, now=now)
        if problem is not None:
            return problem
        row = self._session.tables.oauth_states[state]
        self._session.tables.oauth_states[state] = replace(row, used_at=now)
        return replace(row.pending, expires_at=row.expires_at)

    async def problem_with(self, state: str, *, now: datetime) -> StateRejected | None:
        row = self._session.tables.oauth_states.get(state)
        if row is None:
            return StateRejected(StateProblem.UNKNOWN)
        owner = row.pending.telegram_id
        if row.used_at is not None:
            return StateRejected(StateProblem.USED, owner)
        return StateRejected(StateProblem.EXPIRED, owner) if row.expires_at <= now else None

    async def await_confirmation(
        self, state: str, confirm_token: str, address: str, tokens: Tokens, *, now: datetime
    ) -> None:
        row = self._session.tables.oauth_states.get(state)
        if row is not None:
            waiting = Waiting(confirm_token, address, tokens)
            expires = now + timedelta(seconds=CONFIRM_TTL_SECONDS)
            self._session.tables.oauth_states[state] = replace(row, waiting=waiting, expires_at=expires)

    async def peek_confirmation(self, confirm_token: str, *, now: datetime) -> Confirmation | None:
        found = self._waiting(confirm_token)
        if found is None or found[1].expires_at <= now or found[1].waiting is None:
            return None
        owner, waiting = found[1].pending.telegram_id, found[1].waiting
        return Confirmation(owner, waiting.address, waiting.tokens)

    async def claim_confirmation(self, confirm_token: str, *, now: datetime) -> Confirmation | None:
        confirmation = await self.peek_confirmation(confirm_token, now=now)
        found = self._waiting(confirm_token)
        if confirmation is not None and found is not None:
            del self._session.tables.oauth_states[found[0]]
        return confirmation

    async def purge_expired(self, *, now: datetime) -> list[Tokens]:
        states = self._session.tables.oauth_states
        stale = [state for state, row in states.items() if row.expires_at <= now]
        abandoned = [w.tokens for s in stale if (w := states[s].waiting) is not None]
        for state in stale:
            del states[state]
        return abandoned

    def _waiting(self, confirm_token: str) -> tuple[str, OAuthStateRow] | None:
        states = self._session.tables.oauth_states.items()
        return next(
            ((s, r) for s, r in states if r.waiting and r.waiting.confirm_token == confirm_token), None
        )
