"""A fake Google (OAuth 2.0 endpoints and the Gmail REST API) for tests and benchmarks, on loopback."""

from tests.fakes.google.accounts import Account, SentMail
from tests.fakes.google.gmail import SendFault
from tests.fakes.google.mailbox import Mailbox, Message
from tests.fakes.google.oauth import AuthorizationRequest
from tests.fakes.google.quota import GmailStats, QuotaModel
from tests.fakes.google.senders import SenderForm, realistic_sender_forms
from tests.fakes.google.server import FakeGoogle
from tests.fakes.google.synth import generate_mailbox
from tests.fakes.google.token_endpoint import s256
from tests.fakes.google.tokens import IssuedToken

__all__ = [
    "Account",
    "AuthorizationRequest",
    "FakeGoogle",
    "GmailStats",
    "IssuedToken",
    "Mailbox",
    "Message",
    "QuotaModel",
    "SendFault",
    "SenderForm",
    "SentMail",
    "generate_mailbox",
    "realistic_sender_forms",
    "s256",
]
