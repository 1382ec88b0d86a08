"""Fake Cloud Pub/Sub for Gmail's users.watch: pushes to a subscriber's endpoint, signed as Google signs them
(an RS256 OpenID Connect token in `Authorization: Bearer`, its certificate served as a PEM map at
<root>/oauth2/v1/certs like https://www.googleapis.com/oauth2/v1/certs)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import queue
import secrets
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

ISSUER = "https://accounts.google.com"
SERVICE_ACCOUNT = "gmail-push@fake-project.iam.gserviceaccount.com"
PUSH_TIMEOUT_SECONDS = 10.0


class PushSigner:
    """An RSA key of the fake's own and its self-signed certificate, under a key id."""

    def __init__(self) -> None:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.key_id = secrets.token_hex(20)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake-google-push")])
        now = dt.datetime.now(dt.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .sign(key, hashes.SHA256())
        )
        self.certificate_pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
        self._key = key

    def certs(self) -> dict[str, str]:
        return {self.key_id: self.certificate_pem}

    def token(
        self,
        audience: str,
        *,
        email: str = SERVICE_ACCOUNT,
        issuer: str = ISSUER,
        lifetime: int = 3600,
        issued_at: int | None = None,
    ) -> str:
        """A push's OIDC token as Pub/Sub mints it, on real time (the verifier checks it on its own)."""
        now = int(time.time()) if issued_at is None else issued_at
        claims = {
            "aud": audience,
            "azp": "113774264463038321964",
            "email": email,
            "email_verified": True,
            "exp": now + lifetime,
            "iat": now,
            "iss": issuer,
            "sub": "113774264463038321964",
        }
        return self.sign(claims)

    def sign(self, claims: dict[str, object], *, key: rsa.RSAPrivateKey | None = None) -> str:
        """An RS256 JWT of `claims` under this key id (RFC 7515), signed with `key` (default: our own)."""
        header = {"alg": "RS256", "kid": self.key_id, "typ": "JWT"}
        signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
        signature = (key or self._key).sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return f"{signing_input}.{_b64(signature)}"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def push_body(email: str, history_id: int, message_id: str) -> bytes:
    """A push request's body: the Gmail notification, base64 JSON in Pub/Sub's message envelope."""
    data = json.dumps({"emailAddress": email, "historyId": history_id}).encode()
    message = {
        "data": base64.b64encode(data).decode(),
        "messageId": message_id,
        "publishTime": dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z"),
    }
    return json.dumps({"message": message, "subscription": "projects/fake/subscriptions/gmail"}).encode()


@dataclass(frozen=True, slots=True)
class Subscription:
    endpoint: str | None  # None: a pull subscription, the pushes kept in `PubSub.pulled`
    audience: str


@dataclass
class PubSub:
    """Topics with one push subscription each; pushes leave in order from a thread of their own."""

    signer: PushSigner = field(default_factory=PushSigner)
    subscriptions: dict[str, Subscription] = field(default_factory=dict)
    # (address, history id, HTTP status or 0 when the endpoint could not be reached), in order.
    delivered: list[tuple[str, int, int]] = field(default_factory=list)
    # (body, bearer token) of pushes to a subscription without an endpoint, for a benchmark to take.
    pulled: list[tuple[bytes, str]] = field(default_factory=list)
    _outbox: queue.Queue[tuple[Subscription, str, int] | None] = field(default_factory=queue.Queue)
    _thread: threading.Thread | None = None
    _sent: int = 0

    def subscribe(self, topic: str, endpoint: str | None, audience: str | None = None) -> None:
        audience = audience or endpoint
        if audience is None:
            raise ValueError("a subscription without an endpoint names its audience")
        self.subscriptions[topic] = Subscription(endpoint, audience)

    def take(self) -> list[tuple[bytes, str]]:
        taken, self.pulled[:] = list(self.pulled), []
        return taken

    def publish(self, topic: str, email: str, history_id: int) -> None:
        subscription = self.subscriptions.get(topic)
        if subscription is None:
            return  # a topic nobody subscribed to: Pub/Sub keeps nothing
        if subscription.endpoint is None:
            self._sent += 1
            body = push_body(email, history_id, str(self._sent))
            self.pulled.append((body, self.signer.token(subscription.audience)))
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._deliver_all, daemon=True)
            self._thread.start()
        self._outbox.put((subscription, email, history_id))

    def close(self) -> None:
        if self._thread is not None:
            self._outbox.put(None)
            self._thread.join(timeout=PUSH_TIMEOUT_SECONDS)
            self._thread = None

    def _deliver_all(self) -> None:
        while (item := self._outbox.get()) is not None:
            subscription, email, history_id = item
            assert subscription.endpoint is not None
            self._sent += 1
            body = push_body(email, history_id, str(self._sent))
            token = self.signer.token(subscription.audience)
            self.delivered.append((email, history_id, post(subscription.endpoint, body, token)))


def post(endpoint: str, body: bytes, token: str) -> int:
    """POST a push; the HTTP status, or 0 when the endpoint did not answer."""
    request = urllib.request.Request(
        endpoint,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=PUSH_TIMEOUT_SECONDS) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, OSError):
        return 0
