"""The index interface: what the clustering asks of a store, whatever holds it.

:class:`~newscrawl.dedup.sqlite.SqliteIndex` implements it in one SQLite file under
``NEWSCRAWL_STATE_DIR``; :class:`~newscrawl.dedup.redis.RedisIndex` in Redis, for a crawl shared by
several workers and machines (``NEWSCRAWL_REDIS_URL``). Both hold the same records:

* an **assignment** per article key (the canonical URL): its cluster columns, so that a
  page seen again gets the answer it got the first time (stable ids across runs);
* a **head** per cluster (the first article seen): its compact signature, its outlet
  names and one entry per LSH band key, for later articles to be compared with.

Members of a cluster are never heads: their signatures are not kept, only their
assignment. :meth:`IndexStore.transaction` makes a look-up and the insert that follows
it atomic, so two crawls that share the index cannot both become the head of a story: SQLite
by locking the file; Redis optimistically, its :meth:`IndexStore.add` raising
:class:`IndexConflict` when another worker changed what the block read, and the block is
then done again.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from dataclasses import dataclass


class IndexConflict(Exception):
    """Another worker assigned this article, or started a cluster in one of its bands, since the block read
    them: nothing was stored; do the look-up again."""


class IndexUnavailable(Exception):
    """The index cannot be reached (Redis went away): one line that says where and why."""


def cluster_id(key: int) -> str:
    """The printed id of an article key: 16 hex digits."""
    return f"{key & 0xFFFFFFFFFFFFFFFF:016x}"


def cluster_key(cluster: str) -> int:
    """The signed 64-bit article key of a printed cluster id (:func:`cluster_id` undone)."""
    key = int(cluster, 16)
    return key - (1 << 64) if key >= 1 << 63 else key


def band32(band_keys: list[int]) -> list[int]:
    """Band keys are kept as 32 bits (4 bytes a row): a rare collision only adds a candidate to compare."""
    return [(key & 0xFFFFFFFF) - 0x80000000 for key in band_keys]


@dataclass(frozen=True)
class Assignment:
    """The cluster columns of one article."""

    dup_cluster: str
    dup_of: str | None = None  # URL of the cluster's first article; None for that article itself
    dup_similarity: float | None = None  # estimated Jaccard to it; None for it
    syndicated_from: str | None = None


@dataclass(frozen=True)
class Head:
    """The first article of a cluster, as the index keeps it."""

    key: int  # 64-bit key of the article (from its canonical URL)
    cluster: str
    url: str
    signature: bytes  # Signature.compact()
    outlets: tuple[str, ...]  # its domain, site and credited agencies, as agency keys


class IndexStore(ABC):
    @abstractmethod
    def params(self) -> str | None:
        """The :meth:`Params.describe` string the index was built with (None when it is empty/new)."""

    @abstractmethod
    def set_params(self, described: str) -> None: ...

    @abstractmethod
    def assignment(self, key: int) -> Assignment | None:
        """The assignment stored for an article key, or None for an article never seen."""

    @abstractmethod
    def candidates(self, band_keys: list[int]) -> list[Head]:
        """Heads sharing at least one band key, oldest first."""

    @abstractmethod
    def add(self, key: int, assignment: Assignment, head: Head | None = None, band_keys: list[int] = ()) -> None:
        """Keep ``assignment`` for ``key``; when ``head`` is given, the article starts a cluster.
        May raise :class:`IndexConflict` (nothing stored): the block's look-ups are out of date."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """A block in which a look-up and the following :meth:`add` happen atomically."""

    @abstractmethod
    def __len__(self) -> int:
        """Articles assigned."""

    def flush(self) -> None:
        """Make what was assigned so far visible to other processes (a batch of writes is committed)."""

    def close(self) -> None:
        pass
