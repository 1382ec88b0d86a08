"""Re-encrypting every stored secret with the newest key (the `rotate-keys` command)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from brokers.ports import SecretBox
from storage.engine import create_session_factory
from storage.records import AuthorizationRecord, Base, OAuthStateRecord, UserRecord

# Every column holding ciphertext; a new encrypted column must be added here (a test checks).
ENCRYPTED_COLUMNS: dict[type[Base], tuple[str, ...]] = {
    UserRecord: ("profile_enc",),
    AuthorizationRecord: ("address_enc", "tokens_enc"),
    OAuthStateRecord: ("verifier_enc", "pending_enc"),
}


async def rotate_secrets(engine: AsyncEngine, box: SecretBox) -> int:
    """Re-encrypt every secret in one transaction; returns how many values were rewritten."""
    sessions = create_session_factory(engine)
    count = 0
    async with sessions() as session, session.begin():
        for record_type, columns in ENCRYPTED_COLUMNS.items():
            for record in (await session.scalars(select(record_type))).all():
                for column in columns:
                    value = getattr(record, column)
                    if value:
                        setattr(record, column, box.rotate(value))
                        count += 1
    return count
