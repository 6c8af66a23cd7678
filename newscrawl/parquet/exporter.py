"""The ``parquet`` feed format: ``scrapy crawl SITE -O articles.parquet``."""
from __future__ import annotations

from typing import Any, BinaryIO

from scrapy.exporters import BaseItemExporter

from ..record import arrow_schema
from .writer import RowGroupBuffer


class ParquetItemExporter(BaseItemExporter):
    """Writes article records to the feed's file with the explicit schema, in row groups."""

    def __init__(self, file: BinaryIO, **kwargs: Any) -> None:
        self.row_group_rows = int(kwargs.pop("row_group_rows", 500))
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self._buffer: RowGroupBuffer | None = None

    def start_exporting(self) -> None:
        self._buffer = RowGroupBuffer(self.file, arrow_schema(), self.row_group_rows)

    def export_item(self, item: Any) -> None:
        assert self._buffer is not None
        self._buffer.add(item)

    def finish_exporting(self) -> None:
        if self._buffer is not None:
            self._buffer.close()
