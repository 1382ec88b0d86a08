"""Reply classification: what cancels a phrase or lets another outrank it, in all four languages."""

import pytest

from brokers.classify import ReplyClass, classify_reply
from tests.brokers.reply_text import cls_of, reply


@pytest.mark.parametrize(
    ("said", "negated"),
    [
        ("Ihre Nachricht wird weitergeleitet.", "Ihre Nachricht wird nicht weitergeleitet."),
        ("Votre demande sera traitée.", "Votre demande ne sera pas traitée."),
        ("Su solicitud será tramitada.", "Su solicitud no será tramitada."),
        ("Your message has been forwarded.", "Your message has not been forwarded."),
    ],
)
def test_a_receipt_said_in_the_negative_is_no_acknowledgement(said: str, negated: str) -> None:
    assert cls_of(said) is ReplyClass.ACKNOWLEDGED
    assert cls_of(negated) is ReplyClass.UNKNOWN
    # An out-of-office mail that says it forwards nothing is left to its Auto-Submitted header.
    assert cls_of(negated, **{"auto-submitted": "auto-replied"}) is ReplyClass.AUTO_REPLY


def test_a_negation_in_an_earlier_clause_leaves_the_receipt_standing() -> None:
    assert cls_of("Please do not reply; your request has been received.") is ReplyClass.ACKNOWLEDGED


@pytest.mark.parametrize(
    "text",
    [
        "Your request will be processed once we receive the information requested above.",
        "Ihre Anfrage wird bearbeitet, sobald uns die Unterlagen vorliegen.",
        "Votre demande sera traitée dès réception de ces éléments.",
        "Su solicitud será tramitada una vez recibamos la documentación.",
    ],
)
def test_a_promise_that_waits_for_the_user_acknowledges_nothing(text: str) -> None:
    assert cls_of(text) is ReplyClass.UNKNOWN


def test_a_promise_without_a_condition_on_the_user_is_an_acknowledgement() -> None:
    assert cls_of("Your request will be processed as soon as possible.") is ReplyClass.ACKNOWLEDGED


@pytest.mark.parametrize(
    "text",
    [
        "We were unable to verify your identity with the information supplied, so this request is closed.",
        "Ihre Identität konnte nicht bestätigt werden. Ihre Anfrage wurde geschlossen.",
        "Les informations transmises ne nous ont pas permis de vérifier votre identité.",
        "No ha sido posible verificar su identidad con los datos facilitados.",
    ],
)
def test_we_could_not_verify_you_with_nothing_asked_is_a_refusal(text: str) -> None:
    assert cls_of(text) is ReplyClass.REFUSED


@pytest.mark.parametrize(
    "text",
    [
        "We could not verify your identity. Please send us your date of birth.",
        "Nous n'avons pas pu vérifier votre identité : merci de nous envoyer une copie de votre passeport.",
        "No hemos podido verificar su identidad. Por favor, envíenos una copia de su DNI.",
    ],
)
def test_we_could_not_verify_you_with_an_ask_is_an_identity_demand(text: str) -> None:
    assert cls_of(text) is ReplyClass.NEEDS_VERIFICATION


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Your ticket has been resolved. We could not find any data about you.", ReplyClass.NO_DATA),
        ("Votre ticket a été résolu. Nous ne pouvons pas donner suite à votre demande.", ReplyClass.REFUSED),
        ("Ihre Anfrage wurde gelöst. Bitte nutzen Sie unser Online-Formular.", ReplyClass.NEEDS_WEB_FORM),
        ("Su caso ha sido cerrado. Necesitamos una copia de su DNI.", ReplyClass.NEEDS_VERIFICATION),
        ("Votre ticket a été résolu : vos données ne figurent pas dans nos fichiers.", ReplyClass.NO_DATA),
        ("Your request has been closed.", ReplyClass.COMPLETED),
        ("Ticket #5521 closed.", ReplyClass.COMPLETED),
        ("Ihre Anfrage wurde gelöst.", ReplyClass.COMPLETED),
    ],
)
def test_a_closed_ticket_yields_to_what_the_body_says_happened(text: str, expected: ReplyClass) -> None:
    assert cls_of(text) is expected


@pytest.mark.parametrize(
    "text",
    ["Your case has been closed without action.", "Su solicitud ha sido cerrada sin que podamos atenderla."],
)
def test_a_ticket_closed_without_action_is_no_completion(text: str) -> None:
    assert cls_of(text) is not ReplyClass.COMPLETED


def test_a_completion_with_a_retention_note_is_a_completion() -> None:
    text = (
        "All personal information associated with jane.doe@example.com has been permanently deleted. "
        "We have kept only the minimum record of this request that we are required to retain by law."
    )
    assert cls_of(text) is ReplyClass.COMPLETED


def test_a_full_stop_before_a_number_ends_no_sentence() -> None:
    assert cls_of("Wir haben Ihre Daten gemäß Art. 17 DSGVO vollständig gelöscht.") is ReplyClass.COMPLETED


