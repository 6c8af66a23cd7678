"""The near-duplicate index in one SQLite file (``STATE/dedup.sqlite3``), shared by runs and sites.

Nothing is held in memory beyond SQLite's page cache: per article one row of
assignment; per cluster head its URL, compact signature and one row per LSH band.
"""
from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..sharing import Shared
from .store import Assignment, Head, IndexStore, IndexUnavailable, band32, cluster_id, cluster_key

SCHEMA = """
create table if not exists meta (name text primary key, value text not null);
create table if not exists heads (      -- the first article of each cluster
    seq integer primary key,            -- order in which heads were seen
    key integer not null,               -- its article key (the cluster id)
    url text not null,
    signature blob not null,            -- 16 bits per permutation
    outlets text not null               -- its outlet names as agency keys, tab-separated
);
create table if not exists articles (   -- one row per article seen
    key integer primary key,            -- 64-bit key of its canonical URL
    head integer not null,              -- seq of its cluster's head (its own, for a head)
    similarity real,                    -- estimated Jaccard to the head; null for the head itself
    syndicated text                     -- syndicated_from
);
create table if not exists bands (band integer, head integer, primary key (band, head)) without rowid;
"""
CACHE_KB = 32 * 1024  # page cache, at most (allocated as used): the band index of ~1M articles stays in memory
BATCH_WRITES = 256  # articles written in one SQLite transaction at most…
BATCH_SECONDS = 1.0  # …or for this long: what a crash can lose is re-assigned on the next run
# A batch holds SQLite's write lock: a crawl commits it every BATCH_SECONDS even when idle (flush), and the
# crawlers of one process (`newscrawl run SITE SITE…`) share one connection per file (SqliteIndex.shared),
# since one of them waiting for the other's lock would block the reactor both run in.
_SHARED = Shared()


class SqliteIndex(IndexStore):
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(self.path), timeout=60, isolation_level=None)
        self.db.execute("pragma journal_mode=wal")
        self.db.execute("pragma synchronous=normal")
        self.db.execute(f"pragma cache_size=-{CACHE_KB}")
        self.db.executescript(SCHEMA)
        self._depth = 0
        self._open_since: float | None = None  # the batch transaction, when one is open
        self._writes = 0
        self._shared_as: str | None = None  # its key in _SHARED, when opened by shared()

    @classmethod
    def shared(cls, path: str | Path) -> "SqliteIndex":
        """The index at ``path``, on the connection this process already has to it if any; every caller
        closes it, and the connection closes with the last."""
        if str(path) == ":memory:":
            return cls(path)
        key = str(Path(path).resolve())
        index = _SHARED.acquire(key, lambda: cls(path))
        index._shared_as = key
        return index

    def params(self) -> str | None:
        row = self.db.execute("select value from meta where name = 'params'").fetchone()
        return row[0] if row else None

    def set_params(self, described: str) -> None:
        """Set once: a run starting at the same moment with other parameters finds these (and is refused)."""
        with self.transaction():
            self.db.execute("insert or ignore into meta(name, value) values ('params', ?)", (described,))
        self.commit()  # not held in a batch: other processes read them, and wait for no lock

    def assignment(self, key: int) -> Assignment | None:
        row = self.db.execute(
            "select h.key, h.url, a.similarity, a.syndicated from articles a join heads h on h.seq = a.head "
            "where a.key = ?", (key,)).fetchone()
        if row is None:
            return None
        head_key, url, similarity, syndicated = row
        if similarity is None:  # the head itself
            return Assignment(cluster_id(head_key), None, None, syndicated)
        return Assignment(cluster_id(head_key), url, similarity, syndicated)

    def candidates(self, band_keys: list[int]) -> list[Head]:
        if not band_keys:
            return []
        marks = ",".join("?" * len(band_keys))
        rows = self.db.execute(
            f"select key, url, signature, outlets from heads where seq in "
            f"(select head from bands where band in ({marks})) order by seq", band32(band_keys)).fetchall()
        return [Head(key, cluster_id(key), url, sig, tuple(o for o in outlets.split("\t") if o))
                for key, url, sig, outlets in rows]

    def add(self, key: int, assignment: Assignment, head: Head | None = None, band_keys: list[int] = ()) -> None:
        with self.transaction():
            if head is not None:
                seq = self.db.execute("insert into heads(key, url, signature, outlets) values (?, ?, ?, ?)",
                                      (key, head.url, head.signature, "\t".join(head.outlets))).lastrowid
                self.db.execute("insert or replace into articles(key, head, similarity, syndicated) values (?, ?, null, ?)",
                                (key, seq, assignment.syndicated_from))
                self.db.executemany("insert or ignore into bands(band, head) values (?, ?)",
                                    [(band, seq) for band in band32(band_keys)])
                return
            head_key = cluster_key(assignment.dup_cluster)
            self.db.execute(
                "insert or replace into articles(key, head, similarity, syndicated) "
                "select ?, seq, ?, ? from heads where key = ? order by seq limit 1",
                (key, assignment.dup_similarity, assignment.syndicated_from, head_key))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Atomic, as a savepoint inside a batch transaction that is committed every
        ``BATCH_WRITES`` blocks or ``BATCH_SECONDS`` (and on :meth:`close`). A write the disk refuses (full,
        read-only) raises :class:`IndexUnavailable`; the batch is rolled back."""
        if self._depth:  # nested: part of the enclosing block
            yield
            return
        with self._writable():
            if self._open_since is None:
                self.db.execute("begin immediate")
                self._open_since, self._writes = time.monotonic(), 0
            self.db.execute("savepoint assign")
        self._depth = 1
        try:
            with self._writable():  # the block's own writes
                try:
                    yield
                except BaseException:
                    if self.db.in_transaction:
                        self.db.execute("rollback to assign")
                    raise
                finally:
                    if self.db.in_transaction:
                        self.db.execute("release assign")
        finally:
            self._depth = 0
        self._writes += 1
        if self._writes >= BATCH_WRITES or time.monotonic() - self._open_since >= BATCH_SECONDS:
            self.commit()

    @contextmanager
    def _writable(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError as exc:
            if self.db.in_transaction:
                self.db.execute("rollback")  # the whole batch: what it assigned is not in the index
            self._open_since = None
            raise IndexUnavailable(f"the near-duplicate index {self.path} cannot be written ({exc})") from None

    def commit(self) -> None:
        if self._open_since is not None:
            with self._writable():
                self.db.execute("commit")
            self._open_since = None

    def __len__(self) -> int:
        return self.db.execute("select count(*) from articles").fetchone()[0]

    def size_bytes(self) -> int:
        """Bytes the index takes on disk (pages in use)."""
        self.commit()
        self.db.execute("pragma wal_checkpoint(truncate)")
        count = self.db.execute("pragma page_count").fetchone()[0] - self.db.execute("pragma freelist_count").fetchone()[0]
        return count * self.db.execute("pragma page_size").fetchone()[0]

    def flush(self) -> None:
        if not self._depth:
            self.commit()

    def close(self) -> None:
        try:
            self.commit()
        finally:
            if self._shared_as is None or _SHARED.release(self._shared_as, self):
                self.db.close()
