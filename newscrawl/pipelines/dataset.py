"""Writes every article to the Hive-partitioned Parquet dataset under ``NEWSCRAWL_OUTPUT_DIR``."""
from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import NotConfigured

from ..parquet.writer import CommittedFile, DatasetWriter
from ..signals import parquet_committed

logger = logging.getLogger(__name__)


class DatasetPipeline:
    def __init__(self, writer: DatasetWriter, stats: Any = None, signals: Any = None) -> None:
        self.writer = writer
        self.stats = stats
        self.signals = signals
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
        return cls(writer, crawler.stats, crawler.signals)

    def _committed(self, done: CommittedFile) -> None:
        if self.stats:
            self.stats.inc_value("newscrawl/parquet/files")
            self.stats.inc_value("newscrawl/parquet/rows", done.rows)
        if self.signals:
            self.signals.send_catch_log(parquet_committed, file=done)

    def process_item(self, item: Any) -> Any:
        self.writer.write(item)
        return item

    def close_spider(self) -> None:
        self.writer.close()
        if self.writer.stale_removed:
            logger.warning("removed %d unfinished part file(s) left by a crawl that died: %s",
                           len(self.writer.stale_removed), ", ".join(p.name for p in self.writer.stale_removed))
            if self.stats:
                self.stats.inc_value("newscrawl/parquet/stale_parts_removed", len(self.writer.stale_removed))
        if self.writer.committed:
            logger.info("Parquet dataset: %d rows in %d file(s) under %s",
                        self.writer.rows_written, len(self.writer.committed), self.writer.root)
