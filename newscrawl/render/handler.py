"""scrapy-playwright's download handler, started by the first page that needs the browser.

scrapy-playwright starts Playwright (a Node.js driver process) for each handler when the engine starts:
one for ``http``, one for ``https``, in every crawl, though most crawls render no page at all and a site
uses one scheme. :class:`LazyPlaywrightHandler` starts it on its first rendered request instead (the
browser itself was already launched then); a crawl that renders nothing starts no driver.
Requests without ``meta["playwright"]`` go through Scrapy's own HTTP/1.1 handler as before.
"""
from __future__ import annotations

import asyncio
from typing import Any

from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler
from twisted.internet import defer


class LazyPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._start_lock = asyncio.Lock()
        self._driver_started = False

    # the engine starting no longer starts Playwright (both spellings of scrapy-playwright's signal handler)
    def _engine_started(self) -> defer.Deferred:
        return defer.succeed(None)

    async def _maybe_launch_in_thread(self) -> None:
        return None

    async def _download_request(self, request: Any, spider: Any = None) -> Any:
        async with self._start_lock:
            if not self._driver_started:
                await self._launch()
                self._driver_started = True
        return await super()._download_request(request, spider)