@pytest.mark.parametrize(
    ("purpose", "statement"),
    [
        (
            "To identify you, please send us your postal address.",
            "To identify you, we used the e-mail address you wrote from.",
        ),
        (
            "Um Sie eindeutig zu identifizieren, benötigen wir Ihre Anschrift.",
            "Um Sie zu identifizieren, haben wir Ihre E-Mail-Adresse verwendet.",
        ),
        (
            "Pour vous identifier, merci de nous indiquer votre adresse postale.",
            "Pour vous identifier, nous avons utilisé votre adresse e-mail.",
        ),
        (
            "Para identificarle, necesitamos su dirección postal.",
            "Para identificarle, hemos usado su dirección de correo.",
        ),
    ],
)
def test_to_identify_you_is_a_demand_only_when_something_is_asked(purpose: str, statement: str) -> None:
    assert cls_of(purpose) is ReplyClass.NEEDS_VERIFICATION
    assert cls_of(statement) is ReplyClass.UNKNOWN


@pytest.mark.parametrize(
    "text",
    [
        "Please delete the attachment yourself if it reached you by mistake.",
        "To stop our newsletter, use the unsubscribe link below.",
        "Welcome! Confirm your email address to get started.",
        "This e-mail is covered by our editorial content policy.",
        "Your data will have been deleted from our systems within 30 days.",
    ],
)
def test_look_alikes_of_the_new_phrase_families_stay_unknown(text: str) -> None:
    assert cls_of(text) is ReplyClass.UNKNOWN


@pytest.mark.parametrize(
    ("done", "none_done"),
    [
        ("Your personal information has been deleted.", "No personal information has been deleted."),
        ("Ihre Daten wurden gelöscht.", "Keine Ihrer Daten wurden gelöscht."),
        ("Vos données ont été supprimées.", "Aucune donnée n'a été supprimée."),
        ("Sus datos han sido eliminados.", "Ningún dato ha sido eliminado."),
    ],
)
def test_a_negative_determiner_on_what_was_deleted_is_no_completion(done: str, none_done: str) -> None:
    assert cls_of(done) is ReplyClass.COMPLETED
    assert cls_of(none_done) is ReplyClass.UNKNOWN


def test_a_no_in_an_earlier_sentence_leaves_the_completion_standing() -> None:
    assert cls_of("No problem at all. Your data has been deleted.") is ReplyClass.COMPLETED


@pytest.mark.parametrize(
    "text",
    [
        "We could not find any account under this address. Please write to us from the address you "
        "registered with.",
        "Wir konnten unter dieser Adresse kein Konto finden. Bitte schreib uns von der Adresse, mit der du "
        "dich registriert hast.",
        "Nous n'avons trouvé aucun compte associé à cette adresse. Merci de nous écrire depuis l'adresse "
        "utilisée lors de votre inscription.",
        "No hemos encontrado ninguna cuenta con esta dirección. Escríbenos desde el correo con el que te "
        "registraste.",
    ],
)
def test_no_match_with_a_demand_to_verify_is_an_identity_demand(text: str) -> None:
    assert cls_of(text) is ReplyClass.NEEDS_VERIFICATION


def test_no_match_with_only_a_conditional_ask_is_no_data() -> None:
    text = (
        "We could not find any account under this address. If you used another address, please write to "
        "us from that address."
    )
    assert cls_of(text) is ReplyClass.NO_DATA


@pytest.mark.parametrize(
    "text",
    [
        "This is an automated message.",
        "Dies ist eine automatische Nachricht.",
        "Ceci est un message automatique.",
        "Este es un mensaje automático.",
    ],
)
def test_a_body_that_calls_itself_automatic_is_an_auto_reply_unless_it_decides_more(text: str) -> None:
    assert cls_of(text) is ReplyClass.AUTO_REPLY
    assert cls_of(f"{text} We have received your request.") is ReplyClass.ACKNOWLEDGED


@pytest.mark.parametrize(
    "text",
    [
        "We have received your application for the position and are reviewing it.",
        "Wir haben Ihre Bewerbung erhalten und werden sie prüfen.",
        "Nous avons bien reçu votre candidature et nous l'examinerons.",
        "Hemos recibido tu candidatura y la estamos revisando.",
    ],
)
def test_a_receipt_of_a_job_application_acknowledges_nothing_of_ours(text: str) -> None:
    assert cls_of(text) is ReplyClass.UNKNOWN
    assert cls_of("We have received your request and are reviewing it.") is ReplyClass.ACKNOWLEDGED


@pytest.mark.parametrize(
    "text",
    [
        "We never send automated messages to customers.",
        "There is nothing to report yet.",
        "This address is monitored by our privacy team.",
        "The conditions for a refund are not met.",
        "Die Voraussetzungen für einen Rabatt liegen nicht vor.",
        "Les conditions de remboursement ne sont pas réunies.",
        "Please visit our privacy page for more about cookies.",
        "Tenemos una versión digital de su teléfono.",
    ],
)
def test_look_alikes_of_the_blind_part_families_stay_unknown(text: str) -> None:
    assert cls_of(text) is ReplyClass.UNKNOWN


