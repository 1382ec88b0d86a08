"""Reply classification: the phrase families and guards added when blind3 became tuning data.

Every sentence here is new (none is taken from a corpus part): each family is checked in the four
languages and beside look-alikes that share its words but must stay unknown or take another class.
"""

import pytest

from brokers.classify import Reply, ReplyClass, classify_reply


def cls_of(text: str, subject: str = "Re: Request to delete my personal data") -> ReplyClass:
    return classify_reply(
        Reply(subject=subject, from_header="Privacy <privacy@broker.example>", text=text, headers={})
    ).cls


@pytest.mark.parametrize(
    "text",
    [
        "We have received your request. We are legally required to retain some billing records, "
        "so we are checking which data can be deleted and will write again within a month.",
        "Wir haben Ihr Schreiben erhalten. Für Verträge gelten Aufbewahrungsfristen; wir klären deshalb, "
        "welche Angaben gelöscht werden dürfen.",
        "Votre courrier a bien été reçu. Nous sommes tenus de conserver certaines pièces ; nous vérifions "
        "quelles informations peuvent être effacées.",
        "Hemos recibido su escrito. La ley nos obliga a conservar las facturas, así que estamos comprobando "
        "qué datos pueden borrarse.",
    ],
)
def test_a_retention_duty_still_being_weighed_is_an_acknowledgement(text: str) -> None:
    assert cls_of(text) is ReplyClass.ACKNOWLEDGED


@pytest.mark.parametrize(
    "text",
    [
        "We are legally required to retain your loan file for seven years.",
        "Für Ihre Verträge gelten gesetzliche Aufbewahrungspflichten von zehn Jahren.",
        "Nous sommes tenus de conserver votre dossier pendant cinq ans.",
        "La normativa nos obliga a conservar su expediente durante seis años.",
    ],
)
def test_a_retention_duty_alone_stays_a_refusal(text: str) -> None:
    assert cls_of(text) is ReplyClass.REFUSED


@pytest.mark.parametrize(
    "text",
    [
        "Your ticket number is 5521. Requests are managed via the OneTrust privacy portal on our behalf.",
        "Ihre Vorgangsnummer lautet 88-12. Diese Anfrage wird verwaltet mit dem Privacy-Portal eines "
        "Dienstleisters.",
        "Votre demande a bien été enregistrée. Demandes gérées via la plateforme Privacy Center.",
        "Su solicitud ha quedado registrada. Solicitudes gestionadas con el portal de privacidad de un "
        "proveedor.",
    ],
)
def test_a_footer_naming_the_request_tool_demands_no_form(text: str) -> None:
    assert cls_of(text) is ReplyClass.ACKNOWLEDGED


@pytest.mark.parametrize(
    "text",
    [
        "To be sure this request is from the account holder, approve it in the app: we sent a confirmation "
        "to "
        "your phone.",
        "Please click the link below in the next 24 hours to confirm you made this request.",
        "Wir müssen sicher sein, dass diese Anfrage wirklich von Ihnen stammt.",
        "Nous devons nous assurer que cette demande émane bien de vous avant d'agir.",
        "Merci de nous indiquer l'adresse du bien et votre numéro de locataire.",
        "Antes de seguir necesitamos confirmar que eres tú: entra en la app y acepta la solicitud.",
        "Le pedimos que aporte un documento acreditativo de su identidad en diez días.",
    ],
)
def test_more_ways_of_asking_who_you_are_are_identity_demands(text: str) -> None:
    assert cls_of(text) is ReplyClass.NEEDS_VERIFICATION


