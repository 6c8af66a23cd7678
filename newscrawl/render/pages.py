"""Browser pages kept open and reused from one rendered article to the next.

Opening and closing a page (a tab) costs Chromium more than rendering a small article does:
on the rendering benchmark, a fresh page per article takes ~280 ms of CPU, a reused page
~140 ms, and twice as many pages render per second. scrapy-playwright reuses a page given in
``meta["playwright_page"]`` and leaves it open with ``meta["playwright_include_page"]``; this
pool hands pages out and takes them back.

At most ``size`` pages exist at once (``PLAYWRIGHT_MAX_PAGES_PER_CONTEXT`` is set to the same
bound, so scrapy-playwright never blocks on its own limit); a request that finds no idle page
and no free slot waits. A page is closed, and its slot freed, after ``max_uses`` articles, after
a failure, or when it was closed under us (a crash, a browser restart), so memory stays flat
over a long crawl.
"""
from __future__ import annotations

import asyncio
import logging
from collections import deque
from contextlib import suppress
from typing import Any

logger = logging.getLogger(__name__)


class PagePool:
    def __init__(self, size: int, max_uses: int = 20) -> None:
        self.size = max(1, size)
        self.max_uses = max(1, max_uses)
        self.idle: list[Any] = []
        self.slots = 0  # pages open or being opened for a request
        self.uses: dict[Any, int] = {}
        self.waiters: deque[asyncio.Future[None]] = deque()

    async def acquire(self) -> Any | None:
        """An idle page; or None, with a slot reserved: the caller lets scrapy-playwright open a new page."""
        while True:
            while self.idle:
                page = self.idle.pop()
                if not page.is_closed():
                    return page
                self._forget(page)
            if self.slots < self.size:
                self.slots += 1
                return None
            waiter = asyncio.get_running_loop().create_future()
            self.waiters.append(waiter)
            await waiter

    async def release(self, page: Any | None, reusable: bool) -> None:
        """Give back the slot of a request: its page goes back to the pool, or is closed."""
        if page is None:  # the slot was reserved, no page came of it
            self.slots -= 1
        else:
            uses = self.uses[page] = self.uses.get(page, 0) + 1
            if reusable and uses < self.max_uses and not page.is_closed():
                self.idle.append(page)
            else:
                self._forget(page)
                with suppress(Exception):  # already closed, crashed, or the browser is gone
                    await page.close()
        self._wake()

    def _forget(self, page: Any) -> None:
        self.uses.pop(page, None)
        self.slots -= 1

    def _wake(self) -> None:
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return

    async def close(self) -> None:
        idle, self.idle = self.idle, []
        for page in idle:
            self._forget(page)
            with suppress(Exception):
                await page.close()
