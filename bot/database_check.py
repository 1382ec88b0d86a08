"""Before anything starts: can the configured database be reached? One line saying why not, never a trace.

A server that refuses the connection, cannot be found or does not answer is an unreachable service
(exit 1: it may come back); a database that does not exist, refuses the login or cannot be opened is a
configuration mistake (exit 2: only the operator can fix it).
"""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from bot.config import ConfigError, ServiceUnreachable, Settings
from storage.engine import create_engine

CONNECT_TIMEOUT_SECONDS = 10


class DatabaseUnusable(ConfigError):
    """DATABASE_URL (or DATA_DIR) names a database that does not exist or cannot be opened."""


class DatabaseUnreachable(ServiceUnreachable):
    """The database server refuses the connection, cannot be found or does not answer."""


def _reason(exc: BaseException) -> str:
    """The driver's own words, first line only (they name the database or host, never the password)."""
    inner = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    words = str(inner).strip().splitlines()
    return words[0] if words else type(inner).__name__


def _server(url: str) -> str:
    parsed = make_url(url)
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}"


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
            f"The database at {_server(url)} did not answer within {CONNECT_TIMEOUT_SECONDS} s: "
            f"check that it runs, or {variable}"
        ) from None
    except (OperationalError, InterfaceError, DBAPIError, OSError) as exc:
        # asyncpg's socket errors (refused, unknown host, no route) arrive unwrapped; SQLite's are files.
        if isinstance(exc, OSError) and not url.startswith("sqlite"):
            raise DatabaseUnreachable(
                f"The database at {_server(url)} is unreachable ({_reason(exc)}): "
                f"check that it runs, or {variable}"
            ) from None
        raise DatabaseUnusable(
            f"{variable}: cannot use the database ({_reason(exc)}); check that it runs and exists"
        ) from None
