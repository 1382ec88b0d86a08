"""Reading the labelled reply corpus (tests/brokers/reply_corpus): records, wraps with our own letter."""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from brokers.classify import Reply, ReplyClass, classify_reply, load_eml
from brokers.laws import law_by_code
from brokers.letters import Letter, LetterContext, LetterKind, render_letter
from brokers.regulators import ICO

CORPUS = Path(__file__).parent / "reply_corpus"
# tuning: the rules were tuned on it; heldback: written first, only measured (though its per-class table
# was looked at while tuning); fresh: written later without reading the rules, measured blind once
# (71.7%), then tuned on; blind: written without reading the rules or the other parts, measured once after
# that tuning (78.7%), then tuned on too; blind2: written later the same way (new voices, not reading the
# rules or the other parts' content), measured once after the second tuning (85.9%), then tuned on too;
# blind3: written blind the same way (new sectors, ticket systems and mail servers), measured by the lead
# on the rules before and after the third tuning (79.4%), then relabelled by the README's convention for
# automatic receipts and tuned on too; blind4: written blind the same way (other sectors, DSR tools, mail
# servers and voices, the receipt convention given), measured by the lead (76.5%), its labels reviewed
# against that convention (none changed), then tuned on too; blind5: written blind the same way (new
# voices, orders and hard cases), measured by the lead, never tuned on; blind6: written blind the same way
# (new senders, DSR ticket systems, mail servers and hard cases), measured by the lead; blind7: written blind
# the same way (utilities, schools, churches and clubs, pet insurers, print-and-mail houses, DPO
# consultancies, ticket merges), measured by the lead; blind8: written blind the same way (loyalty
# schemes, hotels, ticketing, streaming, newspapers, period apps, tenant screening, list compilers, B2B
# databases, alumni and donor desks, new DSR tools and mail servers, mixed-language replies), measured by
# the lead.
PARTS = (
    "tuning",
    "heldback",
    "fresh",
    "blind",
    "blind2",
    "blind3",
    "blind4",
    "blind5",
    "blind6",
    "blind7",
    "blind8",
)
WRAPS = frozenset({"quote-gmail", "quote-outlook", "quote-original", "html"})
_RECORD = re.compile(r"^=== (\w+) (en|de|fr|es)((?: [\w-]+)*)\s*$", re.MULTILINE)

_ATTRIBUTION = {
    "en": "On Mon, 1 Sep 2026 at 10:02, Jane Doe <jane.doe@gmail.com> wrote:",
    "de": "Am Mo., 1. Sept. 2026 um 10:02 Uhr schrieb Jane Doe <jane.doe@gmail.com>:",
    "fr": "Le lun. 1 sept. 2026 à 10:02, Jane Doe <jane.doe@gmail.com> a écrit :",
    "es": "El lun, 1 sept 2026 a las 10:02, Jane Doe (<jane.doe@gmail.com>) escribió:",
}
_OUTLOOK = {
    "en": ("From", "Sent", "To", "Subject", "Monday, September 1, 2026 10:02 AM"),
    "de": ("Von", "Gesendet", "An", "Betreff", "Montag, 1. September 2026 10:02"),
    "fr": ("De", "Envoyé", "À", "Objet", "lundi 1 septembre 2026 10:02"),
    "es": ("De", "Enviado", "Para", "Asunto", "lunes, 1 de septiembre de 2026 10:02"),
}
_ORIGINAL = {
    "en": "-----Original Message-----",
    "de": "-----Ursprüngliche Nachricht-----",
    "fr": "-----Message d'origine-----",
    "es": "-----Mensaje original-----",
}


@dataclass(frozen=True, slots=True)
class Example:
    part: str
    number: int
    expected: ReplyClass
    language: str
    wraps: tuple[str, ...]
    reply: Reply

    @property
    def name(self) -> str:
        return f"{self.part}#{self.number} {self.expected} {self.language} {' '.join(self.wraps)}".strip()


@cache
def our_letter(language: str) -> Letter:
    """The deletion letter the replies answer: CCPA in English, the GDPR in the other languages."""
    context = LetterContext(
        language=language,
        law=law_by_code("ccpa" if language == "en" else "gdpr"),
        broker_name="Acme Data",
        full_name="Jane Doe",
        email="jane.doe@gmail.com",
        request_date=date(2026, 9, 1),
        reference="DDB-7F3K",
        regulator=ICO,
    )
    return render_letter(LetterKind.DELETION, context)


