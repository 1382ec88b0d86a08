"""Importers: public broker lists (California's registry CSV, datarequests.org records) as catalog records.

Pure: each parser takes the downloaded text and returns records in the dict form that
`brokers.catalog.broker_from_record` and `Catalog.with_overrides` read, plus the rows it left out and
why. `summarize_import` is the dry run an operator reads before applying them.
"""

from brokers.importers.california import CA_REGISTRY_SOURCE, parse_california_registry
from brokers.importers.datarequests import parse_datarequests
from brokers.importers.fields import ImportResult, Record, SkippedRow
from brokers.importers.summary import ImportSummary, RecordChange, overrides_of, summarize_import

# The public lists an operator can import, by the name the CLI's --format takes.
IMPORT_FORMATS = {"california-registry": parse_california_registry, "datarequests": parse_datarequests}

__all__ = [
    "CA_REGISTRY_SOURCE",
    "IMPORT_FORMATS",
    "ImportResult",
    "ImportSummary",
    "Record",
    "RecordChange",
    "SkippedRow",
    "overrides_of",
    "parse_california_registry",
    "parse_datarequests",
    "summarize_import",
]
