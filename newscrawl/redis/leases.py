"""Requests a worker has taken from the shared queue and not finished: they go back if it dies.

scrapy-redis pops a request and forgets it, so a worker killed with SIGKILL loses what it had
taken. Here a pop moves the request, in one Lua script, from the queue to the worker's *lease*
hash and its *busy* set. The busy mark goes when the response has been parsed (the requests it
found are queued by then); the lease goes when the page's article is in a committed Parquet file,
was dropped, or when the page gave no article. A dead worker's leases (its heartbeat expired, see
:mod:`.workers`) are put back on the queue in one script, counted in ``newscrawl:SITE:requeued``.
"""
from __future__ import annotations

import uuid
from typing import Any

from .keys import Keys

# KEYS: queue, leases, busy; ARGV: lease id prefix. Lowest score first, as scrapy-redis's PriorityQueue.
POP = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
local lease = ARGV[1] .. ':' .. r[2]
redis.call('HSET', KEYS[2], lease, r[1])
redis.call('SADD', KEYS[3], lease)
return {lease, r[1]}
"""

# KEYS: queue, dupefilter, leases, busy; ARGV: fingerprint ('' when not filtered), request, score, lease ('' if none).
# The duplicate filter's SADD and the queue's ZADD (and the end of the lease it replaces) in one round trip.
ENQUEUE = """
local new = ARGV[1] == '' or redis.call('SADD', KEYS[2], ARGV[1]) == 1
if new then redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2]) end
if ARGV[4] ~= '' then
  redis.call('HDEL', KEYS[3], ARGV[4])
  redis.call('SREM', KEYS[4], ARGV[4])
end
return new and 1 or 0
"""

# KEYS: leases, busy, queue, requeued counter. Puts every lease back on the queue with its score.
REQUEUE = """
local all = redis.call('HGETALL', KEYS[1])
local n = 0
for i = 1, #all, 2 do
  local score = string.match(all[i], ':([^:]*)$')
  redis.call('ZADD', KEYS[3], score, all[i + 1])
  n = n + 1
end
redis.call('DEL', KEYS[1], KEYS[2])
if n > 0 then redis.call('INCRBY', KEYS[4], n) end
return n
"""


class Leases:
    """One worker's view of the shared queue: pop with a lease, finish, release, give back."""

    def __init__(self, server: Any, keys: Keys, worker: str) -> None:
        self.server = server
        self.keys = keys
        self.worker = worker
        self._pop = server.register_script(POP)
        self._enqueue = server.register_script(ENQUEUE)
        self._requeue = server.register_script(REQUEUE)

    def enqueue(self, data: bytes, fingerprint: str | None, priority: int = 0, lease: str | None = None) -> bool:
        """Queue a request unless the duplicate filter has its ``fingerprint`` (None: not filtered); a ``lease``
        it replaces (redirect, retry, browser re-fetch) ends. One round trip; True when queued."""
        return bool(self._enqueue(keys=[self.keys.queue, self.keys.dupefilter, self.keys.leases(self.worker),
                                        self.keys.busy(self.worker)],
                                  args=[fingerprint or "", data, -priority, lease or ""]))

    def pop(self) -> tuple[str, bytes] | None:
        """The next request of the queue (pickled), leased to this worker: ``(lease, data)``."""
        got = self._pop(keys=[self.keys.queue, self.keys.leases(self.worker), self.keys.busy(self.worker)],
                        args=[uuid.uuid4().hex])
        if not got:
            return None
        lease, data = got
        return lease.decode() if isinstance(lease, bytes) else lease, data

    def parsed(self, lease: str, keep: bool) -> None:
        """The response is parsed: no longer busy; the lease goes too unless an article waits for its file."""
        pipe = self.server.pipeline()
        pipe.srem(self.keys.busy(self.worker), lease)
        if not keep:
            pipe.hdel(self.keys.leases(self.worker), lease)
        pipe.execute()

    def release(self, *leases: str) -> None:
        """Done with these requests for good (article committed or dropped)."""
        if leases:
            pipe = self.server.pipeline()
            pipe.hdel(self.keys.leases(self.worker), *leases)
            pipe.srem(self.keys.busy(self.worker), *leases)
            pipe.execute()

    def give_back(self, worker: str | None = None) -> int:
        """Put every lease of ``worker`` (default: this one) back on the queue; returns how many."""
        w = worker or self.worker
        return int(self._requeue(keys=[self.keys.leases(w), self.keys.busy(w), self.keys.queue, self.keys.requeued]))

    def keep_only(self, keep: set[str]) -> None:
        """Nothing is busy; drop every lease but ``keep`` (the worker is idle)."""
        self.server.delete(self.keys.busy(self.worker))
        stale = [f for f in (x.decode() for x in self.server.hkeys(self.keys.leases(self.worker))) if f not in keep]
        if stale:
            self.server.hdel(self.keys.leases(self.worker), *stale)

    def queued(self) -> int:
        return int(self.server.zcard(self.keys.queue))