@pytest.mark.parametrize(
    "text",
    [
        "Für Löschungen gibt es ein eigenes Online-Formular auf unserer Website.",
        "Das können wir leider nicht per Mail erledigen; logg dich ein und klick auf Konto löschen.",
        "Löschanfragen bearbeiten wir nicht per Mail, sorry.",
        "Para eliminar tu perfil tienes que entrar en nuestro portal de privacidad.",
        "Por correo no podemos gestionarlo, use la web.",
    ],
)
def test_more_ways_of_sending_to_a_form_are_web_form_demands(text: str) -> None:
    assert cls_of(text) is ReplyClass.NEEDS_WEB_FORM


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a confirmation refused by mail is no request refused by mail
        (
            "Por seguridad no podemos aceptar confirmaciones por correo; confirma que eres tú en la app.",
            ReplyClass.NEEDS_VERIFICATION,
        ),
        ("We cannot accept confirmations by email.", ReplyClass.UNKNOWN),
        # a footer's vendor is no form, but a form of the broker's own still is
        ("Deletion requests are handled through our online form.", ReplyClass.NEEDS_WEB_FORM),
        ("Les demandes sont gérées via notre formulaire en ligne.", ReplyClass.NEEDS_WEB_FORM),
        ("Wir können Ihnen die Unterlagen nicht per Mail schicken.", ReplyClass.UNKNOWN),
        ("Por correo no podemos enviarle sus facturas.", ReplyClass.UNKNOWN),
        ("Sollten Sie nicht antworten, werden wir den Vorgang ablehnen.", ReplyClass.UNKNOWN),
        ("Log dich ein, um deine Bestellungen zu sehen.", ReplyClass.UNKNOWN),
        (
            "Si vous souhaitez plus tard vous opposer à la publicité, notre page d'opposition reste ouverte. "
            "Aucune donnée vous concernant ne figure dans nos fichiers.",
            ReplyClass.NO_DATA,
        ),
    ],
)
def test_look_alikes_of_the_form_and_identity_families(text: str, expected: ReplyClass) -> None:
    assert cls_of(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "We checked the shop and the newsletter list: we have nothing on you.",
        "Wir haben in allen Systemen nachgesehen und haben nichts von Ihnen gespeichert.",
        "On a vérifié : vous n'êtes pas dans notre base clients.",
        "Aucune trace de votre adresse ne figure dans nos outils.",
        "Lo hemos mirado y no tenemos nada tuyo.",
    ],
)
def test_more_ways_of_having_nothing_are_no_data(text: str) -> None:
    assert cls_of(text) is ReplyClass.NO_DATA


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quick update: i deleted your account and removed you from the mailing list.", ReplyClass.COMPLETED),
        ("Ihr Konto, Ihre Bestellungen und Ihre Adressen wurden gelöscht.", ReplyClass.COMPLETED),
        ("If i removed you by mistake, tell me.", ReplyClass.UNKNOWN),
        ("I removed the attachment you sent, it was too large.", ReplyClass.UNKNOWN),
        (
            "Your account has been closed, but your transaction data will be retained for five years.",
            ReplyClass.UNKNOWN,
        ),
        ("Ihr Konto wurde geschlossen, aber die Daten bleiben zehn Jahre gespeichert.", ReplyClass.UNKNOWN),
        (
            "Votre compte a été fermé, mais vos données seront conservées pendant trois ans.",
            ReplyClass.UNKNOWN,
        ),
        ("Tu cuenta ha sido cerrada, pero tus datos se conservarán durante cinco años.", ReplyClass.UNKNOWN),
        ("Votre compte a été supprimé ; les factures seront conservées dix ans.", ReplyClass.COMPLETED),
    ],
)
def test_a_deletion_said_by_one_person_or_of_a_list_is_done_but_a_closed_account_kept_is_not(
    text: str, expected: ReplyClass
) -> None:
    assert cls_of(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "Eine Löschung ist wegen laufender Verträge derzeit ausgeschlossen.",
        "Ihren Antrag müssen wir leider ablehnen.",
        "Nous refusons l'effacement de ces données tant que le bail est en cours.",
        "Nous ne sommes pas en mesure de supprimer votre dossier.",
        "Rechazamos la supresión mientras el contrato siga vigente.",
        "Consideramos la petición reiterativa y no le daremos curso.",
    ],
)
def test_more_ways_of_saying_no_are_refusals(text: str) -> None:
    assert cls_of(text) is ReplyClass.REFUSED


def test_a_rejected_message_from_a_mail_gateway_is_a_bounce() -> None:
    reply = Reply(
        subject="Nachricht abgelehnt",
        from_header="Gateway <noreply@gateway.example>",
        text="Ihre Nachricht an info@firma.example wurde vom Filter abgelehnt und nicht zugestellt.",
        headers={},
    )
    assert classify_reply(reply).cls is ReplyClass.BOUNCED
    assert cls_of("Your request was rejected.", subject="Your request") is ReplyClass.REFUSED


@pytest.mark.parametrize(
    "text",
    [
        "Automatically generated message. Your mail has reached our central inbox and will be distributed.",
        "Message généré automatiquement. Votre courriel sera distribué au service concerné.",
        "Mensaje generado automáticamente. Su correo será distribuido al departamento correspondiente.",
    ],
)
def test_an_automatically_generated_notice_that_confirms_nothing_is_an_auto_reply(text: str) -> None:
    assert cls_of(text) is ReplyClass.AUTO_REPLY
