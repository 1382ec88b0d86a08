"""The facts of each law: deadlines, extensions, appeals and the provisions a letter cites.

Sources (checked 2026-11): GDPR Art. 12(3) and Regulation 1182/71 Art. 3(4) for counting; the ICO's "time
limits for responding" guidance for the UK; Cal. Code Regs. tit. 11 § 7021 for the CCPA; each state act's
response section (45 days, +45 with notice; Florida +15; Iowa 90 days) and appeal section; PIPEDA s. 8(3).
Only laws in force are listed: Oklahoma and Louisiana (2027-01-01), Alabama (2027-05-01) and Vermont
(2028-01-01) are enacted but not yet here. Appeal periods marked "secondary" come from practitioner summaries,
not the statute text, and want a check before they are relied on in a letter.
"""

from __future__ import annotations

from datetime import date
from types import MappingProxyType
from typing import Final

from brokers.holidays import HolidayCalendar
from brokers.jurisdictions import EEA_COUNTRIES
from brokers.laws import Appeal, Law, LawFamily, Period, Unit

ONE_MONTH = Period(1, Unit.CALENDAR_MONTHS)
TWO_MONTHS = Period(2, Unit.CALENDAR_MONTHS)
DAYS_45 = Period(45, Unit.CALENDAR_DAYS)


def _state(row: tuple[str, str, str, str, str, str, tuple[int, int], tuple[int, int] | None]) -> Law:
    code, short_name, name, state, effective, citation, (response, extension), appeal = row
    return Law(
        code=code,
        short_name=short_name,
        name=name,
        family=LawFamily.US_STATE,
        jurisdictions=(state,),
        effective=date.fromisoformat(effective),
        response=Period(response, Unit.CALENDAR_DAYS),
        extension=Period(extension, Unit.CALENDAR_DAYS),
        appeal=Appeal(*appeal) if appeal else None,
        deletion_citation=citation,
        opt_out_citation=citation,
        timeline_citation=citation,
        holidays=HolidayCalendar.US_FEDERAL,
    )


# Where a section number could not be confirmed, the act is cited by name.
# fmt: off
_STATE_ROWS: Final = (
    # code, short name, name, state, in force from, citation, (days, extension), appeal (days, extension)
    ("vcdpa", "VCDPA", "Virginia Consumer Data Protection Act", "US-VA", "2023-01-01",
     "Va. Code § 59.1-577", (45, 45), (60, 0)),
    ("cpa", "CPA", "Colorado Privacy Act", "US-CO", "2023-07-01",
     "Colo. Rev. Stat. § 6-1-1306", (45, 45), (45, 60)),
    ("ctdpa", "CTDPA", "Connecticut Data Privacy Act", "US-CT", "2023-07-01",
     "Conn. Gen. Stat. § 42-518", (45, 45), (60, 0)),
    ("ucpa", "UCPA", "Utah Consumer Privacy Act", "US-UT", "2023-12-31",
     "Utah Code § 13-61-201", (45, 45), None),
    ("tdpsa", "TDPSA", "Texas Data Privacy and Security Act", "US-TX", "2024-07-01",
     "Tex. Bus. & Com. Code § 541.051", (45, 45), (60, 0)),
    # Florida's act binds only very large controllers (over $1 billion in revenue); appeal: secondary.
    ("fdbr", "FDBR", "Florida Digital Bill of Rights", "US-FL", "2024-07-01",
     "Fla. Stat. § 501.705", (45, 15), (60, 0)),
    ("ocpa", "OCPA", "Oregon Consumer Privacy Act", "US-OR", "2024-07-01",
     "Or. Rev. Stat. § 646A.574", (45, 45), (45, 0)),
    ("mcdpa", "MCDPA", "Montana Consumer Data Privacy Act", "US-MT", "2024-10-01",
     "Montana Consumer Data Privacy Act", (45, 45), (60, 0)),
    ("dpdpa", "DPDPA", "Delaware Personal Data Privacy Act", "US-DE", "2025-01-01",
     "Del. Code tit. 6, § 12D-104", (45, 45), (60, 0)),
    ("icdpa", "ICDPA", "Iowa Consumer Data Protection Act", "US-IA", "2025-01-01",
     "Iowa Code § 715D.3", (90, 45), (60, 0)),
    ("ndpa", "NDPA", "Nebraska Data Privacy Act", "US-NE", "2025-01-01",
     "Nebraska Data Privacy Act", (45, 45), (60, 0)),
    ("nhpa", "NHPA", "New Hampshire Privacy Act", "US-NH", "2025-01-01",
     "N.H. Rev. Stat. § 507-H:4", (45, 45), (60, 0)),
    # Appeal: secondary.
    ("njdpa", "NJDPA", "New Jersey Data Privacy Act", "US-NJ", "2025-01-15",
     "N.J. Stat. § 56:8-166.4 et seq.", (45, 45), (45, 0)),
    ("tipa", "TIPA", "Tennessee Information Protection Act", "US-TN", "2025-07-01",
     "Tennessee Information Protection Act", (45, 45), (60, 0)),
    # Appeal extension: secondary.
    ("mncdpa", "MCDPA", "Minnesota Consumer Data Privacy Act", "US-MN", "2025-07-31",
     "Minn. Stat. § 325M.14", (45, 45), (45, 60)),
    # In force 2025-10-01; it applies to processing from 2026-04-01.
    ("modpa", "MODPA", "Maryland Online Data Privacy Act", "US-MD", "2025-10-01",
     "Maryland Online Data Privacy Act", (45, 45), (60, 0)),
    ("incdpa", "ICDPA", "Indiana Consumer Data Protection Act", "US-IN", "2026-01-01",
     "Indiana Consumer Data Protection Act", (45, 45), (60, 0)),
    ("kcdpa", "KCDPA", "Kentucky Consumer Data Protection Act", "US-KY", "2026-01-01",
     "Kentucky Consumer Data Protection Act", (45, 45), (60, 0)),
    ("ridtppa", "RIDTPPA", "Rhode Island Data Transparency and Privacy Protection Act", "US-RI",
     "2026-01-01", "R.I. Gen. Laws § 6-48.1-5", (45, 45), (60, 0)),
)
# fmt: on


