"""The model's veto: a content class the rules decided becomes unknown when the model is sure of another."""

import pytest

from brokers import classify, reply_model
from brokers.classify import Classification, Reply, ReplyClass, classify_reply
from tests.brokers.reply_text import reply
from tests.brokers.test_reply_model import UNREAD

THANKS = "Thank you for your message."
# A bare thanks the rules read as a weak acknowledgement, above a redirect to a form only the model reads.
THANKS_THEN_FORM = f"{THANKS}\n\n{UNREAD[ReplyClass.NEEDS_WEB_FORM]}"


def model_reads(text: str) -> reply_model.Prediction | None:
    return reply_model.predict(reply_model.load_model(), classify.body_sentences(reply(text)))


def test_a_rule_answer_the_model_is_sure_is_another_class_becomes_unknown_with_the_rules_phrase() -> None:
    prediction = model_reads(THANKS_THEN_FORM)
    assert prediction is not None and prediction.cls == "needs_web_form"
    assert prediction.probability >= classify._VETO_SURE
    result = classify_reply(reply(THANKS_THEN_FORM))
    assert result == Classification(ReplyClass.UNKNOWN, THANKS, round(1 - prediction.probability, 2))


def test_a_rule_answer_stands_when_the_model_is_not_sure_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(classify, "_VETO_SURE", 1.01)
    assert classify_reply(reply(THANKS_THEN_FORM)) == Classification(ReplyClass.ACKNOWLEDGED, THANKS, 0.5)


def test_a_rule_answer_stands_when_the_model_leans_elsewhere_but_is_unsure() -> None:
    text = f"{THANKS}\n\n{UNREAD[ReplyClass.NO_DATA]}"
    prediction = model_reads(text)
    assert prediction is not None and prediction.cls == "no_data"
    assert prediction.probability < classify._VETO_SURE
    assert classify_reply(reply(text)).cls is ReplyClass.ACKNOWLEDGED


def test_a_rule_answer_the_model_agrees_with_stands() -> None:
    text = (
        "Hello Jane,\n\nThank you for contacting us. We confirm that your personal data has been "
        "permanently erased from our systems, in line with your request under the CCPA.\n\nBest regards,\n"
        "The Privacy Team"
    )
    prediction = model_reads(text)
    assert prediction is not None and prediction.cls == "completed"
    assert classify_reply(reply(text)).cls is ReplyClass.COMPLETED


def test_a_short_reply_the_model_does_not_read_is_never_vetoed() -> None:
    assert model_reads(THANKS) is None
    assert classify_reply(reply(THANKS)).cls is ReplyClass.ACKNOWLEDGED


@pytest.mark.parametrize(
    ("subject", "sender", "expected"),
    [
        ("Undelivered Mail Returned to Sender", "MAILER-DAEMON@mx.broker.example", ReplyClass.BOUNCED),
        ("Out of office: back on Monday", "Privacy <privacy@broker.example>", ReplyClass.AUTO_REPLY),
    ],
)
def test_bounces_and_automatic_replies_are_never_vetoed(
    subject: str, sender: str, expected: ReplyClass
) -> None:
    answer = Reply(subject=subject, from_header=sender, text=THANKS_THEN_FORM, headers={})
    assert classify_reply(answer).cls is expected
