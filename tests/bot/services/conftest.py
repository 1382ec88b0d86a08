"""Fixtures of the service tests."""

from tests.bot.services.world import world

__all__ = ["world"]
