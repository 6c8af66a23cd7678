"""Retries with backoff on 429 and 503 that honour ``Retry-After``."""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.defer import deferred_to_future
from twisted.internet import reactor, task

logger = logging.getLogger(__name__)

BACKOFF_CODES = {429, 503}


def retry_after_seconds(value: bytes | str | None, attempt: int, base: float, now: datetime | None = None) -> float:
    """Seconds to wait: the ``Retry-After`` header (seconds or an HTTP date), else ``base * 2**attempt``."""
    if isinstance(value, bytes):
        value = value.decode("latin-1", "ignore")
    value = (value or "").strip()
    if value.isdigit():
        return float(value)
    if value:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=timezone.utc)
            return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())
    return base * (2 ** attempt)


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retry, plus a wait before retrying a 429 or 503: what the server asked, or exponential backoff.

    Settings: ``NEWSCRAWL_BACKOFF_BASE`` (seconds, default 2) and ``NEWSCRAWL_RETRY_AFTER_MAX``
    (default 300): a server asking for a longer wait is not retried in this crawl (counted).
    """

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("NEWSCRAWL_BACKOFF_BASE")
        self.max_wait = settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX")

    async def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        if response.status not in BACKOFF_CODES or request.meta.get("dont_retry", False):
            return super().process_response(request, response)
        attempt = request.meta.get("retry_times", 0)
        wait = retry_after_seconds(response.headers.get("Retry-After"), attempt, self.base)
        stats = self.crawler.stats
        if wait > self.max_wait:
            stats.inc_value("newscrawl/retry_after/too_long")
            logger.warning("%s asks to wait %.0f s (> NEWSCRAWL_RETRY_AFTER_MAX): not retried in this crawl", request.url, wait)
            return response
        retry = self._retry(request, f"{response.status} (waited {wait:.1f} s)")
        if retry is None:
            return response
        stats.inc_value(f"newscrawl/retry_after/{response.status}")
        if wait > 0:
            await deferred_to_future(task.deferLater(reactor, wait, lambda: None))
        return retry
