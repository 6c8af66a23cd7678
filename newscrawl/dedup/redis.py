"""The near-duplicate index in Redis (``NEWSCRAWL_REDIS_URL``): one index for every worker on every machine.

The records of :class:`~newscrawl.dedup.sqlite.SqliteIndex`, in six keys under ``newscrawl:dedup:``
(:class:`newscrawl.redis.keys.IndexKeys`), shared by every site and run: an assignment per article,
and per cluster head its order, URL, outlet names, compact signature and band buckets.

Two workers may meet two copies of one story at the same moment. The similarity is computed here,
not in Redis, so the look-up and the insert cannot be one call; they are made atomic the optimistic
way: :meth:`RedisIndex.candidates` reads the bands and the head counter in one script, and
:meth:`RedisIndex.add` is one script that stores nothing (and the block raises
:class:`~newscrawl.dedup.store.IndexConflict`) when, since that read, the article was assigned or a
head was added to one of its bands. :class:`~newscrawl.dedup.cluster.Deduplicator` then does the
look-up again and finds the other worker's head: the two copies end in one cluster.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from ..redis.keys import IndexKeys
from .store import Assignment, Head, IndexConflict, IndexStore, IndexUnavailable, band32, cluster_id, cluster_key

# KEYS: articles, heads; ARGV: article key. The article's record and its head's, or nil.
ASSIGNMENT = r"""
local article = redis.call('HGET', KEYS[1], ARGV[1])
if not article then return false end
return {article, redis.call('HGET', KEYS[2], string.match(article, '^[^\t]*'))}
"""

# KEYS: seq, bands, heads, signatures; ARGV: band keys. The head counter, then per head in those bands
# (each once): its key, its record, its signature.
CANDIDATES = r"""
local out, found = {redis.call('GET', KEYS[1]) or '0'}, {}
for i = 1, #ARGV do
  local members = redis.call('HGET', KEYS[2], ARGV[i])
  if members then
    for head in string.gmatch(members, '[^,]+') do
      if not found[head] then
        found[head] = true
        out[#out + 1] = head
        out[#out + 1] = redis.call('HGET', KEYS[3], head)
        out[#out + 1] = redis.call('HGET', KEYS[4], head)
      end
    end
  end
end
return out
"""

# KEYS: seq, bands, heads, signatures, articles; ARGV: counter read ('' when nothing was read), article key,
# its record, '1' for a head, the head's "URL<TAB>OUTLETS", its signature, then band keys. 0 (nothing stored)
# when the article has an assignment, or a head newer than the counter read sits in one of the bands; else 1.
ADD = r"""
if redis.call('HEXISTS', KEYS[5], ARGV[2]) == 1 then return 0 end
if ARGV[1] ~= '' then
  local read = tonumber(ARGV[1])
  for i = 7, #ARGV do
    local members = redis.call('HGET', KEYS[2], ARGV[i])
    if members then
      for head in string.gmatch(members, '[^,]+') do
        local seq = tonumber(string.match(redis.call('HGET', KEYS[3], head), '^%d+'))
        if seq > read then return 0 end
      end
    end
  end
end
if ARGV[4] == '1' then
  local seq = redis.call('INCR', KEYS[1])
  redis.call('HSET', KEYS[3], ARGV[2], seq .. '\t' .. ARGV[5])
  redis.call('HSET', KEYS[4], ARGV[2], ARGV[6])
  for i = 7, #ARGV do
    local members = redis.call('HGET', KEYS[2], ARGV[i])
    redis.call('HSET', KEYS[2], ARGV[i], members and (members .. ',' .. ARGV[2]) or ARGV[2])
  end
end
redis.call('HSET', KEYS[5], ARGV[2], ARGV[3])
return 1
"""


class RedisIndex(IndexStore):
    """``server`` is a redis-py client (:func:`newscrawl.redis.config.connect`); ``url`` names it in messages."""

    def __init__(self, server: Any, url: str = "Redis") -> None:
        import redis  # the optional [redis] extra: imported only when a shared crawl opens this index

        self.errors = redis.RedisError
        self.server = server
        self.url = url
        self.keys = IndexKeys()
        self._assignment = server.register_script(ASSIGNMENT)
        self._candidates = server.register_script(CANDIDATES)
        self._add = server.register_script(ADD)
        self._depth = 0
        self._read: tuple[str, list[int]] | None = None  # (head counter, band keys) read in this block

    @contextmanager
    def _talking(self) -> Iterator[None]:
        try:
            yield
        except self.errors as exc:
            raise IndexUnavailable(f"the near-duplicate index in Redis at {self.url} is unreachable ({exc})") from None

    def params(self) -> str | None:
        with self._talking():
            raw = self.server.get(self.keys.params)
        return raw.decode("utf-8") if raw is not None else None

    def set_params(self, described: str) -> None:
        """Set once: a worker starting at the same moment with other parameters finds these (and is refused)."""
        with self._talking():
            self.server.set(self.keys.params, described, nx=True)

    def assignment(self, key: int) -> Assignment | None:
        with self._talking():
            got = self._assignment(keys=[self.keys.articles, self.keys.heads], args=[key])
        if got is None:
            return None
        head, similarity, syndicated = got[0].decode("utf-8").split("\t")
        cluster = cluster_id(int(head))
        if not similarity:  # the head itself
            return Assignment(cluster, None, None, syndicated or None)
        url = got[1].decode("utf-8").split("\t")[1]
        return Assignment(cluster, url, float(similarity), syndicated or None)

    def candidates(self, band_keys: list[int]) -> list[Head]:
        bands = band32(band_keys)
        with self._talking():
            got = self._candidates(keys=[self.keys.seq, self.keys.bands, self.keys.heads, self.keys.signatures],
                                   args=bands)
        self._read = (got[0].decode("ascii"), bands)
        heads = []
        for at in range(1, len(got), 3):
            key = int(got[at])
            seq, url, *outlets = got[at + 1].decode("utf-8").split("\t")
            heads.append((int(seq), Head(key, cluster_id(key), url, bytes(got[at + 2]), tuple(o for o in outlets if o))))
        return [head for _, head in sorted(heads, key=lambda pair: pair[0])]

    def add(self, key: int, assignment: Assignment, head: Head | None = None, band_keys: list[int] = ()) -> None:
        read, bands = self._read if self._read is not None else ("", [])
        if head is not None or band_keys:
            bands = band32(list(band_keys))
        if head is not None:
            record = f"{key}\t\t{assignment.syndicated_from or ''}"
            args = [read, key, record, "1", "\t".join((head.url, *head.outlets)), head.signature, *bands]
        else:
            record = f"{cluster_key(assignment.dup_cluster)}\t{assignment.dup_similarity!r}\t{assignment.syndicated_from or ''}"
            args = [read, key, record, "0", "", b"", *bands]
        with self._talking():
            stored = self._add(keys=[self.keys.seq, self.keys.bands, self.keys.heads, self.keys.signatures,
                                     self.keys.articles], args=args)
        if not stored:
            raise IndexConflict(f"article {cluster_id(key)} was assigned, or a cluster started in its bands, meanwhile")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A block whose :meth:`add` stores only if nothing it read has changed (else :class:`IndexConflict`)."""
        if self._depth:
            yield
            return
        self._depth, self._read = 1, None
        try:
            yield
        finally:
            self._depth, self._read = 0, None

    def __len__(self) -> int:
        with self._talking():
            return int(self.server.hlen(self.keys.articles))

    def close(self) -> None:
        self.server.close()
