"""The reply classifier's statistical fallback: where it may speak, what it says, and its shipped weights."""

import json
from importlib import resources

import pytest

from brokers import reply_model
from brokers.classify import Classification, Reply, ReplyClass, classify_reply
from tests.brokers import reply_model_build
from tests.brokers.reply_corpora import PARTS, load_part, our_letter
from tests.brokers.reply_text import reply
from tests.hang import no_hang

# Replies no rule reads (checked below), in words the rules have no phrase for.
UNREAD = {
    ReplyClass.NO_DATA: (
        "Hello Jane,\n\nThe Brightfield privacy team looked through our customer, marketing and billing "
        "systems using the email address you wrote from and could not locate anything tied to it. There is "
        "therefore nothing for us to erase.\n\nKind regards,\nSam\nBrightfield Privacy"
    ),
    ReplyClass.NEEDS_WEB_FORM: (
        "Hi Jane,\n\nPrivacy requests for Lumen Apps are handled exclusively through our request centre at "
        "https://lumen.example/privacy-request where you can pick 'Erase my data'. Requests sent to this "
        "inbox cannot be actioned.\n\nBest,\nLumen Support"
    ),
}
LOOK_ALIKES = [
    "Hi there,\n\nOur autumn newsletter is here! This month we look at five ways to declutter your inbox, "
    "share a recipe for pumpkin soup and announce the winners of our photo contest.\n\nRead the full issue "
    "on our website.\n\nYou receive this mail because you subscribed at lumen.example. Unsubscribe | "
    "Manage preferences",
    "Hallo,\n\nwussten Sie, dass Datenschutzanfragen Ihr Team jede Woche Stunden kosten? Mit unserer "
    "Software beantworten Sie Löschanfragen in Minuten, automatisch und rechtssicher.\n\nBuchen Sie jetzt "
    "eine kostenlose Demo unter https://dsr-tool.example/demo.\n\nBeste Grüße\nIhr Vertriebsteam",
    "Hello,\n\nData deletion requests are on the rise. How do you answer them within the legal deadline, "
    "and when may you refuse one?\n\nJoin our free webinar on 8 October at 11am to find out.\n\nRegister "
    "at https://compliance-academy.example/webinar\n\nThe Compliance Academy team",
    "Bonjour,\n\nJe ne suis pas sûr de comprendre votre message. Nous sommes un cabinet d'architectes et je "
    "ne vois pas de quelle société vous parlez.\n\nPouvez-vous me préciser ce que vous attendez de nous "
    "?\n\nCordialement,\nPaul",
    "Hola,\n\nte recordamos que la reunión de la comunidad de propietarios será el jueves a las 19:00 en el "
    "portal. En el orden del día están la reparación del ascensor y la pintura de la fachada.\n\nUn "
    "saludo,\nLa administración",
]
TUNED_PARTS = reply_model_build.TRAINING_PARTS


def rules_alone(answer: Reply, monkeypatch: pytest.MonkeyPatch) -> Classification:
    with monkeypatch.context() as patch:
        patch.setattr(reply_model, "THRESHOLD", 1.01)  # no probability reaches it
        return classify_reply(answer)


def test_shipped_weights_were_built_from_the_training_parts_and_the_feature_code() -> None:
    shipped = json.loads((resources.files("brokers") / "data" / reply_model.MODEL_FILE).read_text("utf-8"))
    assert shipped["training_sha256"] == reply_model_build.training_hash(), (
        "rebuild: python -m tests.brokers.reply_model_build"
    )


def test_the_build_refuses_every_part_outside_its_training_list() -> None:
    # The corpus parts not tuned on, and a part not yet in the corpus: refused before anything is read.
    for part in (*(set(PARTS) - set(TUNED_PARTS)), "blind7"):
        with pytest.raises(ValueError, match="not a training part"):
            reply_model_build.build(("tuning", part))
    assert set(PARTS) - set(TUNED_PARTS), "an untouched measure must remain"


@pytest.mark.parametrize("expected", list(UNREAD))
def test_the_fallback_reads_a_reply_no_rule_reads(
    expected: ReplyClass, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = reply(UNREAD[expected])
    assert rules_alone(answer, monkeypatch).cls is ReplyClass.UNKNOWN
    result = classify_reply(answer)
    assert result.cls is expected
    assert reply_model.THRESHOLD <= result.confidence < 1


@pytest.mark.parametrize("expected", list(UNREAD))
def test_the_fallback_names_a_sentence_of_the_reply_never_of_our_letter(expected: ReplyClass) -> None:
    letter = our_letter("en")
    quoted = "\n".join(f"> {line}" for line in letter.body.splitlines())
    attribution = "On Mon, 1 Sep 2026 at 10:02, Jane Doe <jane.doe@gmail.com> wrote:"
    text = f"{UNREAD[expected]}\n\n{attribution}\n{quoted}"
    result = classify_reply(reply(text))
    assert result.cls is expected
    assert result.phrase.strip("…") in " ".join(UNREAD[expected].split())
    assert result.phrase not in " ".join(letter.body.split())


def test_the_fallback_never_overrides_a_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    for example in (e for part in TUNED_PARTS for e in load_part(part)):
        alone = rules_alone(example.reply, monkeypatch)
        if alone.cls is not ReplyClass.UNKNOWN:
            assert classify_reply(example.reply) == alone, example.name


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_newsletters_pitches_questions_back_and_off_topic_mails_stay_unknown(text: str) -> None:
    assert classify_reply(reply(text)).cls is ReplyClass.UNKNOWN


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00\x01\x02 \ufffd\ufffd ### ;;; ???",
        "lorem ipsum dolor " * 60_000,
        "".join(chr(0x4E00 + i % 5000) for i in range(200_000)),
    ],
)
def test_garbage_empty_or_huge_input_stays_unknown_and_ends(text: str) -> None:
    with no_hang("classifying garbage"):
        result = classify_reply(reply(text))
    assert result == Classification(ReplyClass.UNKNOWN, "", 0.0)


def test_the_model_never_answers_a_structural_class() -> None:
    assert reply_model.ANSWERABLE.isdisjoint({"bounced", "auto_reply", "unknown"})
    assert set(reply_model.ANSWERABLE) <= set(reply_model.load_model().classes)
