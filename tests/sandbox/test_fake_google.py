"""The fake Google driven by the real google-auth-oauthlib, google-auth and google-api-python-client."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httplib2
import httpx
import pytest
import requests
from google.auth.exceptions import RefreshError
from google.auth.transport.requests import Request as GoogleAuthRequest
from google.oauth2.credentials import Credentials
from google_auth_httplib2 import AuthorizedHttp  # type: ignore[import-untyped]
from google_auth_oauthlib.flow import Flow
from googleapiclient.discovery import build_from_document
from googleapiclient.discovery_cache import get_static_doc
from googleapiclient.errors import HttpError
from googleapiclient.http import BatchHttpRequest
from oauthlib.oauth2.rfc6749.errors import InvalidGrantError  # type: ignore[import-untyped]

from bot.sandbox.google import FakeGoogle, SendFault, generate_mailbox, realistic_sender_forms
from bot.sandbox.google.scopes import METADATA, READONLY, SEND

REDIRECT = "http://127.0.0.1:8080/oauth/callback"
USER = "person@gmail.com"
SCOPES = [READONLY, SEND]


@pytest.fixture(autouse=True)
def _oauthlib_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    monkeypatch.setenv("OAUTHLIB_RELAX_TOKEN_SCOPE", "1")


_open_clients: list[Any] = []


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    """Close every Flow session and Gmail service a test made (an unclosed socket fails the run)."""
    yield
    while _open_clients:
        _open_clients.pop().close()


class SimClock:
    """Simulated seconds for the fake's quota window and token expiry."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> SimClock:
    return SimClock()


@pytest.fixture
def fake(clock: SimClock) -> Iterator[FakeGoogle]:
    with FakeGoogle(redirect_uris=[REDIRECT], clock=clock) as server:
        server.consent_as(USER)
        yield server
        assert server.server_errors == []


def opened(client: Any) -> Any:
    _open_clients.append(client)
    return client


def consent(fake: FakeGoogle, scopes: list[str] = SCOPES, **extra: str) -> tuple[Flow, str, str]:
    """Start a flow and follow its URL like a browser; return the flow, the state and the redirect."""
    flow = Flow.from_client_config(fake.client_config(), scopes=scopes, redirect_uri=REDIRECT)
    opened(flow.oauth2session)
    url, state = flow.authorization_url(**({"access_type": "offline", "prompt": "consent"} | extra))
    answer = httpx.get(url, follow_redirects=False)
    assert answer.status_code == 302
    return flow, state, answer.headers["location"]


def callback_flow(fake: FakeGoogle, state: str, verifier: str | None, scopes: list[str] = SCOPES) -> Flow:
    """A new Flow as the callback handler builds it, from the stored state and verifier."""
    flow = Flow.from_client_config(
        fake.client_config(), scopes=scopes, redirect_uri=REDIRECT, state=state, code_verifier=verifier
    )
    opened(flow.oauth2session)
    return flow


def connect(fake: FakeGoogle, scopes: list[str] = SCOPES) -> Credentials:
    flow, state, location = consent(fake, scopes)
    callback = callback_flow(fake, state, flow.code_verifier, scopes)
    callback.fetch_token(authorization_response=location)
    credentials: Credentials = callback.credentials
    return credentials


def credentials_for(fake: FakeGoogle, email: str, scopes: list[str]) -> Credentials:
    issued = fake.issue_token(email, scopes)
    return Credentials(  # type: ignore[no-untyped-call]
        token=issued.access_token,
        refresh_token=issued.refresh_token,
        token_uri=fake.token_uri,
        client_id=fake.consent.client.client_id,
        client_secret=fake.consent.client.client_secret,
        scopes=scopes,
    )


def gmail(fake: FakeGoogle, credentials: Credentials) -> Any:
    document = json.loads(get_static_doc("gmail", "v1"))
    document["rootUrl"] = fake.gmail_api_url
    return opened(build_from_document(document, http=AuthorizedHttp(credentials, http=httplib2.Http())))


