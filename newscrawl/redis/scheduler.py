"""The Scrapy scheduler of a shared crawl: scrapy-redis's queue and duplicate filter, plus leases.

``SCHEDULER = "newscrawl.redis.scheduler.SharedScheduler"`` (set by the add-on when
``NEWSCRAWL_REDIS_URL`` is given). Per site (:func:`.keys.site_key`) the queue is a scrapy-redis
``PriorityQueue`` and the duplicate filter its ``RFPDupeFilter``; what this class adds:

- a request taken from the queue is leased (:mod:`.leases`) until its article is committed, so a
  worker killed with SIGKILL loses nothing: the others put its leases back on the queue;
- a worker stays open while the shared crawl can still grow (queue not empty, another worker
  downloading or parsing, discovery still queueing, or another worker holding leases of articles not yet
  committed and not yet seen alive: if it was killed, its leases come back once its key expires), and only
  the first worker of a run discovers;
- Redis going away stops the crawl with one line (``newscrawl/redis/lost``), keeping what is committed.

Stats: ``newscrawl/redis/queued``, ``…/dequeued``, ``…/requeued`` (put back from dead workers by
this worker), ``…/run_requeued`` (the whole run), ``…/queue_length`` (shared queue left at this
worker's end), ``…/discoverer`` (1 for the worker that discovered).
"""
from __future__ import annotations

import logging
from typing import Any, Iterable

import redis
from scrapy import Request, signals
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy_redis import picklecompat
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue

from ..pool import FetchedPage
from ..record import Article
from ..signals import parquet_committed
from .config import connect
from .keys import Keys, host_pid, site_key
from .workers import Workers

logger = logging.getLogger(__name__)

LEASE_META = "newscrawl_lease"
ORIGINAL = "__newscrawl_original__"
NUDGE_SECONDS = 0.5


def _unwrap(fn: Any) -> Any:
    return getattr(fn, ORIGINAL, fn)


