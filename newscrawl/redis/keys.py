"""The Redis keys of one site's shared crawl (a worker is known by its ``HOST-PID``), and those of the
near-duplicate index that every site shares."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..worker import host_pid

__all__ = ["IndexKeys", "Keys", "host_pid", "site_key"]

PREFIX = "newscrawl"


def site_key(spider: Any) -> str:
    """The site a crawl belongs to: the registry name, or ``news:HOST`` for the generic spider (two sites
    never share a queue, a duplicate filter or a seen-store)."""
    site = getattr(spider, "site", None)
    name = getattr(site, "name", None) or spider.name
    if name == "news" and site is not None and site.domains:
        return f"news:{site.domains[0]}"
    return name


@dataclass(frozen=True)
class Keys:
    """Every Redis key of one site's shared crawl, under ``newscrawl:SITE:``."""

    site: str

    def _k(self, *parts: str) -> str:
        return ":".join((PREFIX, self.site, *parts))

    @property
    def queue(self) -> str:  # scrapy-redis PriorityQueue (sorted set of pickled requests)
        return self._k("requests")

    @property
    def dupefilter(self) -> str:  # scrapy-redis RFPDupeFilter (set of request fingerprints)
        return self._k("dupefilter")

    @property
    def run(self) -> str:  # hash: id, discoverer, discovery (running|done), started
        return self._k("run")

    @property
    def workers(self) -> str:  # hash: worker id -> started
        return self._k("workers")

    @property
    def requeued(self) -> str:  # counter: requests put back from dead workers in this run
        return self._k("requeued")

    @property
    def seen(self) -> str:  # hash: canonical URL -> JSON (lastmod, stored_at, status)
        return self._k("seen")

    @property
    def seen_at(self) -> str:  # sorted set: canonical URL by stored_at (for the TTL)
        return self._k("seen", "at")

    def alive(self, worker: str) -> str:  # string with a TTL, refreshed by the worker's heartbeat
        return self._k("alive", worker)

    @property
    def alive_prefix(self) -> str:
        return self._k("alive", "")

    def leases(self, worker: str) -> str:  # hash: lease -> pickled request, until its article is committed
        return self._k("leases", worker)

    def busy(self, worker: str) -> str:  # set: leases being downloaded or parsed right now
        return self._k("busy", worker)

    @property
    def leases_prefix(self) -> str:
        return self._k("leases", "")


@dataclass(frozen=True)
class IndexKeys:
    """The near-duplicate index (:mod:`newscrawl.dedup.redis`), under ``newscrawl:dedup:``: one index for every
    site and run, as ``STATE/dedup.sqlite3`` is on one machine."""

    def _k(self, part: str) -> str:
        return ":".join((PREFIX, "dedup", part))

    @property
    def params(self) -> str:  # string: Params.describe() of the index
        return self._k("params")

    @property
    def seq(self) -> str:  # counter: cluster heads created (their order)
        return self._k("seq")

    @property
    def heads(self) -> str:  # hash: head's article key -> "SEQ<TAB>URL<TAB>OUTLET<TAB>…"
        return self._k("heads")

    @property
    def signatures(self) -> str:  # hash: head's article key -> compact signature (2 bytes a permutation)
        return self._k("signatures")

    @property
    def bands(self) -> str:  # hash: 32-bit band key -> article keys of the heads in that bucket, comma-separated
        return self._k("bands")

    @property
    def articles(self) -> str:  # hash: article key -> "HEAD KEY<TAB>SIMILARITY<TAB>SYNDICATED_FROM"
        return self._k("articles")
