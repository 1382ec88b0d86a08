"""A fake Google (OAuth 2.0 endpoints and the Gmail REST API) for tests and benchmarks, on loopback."""

from bot.sandbox.google.accounts import Account, SentMail
from bot.sandbox.google.gmail import SendFault
from bot.sandbox.google.mailbox import Mailbox, Message
from bot.sandbox.google.oauth import AuthorizationRequest
from bot.sandbox.google.quota import GmailStats, QuotaModel
from bot.sandbox.google.senders import SenderForm, realistic_sender_forms
from bot.sandbox.google.server import FakeGoogle
from bot.sandbox.google.synth import generate_mailbox
from bot.sandbox.google.token_endpoint import s256
from bot.sandbox.google.tokens import IssuedToken

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