@pytest.mark.parametrize(
    "text",
    [
        "The conditions for erasure under Art. 17(1) GDPR are not met.",
        "Die Voraussetzungen des Art. 17 Abs. 1 DSGVO liegen nicht vor.",
        "Les conditions de l'article 17 du RGPD ne sont pas réunies.",
        "No se cumplen los requisitos del artículo 17.",
    ],
)
def test_erasure_conditions_not_met_is_a_refusal(text: str) -> None:
    assert cls_of(text) is ReplyClass.REFUSED


@pytest.mark.parametrize(
    ("done", "refusal"),
    [
        (
            "We have deleted your newsletter account.",
            "We are not able to comply with your deletion request for your order history.",
        ),
        (
            "Wir haben Ihr Kundenkonto gelöscht.",
            "Ihrem Antrag auf Löschung der Bestellhistorie können wir nicht nachkommen.",
        ),
        (
            "Nous avons supprimé votre compte client.",
            "Nous ne sommes pas en mesure de supprimer votre historique.",
        ),
        (
            "Hemos eliminado su cuenta de cliente.",
            "No podemos atender su solicitud de supresión del historial.",
        ),
    ],
)
def test_a_completion_beside_a_refusal_is_split_evidence_and_unknown(done: str, refusal: str) -> None:
    assert (
        classify_reply(reply(done)).cls is ReplyClass.COMPLETED and classify_reply(reply(done)).phrase == done
    )
    assert cls_of(refusal) is ReplyClass.REFUSED
    assert cls_of(f"{done} {refusal}") is ReplyClass.UNKNOWN
    assert cls_of(f"{refusal} {done}") is ReplyClass.UNKNOWN


@pytest.mark.parametrize(
    ("decided", "expected", "ask"),
    [
        (
            "Thank you for your message.",
            ReplyClass.ACKNOWLEDGED,
            "Which e-mail address did you sign up with?",
        ),
        (
            "We have received your request.",
            ReplyClass.ACKNOWLEDGED,
            "Please send us the name of the shop you visited.",
        ),
        ("We could not find any data about you.", ReplyClass.NO_DATA, "Could you tell us your old address?"),
        (
            "All your data has been deleted.",
            ReplyClass.COMPLETED,
            "Please confirm you have no second account.",
        ),
        ("Vielen Dank für Ihre Nachricht.", ReplyClass.ACKNOWLEDGED, "Bitte füllen Sie den Antrag aus."),
        (
            "Wir haben keine Daten zu Ihrer Person gespeichert.",
            ReplyClass.NO_DATA,
            "Können Sie uns Ihre alte Adresse nennen?",
        ),
        (
            "Merci pour votre message.",
            ReplyClass.ACKNOWLEDGED,
            "Merci de nous transmettre votre numéro client.",
        ),
        (
            "Nous avons supprimé votre compte.",
            ReplyClass.COMPLETED,
            "Pourriez-vous confirmer votre adresse postale ?",
        ),
        ("Gracias por su mensaje.", ReplyClass.ACKNOWLEDGED, "Por favor, indíquenos qué boletín recibe."),
        ("No tenemos ningún dato suyo.", ReplyClass.NO_DATA, "¿Se registró con otra dirección?"),
    ],
)
def test_nothing_left_to_do_with_an_ask_back_is_unknown(decided: str, expected: ReplyClass, ask: str) -> None:
    alone = classify_reply(reply(decided))
    assert alone.cls is expected and alone.phrase == decided
    assert cls_of(f"{decided} {ask}") is ReplyClass.UNKNOWN


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an offer under a condition asks nothing
        (
            "We could not find any data about you. If you used another address, please send it to us.",
            ReplyClass.NO_DATA,
        ),
        (
            "Wir haben Ihre Daten gelöscht. Falls Sie Fragen haben, können Sie uns jederzeit schreiben.",
            ReplyClass.COMPLETED,
        ),
        # asks that ask nothing of the request: no reply wanted, a link with a query
        ("We have received your request. Please do not reply to this e-mail.", ReplyClass.ACKNOWLEDGED),
        ("Hemos recibido su solicitud. Por favor, no responda a este mensaje.", ReplyClass.ACKNOWLEDGED),
        ("Your data has been deleted. Details: https://help.example/faq?topic=erasure", ReplyClass.COMPLETED),
        # a demand asks back by its nature, and stays a demand
        ("Could you send us a copy of your passport?", ReplyClass.NEEDS_VERIFICATION),
        ("Merci de nous transmettre une copie de votre pièce d'identité.", ReplyClass.NEEDS_VERIFICATION),
    ],
)
def test_an_ask_back_that_asks_nothing_or_a_demand_keeps_the_decision(
    text: str, expected: ReplyClass
) -> None:
    result = classify_reply(reply(text))
    assert result.cls is expected and result.phrase
