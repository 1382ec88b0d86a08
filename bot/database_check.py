"""Before anything starts: can the configured database be reached? One line saying why not, never a trace."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from bot.config import ConfigError, Settings
from storage.engine import create_engine

CONNECT_TIMEOUT_SECONDS = 10


class DatabaseUnreachable(ConfigError):
    """DATABASE_URL names a database that refuses the connection or does not exist."""


def _reason(exc: BaseException) -> str:
    """The driver's own words, first line only (they name the database or host, never the password)."""
    inner = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    words = str(inner).strip().splitlines()
    return words[0] if words else type(inner).__name__


async def _select_one(url: str) -> None:
    engine = create_engine(url)  # creates a SQLite file's folder, which may fail too
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    finally:
        await engine.dispose()


async def check_database(settings: Settings) -> None:
    """Connect once to the configured database; the error names DATA_DIR when the default SQLite is used."""
    url = settings.effective_database_url
    variable = "DATABASE_URL" if settings.database_url else "DATA_DIR"
    try:
        await asyncio.wait_for(_select_one(url), CONNECT_TIMEOUT_SECONDS)
    except TimeoutError:
        raise DatabaseUnreachable(
            f"{variable}: the database did not answer within {CONNECT_TIMEOUT_SECONDS} s; is it running?"
        ) from None
    except (OperationalError, InterfaceError, DBAPIError, OSError) as exc:
        raise DatabaseUnreachable(
            f"{variable}: cannot use the database ({_reason(exc)}); check that it runs and exists"
        ) from None
