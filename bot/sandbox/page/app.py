"""The page's HTTP side: what a person sees in their chat, and what they (or a broker, or time) do."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from bot.sandbox.replies import KINDS_BY_KEY, REPLY_KINDS, answer, sent_requests
from bot.sandbox.telegram import NotADeepLink, SentMessage
from bot.sandbox.world import Person, Sandbox

STATIC = Path(__file__).parent / "static"
ASSETS = {"chat.css": "text/css", "chat.js": "text/javascript"}
MAX_TEXT = 4096
MAX_HOURS = 24 * 400
ANSWER_WAIT_SECONDS = 3.0
# The browser's person: set when a tab goes to Google from a chat, read when a t.me link comes back, as
# a phone opens such a link in the Telegram app of whoever holds it.
PERSON_COOKIE = "sandbox_person"


class BadInput(ValueError):
    """Something the page (or whoever calls its endpoints) sent that the sandbox will not act on."""


def message_view(from_bot: bool, message: SentMessage) -> dict[str, Any]:
    document = message.document
    return {
        "id": message.message_id,
        "from_bot": from_bot,
        "text": message.text,
        "entities": list(message.entities),
        "buttons": [
            [{"text": b.text, "data": b.callback_data, "url": b.url} for b in row] for row in message.buttons
        ],
        "document": None if document is None else {"name": document.file_name, "type": document.mime_type},
        "edited": message.is_edited,
    }


class ChatPage:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def _person(self, value: object) -> Person:
        try:
            return self.sandbox.person(str(value if value is not None else "1"))
        except ValueError as exc:
            raise BadInput(str(exc)) from None

    @staticmethod
    async def _body(request: Request) -> dict[str, Any]:
        try:
            body = json.loads(await request.body() or b"{}")
        except ValueError:
            raise BadInput("the body is not JSON") from None
        if not isinstance(body, dict):
            raise BadInput("the body is not a JSON object")
        return body

    async def index(self, request: Request) -> Response:
        return FileResponse(STATIC / "chat.html", media_type="text/html")

    async def asset(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ASSETS:
            return Response("not found", status_code=404)
        return FileResponse(STATIC / name, media_type=ASSETS[name])

    async def chat(self, request: Request) -> Response:
        person = self._person(request.query_params.get("user"))
        clock = self.sandbox.clock
        return JSONResponse(
            {
                "user": {"key": person.key, "name": person.user.first_name, "admin": person.is_admin},
                "bot": {"username": self.sandbox.telegram.bot_username},
                "messages": [
                    message_view(*pair) for pair in self.sandbox.telegram.conversation(person.user.id)
                ],
                "clock": {"now": clock.now().isoformat(), "ahead_hours": clock.offset / timedelta(hours=1)},
            }
        )

    async def send(self, request: Request) -> Response:
        body = await self._body(request)
        person = self._person(body.get("user"))
        text = body.get("text")
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
            raise BadInput(f"text is 1 to {MAX_TEXT} characters")
        update_id = self.sandbox.telegram.send_message(person.user, text)
        return JSONResponse({"update_id": update_id})

    async def tap(self, request: Request) -> Response:
        """Tap a button of a bot message; the data must be on that message's keyboard, as in Telegram."""
        body = await self._body(request)
        person = self._person(body.get("user"))
        message_id, data = body.get("message_id"), body.get("data")
        if not isinstance(message_id, int) or not isinstance(data, str):
            raise BadInput("message_id (a number) and data (a string) are required")
        telegram = self.sandbox.telegram
        try:
            message = telegram.message(person.user.id, message_id)
        except KeyError:
            raise BadInput("no such message in this chat") from None
        if message.deleted or data not in {b.callback_data for row in message.buttons for b in row}:
            raise BadInput("that button is not on the message")
        query_id = telegram.tap(person.user, message_id, data)
        # Telegram shows the bot's answer (a toast or an alert) once it comes.
        for _ in range(int(ANSWER_WAIT_SECONDS / 0.05)):
            answered = telegram.answer_to(query_id)
            if answered is not None:
                return JSONResponse({"toast": answered.text, "alert": answered.show_alert})
            await asyncio.sleep(0.05)
        return JSONResponse({"toast": None, "alert": False})

    async def document(self, request: Request) -> Response:
        person = self._person(request.query_params.get("user"))
        try:
            message = self.sandbox.telegram.message(
                person.user.id, int(request.query_params.get("message", ""))
            )
        except (KeyError, ValueError):
            raise BadInput("no such message in this chat") from None
        if message.document is None:
            raise BadInput("that message holds no document")
        name = quote(message.document.file_name)
        return Response(
            message.document.content,
            media_type=message.document.mime_type,
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"},
        )

    async def consent(self, request: Request) -> Response:
        """The Google link of a URL button: sign in as this person, then on to the local consent page."""
        person = self._person(request.query_params.get("user"))
        target = request.query_params.get("to", "")
        if not target.startswith(self.sandbox.google.auth_uri + "?"):
            raise BadInput("only the local Google consent page is opened from here")
        self.sandbox.consent_as(person)
        response = RedirectResponse(target, status_code=302)
        response.set_cookie(PERSON_COOKIE, person.key, httponly=True, samesite="lax")
        return response

    async def open_telegram(self, request: Request) -> Response:
        """A t.me link of the bot (`TELEGRAM_LINK_URL` points here): the browser's person opens it in
        their chat, where Telegram sends the bot `/start <parameter>`."""
        person = self._person(request.cookies.get(PERSON_COOKIE))
        try:
            if "start" in request.query_params:  # without it, the link only opens the chat
                self.sandbox.telegram.open_deep_link(person.user, str(request.url))
        except NotADeepLink as exc:
            raise BadInput(str(exc)) from None
        return RedirectResponse(f"/?user={quote(person.key)}", status_code=303)

    async def mail(self, request: Request) -> Response:
        sent = sent_requests(self.sandbox.google, self.sandbox.accounts)
        return JSONResponse(
            {
                "kinds": [{"key": kind.key, "label": kind.label} for kind in REPLY_KINDS],
                "sent": [
                    {
                        "id": mail.id,
                        "to": ", ".join(mail.to),
                        "subject": mail.subject,
                        "date_ms": mail.date_ms,
                    }
                    for _, mail in sent
                ],
            }
        )

    async def reply(self, request: Request) -> Response:
        body = await self._body(request)
        kind = KINDS_BY_KEY.get(str(body.get("kind")))
        if kind is None:
            raise BadInput("kind is one of " + ", ".join(KINDS_BY_KEY))
        sent = {
            mail.id: (account, mail)
            for account, mail in sent_requests(self.sandbox.google, self.sandbox.accounts)
        }
        found = sent.get(str(body.get("mail")))
        if found is None:
            raise BadInput("no such sent mail")
        return JSONResponse({"delivered": answer(self.sandbox.google, *found, kind)})

    async def clock(self, request: Request) -> Response:
        body = await self._body(request)
        hours = body.get("hours")
        if not isinstance(hours, int | float) or isinstance(hours, bool) or not 0 < hours <= MAX_HOURS:
            raise BadInput(f"hours is a number above 0 and at most {MAX_HOURS}")
        self.sandbox.clock.advance(timedelta(hours=hours))
        return JSONResponse({"now": self.sandbox.clock.now().isoformat()})


async def _bad_input(request: Request, exc: Exception) -> Response:
    return JSONResponse({"error": str(exc)}, status_code=400)


def build_page(sandbox: Sandbox) -> Starlette:
    page = ChatPage(sandbox)
    routes = [
        Route("/", page.index),
        Route("/static/{name}", page.asset),
        Route("/consent", page.consent),
        Route("/t.me/{bot}", page.open_telegram),
        Route("/api/chat", page.chat),
        Route("/api/send", page.send, methods=["POST"]),
        Route("/api/tap", page.tap, methods=["POST"]),
        Route("/api/document", page.document),
        Route("/api/mail", page.mail),
        Route("/api/reply", page.reply, methods=["POST"]),
        Route("/api/clock", page.clock, methods=["POST"]),
    ]
    return Starlette(routes=routes, exception_handlers={BadInput: _bad_input})
