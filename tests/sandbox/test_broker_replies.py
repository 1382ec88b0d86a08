"""Each reply a local broker can send is read by the bot as the kind the page's button names."""

from __future__ import annotations

import pytest

from bot.sandbox.replies import BOUNCER, REPLY_KINDS, ReplyKind
from brokers.classify import Reply, ReplyClass, classify_reply

EXPECTED = {
    "acknowledged": ReplyClass.ACKNOWLEDGED,
    "identity": ReplyClass.NEEDS_VERIFICATION,
    "web_form": ReplyClass.NEEDS_WEB_FORM,
    "completed": ReplyClass.COMPLETED,
    "refused": ReplyClass.REFUSED,
    "bounce": ReplyClass.BOUNCED,
    "auto_reply": ReplyClass.AUTO_REPLY,
}


def test_every_kind_is_covered() -> None:
    assert {kind.key for kind in REPLY_KINDS} == set(EXPECTED)


@pytest.mark.parametrize("kind", REPLY_KINDS, ids=lambda kind: kind.key)
def test_reply_is_classified_as_its_kind(kind: ReplyKind) -> None:
    sender = BOUNCER if kind.bounce else "Privacy Team <privacy@broker.example>"
    subject = "Delivery Status Notification (Failure)" if kind.bounce else "Re: Request to delete my data"
    reply = Reply(subject, sender, kind.body.format(address="privacy@broker.example"))
    assert classify_reply(reply).cls is EXPECTED[kind.key]
