"""Reply classification: the phrase families added when the blind parts blind2, blind3 and blind4 became
tuning data, each with its look-alikes.

Every sentence here is new (none is taken from a corpus part): the families must read text not yet seen,
so each is checked in all four languages and against sentences that share its words but not its meaning
(they must stay unknown or take another class).
"""

import pytest

from brokers.classify import Reply, ReplyClass, classify_reply
from tests.brokers.reply_text import cls_of

# Each family: what it shows, the class every one of its sentences must read as, and the sentences.
FAMILIES: dict[str, tuple[ReplyClass, list[str]]] = {
    "a signed declaration or a notary is an identity demand": (
        ReplyClass.NEEDS_VERIFICATION,
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
    ),
    "an account number or a known address asked for is an identity demand": (
        ReplyClass.NEEDS_VERIFICATION,
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
    ),
    "look alikes of the identity families stay unknown": (
        ReplyClass.UNKNOWN,
        [
            "Your member number is 48213 and your membership is active.",
            "Please keep your order number for your records.",
            "Our notary office is closed on Fridays.",
            "Le numéro de client figure sur chaque facture.",
            "Ihre Kundennummer lautet 12345.",
            "Your verification code is 553201.",
        ],
    ),
    "the person unknown is no data": (
        ReplyClass.NO_DATA,
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
    ),
    "a request passed on or given a usual delay is acknowledged": (
        ReplyClass.ACKNOWLEDGED,
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
    ),
    "look alikes of the acknowledgement families stay unknown": (
        ReplyClass.UNKNOWN,
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
    ),
    "email refused or a form prescribed is a web form": (
        ReplyClass.NEEDS_WEB_FORM,
        [
            "Las solicitudes deben presentarse a través de nuestro portal de privacidad.",
            "No aceptamos solicitudes enviadas por correo electrónico.",
            "Wir bearbeiten keine Anträge per E-Mail.",
            "Nous ne traitons pas les demandes reçues par courriel.",
            "Les demandes doivent être effectuées via notre formulaire en ligne.",
        ],
    ),
    "thanks beside a sales pitch acknowledges nothing": (
        ReplyClass.UNKNOWN,
        [
            "Thanks for your message! Book a test drive this weekend and get 2% off.",
            "Danke für Ihre Nachricht. Sind Sie noch interessiert an der Probefahrt?",
            "Merci pour votre message ! Profitez de notre offre spéciale.",
            "Gracias por tu mensaje. ¿Sigues interesada en el piso?",
        ],
    ),
    "a retention duty still being weighed is an acknowledgement": (
        ReplyClass.ACKNOWLEDGED,
        [
            "We have received your request. We are legally required to retain some billing records, "
            "so we are checking which data can be deleted and will write again within a month.",
            "Wir haben Ihr Schreiben erhalten. Für Verträge gelten Aufbewahrungsfristen; wir klären deshalb, "
            "welche Angaben gelöscht werden dürfen.",
            "Votre courrier a bien été reçu. Nous sommes tenus de conserver certaines pièces ; "
            "nous vérifions quelles informations peuvent être effacées.",
            "Hemos recibido su escrito. La ley nos obliga a conservar las facturas, así que estamos "
            "comprobando qué datos pueden borrarse.",
        ],
    ),
    "a retention duty alone stays a refusal": (
        ReplyClass.REFUSED,
        [
            "We are legally required to retain your loan file for seven years.",
            "Für Ihre Verträge gelten gesetzliche Aufbewahrungspflichten von zehn Jahren.",
            "Nous sommes tenus de conserver votre dossier pendant cinq ans.",
            "La normativa nos obliga a conservar su expediente durante seis años.",
        ],
    ),
    "a footer naming the request tool demands no form": (
        ReplyClass.ACKNOWLEDGED,
        [
            "Your ticket number is 5521. Requests are managed via the OneTrust privacy portal on our behalf.",
            "Ihre Vorgangsnummer lautet 88-12. Diese Anfrage wird verwaltet mit dem Privacy-Portal eines "
            "Dienstleisters.",
            "Votre demande a bien été enregistrée. Demandes gérées via la plateforme Privacy Center.",
            "Su solicitud ha quedado registrada. Solicitudes gestionadas con el portal de privacidad de un "
            "proveedor.",
        ],
    ),
    "more ways of asking who you are are identity demands": (
        ReplyClass.NEEDS_VERIFICATION,
        [
            "To be sure this request is from the account holder, approve it in the app: we sent a "
            "confirmation to your phone.",
            "Please click the link below in the next 24 hours to confirm you made this request.",
            "Wir müssen sicher sein, dass diese Anfrage wirklich von Ihnen stammt.",
            "Nous devons nous assurer que cette demande émane bien de vous avant d'agir.",
            "Merci de nous indiquer l'adresse du bien et votre numéro de locataire.",
            "Antes de seguir necesitamos confirmar que eres tú: entra en la app y acepta la solicitud.",
            "Le pedimos que aporte un documento acreditativo de su identidad en diez días.",
        ],
    ),
    "more ways of sending to a form are web form demands": (
        ReplyClass.NEEDS_WEB_FORM,
        [
            "Für Löschungen gibt es ein eigenes Online-Formular auf unserer Website.",
            "Das können wir leider nicht per Mail erledigen; logg dich ein und klick auf Konto löschen.",
            "Löschanfragen bearbeiten wir nicht per Mail, sorry.",
            "Para eliminar tu perfil tienes que entrar en nuestro portal de privacidad.",
            "Por correo no podemos gestionarlo, use la web.",
        ],
    ),
    "more ways of having nothing are no data": (
        ReplyClass.NO_DATA,
        [
            "We checked the shop and the newsletter list: we have nothing on you.",
            "Wir haben in allen Systemen nachgesehen und haben nichts von Ihnen gespeichert.",
            "On a vérifié : vous n'êtes pas dans notre base clients.",
            "Aucune trace de votre adresse ne figure dans nos outils.",
            "Lo hemos mirado y no tenemos nada tuyo.",
        ],
    ),
    "more ways of saying no are refusals": (
        ReplyClass.REFUSED,
        [
            "Eine Löschung ist wegen laufender Verträge derzeit ausgeschlossen.",
            "Ihren Antrag müssen wir leider ablehnen.",
            "Nous refusons l'effacement de ces données tant que le bail est en cours.",
            "Nous ne sommes pas en mesure de supprimer votre dossier.",
            "Rechazamos la supresión mientras el contrato siga vigente.",
            "Consideramos la petición reiterativa y no le daremos curso.",
        ],
    ),
    # blind4
    "a deletion that will not be done, or only later, is a refusal": (
        ReplyClass.REFUSED,
        [
            "Since the agent sent no signed authorisation, your request will not be processed.",
            "The files are preserved under a litigation hold and cannot be deleted for the time being.",
            "Solange noch Rechnungen offen sind, wird Ihr Mitgliedskonto nicht gelöscht.",
            "Eine Löschung Ihrer Daten ist erst nach Ende der Laufzeit möglich.",
            "Votre demande ne pourra donc pas aboutir tant que le prêt n'est pas remboursé.",
            "Nous ne donnerons pas suite à ce courriel.",
            "Les pièces comptables sont archivées pour dix ans et ne seront pas supprimées.",
            "Mientras tengas una reserva activa no podemos darte de baja.",
            "Los datos del expediente judicial no serán eliminados.",
        ],
    ),
    "look alikes of the refusals wait for the user or for a date, or are a condition": (
        ReplyClass.UNKNOWN,
        [
            "Your data cannot be deleted until you confirm the request with the link we sent.",
            "If your records cannot be deleted, we will tell you why.",
            "Ihr Konto wird nicht gelöscht, bis Sie die Löschung im Portal bestätigen.",
            "Vos données ne seront pas supprimées tant que vous n'aurez pas confirmé votre identité.",
            "Vos données ne seront pas effacées avant la clôture de votre dossier, puis elles le seront.",
        ],
    ),
    "e-mail not taken, a portal to go through, a request to file again at an address": (
        ReplyClass.NEEDS_WEB_FORM,
        [
            "Sorry, we can't take account closures by email; use the delete button in the app instead.",
            "All privacy requests must now go through our online privacy portal.",
            "Please submit your request again at https://privacy.example.com/dsr.",
            "Lösch dein Profil bitte selbst: nutze dazu das Kontaktformular unter Hilfe.",
            "Bitte stellen Sie Ihre Anfrage erneut unter https://datenschutz.example.de.",
            "Toute demande d'effacement doit passer par le formulaire en ligne.",
            "Merci de déposer à nouveau votre demande sur https://rgpd.example.fr.",
            "Presente de nuevo su solicitud en https://sede.example.es/derechos.",
        ],
    ),
    "a selfie with an ID, a log-in to confirm, 'make sure it is you' are identity demands": (
        ReplyClass.NEEDS_VERIFICATION,
        [
            "Before we delete anything, send us a selfie holding your ID card.",
            "Schicken Sie uns ein Selfie mit Ihrem Personalausweis.",
            "Envoyez-nous un selfie avec votre pièce d'identité.",
            "Haz una verificación facial en la app antes de continuar.",
            "Log in to your account and confirm the deletion under Privacy.",
            "Bitte melden Sie sich in der App an und bestätigen Sie dort die Löschung.",
            "Melde dich im Kundenportal an und bestätige die Löschung mit deinem Passwort.",
            "Connecte-toi à l'appli pour confirmer la demande.",
            "Nous devons vérifier qu'il s'agit bien de vous avant toute suppression.",
            "Necesitamos comprobar que eres tú antes de borrar la cuenta.",
            "Inicia sesión en la app y confirma la solicitud desde Ajustes.",
        ],
    ),
    "holding nothing, never a customer, nothing to delete are no data": (
        ReplyClass.NO_DATA,
        [
            "We hold no data about you.",
            "You have never been a customer of ours, and we keep nothing about you.",
            "There is nothing for us to delete.",
            "Bei uns gibt es kein Kundenkonto unter dieser Adresse.",
            "Da wir nichts gespeichert haben, gibt es nichts, was wir löschen könnten.",
            "Les services municipaux ne détiennent aucune information vous concernant.",
            "No apareces en nuestra base de clientes.",
            "No tenemos ningún dato tuyo en el sistema.",
        ],
    ),
    "gone, no longer in the file, fully deleted on a date, deleted after the check are completions": (
        ReplyClass.COMPLETED,
        [
            "Your profile and search history are gone from our systems.",
            "Ihr Profil und Ihre Fotos wurden am 12.10. vollständig gelöscht.",
            "Nach erfolgreicher Prüfung Ihrer Identität haben wir Ihr Konto gelöscht.",
            "After the verification of your identity we erased your account.",
            "Après la vérification de votre identité, nous avons supprimé votre compte.",
            "Vous n'apparaissez plus dans notre fichier de prospection.",
            "Tras la verificación de su identidad hemos suprimido todos sus datos.",
            "Ya no figuras en nuestra lista de socios.",
        ],
    ),
    "a request passed on by a person is acknowledged": (
        ReplyClass.ACKNOWLEDGED,
        [
            "I've passed your email on to our data protection officer, who will get back to you.",
            "He pasado tu correo a la gestoría y te escribirán ellos.",
        ],
    ),
    "a mailbox that takes no replies is automatic": (
        ReplyClass.AUTO_REPLY,
        [
            "This mailbox does not accept replies.",
            "Diese Adresse kann keine Antworten empfangen.",
            "Cette adresse n'accepte pas de réponses.",
            "Este buzón no admite respuestas.",
            "Los mensajes enviados a esta dirección no se leen.",
        ],
    ),
    "look alikes of the blind4 families stay unknown": (
        ReplyClass.UNKNOWN,
        [
            "We take your privacy seriously and respond to every request by email.",
            "Nuestro portal de clientes tiene un nuevo diseño.",
            "Per Mail erreichen Sie uns jederzeit.",
            "Our selfie contest winners will be announced Friday.",
            "Our members have never been happier with the new app.",
            "The gift card you bought is gone? Please contact the store.",
            "No tenemos ningún problema en ayudarte con la reserva.",
            "Merci pour votre message ! Est-ce bien de votre compte client qu'il s'agit ?",
            "Gracias por tu mensaje. ¿Te refieres a la cuenta de tu hijo?",
        ],
    ),
}


