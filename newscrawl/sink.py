"""Where ``newscrawl extract`` puts articles: the crawl's keep/drop rules, then one Parquet dataset
writer per crawl date."""
from __future__ import annotations

from datetime import datetime, timezone

from . import defaults, filters
from .parquet.writer import DatasetWriter
from .record import Article


class Sink:
    """The crawl's keep/drop rules (:mod:`newscrawl.filters`), then one :class:`DatasetWriter` per crawl date."""

    def __init__(self, root: str, crawl_date: str | None, min_words: int) -> None:
        self.root = root
        self.crawl_date = crawl_date
        self.min_words = min_words
        self.duplicates = filters.Duplicates()
        self.writers: dict[str, DatasetWriter] = {}

    def add(self, article: Article) -> str | None:
        """Write ``article``; or return the reason it was dropped."""
        verdict = filters.too_short(article, self.min_words) or self.duplicates.check(article)
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

    def close(self) -> list:
        return [f for w in self.writers.values() for f in w.close()]
