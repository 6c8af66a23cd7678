"""Skips article requests that an earlier run stored; marks what this run stores (on Parquet commit, or once
a feed export such as ``-O articles.parquet`` is written)."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, AsyncIterator

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured

from ..discovery.urls import canonicalize
from ..pipelines.extract import FetchedPage
from ..record import Article
from ..signals import page_extracted, parquet_committed
from ..state import SeenStore

logger = logging.getLogger(__name__)


class SeenMiddleware:
    """Spider middleware over the :class:`SeenStore` (``NEWSCRAWL_STATE_DIR/seen.sqlite3``).

    Settings: ``NEWSCRAWL_SEEN_ENABLED`` (default on), ``NEWSCRAWL_SEEN_TTL_DAYS`` (default 30: an entry older
    than that is forgotten and its URL fetched again). Stats: ``newscrawl/skipped/seen``,
    ``newscrawl/refetch/updated`` (sitemap lastmod newer than the stored version), ``newscrawl/seen/marked``.
    """

    def __init__(self, store: SeenStore, site: str | None = None, stats: Any = None, feeds: bool = False) -> None:
        self.store = store
        self.site = site
        self.stats = stats
        self.feeds = feeds  # a feed export (-O/-o, FEEDS) runs: what it stores is marked once it is written
        self.pending: dict[str, tuple[set[str], Any]] = {}  # article url -> (keys, lastmod)
        self.lastmods: dict[str, Any] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> "SeenMiddleware":
        s = crawler.settings
        if not s.getbool("NEWSCRAWL_SEEN_ENABLED"):
            raise NotConfigured
        path = Path(s.get("NEWSCRAWL_STATE_DIR")) / "seen.sqlite3"
        store = SeenStore(path, ttl_days=s.getfloat("NEWSCRAWL_SEEN_TTL_DAYS"))
        mw = cls(store, stats=crawler.stats, feeds=bool(s.getdict("FEEDS")))
        if store.expired:
            crawler.stats.set_value("newscrawl/seen/expired", store.expired)
        crawler.signals.connect(mw.extracted, signal=page_extracted)
        crawler.signals.connect(mw.committed, signal=parquet_committed)
        crawler.signals.connect(mw.dropped, signal=signals.item_dropped)
        crawler.signals.connect(mw.closed, signal=signals.spider_closed)
        crawler.signals.connect(mw.opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.exported, signal=signals.feed_exporter_closed)
        return mw

    def opened(self, spider: Any) -> None:
        self.site = getattr(getattr(spider, "site", None), "name", spider.name)

    async def process_spider_output(self, response: Any, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for obj in result:
            if isinstance(obj, Request) and obj.meta.get("newscrawl_kind") == "article":
                entry = obj.meta.get("newscrawl_entry")
                lastmod = getattr(entry, "lastmod", None)
                verdict = self.store.check(canonicalize(obj.url), lastmod)
                if verdict == "seen":
                    self.stats.inc_value("newscrawl/skipped/seen")
                    continue
                if verdict == "updated":
                    self.stats.inc_value("newscrawl/refetch/updated")
                self.lastmods[obj.url] = lastmod
            elif isinstance(obj, (Article, FetchedPage)):  # a page is extracted later, in the pool
                canonical = obj.canonical_url if isinstance(obj, Article) else None
                urls = [obj.url, canonical, response.request.url, *response.meta.get("redirect_urls", [])]
                keys = {canonicalize(u) for u in urls if u}
                self.pending[obj.url] = (keys, self.lastmods.pop(response.request.url, None))
            yield obj

    def extracted(self, page: FetchedPage, article: Article) -> None:
        """The article's canonical URL is known once its page is extracted: it is marked with the others."""
        if article.canonical_url and page.url in self.pending:
            self.pending[page.url][0].add(canonicalize(article.canonical_url))

    def _mark(self, url: str, status: str) -> None:
        keys, lastmod = self.pending.pop(url, (set(), None))
        n = self.store.mark((k, self.site, lastmod, status) for k in keys)
        self.stats.inc_value("newscrawl/seen/marked", n)

    def committed(self, file: Any) -> None:
        for url in file.urls:
            self._mark(url, "stored")

    def dropped(self, item: Any, response: Any, exception: Any, spider: Any = None) -> None:
        if isinstance(item, (Article, FetchedPage)):  # a page dropped before extraction: too large, too slow
            self._mark(item.url, f"dropped:{getattr(exception, 'reason', type(exception).__name__)}")

    def exported(self) -> None:
        """The feed exports are written: what they hold is stored (unless one of them failed)."""
        failed = any(k.startswith("feedexport/failed_count/") for k in self.stats.get_stats())
        if not failed:
            for url in list(self.pending):
                self._mark(url, "stored")
        self._finish()

    def closed(self, spider: Any, reason: str) -> None:
        if not self.feeds:  # else the store is closed once the feed exports are written
            self._finish()

    def _finish(self) -> None:
        if self.pending:
            logger.info("%d stored article(s) not marked as seen: no committed Parquet file or written feed holds them",
                        len(self.pending))
            self.pending.clear()
        self.store.close()