def raw_mail(to: str, subject: str, message_id: str, **headers: str) -> str:
    mail = EmailMessage()
    mail["From"] = USER
    mail["To"] = to
    mail["Subject"] = subject
    mail["Message-ID"] = message_id
    for name, value in headers.items():
        mail[name.replace("_", "-")] = value
    mail.set_content("Please delete all personal data you hold about me.")
    return base64.urlsafe_b64encode(mail.as_bytes()).decode().rstrip("=")


def error_of(error: HttpError) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(error.content)["error"]
    return body


# -- OAuth ---------------------------------------------------------------------------------------------


def test_consent_redirects_with_code_state_and_granted_scopes(fake: FakeGoogle) -> None:
    _, state, location = consent(fake)

    query = parse_qs(urlsplit(location).query)
    assert location.startswith(REDIRECT + "?")
    assert query["state"] == [state]
    assert query["code"][0].startswith("4/")
    assert set(query["scope"][0].split()) == set(SCOPES)
    request = fake.last_authorization
    assert request is not None
    assert (request.get("code_challenge_method"), request.get("access_type")) == ("S256", "offline")


def test_code_exchange_with_the_stored_verifier_yields_refresh_token(fake: FakeGoogle) -> None:
    credentials = connect(fake)

    assert credentials.refresh_token
    assert set(credentials.granted_scopes) == set(SCOPES)


def test_code_exchange_with_a_wrong_verifier_is_invalid_grant(fake: FakeGoogle) -> None:
    _, state, location = consent(fake)

    with pytest.raises(InvalidGrantError, match="code verifier"):
        callback_flow(fake, state, "w" * 64).fetch_token(authorization_response=location)


def test_code_exchange_without_a_verifier_is_invalid_grant(fake: FakeGoogle) -> None:
    _, state, location = consent(fake)
    flow = callback_flow(fake, state, None)
    flow.autogenerate_code_verifier = False

    with pytest.raises(InvalidGrantError, match="Missing code verifier"):
        flow.oauth2session.fetch_token(
            fake.token_uri, authorization_response=location, client_secret="test-secret"
        )


def test_code_older_than_ten_minutes_is_invalid_grant(fake: FakeGoogle, clock: SimClock) -> None:
    flow, state, location = consent(fake)
    clock.advance(601)

    with pytest.raises(InvalidGrantError):
        callback_flow(fake, state, flow.code_verifier).fetch_token(authorization_response=location)


def test_reused_code_is_invalid_grant(fake: FakeGoogle) -> None:
    flow, state, location = consent(fake)
    callback_flow(fake, state, flow.code_verifier).fetch_token(authorization_response=location)

    with pytest.raises(InvalidGrantError):
        callback_flow(fake, state, flow.code_verifier).fetch_token(authorization_response=location)


def test_denied_consent_redirects_with_access_denied(fake: FakeGoogle) -> None:
    fake.consent_mode("deny")

    _, state, location = consent(fake)

    assert parse_qs(urlsplit(location).query) == {"error": ["access_denied"], "state": [state]}


def test_unticked_scope_is_missing_from_granted_scopes(fake: FakeGoogle) -> None:
    fake.grant_only([READONLY])

    credentials = connect(fake)

    assert credentials.granted_scopes == [READONLY]
    with pytest.raises(HttpError) as refused:
        gmail(fake, credentials).users().messages().send(
            userId="me", body={"raw": raw_mail("a@b.c", "s", "<x@y>")}
        ).execute()
    assert refused.value.status_code == 403