_LAWS: Final = (
    Law(
        code="gdpr",
        short_name="GDPR",
        name="General Data Protection Regulation (EU) 2016/679",
        family=LawFamily.GDPR,
        jurisdictions=tuple(EEA_COUNTRIES),
        effective=date(2018, 5, 25),
        response=ONE_MONTH,
        extension=TWO_MONTHS,
        deletion_citation="Art. 17 GDPR",
        objection_citation="Art. 21(2) and (3) GDPR",
        timeline_citation="Art. 12(3) GDPR",
        # Regulation 1182/71 Art. 3(4): a period ending on a Saturday, Sunday or holiday runs to the next
        # working day. National holidays differ by member state; only weekends are counted here.
        roll_to_working_day=True,
    ),
    Law(
        code="uk_gdpr",
        short_name="UK GDPR",
        name="UK General Data Protection Regulation and Data Protection Act 2018",
        family=LawFamily.UK_GDPR,
        jurisdictions=("GB",),
        effective=date(2021, 1, 1),
        response=ONE_MONTH,
        extension=TWO_MONTHS,
        deletion_citation="Art. 17 UK GDPR",
        objection_citation="Art. 21(2) and (3) UK GDPR",
        timeline_citation="Art. 12(3) UK GDPR",
        roll_to_working_day=True,
        holidays=HolidayCalendar.ENGLAND_WALES,
    ),
    Law(
        code="ccpa",
        short_name="CCPA",
        name="California Consumer Privacy Act",
        family=LawFamily.US_STATE,
        jurisdictions=("US-CA",),
        effective=date(2020, 1, 1),
        response=DAYS_45,
        extension=DAYS_45,
        receipt_confirmation=Period(10, Unit.BUSINESS_DAYS),
        deletion_citation="Cal. Civ. Code § 1798.105",
        opt_out_citation="Cal. Civ. Code § 1798.120",
        timeline_citation="Cal. Code Regs. tit. 11, § 7021",
        holidays=HolidayCalendar.US_FEDERAL,
    ),
    *(_state(row) for row in _STATE_ROWS),
    Law(
        code="pipeda",
        short_name="PIPEDA",
        name="Personal Information Protection and Electronic Documents Act",
        family=LawFamily.PIPEDA,
        jurisdictions=("CA",),
        effective=date(2001, 1, 1),
        # s. 8(3) sets 30 days for access; PIPEDA has no erasure deadline, so the letter asks, not demands.
        response=Period(30, Unit.CALENDAR_DAYS),
        extension=Period(30, Unit.CALENDAR_DAYS),
        deletion_citation="PIPEDA, Schedule 1, principles 4.3.8 and 4.5.3",
        timeline_citation="PIPEDA s. 8(3)",
        statutory_deadline=False,
    ),
    Law(
        code="generic",
        short_name="privacy law",
        name="applicable data protection law",
        family=LawFamily.GENERIC,
        jurisdictions=(),
        effective=None,
        response=Period(30, Unit.CALENDAR_DAYS),
        statutory_deadline=False,
    ),
)

LAWS: Final = MappingProxyType({law.code: law for law in _LAWS})
