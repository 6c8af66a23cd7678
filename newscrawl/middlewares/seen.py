"""Skips article requests that an earlier run stored; marks what this run stores (on Parquet commit, or once
a feed export such as ``-O articles.parquet`` is written).

A crawl that writes a feed export (``-O``/``-o``, ``FEEDS``) is a snapshot: it reads the store only when
``NEWSCRAWL_SEEN_WITH_FEEDS`` is on (``newscrawl run`` turns it on), so a repeated ``-O x.parquet`` writes the
same articles again instead of an empty file. It still marks what it stored."""
from __future__ import annotations

import logging
from typing import Any, AsyncIterator, Iterable

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured

from ..discovery.urls import canonicalize
from ..pool import FetchedPage
from ..record import Article
from ..signals import page_extracted, parquet_committed
from ..state.store import SeenBackend, open_seen_store

logger = logging.getLogger(__name__)


class SeenMiddleware:
    """Spider middleware over the seen-store (``NEWSCRAWL_STATE_DIR/seen.sqlite3``, or Redis when
    ``NEWSCRAWL_REDIS_URL`` is set: :func:`newscrawl.state.store.open_seen_store`).

    Settings: ``NEWSCRAWL_SEEN_ENABLED`` (default on), ``NEWSCRAWL_SEEN_TTL_DAYS`` (default 30: an entry older
    than that is forgotten and its URL fetched again). Stats: ``newscrawl/skipped/seen``,
    ``newscrawl/refetch/updated`` (sitemap lastmod newer than the stored version), ``newscrawl/seen/marked``;
    when the store is not read, ``newscrawl/seen/not_read`` and ``newscrawl/seen/fetched_again`` (stored before,
    fetched anyway).
    """

    def __init__(self, store: SeenBackend, site: str | None = None, stats: Any = None, feeds: bool = False,
                 read: bool = True) -> None:
        self.store = store
        self.site = site
        self.stats = stats
        self.feeds = feeds  # a feed export (-O/-o, FEEDS) runs: what it stores is marked once it is written
        self.read = read  # skip what the store holds (else only count it, and mark what is stored)
        self.pending: dict[str, tuple[set[str], Any]] = {}  # article url -> (keys, lastmod)
        self.lastmods: dict[str, Any] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> "SeenMiddleware":
        s = crawler.settings
        if not s.getbool("NEWSCRAWL_SEEN_ENABLED"):
            raise NotConfigured
        store = open_seen_store(s, crawler.spider)
        feeds = bool(s.getdict("FEEDS"))
        mw = cls(store, stats=crawler.stats, feeds=feeds, read=not feeds or s.getbool("NEWSCRAWL_SEEN_WITH_FEEDS"))
        if not mw.read:
            crawler.stats.set_value("newscrawl/seen/not_read", 1)
            logger.info("a feed export is a snapshot: the seen-store is not read, articles stored before are fetched "
                        "again (-s NEWSCRAWL_SEEN_WITH_FEEDS=1 skips them)")
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
                if verdict != "new" and not self.read:
                    self.stats.inc_value("newscrawl/seen/fetched_again")
                elif verdict == "seen":
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

    def _mark(self, urls: Iterable[str], status: str) -> None:
        """Mark the articles at ``urls`` (with every URL they were reached by) in one call of the store."""
        entries = []
        for url in urls:
            keys, lastmod = self.pending.pop(url, (set(), None))
            entries += [(k, self.site, lastmod, status) for k in keys]
        if entries:
            self.stats.inc_value("newscrawl/seen/marked", self.store.mark(entries))

    def committed(self, file: Any) -> None:
        self._mark(file.urls, "stored")  # a whole file at once: one round trip to Redis, one SQLite transaction

    def dropped(self, item: Any, response: Any, exception: Any, spider: Any = None) -> None:
        # the signal carries the spider's item: a FetchedPage, whether extraction or a later filter dropped it
        if not isinstance(item, (Article, FetchedPage)):
            return
        if getattr(exception, "remember", True):
            self._mark([item.url], f"dropped:{getattr(exception, 'reason', type(exception).__name__)}")
        else:
            self.pending.pop(item.url, None)  # dropped by this crawl's -a filters: a later crawl may want it

    def exported(self) -> None:
        """The feed exports are written: what they hold is stored (unless one of them failed)."""
        failed = any(k.startswith("feedexport/failed_count/") for k in self.stats.get_stats())
        if not failed:
            self._mark(list(self.pending), "stored")
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
