"""Sweep mode: read every message's From/Reply-To (or only those added since a history id) and match each.

This is what a metadata-only grant allows (Gmail refuses search queries under it), and what a deep
scan does on purpose: it also counts the sender domains the catalog does not know.
"""

from __future__ import annotations

import logging

from bot.scanning.results import Tally
from bot.scanning.state import Phase, ScanRun
from brokers.errors import HistoryExpired
from brokers.mailbox import MessageHeaders
from brokers.matching import SENDING_PROVIDERS, is_freemail, match_sender, parse_sender

log = logging.getLogger(__name__)

PAGE_SIZE = 500  # messages.list's maximum


class SweepScan:
    def __init__(self, run: ScanRun) -> None:
        self.run = run
        self.state = run.state

    async def run_phases(self) -> None:
        if self.state.phase is Phase.HISTORY:
            try:
                await self._history()
            except HistoryExpired:
                log.info("history id too old: sweeping the whole mailbox instead")
                self.state.phase, self.state.page_token, self.state.history_offset = Phase.PAGES, None, 0
        if self.state.phase is Phase.PAGES:
            await self._pages()
        self.state.phase = Phase.DONE

    async def _pages(self) -> None:
        state = self.state
        while True:
            self.run.stop_if_cancelled()
            ids, token = await self.run.mailbox.list_message_ids(
                None, page_token=state.page_token, max_results=PAGE_SIZE, include_spam_trash=True
            )
            reached_older = await self._examine(ids)
            state.page_token = token
            await self.run.step(state.examined, state.messages_total, Phase.PAGES)
            # Pages come newest first: once one reaches mail older than `after`, the rest is older still.
            if token is None or reached_older:
                return

    async def _history(self) -> None:
        state = self.state
        assert state.history_start is not None
        ids, _ = await self.run.mailbox.history_message_ids(state.history_start)
        while state.history_offset < len(ids):
            self.run.stop_if_cancelled()
            await self._examine(ids[state.history_offset : state.history_offset + PAGE_SIZE])
            state.history_offset += PAGE_SIZE
            await self.run.step(min(state.history_offset, len(ids)), len(ids), Phase.HISTORY)
        state.phase = Phase.DONE

    async def _examine(self, ids: list[str]) -> bool:
        """Match a page of messages; say whether it reached mail older than the scan's start date."""
        fetched = await self.run.mailbox.headers(ids)
        self.state.examined += len(ids)
        reached_older = False
        for headers in fetched:
            if self.state.after is not None and headers.internal_date.timestamp() < self.state.after:
                reached_older = True
                continue
            self._match(headers)
        return reached_older

    def _match(self, headers: MessageHeaders) -> None:
        broker = match_sender(self.run.catalog, headers.from_header or "", headers.reply_to)
        if broker is not None:
            tally = self.state.tallies.setdefault(str(broker.id), Tally())
            tally.count += 1
            tally.see(headers.internal_date, parse_sender(headers.from_header or ""))
            return
        domain = unknown_domain(headers, self.state.own_domain)
        if domain is not None:
            self.state.unknown[domain] += 1


def unknown_domain(headers: MessageHeaders, own_domain: str | None) -> str | None:
    """The company domain behind a message no broker matched; None for people and for our own domain."""
    sender = parse_sender(headers.from_header or "")
    if sender is None or is_freemail(sender.host):
        return None
    domain = sender.domain
    if domain in SENDING_PROVIDERS:
        replier = parse_sender(headers.reply_to or "")
        domain = replier.domain if replier is not None and not is_freemail(replier.host) else sender.host
    return None if domain == own_domain else domain
