"""Recording a classified reply on its request: the status move the reply means, or a note in the
request's history; either keeps the Gmail id and the class, so the reply is never read twice."""

from __future__ import annotations

from dataclasses import dataclass

from brokers.classify import Classification, ReplyClass, reply_reason
from brokers.lifecycle import RequestStatus, can_transition
from brokers.ports import UnitOfWork
from brokers.requests import DeletionRequest

S = RequestStatus
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


@dataclass(frozen=True, slots=True)
class ReplyFinding:
    """A reply worth telling the person about (its phrase lives only as long as this value)."""

    request: DeletionRequest
    cls: ReplyClass
    phrase: str
    changed: bool
    reappeared: bool
    gmail_id: str


@dataclass(frozen=True, slots=True)
class ReadReply:
    request: DeletionRequest
    message_id: str
    result: Classification


async def record_reply(uow: UnitOfWork, request: DeletionRequest, item: ReadReply) -> ReplyFinding:
    """Move the request as the reply says, or note the reply in its history (so it is never read twice)."""
    cls = item.result.cls
    # An automatic reply is never an answer: it moves nothing and the deadline keeps running.
    reappeared = request.status is S.COMPLETED and cls not in NOT_REAPPEARANCE
    target = OUTCOME.get(cls)
    # A reply the lifecycle does not let move the request (the same outcome twice, a bounce after an
    # answer) is only noted in the history, with its message id.
    if reappeared or (target is not None and not can_transition(request.status, target)):
        target = None
    evidence = {"gmail_id": item.message_id, "class": cls.value}
    reason = reply_reason(cls)
    changed = target is not None and await uow.requests.move(
        request.id, expected=request.status, to=target, reason=reason, evidence=evidence
    )
    if not changed:
        await uow.requests.note(request.id, reason=reason, evidence=evidence)
    updated = await uow.requests.get(request.id)
    assert updated is not None
    return ReplyFinding(updated, cls, item.result.phrase, changed, reappeared, item.message_id)


async def seen_ids(uow: UnitOfWork, request: DeletionRequest) -> set[str]:
    return {
        str(e.evidence["gmail_id"])
        for e in await uow.requests.history(request.id)
        if e.evidence and "gmail_id" in e.evidence
    }