@pytest.mark.parametrize(
    ("family", "text"),
    [(family, text) for family, (_, texts) in FAMILIES.items() for text in texts],
    ids=lambda value: value[:60],
)
def test_a_family_reads_as_its_class(family: str, text: str) -> None:
    assert cls_of(text) is FAMILIES[family][0]


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


def test_a_rejected_message_from_a_mail_gateway_is_a_bounce() -> None:
    rejected = Reply(
        subject="Nachricht abgelehnt",
        from_header="Gateway <noreply@gateway.example>",
        text="Ihre Nachricht an info@firma.example wurde vom Filter abgelehnt und nicht zugestellt.",
        headers={},
    )
    assert classify_reply(rejected).cls is ReplyClass.BOUNCED
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


def test_a_retention_duty_qualified_by_soweit_is_no_refusal() -> None:
    assert cls_of("Ihre Daten werden gelöscht, soweit keine Aufbewahrungspflichten bestehen.") is (
        ReplyClass.ACKNOWLEDGED
    )
    assert cls_of("Für Ihre Rechnungen gelten steuerliche Aufbewahrungspflichten von zehn Jahren.") is (
        ReplyClass.REFUSED
    )


@pytest.mark.parametrize(
    ("subject", "sender"),
    [
        ("Read: Request to delete my personal information", "postmaster@mail.example"),
        ("Gelesen: Antrag auf Löschung", "Postfach Verwaltung <postmaster@gemeinde.example>"),
        ("Lu : Demande d'effacement", "Accueil <accueil@musee.example>"),
        ("Leído: Solicitud de supresión", "Buzón <buzon@ayto.example>"),
    ],
)
def test_a_read_receipt_is_an_auto_reply_even_from_the_postmaster(subject: str, sender: str) -> None:
    receipt = Reply(subject=subject, from_header=sender, text="Your message was read.", headers={})
    assert classify_reply(receipt).cls is ReplyClass.AUTO_REPLY
    undelivered = Reply(
        subject="Undeliverable: Request to delete my personal information",
        from_header="postmaster@mail.example",
        text="Your message could not be delivered: 550 5.1.1 mailbox unavailable.",
        headers={},
    )
    assert classify_reply(undelivered).cls is ReplyClass.BOUNCED


def test_a_french_space_before_a_question_mark_still_ends_the_question() -> None:
    # "Si oui" starts a new sentence, so the question before it is no condition of an offer.
    asks = "Merci pour votre message ! Est-ce de votre ancien compte qu'il s'agit ? Si oui, dites-le-nous."
    assert cls_of(asks) is ReplyClass.UNKNOWN
    assert (
        cls_of("Merci pour votre message ! Votre demande a bien été enregistrée.") is ReplyClass.ACKNOWLEDGED
    )