class SharedScheduler:
    def __init__(self, server: Any, url: str, lease_seconds: float = 30.0, crawler: Any = None) -> None:
        self.server = server
        self.url = url
        self.lease_seconds = lease_seconds
        self.crawler = crawler
        self.stats = crawler.stats if crawler is not None else None
        self.worker = host_pid()
        self.lost = False
        self.waiting = False
        self.article_leases: dict[str, str] = {}  # article url -> lease of the request that gave it
        self.workers: Workers | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> "SharedScheduler":
        s = crawler.settings
        url = s.get("NEWSCRAWL_REDIS_URL")
        sched = cls(connect(url), url, s.getfloat("NEWSCRAWL_REDIS_LEASE_SECONDS"), crawler)
        crawler.signals.connect(sched.committed, signal=parquet_committed)
        crawler.signals.connect(sched.item_done, signal=signals.item_dropped)
        crawler.signals.connect(sched.item_done, signal=signals.item_error)
        crawler.signals.connect(sched.idle, signal=signals.spider_idle)
        return sched

    # --- Redis errors -------------------------------------------------------------------
    def lose(self, exc: Exception) -> None:
        if self.lost:
            return
        self.lost = True
        logger.error("Redis at %s went away (%s): this worker stops; the files it committed are kept",
                     self.url, exc)
        self._inc("newscrawl/redis/lost")
        if self.workers:
            self.workers.stop_beating()
        if self.crawler is not None and self.crawler.engine is not None:
            from scrapy.utils.defer import deferred_from_coro
            from twisted.internet import reactor

            engine = self.crawler.engine
            reactor.callLater(0, lambda: deferred_from_coro(engine.close_spider_async(reason="redis_lost")))

    def _inc(self, key: str, n: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, n)

    # --- scheduler interface ----------------------------------------------------------
    def open(self, spider: Any) -> None:
        self.spider = spider
        self.keys = Keys(site_key(spider))
        self.queue = PriorityQueue(self.server, spider, self.keys.queue, serializer=picklecompat)
        self.df = RFPDupeFilter(self.server, key=self.keys.dupefilter)
        self.workers = Workers(self.server, self.keys, self.worker, self.lease_seconds)
        self.leases = self.workers.leases
        try:
            self.workers.join()
        except redis.RedisError as exc:
            self.lose(exc)
            return
        if self.stats is not None:
            self.stats.set_value("newscrawl/redis/discoverer", int(self.workers.discoverer))
        logger.info("shared crawl %s, run %s: worker %s %s", self.keys.site, self.workers.run_id, self.worker,
                    "discovers" if self.workers.discoverer else "joins")
        from twisted.internet import task  # the reactor is Scrapy's choice: import it once the crawl runs

        self.nudger = task.LoopingCall(self._nudge)
        self.nudger.start(NUDGE_SECONDS, now=False)

    def has_pending_requests(self) -> bool:
        if self.lost:
            return False
        try:
            return self.leases.queued() > 0
        except redis.RedisError as exc:
            self.lose(exc)
            return False

    def enqueue_request(self, request: Request) -> bool:
        if self.lost:
            return False
        lease = request.meta.pop(LEASE_META, None)  # a redirect, retry or re-fetch of a leased request
        request.callback, request.errback = _unwrap(request.callback), _unwrap(request.errback)
        fingerprint = None if request.dont_filter else self.df.request_fingerprint(request)
        try:
            if not self.leases.enqueue(self.queue._encode_request(request), fingerprint, request.priority, lease):
                return False
        except redis.RedisError as exc:
            self.lose(exc)
            return False
        self._inc("newscrawl/redis/queued")
        return True

    def next_request(self) -> Request | None:
        if self.lost:
            return None
        try:
            got = self.leases.pop()
        except redis.RedisError as exc:
            self.lose(exc)
            return None
        if got is None:
            return None
        lease, data = got
        request = self.queue._decode_request(data)
        request.meta[LEASE_META] = lease
        self._track(request, lease)
        self.waiting = False
        self._inc("newscrawl/redis/dequeued")
        return request

    def close(self, reason: str) -> None:
        if getattr(self, "nudger", None) is not None and self.nudger.running:
            self.nudger.stop()
        if self.workers is None or self.lost:
            return
        try:
            # what the pipelines hold is committed by now; what was still in flight goes back
            self.leases.release(*self.article_leases.values())
            back = self.leases.give_back()
            if back:
                logger.info("%d unfinished request(s) put back on the shared queue", back)
            if self.stats is not None:
                self.stats.set_value("newscrawl/redis/queue_length", self.leases.queued())
                self.stats.set_value("newscrawl/redis/requeued", self.workers.requeued)
                self.stats.set_value("newscrawl/redis/run_requeued", self.workers.run_requeued())
            if self.workers.leave():
                logger.info("shared crawl %s: last worker out, run %s ended", self.keys.site, self.workers.run_id)
        except redis.RedisError as exc:
            self.lose(exc)

    def __len__(self) -> int:
        return self.leases.queued()

    # --- leases -----------------------------------------------------------------------
    def _track(self, request: Request, lease: str) -> None:
        """Wrap the request's callbacks so the lease follows the page: parsed, then its article committed."""
        callback, errback = request.callback, request.errback

        def on_response(response: Any, **kwargs: Any) -> Any:
            fn = callback or self.spider._parse
            return self._follow(fn(response, **kwargs), lease)

        def on_failure(failure: Any) -> Any:
            if errback is None:
                self._parsed(lease, False)
                return failure
            return self._follow(errback(failure), lease)

        setattr(on_response, ORIGINAL, callback)
        setattr(on_failure, ORIGINAL, errback)
        request.callback, request.errback = on_response, on_failure

    def _follow(self, result: Iterable[Any] | None, lease: str) -> Iterable[Any]:
        article = False
        try:
            for obj in result or ():
                if isinstance(obj, (Article, FetchedPage)):  # a page on its way to extraction holds its lease too
                    article = True
                    self.article_leases[obj.url] = lease
                yield obj
        finally:
            self._parsed(lease, article)

    def _parsed(self, lease: str, keep: bool) -> None:
        if self.lost:
            return
        try:
            self.leases.parsed(lease, keep)
        except redis.RedisError as exc:
            self.lose(exc)

    def _release(self, urls: Iterable[str]) -> None:
        leases = [lease for url in urls if (lease := self.article_leases.pop(url, None))]
        if leases and not self.lost:
            try:
                self.leases.release(*leases)
            except redis.RedisError as exc:
                self.lose(exc)

    def committed(self, file: Any) -> None:
        self._release(file.urls)

    def item_done(self, item: Any, **kwargs: Any) -> None:
        if isinstance(item, (Article, FetchedPage)):
            self._release([item.url])

    # --- when to close ----------------------------------------------------------------
    def idle(self, spider: Any) -> None:
        """Nothing to do here now: stay while the shared crawl can still give this worker work."""
        if self.lost:
            raise CloseSpider("redis_lost")
        if self.workers is None:
            return
        try:
            if self.workers.reap():
                self._inc("newscrawl/redis/reaped_workers")
            # nothing of this worker is in flight when its engine is idle: only leases of articles waiting
            # for their file stay (a lease whose page never came back through a callback would be stuck)
            self.leases.keep_only(set(self.article_leases.values()))
            if (self.leases.queued() or self.workers.others_busy() or self.workers.discovery_running()
                    or self.workers.unconfirmed_holders()):
                self.waiting = True
                raise DontCloseSpider
        except redis.RedisError as exc:
            self.lose(exc)
            raise CloseSpider("redis_lost") from None

    def _nudge(self) -> None:
        """While waiting for other workers, look at the shared queue twice a second, not every 5 s."""
        slot = getattr(self.crawler.engine, "_slot", None) if self.crawler is not None else None
        if self.waiting and not self.lost and slot is not None:
            slot.nextcall.schedule()

