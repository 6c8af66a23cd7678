"""The workers of one site's shared crawl and the run they share.

A worker registers in ``newscrawl:SITE:workers`` and keeps ``newscrawl:SITE:alive:WORKER`` alive
from a heartbeat thread (so a long parse on the reactor does not make it look dead). A worker whose
key has expired (``NEWSCRAWL_REDIS_LEASE_SECONDS``) is dead: the first live worker to notice puts its
leases back on the queue. The first worker of a run starts it and does discovery; workers that join
take requests from the queue. The last worker to leave a finished run clears the run's queue and
duplicate filter, so the next run discovers afresh (the seen-store stays).
"""
from __future__ import annotations

import logging
import threading
import time
import uuid
from typing import Any

from .keys import Keys
from .leases import Leases

logger = logging.getLogger(__name__)

# KEYS: run, workers, queue, dupefilter; ARGV: me, new run id, now, alive prefix, leases prefix.
# A run whose workers are all gone and that left nothing queued or leased is over: start a new one.
JOIN = """
local run = redis.call('HGET', KEYS[1], 'id')
if run then
  local busy = redis.call('ZCARD', KEYS[3])
  for _, w in ipairs(redis.call('HKEYS', KEYS[2])) do
    if w ~= ARGV[1] then
      if redis.call('EXISTS', ARGV[4] .. w) == 1 then busy = busy + 1 end
      busy = busy + redis.call('HLEN', ARGV[5] .. w)
    end
  end
  if busy == 0 then
    redis.call('DEL', KEYS[1], KEYS[4])
    run = false
  end
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
if not run then
  redis.call('HSET', KEYS[1], 'id', ARGV[2], 'discoverer', ARGV[1], 'discovery', 'running', 'started', ARGV[3])
  return {ARGV[2], 1}
end
return {run, 0}
"""

# KEYS: workers, run, queue, dupefilter, requeued; ARGV: me, alive prefix, leases prefix.
# Leave; the last worker out of a run with nothing queued or leased ends it.
LEAVE = """
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('DEL', ARGV[2] .. ARGV[1])
local busy = redis.call('ZCARD', KEYS[3])
for _, w in ipairs(redis.call('HKEYS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[2] .. w) == 1 then busy = busy + 1 end
  busy = busy + redis.call('HLEN', ARGV[3] .. w)
end
if busy == 0 then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[4], KEYS[5])
  return 1
end
return 0
"""


class Heartbeat(threading.Thread):
    """Refreshes the worker's ``alive`` key every ``ttl / 4`` seconds until stopped."""

    def __init__(self, server: Any, key: str, ttl: float) -> None:
        super().__init__(name="newscrawl-redis-heartbeat", daemon=True)
        self.server, self.key, self.ttl = server, key, ttl
        self.stopped = threading.Event()
        self.beat()

    def beat(self) -> None:
        self.server.set(self.key, "1", px=int(self.ttl * 1000))

    def run(self) -> None:
        while not self.stopped.wait(self.ttl / 4):
            try:
                self.beat()
            except Exception as exc:  # Redis gone: the reactor side sees it too and stops the crawl
                logger.debug("heartbeat failed: %s", exc)

    def stop(self) -> None:
        self.stopped.set()


