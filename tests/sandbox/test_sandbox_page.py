"""`python -m bot sandbox` as a newcomer uses it: the page's endpoints driven through a whole journey."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.sandbox.runner import PortUnavailable, bind_loopback
from bot.sandbox.world import Sandbox
from tests.e2e.browser import Browser, telegram_link, visible_text
from tests.sandbox.page_client import PageClient


@pytest.fixture
async def client(page_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=page_url, timeout=30) as http:
        yield http


async def connect_through_consent_tab(person: PageClient) -> str:
    """Follow the chat's Google link as the page's URL button does (a new tab); return the tab's last page."""
    await person.say("/connect")
    await person.wait_for(lambda _: person.has_button("Open Google to connect"), "the Google link")
    _, button = person.button("Open Google to connect")
    link = person.client.base_url.join("/consent").copy_merge_params(
        {"user": person.user, "to": button["url"]}
    )
    tab = Browser()
    try:
        finish = await tab.open(str(link))
        assert finish.url.path == "/oauth/finish"
        # The page's link to Telegram leads back to the sandbox page, which sends the person's /start.
        chat = await tab.open(telegram_link(finish))
        assert chat.url.path == "/" and chat.url.params["user"] == person.user
        return visible_text(finish)
    finally:
        await tab.close()


async def onboard(person: PageClient) -> None:
    await person.say("/start")
    await person.tap("I agree, let's start")
    await person.say("Alex Example")
    await person.tap("Skip")
    await person.tap("Skip")
    await person.tap("EU / EEA")
    await person.tap("Germany")
    await person.tap("English")


async def advance(client: httpx.AsyncClient, hours: float) -> None:
    (await client.post("/api/clock", json={"hours": hours})).raise_for_status()


async def push_shows(person: PageClient, client: httpx.AsyncClient, phrase: str) -> None:
    """Wait for a push; quiet hours may hold it until the person's morning, so move on a few hours."""
    for _ in range(3):
        try:
            await person.wait_text(phrase, within=10)
            return
        except TimeoutError:
            await advance(client, 8)
    await person.wait_text(phrase, within=10)


