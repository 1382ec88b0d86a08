"""Reply detection: new mail in a request's thread or from the broker's domains, classified, and the
request moved accordingly. Only the class is stored; the phrase that decided it is shown once, never kept."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

from brokers.accounts import Account, AccountId, AccountState
from brokers.catalog import Catalog
from brokers.classify import Reply, ReplyClass, classify_reply, load_eml
from brokers.errors import MailboxAuthError, MailboxError
from brokers.lifecycle import RequestStatus, can_transition
from brokers.mailbox import FullMessage, Mailbox
from brokers.ports import UnitOfWork, UnitOfWorkFactory
from brokers.requests import DeletionRequest, RequestId

log = logging.getLogger(__name__)

S = RequestStatus
WATCHED = frozenset(
    {
        S.SENT,
        S.ACKNOWLEDGED,
        S.NEEDS_VERIFICATION,
        S.NEEDS_WEB_FORM,
        S.OVERDUE,
        S.FOLLOW_UP_SENT,
        S.ESCALATED,
        S.REFUSED,
        S.NO_DATA,
        S.COMPLETED,
        S.BOUNCED,
    }
)
OUTCOME = {
    ReplyClass.ACKNOWLEDGED: S.ACKNOWLEDGED,
    ReplyClass.NEEDS_VERIFICATION: S.NEEDS_VERIFICATION,
    ReplyClass.NEEDS_WEB_FORM: S.NEEDS_WEB_FORM,
    ReplyClass.COMPLETED: S.COMPLETED,
    ReplyClass.NO_DATA: S.NO_DATA,
    ReplyClass.REFUSED: S.REFUSED,
    ReplyClass.BOUNCED: S.BOUNCED,
}
NOT_REAPPEARANCE = frozenset({ReplyClass.BOUNCED, ReplyClass.AUTO_REPLY})
MAX_NEW_PER_CHECK = 20

MailboxOpener = Callable[[AccountId], AbstractAsyncContextManager[Mailbox]]


@dataclass(frozen=True, slots=True)
class ReplyFinding:
    """A reply worth telling the person about (its phrase lives only as long as this value)."""

    request: DeletionRequest
    cls: ReplyClass
    phrase: str
    changed: bool
    reappeared: bool
    gmail_id: str


class ReplyChecker:
    def __init__(
        self, uow: UnitOfWorkFactory, catalog: Callable[[], Catalog], open_mailbox: MailboxOpener
    ) -> None:
        self._uow = uow
        self._catalog = catalog
        self._open = open_mailbox
        # One check per account at a time in this process: the recurring check and the one a deadline
        # notice runs first may overlap, and each reply must be told once.
        self._locks: dict[AccountId, asyncio.Lock] = {}

    async def check(self, account_id: AccountId) -> list[ReplyFinding]:
        """Every new reply of the account's requests, classified and recorded, each returned once."""
        async with self._locks.setdefault(account_id, asyncio.Lock()):
            return await self._check(account_id)

    async def was_answered(self, request_id: RequestId) -> bool:
        """The broker wrote something other than an automatic reply about this request."""
        async with self._uow() as uow:
            history = await uow.requests.history(request_id)
        return any(
            e.evidence is not None and e.evidence.get("class") not in (None, ReplyClass.AUTO_REPLY.value)
            for e in history
            if e.reason.startswith("reply: ")
        )

    async def _check(self, account_id: AccountId) -> list[ReplyFinding]:
        async with self._uow() as uow:
            account = await uow.accounts.get(account_id)
            if account is None or account.state is not AccountState.ACTIVE:
                return []
            requests = [
                r
                for r in (await uow.requests.list_for(account.telegram_id, limit=1000))[0]
                if r.account_id == account_id and r.status in WATCHED and r.sent_at is not None
            ]
            seen = {r.id: await _seen(uow, r) for r in requests}
        findings: list[ReplyFinding] = []
        try:
            async with self._open(account_id) as mailbox:
                for request in requests:
                    for message_id in await self._new_mail(mailbox, account, request, seen[request.id]):
                        finding = await self._read_one(mailbox, account, request, message_id)
                        if finding is not None:
                            findings.append(finding)
                            request = finding.request
        except MailboxError:
            # The replies recorded so far are seen now: they must still be told, or they are lost.
            if not findings:
                raise
            log.warning("reply check of account %s stopped after %s replies", account_id, len(findings))
        return findings

    async def _read_one(
        self, mailbox: Mailbox, account: Account, request: DeletionRequest, message_id: str
    ) -> ReplyFinding | None:
        """The reply classified and recorded; None when it cannot be read now (deleted, Gmail busy):
        not recorded, so the next check tries again, and one bad message never blocks the others."""
        try:
            return await self._classify(mailbox, account, request, message_id)
        except MailboxAuthError:
            raise
        except MailboxError as exc:
            log.info("reply %s of request %s unreadable: %s", message_id, request.id, type(exc).__name__)
            return None

    async def _new_mail(
        self, mailbox: Mailbox, account: Account, request: DeletionRequest, seen: set[str]
    ) -> list[str]:
        """Replies in the thread, plus (with search) mail from the broker's domains since it was sent."""
        own = {request.gmail_message_id}
        ids: list[str] = []
        if request.gmail_thread_id:
            for message in await mailbox.thread_headers(request.gmail_thread_id):
                if message.id not in own and not _is_from(message.from_header, account.address):
                    ids.append(message.id)
        broker = self._catalog().get(request.broker_id)
        if broker is not None and account.grant.can_search and request.sent_at is not None:
            query = f"from:({' OR '.join(broker.domains)}) after:{int(request.sent_at.timestamp())}"
            found, _ = await mailbox.list_message_ids(query, max_results=MAX_NEW_PER_CHECK)
            ids += [i for i in found if i not in ids and i not in own]
        return [i for i in ids if i not in seen][:MAX_NEW_PER_CHECK]

    async def _classify(
        self, mailbox: Mailbox, account: Account, request: DeletionRequest, message_id: str
    ) -> ReplyFinding:
        message = await mailbox.read(message_id, raw=account.grant.can_search)
        result = classify_reply(_reply_of(message))
        # An automatic reply is never an answer: it moves nothing and the deadline keeps running.
        reappeared = request.status is S.COMPLETED and result.cls not in NOT_REAPPEARANCE
        target = OUTCOME.get(result.cls)
        # A reply the lifecycle does not let move the request (the same outcome twice, a bounce after
        # an answer) is only noted in the history, with its message id, so it is not read twice.
        if reappeared or (target is not None and not can_transition(request.status, target)):
            target = None
        evidence = {"gmail_id": message_id, "class": result.cls.value}
        async with self._uow() as uow:
            changed = target is not None and await uow.requests.move(
                request.id,
                expected=request.status,
                to=target,
                reason=f"reply: {result.cls.value}",
                evidence=evidence,
            )
            if not changed:
                await uow.requests.note(request.id, reason=f"reply: {result.cls.value}", evidence=evidence)
            await uow.commit()
            updated = await uow.requests.get(request.id)
        assert updated is not None
        return ReplyFinding(updated, result.cls, result.phrase, changed, reappeared, message_id)


async def _seen(uow: UnitOfWork, request: DeletionRequest) -> set[str]:
    return {
        str(e.evidence["gmail_id"])
        for e in await uow.requests.history(request.id)
        if e.evidence and "gmail_id" in e.evidence
    }


def _is_from(header: str | None, address: str) -> bool:
    return header is not None and address.lower() in header.lower()


def _reply_of(message: FullMessage) -> Reply:
    if message.raw is not None:
        return load_eml(message.raw.decode("utf-8", "replace"))
    headers = {name.lower(): value for name, value in message.headers.headers}
    return Reply(
        subject=headers.get("subject", ""),
        from_header=message.headers.from_header or "",
        text=message.snippet,
        headers=headers,
    )
