"""Writes every article to the Hive-partitioned Parquet dataset under ``NEWSCRAWL_OUTPUT_DIR``.

A disk that refuses a write (full, read-only) stops the crawl: one ERROR line, finish reason
``dataset_write_failed`` (so ``scrapy crawl`` and ``newscrawl run`` exit 1), the stat
``newscrawl/errors/dataset/write_failed`` (articles not written: the rows of the part files given up, and every
article after them, dropped unmarked so that the next run fetches them again); committed files are kept."""
from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import NotConfigured

from ..filters import Verdict
from ..parquet.writer import CommittedFile, DatasetWriter
from ..signals import parquet_committed, stop_crawl
from .filters import Drop

logger = logging.getLogger(__name__)


class DatasetPipeline:
    def __init__(self, writer: DatasetWriter, stats: Any = None, signals: Any = None, stop: Any = None) -> None:
        self.writer = writer
        self.stats = stats
        self.signals = signals
        self.stop = stop  # stops the crawl when the disk refuses a write
        self.failed: str | None = None  # why the dataset cannot be written (then nothing more is tried)
        writer.on_commit = self._committed

    @classmethod
    def from_crawler(cls, crawler: Any) -> "DatasetPipeline":
        s = crawler.settings
        if not s.getbool("NEWSCRAWL_DATASET_ENABLED") or not s.get("NEWSCRAWL_OUTPUT_DIR"):
            raise NotConfigured("NEWSCRAWL_DATASET_ENABLED is off")
        writer = DatasetWriter(
            s.get("NEWSCRAWL_OUTPUT_DIR"),
            row_group_rows=s.getint("NEWSCRAWL_PARQUET_ROW_GROUP_ROWS"),
            file_rows=s.getint("NEWSCRAWL_PARQUET_FILE_ROWS"),
            file_seconds=s.getfloat("NEWSCRAWL_PARQUET_FILE_SECONDS"),
        )
        return cls(writer, crawler.stats, crawler.signals, stop=lambda: stop_crawl(crawler, "dataset_write_failed"))

    def _committed(self, done: CommittedFile) -> None:
        if self.stats:
            self.stats.inc_value("newscrawl/parquet/files")
            self.stats.inc_value("newscrawl/parquet/rows", done.rows)
        if self.signals:
            self.signals.send_catch_log(parquet_committed, file=done)

    def process_item(self, item: Any) -> Any:
        if not self.failed:
            waiting = self.writer.open_rows  # rows not yet in a committed file
            try:
                self.writer.write(item)
                return item
            except OSError as exc:
                self._give_up(exc)
                self._lost(waiting)  # the open parts are given up; this article is counted below
        self._lost(1)
        raise Drop(Verdict("write_failed", f"{self.failed}: {getattr(item, 'url', '')}"), remember=False)

    def _give_up(self, exc: OSError) -> None:
        """The first refused write: give up the open part files, say so once, stop the crawl."""
        self.failed = exc.strerror or str(exc)
        self.writer.abort()
        logger.error("cannot write the dataset under %s (%s): the crawl stops; the files committed before are kept, "
                     "the articles not written are fetched again by the next run", self.writer.root, exc)
        if self.stop:
            self.stop()

    def _lost(self, n: int) -> None:
        if self.stats and n:
            self.stats.inc_value("newscrawl/errors/dataset/write_failed", n)

    def close_spider(self) -> None:
        try:
            self.writer.close()
        except OSError as exc:  # committing the last parts: those not committed are lost
            waiting = self.writer.open_rows
            if not self.failed:
                self._give_up(exc)
            self.writer.abort()
            self._lost(waiting)
        if self.writer.stale_removed:
            logger.warning("removed %d unfinished part file(s) left by a crawl that died: %s",
                           len(self.writer.stale_removed), ", ".join(p.name for p in self.writer.stale_removed))
            if self.stats:
                self.stats.inc_value("newscrawl/parquet/stale_parts_removed", len(self.writer.stale_removed))
        if self.writer.committed:
            logger.info("Parquet dataset: %d rows in %d file(s) under %s",
                        self.writer.rows_written, len(self.writer.committed), self.writer.root)
