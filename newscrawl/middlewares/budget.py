"""A cap on the article requests one site queues in one run (``NEWSCRAWL_MAX_REQUESTS``).

Placed after the seen-store (what an earlier run stored is not counted), so the cap is on new work. Requests
beyond it are dropped and counted in ``newscrawl/requests/over_limit``; the first one is logged.
"""
from __future__ import annotations

import logging
from typing import Any, AsyncIterator

from scrapy import Request
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)


class RequestBudgetMiddleware:
    def __init__(self, max_requests: int, stats: Any) -> None:
        self.max_requests = max_requests
        self.stats = stats
        self.queued = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> "RequestBudgetMiddleware":
        limit = crawler.settings.getint("NEWSCRAWL_MAX_REQUESTS")
        if limit <= 0:
            raise NotConfigured
        return cls(limit, crawler.stats)

    async def process_spider_output(self, response: Any, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for obj in result:
            if isinstance(obj, Request) and obj.meta.get("newscrawl_kind") == "article":
                if self.queued >= self.max_requests:
                    if not self.stats.get_value("newscrawl/requests/over_limit"):
                        logger.warning("%d article requests queued for this site (NEWSCRAWL_MAX_REQUESTS): "
                                       "the rest are not fetched in this run", self.max_requests)
                    self.stats.inc_value("newscrawl/requests/over_limit")
                    continue
                self.queued += 1
            yield obj
