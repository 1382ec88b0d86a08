"""Schema migrations, run in-process: `upgrade` before the bot starts, `downgrade` for tests and rollbacks."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.engine import create_engine


def _config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", "storage:migrations")
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def _run(engine: AsyncEngine, url: str, action: str, revision: str) -> None:
    config = _config(url)

    def run(connection: object) -> None:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)


async def upgrade(url: str, revision: str = "head") -> None:
    engine = create_engine(url)
    try:
        await _run(engine, url, "upgrade", revision)
    finally:
        await engine.dispose()


async def downgrade(url: str, revision: str = "base") -> None:
    engine = create_engine(url)
    try:
        await _run(engine, url, "downgrade", revision)
    finally:
        await engine.dispose()


def make_revision(url: str, message: str) -> None:
    """Autogenerate a new revision from the difference between the records and the database."""
    command.revision(_config(url), message=message, autogenerate=True)
