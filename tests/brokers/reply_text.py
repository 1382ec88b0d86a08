"""A broker's reply made of one text, for the classifier's phrase and guard tests."""

from brokers.classify import Reply, ReplyClass, classify_reply

OUR_SUBJECT = "Re: Request to delete my personal data"


def reply(text: str, subject: str = OUR_SUBJECT, **headers: str) -> Reply:
    return Reply(subject=subject, from_header="Privacy <privacy@broker.example>", text=text, headers=headers)


def cls_of(text: str, subject: str = OUR_SUBJECT, **headers: str) -> ReplyClass:
    return classify_reply(reply(text, subject, **headers)).cls
