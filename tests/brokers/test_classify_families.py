"""Reply classification: the phrase families added when blind2 became tuning data, each with its look-alikes.

Every sentence here is new (none is taken from a corpus part): the families must read text not yet seen,
so each is checked in all four languages and against sentences that share its words but not its meaning.
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
        "Before we act on this, return the enclosed affidavit, signed and notarized.",
        "Send us a sworn statement confirming who you are.",
        "Bitte schicken Sie uns eine eidesstattliche Erklärung zu Ihrer Person.",
        "Der Antrag muss notariell beglaubigt bei uns eingehen.",
        "Merci de nous faire parvenir une déclaration sur l'honneur, datée et signée.",
        "Joignez à votre courrier un justificatif de domicile récent.",
        "Necesitamos una declaración jurada firmada por usted.",
        "El escrito debe venir firmado con certificado electrónico.",
    ],
)
def test_a_signed_declaration_or_a_notary_is_an_identity_demand(text: str) -> None:
    assert cls_of(text) is ReplyClass.NEEDS_VERIFICATION


@pytest.mark.parametrize(
    "text",
    [
        "Could you give us your membership number from the back of your card?",
        "Please reply with the policy number so we can make sure it's really you.",
        "Tell us the email address registered on your account.",
        "Teilen Sie uns bitte Ihre Mitgliedsnummer mit.",
        "Merci de nous communiquer votre numéro d'adhérent.",
        "Pouvez-vous nous réécrire depuis votre adresse habituelle ?",
        "Indíquenos su número de socio y la fecha de alta.",
        "Before we go on, we need to verify that you are who you say you are.",
        "Enter the verification code we sent you to confirm the request.",
        "Bitte nennen Sie uns den Bestätigungscode aus unserer SMS.",
        "Merci de nous indiquer le code de vérification reçu par SMS.",
        "Introduzca el código de verificación que le hemos enviado.",
    ],
)
def test_an_account_number_or_a_known_address_asked_for_is_an_identity_demand(text: str) -> None:
    assert cls_of(text) is ReplyClass.NEEDS_VERIFICATION


@pytest.mark.parametrize(
    "text",
    [
        "Your member number is 48213 and your membership is active.",
        "Please keep your order number for your records.",
        "Our notary office is closed on Fridays.",
        "Le numéro de client figure sur chaque facture.",
        "Ihre Kundennummer lautet 12345.",
        "Your verification code is 553201.",
    ],
)
def test_look_alikes_of_the_identity_families_stay_unknown(text: str) -> None:
    assert cls_of(text) is ReplyClass.UNKNOWN


@pytest.mark.parametrize(
    ("ask", "cannot"),
    [
        (
            "We need you to confirm that you are the account holder.",
            "We cannot confirm that you are the account holder, so we are closing the request.",
        ),
        (
            "Bitte bestätigen Sie schriftlich, dass Sie der Kontoinhaber sind.",
            "Wir konnten nicht feststellen, dass Sie der Kontoinhaber sind.",
        ),
        (
            "Merci de nous confirmer que vous êtes bien la titulaire du contrat.",
            "Nous n'avons pas pu vérifier que vous êtes la titulaire du compte.",
        ),
        (
            "Necesitamos comprobar que usted es el titular de la línea.",
            "Al no poder comprobar que usted es el titular de la línea, cerramos el caso.",
        ),
    ],
)
def test_being_the_account_holder_asked_is_a_demand_and_not_established_a_refusal(
    ask: str, cannot: str
) -> None:
    assert cls_of(ask) is ReplyClass.NEEDS_VERIFICATION
    assert cls_of(cannot) is ReplyClass.REFUSED


@pytest.mark.parametrize(
    "text",
    [
        "We don't have you in our customer database.",
        "There is no order under your name.",
        "Wir haben Sie nicht in unserer Kundendatei.",
        "Unter Ihrem Namen ist bei uns nichts gespeichert.",
        "Nous ne vous avons pas dans notre fichier clients.",
        "Aucune commande n'est enregistrée à votre nom.",
        "No le tenemos registrado en nuestra base de datos.",
        "No consta ningún pedido a su nombre.",
    ],
)
def test_the_person_unknown_is_no_data(text: str) -> None:
    assert cls_of(text) is ReplyClass.NO_DATA


@pytest.mark.parametrize(
    "text",
    [
        "There is no longer any account under your name.",
        "Unter Ihrem Namen ist nichts mehr gespeichert.",
        "Il n'y a plus rien à votre nom.",
        "No le tenemos en cuenta para la promoción.",
    ],
)
def test_no_longer_under_your_name_is_no_absence(text: str) -> None:
    assert cls_of(text) is not ReplyClass.NO_DATA


@pytest.mark.parametrize(
    ("refused", "promised"),
    [
        ("We will not proceed with the deletion of your records.", "We will delete your records this week."),
        ("Eine Löschung werden wir daher nicht vornehmen.", "Die Löschung werden wir umgehend vornehmen."),
        (
            "Nous ne procéderons donc pas à l'effacement de vos données.",
            "Votre demande sera traitée sous 30 jours.",
        ),
        ("No procederemos a la supresión de sus datos.", "Sus datos serán suprimidos en breve."),
    ],
)
def test_a_deletion_we_will_not_carry_out_is_a_refusal(refused: str, promised: str) -> None:
    assert cls_of(refused) is ReplyClass.REFUSED
    assert cls_of(promised) is ReplyClass.ACKNOWLEDGED


def test_a_request_rejected_with_an_adverb_between_is_a_refusal() -> None:
    assert cls_of("Votre demande est malheureusement rejetée.") is ReplyClass.REFUSED


@pytest.mark.parametrize(
    "text",
    [
        "I've forwarded your request to our privacy team.",
        "It usually takes a couple of days.",
        "We'll let you know once it's done.",
        "Wir haben dein Ticket erhalten.",
        "Wir kümmern uns zeitnah um dein Anliegen.",
        "Wir haben das an unser Support-Team weitergegeben.",
        "Das dauert in der Regel ein paar Tage.",
        "Nous avons transmis votre demande à notre délégué à la protection des données.",
        "Cela prend généralement quelques jours.",
        "He trasladado su solicitud al departamento de privacidad.",
        "Normalmente tarda unos días.",
    ],
)
def test_a_request_passed_on_or_given_a_usual_delay_is_acknowledged(text: str) -> None:
    assert cls_of(text) is ReplyClass.ACKNOWLEDGED


@pytest.mark.parametrize(
    "text",
    [
        "We have not forwarded your request to anyone.",
        "Shipping usually costs a few dollars.",
        "Delivery usually takes 3 days.",
        "Der Versand dauert in der Regel zwei Tage.",
        "La livraison prend généralement quelques jours.",
        "El envío suele tardar unos días.",
        "Nous reviendrons vers vous en heures ouvrées.",
        "Le responderemos en horario de oficina.",
    ],
)
def test_look_alikes_of_the_acknowledgement_families_stay_unknown(text: str) -> None:
    assert cls_of(text) is ReplyClass.UNKNOWN


@pytest.mark.parametrize(
    "text",
    [
        "Las solicitudes deben presentarse a través de nuestro portal de privacidad.",
        "No aceptamos solicitudes enviadas por correo electrónico.",
        "Wir bearbeiten keine Anträge per E-Mail.",
        "Nous ne traitons pas les demandes reçues par courriel.",
        "Les demandes doivent être effectuées via notre formulaire en ligne.",
    ],
)
def test_email_refused_or_a_form_prescribed_is_a_web_form(text: str) -> None:
    assert cls_of(text) is ReplyClass.NEEDS_WEB_FORM


def test_a_refusal_of_paper_post_is_no_web_form() -> None:
    assert cls_of("No aceptamos devoluciones por correo postal.") is ReplyClass.UNKNOWN


@pytest.mark.parametrize(
    "text",
    [
        "This mailbox is not monitored.",
        "Dieses Postfach wird nicht überwacht.",
        "Cette adresse n'est pas consultée.",
        "Este buzón no está atendido.",
    ],
)
def test_an_unread_mailbox_is_automatic_unless_it_names_a_form(text: str) -> None:
    assert cls_of(text) is ReplyClass.AUTO_REPLY
    assert cls_of(f"{text} Please use our online form at https://broker.example/privacy.") is (
        ReplyClass.NEEDS_WEB_FORM
    )
    assert cls_of("Your address is not monitored by third parties.") is ReplyClass.UNKNOWN


@pytest.mark.parametrize(
    "text",
    [
        "The studio is closed for renovations until 14 September.",
        "Wegen Umbau geschlossen bis zum 14. September.",
        "L'agence est fermée pour travaux jusqu'au 14 septembre.",
        "La tienda está cerrada por obras hasta el 14 de septiembre.",
    ],
)
def test_closed_for_works_is_an_auto_reply(text: str) -> None:
    assert cls_of(text) is ReplyClass.AUTO_REPLY
    assert cls_of("The account is closed for good.") is ReplyClass.UNKNOWN


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for your message! Book a test drive this weekend and get 2% off.",
        "Danke für Ihre Nachricht. Sind Sie noch interessiert an der Probefahrt?",
        "Merci pour votre message ! Profitez de notre offre spéciale.",
        "Gracias por tu mensaje. ¿Sigues interesada en el piso?",
    ],
)
def test_thanks_beside_a_sales_pitch_acknowledges_nothing(text: str) -> None:
    assert cls_of(text) is ReplyClass.UNKNOWN


def test_a_real_receipt_beside_a_sales_pitch_stays_an_acknowledgement() -> None:
    assert cls_of("We have received your request. Don't miss our special offer!") is ReplyClass.ACKNOWLEDGED
    assert cls_of("Thanks for your message.") is ReplyClass.ACKNOWLEDGED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ihre Anschrift wurde aus unserem Verteiler entfernt.", ReplyClass.COMPLETED),
        ("Ihr Kundendatensatz wurde gelöscht.", ReplyClass.COMPLETED),
        ("Ihre E-Mail-Adresse ist aus dem Newsletter ausgetragen.", ReplyClass.COMPLETED),
        ("Ihre Adresse wird gelöscht.", ReplyClass.ACKNOWLEDGED),
        ("- Ihre Anschrift", ReplyClass.NEEDS_VERIFICATION),
    ],
)
def test_an_address_removed_is_a_completion_and_no_list_item_of_a_demand(
    text: str, expected: ReplyClass
) -> None:
    assert cls_of(text) is expected
