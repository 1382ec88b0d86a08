"""The authorities a person can complain to when a broker ignores or refuses a request, with their pages.

EU/EEA: the data protection authority of the person's country (Art. 77(1) GDPR lets them complain where
they live). Where an authority's own complaint page was not confirmed, the URL is its home page, which links
the complaint form. Germany has one authority per Land for companies, so it points to the EDPB's member list.
UK: the ICO. California: the CPPA first, the Attorney General as an alternative. Other US states: the
Attorney General's consumer complaint page. Canada: the Office of the Privacy Commissioner.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from brokers.errors import NoRegulator
from brokers.jurisdictions import EEA_COUNTRIES
from brokers.laws import Law, LawFamily

EDPB_MEMBERS = "https://edpb.europa.eu/about-edpb/about-edpb/members_en"


@dataclass(frozen=True, slots=True)
class Regulator:
    name: str
    complaint_url: str
    jurisdiction: str


# fmt: off
_DPAS: Final = {
    "AT": ("Datenschutzbehörde",
           "https://www.formularservice.gv.at/site/fsrv/user/formular.aspx?pid=5a37966ab26c4489adc20dc53162fa4d"
           "&pn=Bf10e1134f601464e9b3835170de668bd"),
    "BE": ("Autorité de protection des données / Gegevensbeschermingsautoriteit",
           "https://www.autoriteprotectiondonnees.be/citoyen/agir/introduire-une-plainte"),
    "BG": ("Commission for Personal Data Protection", "https://www.cpdp.bg/"),
    "HR": ("Agencija za zaštitu osobnih podataka", "https://azop.hr/"),
    "CY": ("Commissioner for Personal Data Protection", "https://www.dataprotection.gov.cy/"),
    "CZ": ("Úřad pro ochranu osobních údajů", "https://uoou.gov.cz/"),
    "DK": ("Datatilsynet", "https://www.datatilsynet.dk/"),
    "EE": ("Andmekaitse Inspektsioon", "https://www.aki.ee/"),
    "FI": ("Tietosuojavaltuutetun toimisto", "https://tietosuoja.fi/notification-to-the-data-protection-ombudsman"),
    "FR": ("Commission nationale de l'informatique et des libertés", "https://cnil.fr/adresser-une-plainte"),
    "DE": ("Datenschutzaufsichtsbehörde des Bundeslandes", EDPB_MEMBERS),
    "GR": ("Hellenic Data Protection Authority", "https://www.dpa.gr/"),
    "HU": ("Nemzeti Adatvédelmi és Információszabadság Hatóság", "https://www.naih.hu/"),
    "IE": ("Data Protection Commission",
           "https://dataprotection.ie/en/individuals/exercising-your-rights/"
           "complaints-handling-investigations-and-enforcement-individuals"),
    "IT": ("Garante per la protezione dei dati personali", "https://www.garanteprivacy.it/"),
    "LV": ("Datu valsts inspekcija", "https://www.dvi.gov.lv/"),
    "LT": ("Valstybinė duomenų apsaugos inspekcija", "https://vdai.lrv.lt/"),
    "LU": ("Commission nationale pour la protection des données", "https://cnpd.public.lu/"),
    "MT": ("Information and Data Protection Commissioner", "https://idpc.org.mt/"),
    "NL": ("Autoriteit Persoonsgegevens", "https://autoriteitpersoonsgegevens.nl/nl/meldingsformulier-klachten"),
    "PL": ("Urząd Ochrony Danych Osobowych", "https://uodo.gov.pl/"),
    "PT": ("Comissão Nacional de Proteção de Dados", "https://www.cnpd.pt/"),
    "RO": ("Autoritatea Naţională de Supraveghere a Prelucrării Datelor cu Caracter Personal",
           "https://www.dataprotection.ro/"),
    "SK": ("Úrad na ochranu osobných údajov", "https://dataprotection.gov.sk/"),
    "SI": ("Informacijski pooblaščenec", "https://www.ip-rs.si/"),
    "ES": ("Agencia Española de Protección de Datos", "https://sedeagpd.gob.es/sede-electronica-web/"),
    "SE": ("Integritetsskyddsmyndigheten", "https://www.imy.se/privatperson/utfora-arenden/lamna-ett-klagomal/"),
    "IS": ("Persónuvernd", "https://www.personuvernd.is/"),
    "LI": ("Datenschutzstelle", "https://www.datenschutzstelle.li/"),
    "NO": ("Datatilsynet", "https://www.datatilsynet.no/"),
}

_STATE_AGS: Final = {
    "US-VA": "https://www.oag.state.va.us/consumercomplaintform/form/start",
    "US-CO": "https://complaints.coag.gov/s/contact-us",
    "US-CT": "https://www.dir.ct.gov/ag/complaint/e-complaint.aspx",
    "US-UT": "https://www.attorneygeneral.utah.gov/contact/complaint-form/",
    "US-TX": "https://oag.my.salesforce-sites.com/CPDOnlineForm",
    "US-FL": "https://legacy.myfloridalegal.com/Contact.nsf/DBOR?OpenForm",
    "US-OR": "https://justice.oregon.gov/consumercomplaints/",
    "US-MT": "https://app.doj.mt.gov/OCPPortal/?q=node/395/",
    "US-DE": "https://attorneygeneral.delaware.gov/fraud/cmu/complaint/",
    "US-IA": "https://www.iowaattorneygeneral.gov/for-consumers/file-a-consumer-complaint",
    "US-NE": "https://www.nebraska.gov/apps-ago-complaints/",
    "US-NH": "https://www.doj.nh.gov/consumer/complaints/",
    "US-NJ": "https://njconsumeraffairs.nj.gov/file-a-complaint/",
    "US-TN": "https://www.tn.gov/attorneygeneral/working-for-tennessee/consumer/file-a-complaint.html",
    "US-MN": "https://www.ag.state.mn.us/Data-Privacy/Consumer",
    "US-MD": "https://www.marylandattorneygeneral.gov/pages/cpd/complaintmediation.aspx",
    "US-IN": "https://www.in.gov/attorneygeneral/consumer-protection-division/",
    "US-KY": "https://www.ag.ky.gov/Resources/Consumer-Resources/Consumers/Pages/Consumer-Complaints.aspx",
    "US-RI": "https://riag.ri.gov/ConsumerProtection/About.php",
}
# fmt: on

DPAS: Final = MappingProxyType({code: Regulator(name, url, code) for code, (name, url) in _DPAS.items()})
STATE_ATTORNEYS_GENERAL: Final = MappingProxyType(
    {code: Regulator("Office of the Attorney General", url, code) for code, url in _STATE_AGS.items()}
)
EU_FALLBACK: Final = Regulator("Data protection authority (EU/EEA)", EDPB_MEMBERS, "")
ICO: Final = Regulator("Information Commissioner's Office", "https://ico.org.uk/make-a-complaint/", "GB")
CPPA: Final = Regulator(
    "California Privacy Protection Agency",
    "https://cppa.ca.gov/webapplications/complaint",
    "US-CA",
)
CALIFORNIA_AG: Final = Regulator(
    "California Attorney General",
    "https://oag.ca.gov/contact/consumer-complaint-against-business-or-company",
    "US-CA",
)
OPC: Final = Regulator(
    "Office of the Privacy Commissioner of Canada",
    "https://plainte-complaint.priv.gc.ca/en/register-pipeda",
    "CA",
)


def regulator_for(law: Law, jurisdiction: str, *, broker_country: str | None = None) -> Regulator:
    """The authority to complain to; raise NoRegulator for the generic law, which has none.

    Under the GDPR a person outside the EEA (covered because the broker is established there) complains to
    the authority of the broker's country when it is known.
    """
    return all_regulators_for(law, jurisdiction, broker_country=broker_country)[0]


def all_regulators_for(
    law: Law, jurisdiction: str, *, broker_country: str | None = None
) -> tuple[Regulator, ...]:
    """Every authority that takes such a complaint, the preferred one first."""
    if law.family is LawFamily.GDPR:
        for country in (jurisdiction, broker_country):
            if country in EEA_COUNTRIES:
                return (DPAS[country],)
        return (EU_FALLBACK,)
    if law.family is LawFamily.UK_GDPR:
        return (ICO,)
    if law.family is LawFamily.PIPEDA:
        return (OPC,)
    if law.code == "ccpa":
        return (CPPA, CALIFORNIA_AG)
    if law.family is LawFamily.US_STATE:
        return tuple(STATE_ATTORNEYS_GENERAL[state] for state in law.jurisdictions)
    raise NoRegulator(law.code)
