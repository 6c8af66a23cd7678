"""The seen-store in Redis, shared by every worker of a site (``NEWSCRAWL_REDIS_URL``).

Same interface and rules as the SQLite :class:`.seen.SeenStore` (TTL, sitemap ``lastmod``); per site,
a hash ``newscrawl:SITE:seen`` (canonical URL -> JSON of lastmod, stored_at, status) and a sorted set
``newscrawl:SITE:seen:at`` (URL by stored_at) for the TTL.
"""
from __future__ import annotations

import json
import logging
import time
from datetime import datetime
from typing import Any, Iterable

from ..redis.keys import Keys
from .seen import epoch, verdict

logger = logging.getLogger(__name__)

# KEYS: seen, seen_at; ARGV: cutoff. Forget what was stored before the cutoff; returns how many.
PRUNE = """
local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1])
for i = 1, #old, 500 do
  local chunk = {unpack(old, i, math.min(i + 499, #old))}
  redis.call('HDEL', KEYS[1], unpack(chunk))
  redis.call('ZREM', KEYS[2], unpack(chunk))
end
return #old
"""


class RedisSeenStore:
    def __init__(self, server: Any, site: str, ttl_days: float = 30.0) -> None:
        import redis  # the optional [redis] extra: imported only when a shared crawl opens this store

        self.errors = redis.RedisError
        self.server = server
        self.keys = Keys(site)
        self.ttl = ttl_days * 86400.0
        self.unmarked = 0  # marks lost because Redis went away (those articles are fetched again next run)
        self.expired = self.prune()

    def prune(self) -> int:
        if self.ttl <= 0:
            return 0
        try:
            return int(self.server.register_script(PRUNE)(keys=[self.keys.seen, self.keys.seen_at],
                                                          args=[time.time() - self.ttl]))
        except self.errors:
            return 0  # the scheduler stops the crawl with one line

    def check(self, url: str, lastmod: datetime | None = None) -> str:
        try:
            raw = self.server.hget(self.keys.seen, url)
        except self.errors:
            return "new"  # the scheduler stops the crawl with one line; this request is not queued
        if raw is None:
            return "new"
        row = json.loads(raw)
        return verdict((row.get("lastmod"), row["stored_at"]), lastmod)

    def mark(self, entries: Iterable[tuple[str, str | None, datetime | None, str]]) -> int:
        now = time.time()
        rows = list(entries)
        if not rows:
            return 0
        try:
            old = dict(zip([r[0] for r in rows], self.server.hmget(self.keys.seen, [r[0] for r in rows])))
            pipe = self.server.pipeline()
            for url, site, lastmod, status in rows:
                kept = json.loads(old[url]).get("lastmod") if old.get(url) else None
                value = {"site": site, "lastmod": epoch(lastmod) if lastmod else kept, "stored_at": now, "status": status}
                pipe.hset(self.keys.seen, url, json.dumps(value))
                pipe.zadd(self.keys.seen_at, {url: now})
            pipe.execute()
        except self.errors as exc:
            if not self.unmarked:
                logger.warning("URLs are not marked as seen, Redis is unreachable (%s): a later run fetches them "
                               "again", exc)
            self.unmarked += len(rows)
            return 0
        return len(rows)

    def last_marked(self, site: str | None) -> float | None:
        """When this site last marked anything (the store is the site's own), or None."""
        try:
            newest = self.server.zrevrange(self.keys.seen_at, 0, 0, withscores=True)
        except self.errors:
            return None
        return float(newest[0][1]) if newest else None

    def __len__(self) -> int:
        return int(self.server.hlen(self.keys.seen))

    def close(self) -> None:
        if self.unmarked:
            logger.warning("%d URL(s) stored but not marked as seen (Redis unreachable)", self.unmarked)
        self.server.close()
