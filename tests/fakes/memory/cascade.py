"""What the schema's ON DELETE rules do, for the in-memory tables."""

from __future__ import annotations

from dataclasses import replace

from brokers.accounts import AccountId
from brokers.lifecycle import RequestStatus
from brokers.profile import TelegramId
from tests.fakes.memory.database import Tables


def delete_account(tables: Tables, account_id: AccountId) -> None:
    row = tables.accounts.pop(account_id, None)
    scans = {i for i, row in tables.scans.items() if row.view.account_id == account_id}
    for scan_id in scans:
        del tables.scans[scan_id]
    for key in [k for k in tables.discoveries if k[0] == account_id]:
        del tables.discoveries[key]
    for request_id, request in list(tables.requests.items()):
        if request.account_id == account_id:
            tables.requests[request_id] = replace(request, account_id=None)
            if row is not None and request.status is RequestStatus.DRAFT:
                tables.parked[request_id] = (row.account.telegram_id, row.account.address)


def delete_user(tables: Tables, telegram_id: TelegramId) -> None:
    """The user and every row that belongs to them; audit rows they acted in go too (as in SQL)."""
    del tables.users[telegram_id]
    tables.status_messages.pop(telegram_id, None)
    tables.last_seen.pop(telegram_id, None)
    for account_id in [i for i, row in tables.accounts.items() if row.account.telegram_id == telegram_id]:
        delete_account(tables, AccountId(account_id))
    requests = {i for i, r in tables.requests.items() if r.telegram_id == telegram_id}
    for request_id in requests:
        del tables.requests[request_id]
        tables.parked.pop(request_id, None)
    for event_id in [i for i, e in tables.events.items() if e.request_id in requests]:
        del tables.events[event_id]
    for state in [s for s, row in tables.oauth_states.items() if row.pending.telegram_id == telegram_id]:
        del tables.oauth_states[state]
    for audit_id in [i for i, a in tables.audit.items() if telegram_id in (a.user_id, a.actor)]:
        del tables.audit[audit_id]
    for job_id in [i for i, j in tables.jobs.items() if j.user_id == telegram_id or j.request_id in requests]:
        del tables.jobs[job_id]
