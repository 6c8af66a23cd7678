"""Discovery once per run: only the worker that started the shared run reads robots.txt, sitemaps and feeds."""
from __future__ import annotations

import logging
from typing import Any, AsyncIterator

import redis
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)


class DiscoveryOnceMiddleware:
    """Spider middleware: the spider's ``start()`` runs in the run's first worker only; the others take
    their requests from the shared queue. When ``start()`` is done, the run's discovery is marked done
    (until then the other workers wait for the queue rather than close)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> "DiscoveryOnceMiddleware":
        if not crawler.settings.get("NEWSCRAWL_REDIS_URL"):
            raise NotConfigured("NEWSCRAWL_REDIS_URL is empty")
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        scheduler = self.crawler.engine.scheduler
        workers = getattr(scheduler, "workers", None)
        if workers is None or getattr(scheduler, "lost", False):
            return
        if not workers.discoverer:
            logger.info("run %s: another worker discovers; this one takes requests from the shared queue",
                        workers.run_id)
            return
        async for request in start:
            yield request
        try:
            workers.discovery_done()
        except redis.RedisError as exc:
            scheduler.lose(exc)