def load_part(part: str) -> list[Example]:
    if part not in PARTS:
        raise ValueError(f"unknown corpus part {part!r}")
    text = (CORPUS / f"{part}.txt").read_text(encoding="utf-8")
    heads = list(_RECORD.finditer(text))
    if not heads or text[: heads[0].start()].strip():
        raise ValueError(f"{part}: text before the first record")
    examples = []
    for number, head in enumerate(heads, start=1):
        end = heads[number].start() if number < len(heads) else len(text)
        wraps = tuple(head.group(3).split())
        if set(wraps) - WRAPS:
            raise ValueError(f"{part}#{number}: unknown wrap {sorted(set(wraps) - WRAPS)}")
        raw = _wrapped(text[head.end() : end].strip("\n"), head.group(2), wraps)
        examples.append(Example(part, number, ReplyClass(head.group(1)), head.group(2), wraps, load_eml(raw)))
    return examples


def _wrapped(record: str, language: str, wraps: tuple[str, ...]) -> str:
    header_text, _, body = record.partition("\n\n")
    headers = header_text.splitlines()
    letter = our_letter(language)
    if "quote-gmail" in wraps:
        quoted = "\n".join(f"> {line}".rstrip() for line in letter.body.splitlines())
        body = f"{body}\n\n{_ATTRIBUTION[language]}\n\n{quoted}\n"
    if "quote-outlook" in wraps:
        sender, sent, to, subject, when = _OUTLOOK[language]
        block = f"{sender}: Jane Doe <jane.doe@gmail.com>\n{sent}: {when}\n{to}: privacy@acme.example\n"
        body = f"{body}\n\n{block}{subject}: {letter.subject}\n\n{letter.body}\n"
    if "quote-original" in wraps:
        body = f"{body}\n\n{_ORIGINAL[language]}\n{letter.body}\n"
    if "html" in wraps:
        paragraphs = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in body.split("\n\n"))
        quote = html.escape(letter.body).replace("\n", "<br>")
        body = (
            f'<html><body><div dir="ltr">{paragraphs}</div><div class="gmail_quote">'
            f"<blockquote>{quote}</blockquote></div></body></html>"
        )
        headers.append("Content-Type: text/html; charset=utf-8")
    if not any(h.lower().startswith("content-type:") for h in headers):
        headers.append("Content-Type: text/plain; charset=utf-8")
    headers += ["MIME-Version: 1.0", "To: jane.doe@gmail.com"]
    return "\n".join(headers) + "\n\n" + body


def accuracy_table(examples: list[Example]) -> tuple[str, float, float, dict[ReplyClass, float]]:
    """The per-class table as printed, the share right, the share in a wrong class, and each class's."""
    right: Counter[ReplyClass] = Counter()
    total: Counter[ReplyClass] = Counter()
    wrong = 0
    for example in examples:
        got = classify_reply(example.reply).cls
        total[example.expected] += 1
        right[example.expected] += got is example.expected
        wrong += got not in (example.expected, ReplyClass.UNKNOWN)
    per_class = {cls: right[cls] / total[cls] for cls in total}
    lines = [
        f"{cls.value:<20} {right[cls]:>3}/{total[cls]:<3} {per_class[cls]:6.1%}"
        for cls in ReplyClass
        if cls in total
    ]
    overall = sum(right.values()) / len(examples)
    lines.append(f"{'overall':<20} {sum(right.values()):>3}/{len(examples):<3} {overall:6.1%}")
    lines.append(f"{'wrong class':<20} {wrong:>3}/{len(examples):<3} {wrong / len(examples):6.1%}")
    return "\n".join(lines), overall, wrong / len(examples), per_class


def misread(examples: list[Example]) -> list[str]:
    """Each reply read as another class, with the class and the phrase that decided it (tuning input)."""
    return [
        f"  {e.name}: got {got.cls} by {got.phrase!r}"
        for e in examples
        if (got := classify_reply(e.reply)).cls is not e.expected
    ]