class Workers:
    """This worker's membership of the shared crawl of one site."""

    def __init__(self, server: Any, keys: Keys, worker: str, lease_seconds: float) -> None:
        self.server = server
        self.keys = keys
        self.worker = worker
        self.lease_seconds = lease_seconds
        self.leases = Leases(server, keys, worker)
        self.heartbeat: Heartbeat | None = None
        self.run_id = ""
        self.discoverer = False
        self.requeued = 0  # requests this worker put back from dead workers
        self._beat_age: dict[str, int] = {}  # other worker -> ms since its last heartbeat, when last looked at
        self._beating: set[str] = set()  # other workers seen to beat while holding leases: alive
        self._join = server.register_script(JOIN)
        self._leave = server.register_script(LEAVE)

    def join(self) -> None:
        """Start beating, put back what dead workers held, then join the run (or start it: discover)."""
        self.heartbeat = Heartbeat(self.server, self.keys.alive(self.worker), self.lease_seconds)
        self.heartbeat.start()
        self.reap()
        run_id, first = self._join(
            keys=[self.keys.run, self.keys.workers, self.keys.queue, self.keys.dupefilter],
            args=[self.worker, uuid.uuid4().hex[:12], f"{time.time():.3f}", self.keys.alive_prefix,
                  self.keys.leases_prefix])
        self.run_id = run_id.decode() if isinstance(run_id, bytes) else str(run_id)
        self.discoverer = bool(int(first))

    def _others(self) -> list[str]:
        """The other workers registered in this site's run."""
        names = (raw.decode() if isinstance(raw, bytes) else raw for raw in self.server.hkeys(self.keys.workers))
        return [w for w in names if w != self.worker]

    def reap(self) -> int:
        """Give back the leases of registered workers whose heartbeat has stopped; returns how many."""
        n = 0
        for w in self._others():
            if self.server.exists(self.keys.alive(w)):
                continue
            got = self.leases.give_back(w)
            self.server.hdel(self.keys.workers, w)
            if got:
                logger.warning("worker %s stopped without finishing: %d request(s) put back on the queue", w, got)
            n += got
        self.requeued += n
        return n

    def others_busy(self) -> int:
        """Requests other live workers are downloading or parsing now (they may queue more)."""
        n = 0
        for w in self._others():
            n += int(self.server.scard(self.keys.busy(w)))
        return n

    def unconfirmed_holders(self) -> list[str]:
        """Other workers holding leases (pages fetched, articles waiting for their file) not yet seen to beat.

        A worker killed while its busy set is empty leaves only such leases; a worker that closed now would
        leave them to the next run. So it waits until it sees the holder beat (its ``alive`` key renewed:
        alive, it commits them itself) or the key expire (dead: :meth:`reap` puts them back on the queue).
        A live holder beats every ``lease_seconds / 4``: the wait is at most that."""
        ttl_ms = int(self.lease_seconds * 1000)
        unconfirmed = []
        for w in self._others():
            if w in self._beating or not self.server.hlen(self.keys.leases(w)):
                continue
            left = int(self.server.pttl(self.keys.alive(w)))
            if left >= 0:
                age = ttl_ms - left
                if w in self._beat_age and age < self._beat_age[w]:  # renewed since we last looked
                    self._beating.add(w)
                    continue
                self._beat_age[w] = age
            unconfirmed.append(w)  # (an expired key: reap() gives its leases back at the next idle)
        return unconfirmed

    def discovery_running(self) -> bool:
        """Discovery has not finished queueing its requests (and the worker doing it is alive)."""
        state, owner = self.server.hmget(self.keys.run, "discovery", "discoverer")
        if state not in (b"running", "running") or owner is None:
            return False
        owner = owner.decode() if isinstance(owner, bytes) else owner
        return owner == self.worker or bool(self.server.exists(self.keys.alive(owner)))

    def discovery_done(self) -> None:
        self.server.hset(self.keys.run, "discovery", "done")

    def run_requeued(self) -> int:
        return int(self.server.get(self.keys.requeued) or 0)

    def leave(self) -> bool:
        """Stop beating and leave; returns True when this worker ended the run (it was the last one)."""
        if self.heartbeat:
            self.heartbeat.stop()
        return bool(self._leave(keys=[self.keys.workers, self.keys.run, self.keys.queue, self.keys.dupefilter,
                                      self.keys.requeued],
                                args=[self.worker, self.keys.alive_prefix, self.keys.leases_prefix]))

    def stop_beating(self) -> None:
        if self.heartbeat:
            self.heartbeat.stop()