def test_unticked_scope_raises_scope_changed_unless_relaxed(
    fake: FakeGoogle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OAUTHLIB_RELAX_TOKEN_SCOPE")
    fake.grant_only([READONLY])
    flow, state, location = consent(fake)

    with pytest.raises(Warning, match="Scope has changed"):
        callback_flow(fake, state, flow.code_verifier).fetch_token(authorization_response=location)


def test_second_consent_without_prompt_consent_has_no_refresh_token(fake: FakeGoogle) -> None:
    connect(fake)
    flow, state, location = consent(fake, prompt="select_account")

    token = callback_flow(fake, state, flow.code_verifier).fetch_token(authorization_response=location)

    assert "refresh_token" not in token


def test_unregistered_redirect_uri_gets_an_error_page(fake: FakeGoogle) -> None:
    flow = Flow.from_client_config(fake.client_config(), scopes=SCOPES, redirect_uri="http://evil.example/cb")
    opened(flow.oauth2session)
    url, _ = flow.authorization_url()

    answer = httpx.get(url, follow_redirects=False)

    assert answer.status_code == 400
    assert "redirect_uri_mismatch" in answer.text


def test_expired_access_token_is_refreshed_transparently(fake: FakeGoogle) -> None:
    credentials = connect(fake)
    service = gmail(fake, credentials)
    first = credentials.token
    fake.expire_access_tokens()

    profile = service.users().getProfile(userId="me").execute()

    assert profile["emailAddress"] == USER
    assert credentials.token != first


def test_refresh_after_password_change_is_invalid_grant(fake: FakeGoogle) -> None:
    credentials = connect(fake)
    fake.invalidate_refresh_tokens(USER)

    with pytest.raises(RefreshError, match="invalid_grant") as refused:
        credentials.refresh(GoogleAuthRequest(opened(requests.Session())))  # type: ignore[no-untyped-call]
    assert refused.value.retryable is False


def test_revoking_the_refresh_token_revokes_its_access_tokens(fake: FakeGoogle) -> None:
    credentials = connect(fake)

    answer = httpx.post(fake.revoke_uri, params={"token": credentials.refresh_token})
    again = httpx.post(fake.revoke_uri, data={"token": credentials.refresh_token})
    profile = httpx.get(
        f"{fake.root}/gmail/v1/users/me/profile", headers={"Authorization": f"Bearer {credentials.token}"}
    )

    assert answer.status_code == 200
    assert (again.status_code, again.json()["error"]) == (400, "invalid_token")
    assert profile.status_code == 401
    assert profile.json()["error"]["errors"][0]["reason"] == "authError"
    assert fake.revoked == [credentials.refresh_token]


def test_token_endpoint_failure_is_answered_once(fake: FakeGoogle) -> None:
    issued = fake.issue_token(USER, SCOPES)
    form = {"grant_type": "refresh_token", "refresh_token": issued.refresh_token or ""}
    form |= {"client_id": fake.consent.client.client_id, "client_secret": fake.consent.client.client_secret}
    fake.fail_token_endpoint(status=503, times=1)

    failed = httpx.post(fake.token_uri, data=form)
    recovered = httpx.post(fake.token_uri, data=form)

    assert (failed.status_code, failed.json()["error"]) == (503, "temporarily_unavailable")
    assert recovered.status_code == 200
    assert "refresh_token" not in recovered.json()


def test_token_delay_slows_the_token_endpoint(fake: FakeGoogle) -> None:
    credentials = credentials_for(fake, USER, SCOPES)
    fake.token_delay(0.3)

    started = time.monotonic()
    credentials.refresh(GoogleAuthRequest(opened(requests.Session())))  # type: ignore[no-untyped-call]

    assert time.monotonic() - started >= 0.3


# -- Gmail ---------------------------------------------------------------------------------------------

BROKERS = {"spokeo.com": realistic_sender_forms("spokeo.com", "Spokeo")}


@pytest.fixture
def mailbox_fake(fake: FakeGoogle) -> FakeGoogle:
    fake.add_account(USER, mailbox=generate_mailbox(7, 3000, broker_senders=BROKERS, owner=USER))
    return fake


def test_get_profile_reports_the_account(mailbox_fake: FakeGoogle) -> None:
    profile = gmail(mailbox_fake, connect(mailbox_fake)).users().getProfile(userId="me").execute()

    assert profile["emailAddress"] == USER
    assert profile["messagesTotal"] == 3000
    assert int(profile["historyId"]) > 0


def test_get_profile_is_refused_with_send_scope_only(fake: FakeGoogle) -> None:
    service = gmail(fake, credentials_for(fake, USER, [SEND]))

    with pytest.raises(HttpError) as refused:
        service.users().getProfile(userId="me").execute()

    assert error_of(refused.value)["errors"][0]["reason"] == "insufficientPermissions"


def test_long_query_travels_as_post_with_method_override(mailbox_fake: FakeGoogle) -> None:
    service = gmail(mailbox_fake, connect(mailbox_fake))
    domains = ["spokeo.com", *(f"unrelated-broker-{i}.example" for i in range(120))]
    request = service.users().messages().list(userId="me", q=f"from:({' OR '.join(domains)})", maxResults=500)
    mailbox = mailbox_fake.add_account(USER).mailbox
    expected = {
        m.id
        for m in mailbox.messages
        if m.sender.lower().rstrip(">").endswith("spokeo.com") and not m.labels & {"SPAM", "TRASH"}
    }

    assert len(request.uri) > 2048
    found = request.execute()

    assert request.method == "POST"
    assert {m["id"] for m in found["messages"]} == expected


def test_list_pages_newest_first_through_page_tokens(mailbox_fake: FakeGoogle) -> None:
    service = gmail(mailbox_fake, connect(mailbox_fake))
    ids: list[str] = []
    page: dict[str, Any] = {}
    while not ids or "nextPageToken" in page:
        token = page.get("nextPageToken")
        page = (
            service.users()
            .messages()
            .list(userId="me", labelIds=["INBOX"], maxResults=500, pageToken=token)
            .execute()
        )
        ids += [m["id"] for m in page["messages"]]

    inbox = mailbox_fake.add_account(USER).mailbox.with_label("INBOX")
    assert len(ids) == len(set(ids)) == len(inbox) == page["resultSizeEstimate"]
    assert ids == sorted(ids, reverse=True)  # Gmail ids grow with time


def test_raw_format_is_base64url_without_padding(fake: FakeGoogle) -> None:
    ids = [
        fake.deliver(USER, "Spokeo <privacy@spokeo.com>", "Your request", "Done" + "!" * k) for k in range(3)
    ]
    service = gmail(fake, credentials_for(fake, USER, SCOPES))

    raws = [service.users().messages().get(userId="me", id=i, format="raw").execute()["raw"] for i in ids]

    assert any(len(raw) % 4 for raw in raws)  # one of three lengths needs padding in standard base64
    assert all("=" not in raw for raw in raws)
    assert b"Subject: Your request" in base64.urlsafe_b64decode(raws[0] + "=" * (-len(raws[0]) % 4))


def test_get_metadata_returns_the_asked_headers_decoded(mailbox_fake: FakeGoogle) -> None:
    service = gmail(mailbox_fake, connect(mailbox_fake))
    listed = service.users().messages().list(userId="me", q="from:privacy@spokeo.com").execute()

    message = (
        service.users()
        .messages()
        .get(
            userId="me",
            id=listed["messages"][0]["id"],
            format="metadata",
            metadataHeaders=["From", "Subject"],
        )
        .execute()
    )

    assert set(message) >= {
        "id",
        "threadId",
        "labelIds",
        "snippet",
        "historyId",
        "internalDate",
        "sizeEstimate",
    }
    headers = {h["name"]: h["value"] for h in message["payload"]["headers"]}
    assert set(headers) == {"From", "Subject"}
    assert "=?" not in headers["From"]


def test_batch_of_fifty_gets_answers_every_part(mailbox_fake: FakeGoogle, clock: SimClock) -> None:
    service = gmail(mailbox_fake, connect(mailbox_fake))
    ids = [m["id"] for m in service.users().messages().list(userId="me", maxResults=50).execute()["messages"]]
    clock.advance(1.0)  # the list cost 5 units; fifty gets are 250, a full second of the 2025 quota
    answers: dict[str, Any] = {}
    batch = service.new_batch_http_request(
        callback=lambda rid, resp, exc: answers.__setitem__(rid, exc or resp)
    )

    for message_id in ids:
        batch.add(service.users().messages().get(userId="me", id=message_id, format="minimal"))
    batch.execute()

    assert [answers[str(i + 1)]["id"] for i in range(50)] == ids
    assert mailbox_fake.stats(USER).calls["messages.get"] == 50


def test_batch_uri_of_the_gmail_api_accepts_batches(fake: FakeGoogle) -> None:
    service = gmail(fake, credentials_for(fake, USER, SCOPES))
    answers: list[Any] = []
    batch = BatchHttpRequest(callback=lambda _rid, resp, _exc: answers.append(resp), batch_uri=fake.batch_uri)

    batch.add(service.users().getProfile(userId="me"))
    batch.add(service.users().getProfile(userId="me"))
    batch.execute()

    assert [a["emailAddress"] for a in answers] == [USER, USER]


def test_batch_over_one_hundred_parts_is_refused(fake: FakeGoogle) -> None:
    service = gmail(fake, credentials_for(fake, USER, SCOPES))
    batch = service.new_batch_http_request()
    for _ in range(101):
        batch.add(service.users().getProfile(userId="me"))

    with pytest.raises(HttpError) as refused:
        batch.execute()

    assert refused.value.status_code == 400


def test_sent_mail_keeps_its_message_id_and_threads_the_reply(fake: FakeGoogle) -> None:
    service = gmail(fake, credentials_for(fake, USER, SCOPES))
    first = raw_mail("privacy@spokeo.com", "Deletion request", "<req-1@bot.example>")

    sent = service.users().messages().send(userId="me", body={"raw": first}).execute()
    fake.deliver(
        USER,
        "Spokeo <privacy@spokeo.com>",
        "Re: Deletion request",
        "Received.",
        in_reply_to="<req-1@bot.example>",
    )
    follow_up = raw_mail(
        "privacy@spokeo.com",
        "Re: Deletion request",
        "<req-1-f1@bot.example>",
        In_Reply_To="<req-1@bot.example>",
    )
    again = (
        service.users()
        .messages()
        .send(userId="me", body={"raw": follow_up, "threadId": sent["threadId"]})
        .execute()
    )
    thread = service.users().threads().get(userId="me", id=sent["threadId"], format="metadata").execute()

    assert again["threadId"] == sent["threadId"]
    assert [m["labelIds"] for m in thread["messages"]] == [["SENT"], ["INBOX", "UNREAD"], ["SENT"]]
    assert [m.message_id for m in fake.sent_mail(USER)] == ["<req-1@bot.example>", "<req-1-f1@bot.example>"]
    found = (
        service.users().messages().list(userId="me", q="in:sent rfc822msgid:<req-1@bot.example>").execute()
    )
    assert [m["id"] for m in found["messages"]] == [sent["id"]]


def test_send_with_thread_id_but_another_subject_starts_a_new_thread(fake: FakeGoogle) -> None:
    service = gmail(fake, credentials_for(fake, USER, SCOPES))
    sent = (
        service.users()
        .messages()
        .send(userId="me", body={"raw": raw_mail("a@b.example", "One", "<1@x>")})
        .execute()
    )
    other = raw_mail("a@b.example", "Two", "<2@x>", In_Reply_To="<1@x>")

    answer = (
        service.users()
        .messages()
        .send(userId="me", body={"raw": other, "threadId": sent["threadId"]})
        .execute()
    )

    assert answer["threadId"] != sent["threadId"]


def test_history_lists_new_mail_and_expires_to_404(fake: FakeGoogle) -> None:
    service = gmail(fake, credentials_for(fake, USER, SCOPES))
    start = service.users().getProfile(userId="me").execute()["historyId"]
    new_id = fake.deliver(USER, "Spokeo <privacy@spokeo.com>", "Your request", "Done.")

    history = (
        service.users()
        .history()
        .list(userId="me", startHistoryId=start, historyTypes="messageAdded")
        .execute()
    )
    fake.expire_history(USER)

    assert [r["messagesAdded"][0]["message"]["id"] for r in history["history"]] == [new_id]
    with pytest.raises(HttpError) as gone:
        service.users().history().list(userId="me", startHistoryId=start).execute()
    assert gone.value.status_code == 404


def test_history_filters_by_label_and_costs_two_units_a_call(fake: FakeGoogle) -> None:
    service = gmail(fake, credentials_for(fake, USER, SCOPES))
    start = service.users().getProfile(userId="me").execute()["historyId"]
    inbox = fake.deliver(USER, "Spokeo <privacy@spokeo.com>", "Your request", "Done.")
    service.users().messages().send(
        userId="me", body={"raw": raw_mail("a@example.org", "Hi", "<h@x>")}
    ).execute()
    units = fake.stats(USER).units

    history = service.users().history().list(userId="me", startHistoryId=start, labelId="INBOX").execute()

    assert [r["messagesAdded"][0]["message"]["id"] for r in history["history"]] == [inbox]
    assert int(history["historyId"]) > int(start)
    assert fake.stats(USER).units - units == 2


def test_metadata_scope_refuses_q_and_full_format(mailbox_fake: FakeGoogle) -> None:
    service = gmail(mailbox_fake, credentials_for(mailbox_fake, USER, [METADATA]))
    first = service.users().messages().list(userId="me", maxResults=1).execute()["messages"][0]["id"]

    with pytest.raises(HttpError) as no_q:
        service.users().messages().list(userId="me", q="from:spokeo.com").execute()
    with pytest.raises(HttpError) as no_full:
        service.users().messages().get(userId="me", id=first).execute()

    assert (no_q.value.status_code, error_of(no_q.value)["message"]) == (
        403,
        "Metadata scope does not support 'q' parameter",
    )
    assert no_full.value.status_code == 403
    assert service.users().messages().get(userId="me", id=first, format="metadata").execute()["id"] == first


def quota_fake(model: str, clock: SimClock) -> FakeGoogle:
    return FakeGoogle(redirect_uris=[REDIRECT], quota_model=model, clock=clock)


def batch_of_gets(service: Any, ids: list[str]) -> list[HttpError | None]:
    outcomes: list[HttpError | None] = []
    batch = service.new_batch_http_request(callback=lambda _rid, _resp, exc: outcomes.append(exc))
    for message_id in ids:
        batch.add(service.users().messages().get(userId="me", id=message_id, format="minimal"))
    batch.execute()
    return outcomes


def test_quota_2025_refuses_past_250_units_a_second_until_time_passes(clock: SimClock) -> None:
    with quota_fake("2025", clock) as fake:
        message_id = fake.deliver(USER, "a@b.example", "hi", "hello")
        service = gmail(fake, credentials_for(fake, USER, SCOPES))

        within = batch_of_gets(service, [message_id] * 50)
        with pytest.raises(HttpError) as limited:
            service.users().messages().get(userId="me", id=message_id).execute()
        clock.advance(1.0)
        service.users().messages().get(userId="me", id=message_id).execute()

        assert within == [None] * 50
        assert limited.value.status_code == 429
        assert error_of(limited.value)["errors"][0]["reason"] == "userRateLimitExceeded"
        assert limited.value.resp["retry-after"] == "1"
        stats = fake.stats(USER)
        assert (stats.units, stats.rate_limited, stats.calls["messages.get"]) == (255, 1, 52)


def test_quota_2026_charges_20_units_a_get_per_minute(clock: SimClock) -> None:
    with quota_fake("2026", clock) as fake:
        message_id = fake.deliver(USER, "a@b.example", "hi", "hello")
        service = gmail(fake, credentials_for(fake, USER, SCOPES))

        outcomes = [o for _ in range(3) for o in batch_of_gets(service, [message_id] * 100)]
        with pytest.raises(HttpError) as limited:
            service.users().messages().get(userId="me", id=message_id).execute()

        assert outcomes == [None] * 300
        assert limited.value.resp["retry-after"] == "60"
        assert fake.stats(USER).units == 6000


def test_faults_hit_the_set_share_of_calls_with_google_errors() -> None:
    with FakeGoogle(redirect_uris=[REDIRECT], fault_rate=0.3, seed=11) as fake:
        service = gmail(fake, credentials_for(fake, USER, SCOPES))
        outcomes: list[HttpError | None] = []
        for _ in range(3):
            batch = service.new_batch_http_request(callback=lambda _rid, _resp, exc: outcomes.append(exc))
            for _ in range(100):
                batch.add(service.users().getProfile(userId="me"))
            batch.execute()

        failures = [o for o in outcomes if o is not None]
        assert 60 <= len(failures) <= 120
        assert {f.status_code for f in failures} == {429, 500, 503}
        assert fake.stats(USER).faults == len(failures)


def test_send_without_recipients_is_a_bad_request(fake: FakeGoogle) -> None:
    service = gmail(fake, credentials_for(fake, USER, SCOPES))
    mail = EmailMessage()
    mail["Subject"] = "nobody"
    mail.set_content("x")

    raw = base64.urlsafe_b64encode(mail.as_bytes()).decode()

    with pytest.raises(HttpError) as refused:
        service.users().messages().send(userId="me", body={"raw": raw}).execute()

    assert refused.value.status_code == 400
    assert fake.sent_mail(USER) == []


async def test_fake_serves_clients_on_another_event_loop(fake: FakeGoogle) -> None:
    token = fake.issue_token(USER, SCOPES).access_token

    async with httpx.AsyncClient() as client:
        answer = await client.get(
            f"{fake.root}/gmail/v1/users/me/profile", headers={"Authorization": f"Bearer {token}"}
        )

    assert answer.json()["emailAddress"] == USER


def _send(service: Any, message_id: str) -> Any:
    body = {"raw": raw_mail("a@b.example", "Erase", message_id)}
    return service.users().messages().send(userId="me", body=body).execute()


def _found(service: Any, message_id: str) -> list[Any]:
    query = "rfc822msgid:" + message_id.strip("<>")
    return service.users().messages().list(userId="me", q=query).execute().get("messages", [])


@pytest.mark.parametrize(("fault", "filed"), [(SendFault.ERROR_AFTER, 1), (SendFault.ERROR_BEFORE, 0)])
def test_send_fault_answers_500_with_or_without_filing_the_mail(
    fake: FakeGoogle, fault: SendFault, filed: int
) -> None:
    service = gmail(fake, credentials_for(fake, USER, SCOPES))
    fake.fail_sends(fault)
    with pytest.raises(HttpError) as raised:
        _send(service, "<1@x>")
    assert raised.value.status_code == 500
    assert (len(fake.sent_mail(USER)), len(_found(service, "<1@x>"))) == (filed, filed)
    _send(service, "<2@x>")  # the fault was for one call only
    assert len(fake.sent_mail(USER)) == filed + 1


def test_rfc822msgid_search_finds_sent_mail_only_after_the_index_lag(fake: FakeGoogle) -> None:
    service = gmail(fake, credentials_for(fake, USER, SCOPES))
    fake.search_index_lag(USER, 3600)
    _send(service, "<1@x>")
    assert _found(service, "<1@x>") == []
    fake.search_index_lag(USER, 0)
    assert len(_found(service, "<1@x>")) == 1
