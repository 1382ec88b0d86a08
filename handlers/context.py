"""The typed handler context: the root's services container, reached as `context.services`.

As in PTB's contexttypesbot example, the context type goes to the ApplicationBuilder. The container
comes in with the Application itself (the builder's application_class is ServicesApplication), so it
is there from the first update on and is never replaced.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.container import Services


class ServicesApplication(Application[Any, "BotContext", Any, Any, Any, Any]):
    def __init__(self, *, services: Services, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._services = services

    @property
    def services(self) -> Services:
        return self._services


class BotContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    def __init__(
        self, application: ServicesApplication, chat_id: int | None = None, user_id: int | None = None
    ) -> None:
        super().__init__(application, chat_id, user_id)
        self._services = application.services

    @property
    def services(self) -> Services:
        return self._services


BotApplication = Application[Any, BotContext, Any, Any, Any, Any]
