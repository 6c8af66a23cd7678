"""Where ``newscrawl extract`` puts articles: the crawl's keep/drop rules, then one Parquet dataset
writer per crawl date."""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

from . import defaults, filters
from .parquet.writer import DatasetWriter
from .record import Article


def existing_parts(root: str) -> int:
    """Part files of a dataset already under ``root`` (a second extraction there would add a copy of each page)."""
    return sum(1 for _ in Path(root).glob("site=*/crawl_date=*/part-*.parquet")) if os.path.isdir(root) else 0


class Sink:
    """The crawl's keep/drop rules (:mod:`newscrawl.filters`), then one :class:`DatasetWriter` per crawl date."""

    def __init__(self, root: str, crawl_date: str | None, min_words: int,
                 near: filters.NearDuplicates | None = None) -> None:
        self.root = root
        self.crawl_date = crawl_date
        self.min_words = min_words
        self.duplicates = filters.Duplicates()
        self.near = near  # near-duplicates across runs and sites: fills the dup_* columns
        self.writers: dict[str, DatasetWriter] = {}

    def add(self, article: Article) -> str | None:
        """Write ``article``; or return the reason it was dropped."""
        verdict = filters.too_short(article, self.min_words) or self.duplicates.check(article)
        if verdict is None and self.near is not None:
            verdict = self.near.check(article)
        if verdict is not None:
            return verdict.reason
        day = self.crawl_date or (article.fetched_at or datetime.now(timezone.utc)).astimezone(timezone.utc).date().isoformat()
        writer = self.writers.get(day)
        if writer is None:
            writer = self.writers[day] = DatasetWriter(
                self.root, crawl_date=day, row_group_rows=defaults.default("NEWSCRAWL_PARQUET_ROW_GROUP_ROWS"),
                file_rows=defaults.default("NEWSCRAWL_PARQUET_FILE_ROWS"), file_seconds=float("inf"))
        writer.write(article)
        return None

    def open_parts(self) -> list[tuple]:
        """(path once committed, rows) of every part file open now."""
        return [(part.final, part.rows) for w in self.writers.values() for part in w.parts.values()]

    def commit(self) -> list:
        """Close every open part file (renamed into place), and start new ones for what comes next; the
        duplicate checks go on across commits. Returns the files committed now."""
        files = self.close()
        self.writers = {}
        return files

    def close(self) -> list:
        if self.near is not None:
            self.near.close()
        return [f for w in self.writers.values() for f in w.close()]

    def abort(self) -> int:
        """Give up the part files not committed (the disk refused a write); returns the rows they held."""
        lost = sum(rows for _, rows in self.open_parts())
        for w in self.writers.values():
            w.abort()
        self.writers = {}
        return lost