async def test_newcomer_journey_from_start_to_the_escalation(
    client: httpx.AsyncClient, worlds: list[Sandbox]
) -> None:
    page = await client.get("/")
    assert page.status_code == 200
    assert 'id="start"' in page.text
    assert "http" not in re.sub(r'href="/|src="/', "", page.text.split("<body>")[0])  # no outside assets
    alex = PageClient(client)
    assert await alex.refresh() == []  # the page opens on an empty chat with Start

    await onboard(alex)
    await alex.say("/export")
    export = await alex.wait_for(lambda ms: bool(ms[-1]["document"]), "the export file")
    download = await client.get("/api/document", params={"user": "1", "message": export[-1]["id"]})
    assert download.headers["content-disposition"].startswith("attachment; filename*=UTF-8''my-data")
    assert json.loads(download.content)["user"]["profile"]["full_name"] == "Alex Example"
    assert "Google signed you in as alex.1@gmail.com" in await connect_through_consent_tab(alex)
    await alex.wait_text("Connected as alex.1@gmail.com")

    await alex.tap("Scan my inbox")
    report = await alex.wait_text("Data brokers that e-mail you", within=120)
    progress = next(m for m in alex.messages if m["text"].startswith("Scan finished"))
    assert progress["edited"]  # the progress message was edited in place
    brokers_found = len(re.findall(r"^\s*•", report["text"], re.M))
    assert brokers_found >= 10, report["text"]

    await alex.tap("Review deletion requests")
    card = next(m for m in reversed(alex.messages) if m["buttons"] and m["from_bot"])
    first = card["buttons"][0][0]
    await client.post("/api/tap", json={"user": "1", "message_id": card["id"], "data": first["data"]})
    await alex.tap(re.compile(r"^Send to .*@"))
    await advance(client, 0.1)  # past the undo window
    await alex.wait_text("Sent to ")

    await alex.say("/settings")
    await alex.tap("Routine updates")
    await alex.tap("Immediately")  # acknowledgements otherwise wait for the weekly digest
    await alex.tap("Quiet hours")
    await alex.tap("No quiet hours")  # whatever the hour the test runs at, a notice goes at once
    mail = (await client.get("/api/mail")).json()
    assert len(mail["sent"]) == 1
    sent = mail["sent"][0]
    before = (await client.get("/api/chat", params={"user": "1"})).json()["clock"]["ahead_hours"]
    google = worlds[0].google
    pushed_before = len(google.pushes)
    reply = await client.post("/api/reply", json={"mail": sent["id"], "kind": "acknowledged"})
    assert reply.status_code == 200
    # Gmail push: the reply is in the chat in seconds, the clock not moved towards the next poll (900 s
    # with push on: polling is only the safety net). The fake's Pub/Sub pushed the mailbox's change and
    # the bot's /gmail/push took it: without push the chat could only pass this by a poll's luck.
    await alex.wait_text("they received your request", within=20)
    after = (await client.get("/api/chat", params={"user": "1"})).json()["clock"]["ahead_hours"]
    assert after == before
    pushes = google.pushes[pushed_before:]
    assert [(email, status) for email, _, status in pushes] == [("alex.1@gmail.com", 204)], pushes

    await advance(client, 24 * 33)
    await push_shows(alex, client, "has not confirmed deleting")

    await alex.tap(re.compile(r"^Send the follow-up to "))
    await alex.tap(re.compile(r"^Send to .*@"))
    await advance(client, 0.1)  # past the undo window
    await alex.wait_for(lambda ms: sum("Sent to " in m["text"] for m in ms) >= 2, "the follow-up sent")
    assert len((await client.get("/api/mail")).json()["sent"]) == 2
    await advance(client, 24 * 16)
    await push_shows(alex, client, "still has not complied")


async def test_second_person_and_operator_have_their_own_chats(client: httpx.AsyncClient) -> None:
    alex, sam, operator = PageClient(client, "1"), PageClient(client, "2"), PageClient(client, "admin")
    await sam.say("/start")
    assert await alex.refresh() == []
    await operator.refresh()
    assert operator.state["user"]["admin"] is True
    assert sam.state["user"]["name"] != alex.state["user"]["name"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/send", {"user": "1", "text": ""}),
        ("/api/send", {"user": "x'; drop", "text": "hi"}),
        ("/api/tap", {"user": "1", "message_id": 1, "data": "forged"}),
        ("/api/tap", {"user": "1", "message_id": "1", "data": "x"}),
        ("/api/clock", {"hours": -5}),
        ("/api/clock", {"hours": True}),
        ("/api/reply", {"mail": "nope", "kind": "completed"}),
        ("/api/reply", {"mail": "nope", "kind": "bribe"}),
    ],
)
async def test_bad_input_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, path: str, body: dict[str, object]
) -> None:
    before = (await client.get("/api/chat", params={"user": "1"})).json()
    response = await client.post(path, json=body)
    assert response.status_code == 400
    assert response.json()["error"]
    after = (await client.get("/api/chat", params={"user": "1"})).json()
    assert after["messages"] == before["messages"]
    assert after["clock"]["ahead_hours"] == before["clock"]["ahead_hours"]


async def test_the_consent_link_opens_only_the_local_google(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/consent", params={"user": "1", "to": "https://evil.example/o/oauth2/auth?x"}
    )
    assert response.status_code == 400


def test_a_taken_port_is_one_clear_error() -> None:
    taken = bind_loopback(0)
    taken.listen()
    try:
        with pytest.raises(PortUnavailable, match="choose another with --port"):
            bind_loopback(taken.getsockname()[1])
    finally:
        taken.close()
