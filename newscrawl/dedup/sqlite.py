"""The near-duplicate index in one SQLite file (``STATE/dedup.sqlite3``), shared by runs and sites.

Nothing is held in memory beyond SQLite's page cache: per article one row of
assignment; per cluster head its URL, compact signature and one row per LSH band.
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .store import Assignment, Head, IndexStore

SCHEMA = """
create table if not exists meta (name text primary key, value text not null);
create table if not exists articles (   -- one row per article seen
    key integer primary key,            -- 64-bit key of its canonical URL
    head integer,                       -- key of its cluster's first article; null for that article itself
    similarity real,                    -- estimated Jaccard to it
    syndicated text                     -- syndicated_from
);
create table if not exists heads (      -- the first article of each cluster
    key integer primary key,
    seq integer not null,               -- order in which heads were seen
    url text not null,
    signature blob not null,            -- 16 bits per permutation
    outlets text not null               -- its outlet names as agency keys, tab-separated
);
create table if not exists bands (band integer, head integer, primary key (band, head)) without rowid;
"""


def cluster_id(key: int) -> str:
    """The printed id of an article key: 16 hex digits."""
    return f"{key & 0xFFFFFFFFFFFFFFFF:016x}"


class SqliteIndex(IndexStore):
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(self.path), timeout=60, isolation_level=None)
        self.db.execute("pragma journal_mode=wal")
        self.db.execute("pragma synchronous=normal")
        self.db.executescript(SCHEMA)
        self._depth = 0

    def params(self) -> str | None:
        row = self.db.execute("select value from meta where name = 'params'").fetchone()
        return row[0] if row else None

    def set_params(self, described: str) -> None:
        self.db.execute("insert or replace into meta(name, value) values ('params', ?)", (described,))

    def assignment(self, key: int) -> Assignment | None:
        row = self.db.execute(
            "select a.head, h.url, a.similarity, a.syndicated from articles a left join heads h on h.key = a.head "
            "where a.key = ?", (key,)).fetchone()
        if row is None:
            return None
        head, url, similarity, syndicated = row
        return Assignment(cluster_id(key if head is None else head), url, similarity, syndicated)

    def candidates(self, band_keys: list[int]) -> list[Head]:
        if not band_keys:
            return []
        marks = ",".join("?" * len(band_keys))
        rows = self.db.execute(
            f"select key, url, signature, outlets from heads where key in "
            f"(select head from bands where band in ({marks})) order by seq", band_keys).fetchall()
        return [Head(key, cluster_id(key), url, sig, tuple(o for o in outlets.split("\t") if o))
                for key, url, sig, outlets in rows]

    def add(self, key: int, assignment: Assignment, head: Head | None = None, band_keys: list[int] = ()) -> None:
        with self.transaction():
            if head is not None:
                self.db.execute("insert or replace into articles(key, head, similarity, syndicated) values (?, null, null, ?)",
                                (key, assignment.syndicated_from))
                self.db.execute("insert or replace into heads(key, seq, url, signature, outlets) values "
                                "(?, (select coalesce(max(seq), 0) + 1 from heads), ?, ?, ?)",
                                (key, head.url, head.signature, "\t".join(head.outlets)))
                self.db.executemany("insert or ignore into bands(band, head) values (?, ?)", [(b, key) for b in band_keys])
            else:
                head_key = int(assignment.dup_cluster, 16)
                if head_key >= 1 << 63:
                    head_key -= 1 << 64
                self.db.execute("insert or replace into articles(key, head, similarity, syndicated) values (?, ?, ?, ?)",
                                (key, head_key, assignment.dup_similarity, assignment.syndicated_from))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:  # nested: part of the enclosing one
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.db.execute("begin immediate")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self.db.execute("rollback")
            raise
        self._depth = 0
        self.db.execute("commit")

    def __len__(self) -> int:
        return self.db.execute("select count(*) from articles").fetchone()[0]

    def size_bytes(self) -> int:
        """Bytes the index takes on disk (pages in use)."""
        self.db.execute("pragma wal_checkpoint(truncate)")
        count = self.db.execute("pragma page_count").fetchone()[0] - self.db.execute("pragma freelist_count").fetchone()[0]
        return count * self.db.execute("pragma page_size").fetchone()[0]

    def close(self) -> None:
        self.db.close()
