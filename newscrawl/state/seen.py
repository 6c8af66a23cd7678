"""The seen-store: which canonical URLs earlier runs stored, so a later run fetches nothing twice.

A URL is marked only once its record is safe in a committed Parquet file (or was
dropped on purpose), so a crawl that dies never marks what it did not keep.
"""
from __future__ import annotations

import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

SCHEMA = """
create table if not exists seen (
    url text primary key,      -- canonical URL
    site text,
    lastmod real,              -- sitemap lastmod of the version stored (epoch seconds), if any
    stored_at real not null,   -- when it was stored (epoch seconds)
    status text not null       -- 'stored' or 'dropped:REASON'
)
"""


def epoch(when: datetime) -> float:
    """Epoch seconds of an aware or naive-UTC datetime."""
    return when.timestamp() if when.tzinfo else when.replace(tzinfo=timezone.utc).timestamp()


def verdict(stored: tuple[float | None, float] | None, lastmod: datetime | None) -> str:
    """The rule of every backend: ``'new'`` (never stored, or expired), ``'updated'`` (the sitemap lastmod is
    newer than the stored version's lastmod, or than when it was stored) or ``'seen'``."""
    if stored is None:
        return "new"
    stored_lastmod, stored_at = stored
    if lastmod is not None and epoch(lastmod) > (stored_lastmod if stored_lastmod is not None else stored_at):
        return "updated"
    return "seen"


class SeenStoreError(Exception):
    """The store cannot be written (disk full, read-only, locked): the crawl stops rather than store what it
    cannot mark."""


class SeenStore:
    """The SQLite backend (``STATE/seen.sqlite3``); :mod:`.redis_seen` is the shared one."""

    def __init__(self, path: str | Path, ttl_days: float = 30.0) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.ttl = ttl_days * 86400.0
        self.db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
        self.db.execute("pragma journal_mode=wal")
        self.db.execute("pragma synchronous=normal")
        self.db.execute(SCHEMA)
        self.expired = self.prune()

    def prune(self) -> int:
        """Forget entries older than the time to live; returns how many."""
        if self.ttl <= 0:
            return 0
        cur = self.db.execute("delete from seen where stored_at < ?", (time.time() - self.ttl,))
        return cur.rowcount

    def check(self, url: str, lastmod: datetime | None = None) -> str:
        """``'new'``, ``'updated'`` (sitemap lastmod newer than what was stored) or ``'seen'``."""
        return verdict(self.db.execute("select lastmod, stored_at from seen where url = ?", (url,)).fetchone(), lastmod)

    def mark(self, entries: Iterable[tuple[str, str | None, datetime | None, str]]) -> int:
        """Record (url, site, lastmod, status) tuples; returns how many."""
        now = time.time()
        rows = [(url, site, lastmod.timestamp() if lastmod else None, now, status) for url, site, lastmod, status in entries]
        if rows:
            try:
                self.db.execute("begin")
                self.db.executemany(
                    "insert into seen(url, site, lastmod, stored_at, status) values (?, ?, ?, ?, ?) "
                    "on conflict(url) do update set site=excluded.site, "
                    "lastmod=coalesce(excluded.lastmod, seen.lastmod), stored_at=excluded.stored_at, "
                    "status=excluded.status",
                    rows,
                )
                self.db.execute("commit")
            except sqlite3.Error as exc:
                if self.db.in_transaction:
                    self.db.execute("rollback")
                raise SeenStoreError(f"{self.path}: {exc}") from exc
        return len(rows)

    def last_marked(self, site: str | None) -> float | None:
        """When ``site`` last marked anything (epoch seconds), or None: files committed later are not marked."""
        return self.db.execute("select max(stored_at) from seen where site is ?", (site,)).fetchone()[0]

    def __len__(self) -> int:
        return self.db.execute("select count(*) from seen").fetchone()[0]

    def close(self) -> None:
        self.db.close()
