"""The inbox scan: which data brokers have mailed this person, at a cost that grows with the findings."""

from bot.scanning.engine import run_scan
from bot.scanning.results import BrokerFinding, ScanMode, ScanResult, ScanStatus, SenderForm

__all__ = ["BrokerFinding", "ScanMode", "ScanResult", "ScanStatus", "SenderForm", "run_scan"]
