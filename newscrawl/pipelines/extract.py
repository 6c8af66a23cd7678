"""Extraction, off the reactor thread: each fetched page goes to the process pool (:mod:`newscrawl.pool`),
and the crawl goes on fetching while workers extract.

The spider yields a :class:`FetchedPage`; :class:`ExtractPipeline`, first of the pipelines, awaits its
article. Scrapy keeps the page's response counted in the scraper's active size while its item is awaited,
so when ``SCRAPER_SLOT_MAX_ACTIVE_SIZE`` worth of pages wait for extraction the engine stops downloading:
the pages in flight, and memory, stay bounded however slow extraction is. A page over
``NEWSCRAWL_EXTRACT_MAX_BYTES`` is not extracted (``newscrawl/dropped/too_large``); one that takes longer
than ``NEWSCRAWL_EXTRACT_TIMEOUT`` has its worker killed and replaced (``newscrawl/dropped/extract_timeout``).
Both are drops, so the seen-store marks them and the next run does not fetch them again. When a pipeline
stops the crawl (``crawl_stopping``: ``-a max_articles=N`` reached), the pages not yet extracted are dropped
with its reason, unextracted and not remembered, so the stop costs no more extraction.
A page under the size limit with more than 5,000 links or 50,000 tags is extracted from a pruned tree
(:mod:`newscrawl.page.bulk`): its article is stored, counted in ``newscrawl/articles/pruned`` with one INFO line.
``NEWSCRAWL_EXTRACT_WORKERS = 0`` extracts in the reactor thread, with no time limit.
"""
from __future__ import annotations

import logging
from typing import Any

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer

from .. import pool
from ..pool import FetchedPage
from ..filters import Verdict
from ..signals import crawl_stopping, page_extracted
from .filters import Drop

logger = logging.getLogger(__name__)
STOPPED = "the crawl stopped before its extraction"


class ExtractPipeline:
    def __init__(self, workers: int, timeout: float, max_bytes: int, stats: Any, signals: Any = None) -> None:
        self.workers, self.timeout, self.max_bytes = workers, timeout, max_bytes
        self.stats = stats
        self.signals = signals
        self.pool: pool.Pool | None = None
        self.waiting: set = set()  # futures of this crawl's pages submitted and not answered yet
        self.stopping: str | None = None  # the reason a pipeline stopped the crawl

    @classmethod
    def from_crawler(cls, crawler: Any) -> "ExtractPipeline":
        s = crawler.settings
        pipe = cls(s.getint("NEWSCRAWL_EXTRACT_WORKERS"), s.getfloat("NEWSCRAWL_EXTRACT_TIMEOUT"),
                   s.getint("NEWSCRAWL_EXTRACT_MAX_BYTES"), crawler.stats, crawler.signals)
        crawler.signals.connect(pipe.stop, signal=crawl_stopping)
        return pipe

    def stop(self, reason: str) -> None:
        self.stopping = reason
        if self.pool is not None:
            self.pool.withdraw(frozenset(self.waiting), (None, reason, STOPPED))

    def open_spider(self) -> None:
        if self.workers > 0:
            self.pool = pool.shared(self.workers)

    def close_spider(self) -> None:
        if self.pool is not None:
            pool.release(self.pool)
            self.pool = None

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        if self.stopping:
            outcome = (None, self.stopping, STOPPED)
        elif self.pool is None:
            outcome = pool.extract_here(item.job, self.max_bytes)
        else:
            future = self.pool.submit(item.job, self.timeout, self.max_bytes)
            self.waiting.add(future)
            try:
                outcome = await _outcome(future)
            finally:
                self.waiting.discard(future)
        article, reason, detail = outcome
        if article is None:
            raise self._drop(item, reason, detail)
        article.site = item.site
        self.stats.inc_value("newscrawl/articles/extracted")
        if reason == pool.PRUNED:
            self.stats.inc_value("newscrawl/articles/pruned")
            logger.info("page too big to extract whole (%s): %s", detail, item.url)
        if self.signals is not None:
            self.signals.send_catch_log(page_extracted, page=item, article=article)
        return article

    def _drop(self, item: FetchedPage, reason: str, detail: str) -> Drop:
        """The stat and the one line of a page that gives no article."""
        if reason == "not_html":  # the bytes, read, were no HTML page after all
            self.stats.inc_value("newscrawl/skipped/not_html")
        elif reason in ("error", "crashed"):  # ours: a bug in an extractor, a worker killed by a C library
            self.stats.inc_value(f"newscrawl/errors/extract/{reason}")
            logger.error("extraction %s (%s): %s", reason, detail, item.url)
        else:
            self.stats.inc_value(f"newscrawl/dropped/{reason}")
        # a page left unextracted by the stop is not remembered: another run may store it
        return Drop(Verdict(reason, f"{detail}: {item.url}"), remember=reason != self.stopping)


async def _outcome(future: Any) -> pool.Outcome:
    """Wait in the reactor for a future the pool's thread completes."""
    from twisted.internet import reactor  # the one the crawl installed: not at import time

    d: defer.Deferred = defer.Deferred()

    def done(f: Any) -> None:
        reactor.callFromThread(d.callback, f.result())

    future.add_done_callback(done)
    return await maybe_deferred_to_future(d)

