"""Skips article requests that an earlier run stored; marks what this run stores (on Parquet commit, or once
a feed export such as ``-O articles.parquet`` is written).

Nothing is marked before the record that justifies it is committed. A dropped page is marked with the next
committed file, and only once no article still waiting for its file shares one of its URLs: the print copy
of an article (dropped as ``duplicate_url``) carries the kept article's canonical URL, and marking that
early would lose the kept article, for the TTL, to a crash before its file is written.

A crawl that writes a feed export (``-O``/``-o``, ``FEEDS``) is a snapshot: it reads the store only when
``NEWSCRAWL_SEEN_WITH_FEEDS`` is on (``newscrawl run`` turns it on), so a repeated ``-O x.parquet`` writes the
same articles again instead of an empty file. It still marks what it stored."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, AsyncIterator, Iterable

import pyarrow.parquet as pq

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured

from ..discovery.urls import canonicalize
from ..parquet.layout import partition_dir
from ..pool import FetchedPage
from ..record import Article
from ..signals import page_extracted, parquet_committed, stop_crawl
from ..state.store import SeenBackend, SeenStoreError, open_seen_store

logger = logging.getLogger(__name__)

CLOCK_SLACK = 2.0  # seconds: a file's mtime may read a little earlier than the mark that followed its commit


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
                 read: bool = True, output: str | None = None, stop: Any = None) -> None:
        self.store = store
        self.output = output  # the Parquet dataset's root, read back after a crawl that could not mark
        self.stop = stop  # stops the crawl (reason "seen_store_failed") when the store cannot be written
        self.broken = False  # the store failed once: nothing more is marked in this crawl
        self.site = site
        self.stats = stats
        self.feeds = feeds  # a feed export (-O/-o, FEEDS) runs: what it stores is marked once it is written
        self.read = read  # skip what the store holds (else only count it, and mark what is stored)
        self.pending: dict[str, tuple[set[str], Any]] = {}  # article url -> (keys, lastmod)
        self.drops: list[tuple[set[str], Any, str]] = []  # dropped, not yet marked: (keys, lastmod, status)
        self.stored: set[str] = set()  # keys this run marked stored: a drop sharing one does not overwrite it
        self.lastmods: dict[str, Any] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> "SeenMiddleware":
        s = crawler.settings
        if not s.getbool("NEWSCRAWL_SEEN_ENABLED"):
            raise NotConfigured
        store = open_seen_store(s, crawler.spider)
        feeds = bool(s.getdict("FEEDS"))
        output = s.get("NEWSCRAWL_OUTPUT_DIR") if s.getbool("NEWSCRAWL_DATASET_ENABLED") else None

        mw = cls(store, stats=crawler.stats, feeds=feeds, read=not feeds or s.getbool("NEWSCRAWL_SEEN_WITH_FEEDS"),
                 output=output, stop=lambda: stop_crawl(crawler, "seen_store_failed"))
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
        if self.output:
            self._recover(Path(self.output))

    def _recover(self, root: Path) -> None:
        """Mark the articles of the site's part files committed after its last mark (see the module) that the
        store does not hold: the last file committed before the mark is read again (``CLOCK_SLACK``), and
        marking its URLs anew would date them to this run and hide a newer sitemap ``lastmod``."""
        since = self.store.last_marked(self.site)
        if since is None:  # a site never marked: a state removed on purpose fetches everything again
            return
        folder = partition_dir(root, self.site or "news", "-").parent
        files = [p for p in sorted(folder.glob("crawl_date=*/part-*.parquet"))
                 if p.stat().st_mtime > since - CLOCK_SLACK]
        entries = []
        for path in files:
            try:
                table = pq.read_table(path, columns=["url", "canonical_url"])
            except Exception as exc:  # a file another tool damaged: its articles are fetched again
                logger.warning("cannot read %s back for the seen-store: %s", path, exc)
                continue
            for row in table.to_pylist():  # a URL the store knows keeps its entry (its lastmod and time)
                entries += [(key, self.site, None, "stored") for key in {canonicalize(u) for u in row.values() if u}
                            if self.store.check(key) == "new"]
        if entries:
            self._store(entries)
            self.stats.inc_value("newscrawl/seen/recovered", len(entries))
            logger.info("marked %d URL(s) of %d part file(s) committed after the last mark of %s",
                        len(entries), len(files), self.site)

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
        """Mark the articles at ``urls`` (with every URL they were reached by) and the drops that may now be
        marked, in one call of the store."""
        entries = []
        for url in urls:
            keys, lastmod = self.pending.pop(url, (set(), None))
            entries += [(k, self.site, lastmod, status) for k in keys]
            self.stored |= keys
        entries += self._released_drops()
        if entries:
            self._store(entries)

    def _store(self, entries: list[tuple[str, str | None, Any, str]]) -> None:
        if self.broken:
            self.stats.inc_value("newscrawl/errors/seen/mark_failed", len(entries))
            return
        try:
            self.stats.inc_value("newscrawl/seen/marked", self.store.mark(entries))
        except SeenStoreError as exc:
            self.broken = True
            self.stats.inc_value("newscrawl/errors/seen/mark_failed", len(entries))
            logger.error("the seen-store cannot be written (%s): the crawl stops; the files it wrote are kept, and "
                         "the next crawl marks their articles", exc)
            if self.stop:
                self.stop()

    def _released_drops(self) -> list[tuple[str, str | None, Any, str]]:
        """The held drops that share no URL with an article still waiting for its file (see the module)."""
        if not self.drops:
            return []
        waiting = set().union(*(keys for keys, _ in self.pending.values()))
        entries, held = [], []
        for keys, lastmod, status in self.drops:
            if keys & waiting:
                held.append((keys, lastmod, status))
            else:
                entries += [(k, self.site, lastmod, status) for k in keys - self.stored]  # a stored URL stays so
        self.drops = held
        return entries

    def committed(self, file: Any) -> None:
        self._mark(file.urls, "stored")  # a whole file at once: one round trip to Redis, one SQLite transaction

    def dropped(self, item: Any, response: Any, exception: Any, spider: Any = None) -> None:
        # the signal carries the spider's item: a FetchedPage, whether extraction or a later filter dropped it
        if not isinstance(item, (Article, FetchedPage)):
            return
        keys, lastmod = self.pending.pop(item.url, (set(), None))
        if getattr(exception, "remember", True):  # marked with the next committed file (see the module)
            self.drops.append((keys, lastmod, f"dropped:{getattr(exception, 'reason', type(exception).__name__)}"))
        # else dropped by this crawl's -a filters: a later crawl may want it

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
        self._mark([], "")  # the drops that no article left unwritten holds back
        if self.drops:
            logger.info("%d dropped page(s) not marked as seen: an article with the same URL was not written",
                        len(self.drops))
            self.drops.clear()
        if self.pending:
            logger.info("%d stored article(s) not marked as seen: no committed Parquet file or written feed holds them",
                        len(self.pending))
            self.pending.clear()
        self.store.close()
