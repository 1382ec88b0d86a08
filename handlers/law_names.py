"""Law names as the person's language writes them: the GDPR is the DSGVO in German; US acts keep theirs."""

from __future__ import annotations

from bot.i18n import N_, Text
from brokers.laws import Law

# Names a language translates; the others (US state acts, PIPEDA) are proper names kept as enacted.
_NAMES = {
    "General Data Protection Regulation (EU) 2016/679": N_(
        "General Data Protection Regulation (EU) 2016/679"
    ),
    "UK General Data Protection Regulation and Data Protection Act 2018": N_(
        "UK General Data Protection Regulation and Data Protection Act 2018"
    ),
    "applicable data protection law": N_("applicable data protection law"),
}
_SHORT_NAMES = {"GDPR": N_("GDPR"), "UK GDPR": N_("UK GDPR"), "privacy law": N_("privacy law")}


def law_name(t: Text, law: Law) -> str:
    return t(_NAMES[law.name]) if law.name in _NAMES else law.name


def law_short_name(t: Text, law: Law) -> str:
    return t(_SHORT_NAMES[law.short_name]) if law.short_name in _SHORT_NAMES else law.short_name


def law_citation(t: Text, law: Law) -> str:
    """The deletion provision ("Art. 17 DSGVO"), or the law's short name where none is cited."""
    citation = law.deletion_citation
    if citation is None:
        return law_short_name(t, law)
    if law.short_name in _SHORT_NAMES and citation.endswith(" " + law.short_name):
        return citation.removesuffix(law.short_name) + law_short_name(t, law)
    return citation
