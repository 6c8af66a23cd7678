"""The ``parquet`` feed format: ``scrapy crawl SITE -O articles.parquet`` (and ``-o``, appending: see
:mod:`.feedfile`)."""
from __future__ import annotations

import logging
from typing import Any, BinaryIO

from scrapy.exporters import BaseItemExporter

from ..record import arrow_schema
from .feedfile import carried_rows
from .writer import RowGroupBuffer

logger = logging.getLogger(__name__)


class ParquetItemExporter(BaseItemExporter):
    """Writes article records to the feed's file with the explicit schema, in row groups."""

    def __init__(self, file: BinaryIO, **kwargs: Any) -> None:
        self.row_group_rows = int(kwargs.pop("row_group_rows", 500))
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self._buffer: RowGroupBuffer | None = None

    def start_exporting(self) -> None:
        self._buffer = RowGroupBuffer(self.file, arrow_schema(), self.row_group_rows)
        carry = getattr(self.file, "carry_from", None)
        for batch in carried_rows(carry, self._buffer.schema):
            self._buffer.write_batch(batch)
        if carry is not None:
            logger.info("appending to %s after its %d rows", carry, self._buffer.count)

    def export_item(self, item: Any) -> None:
        assert self._buffer is not None
        self._buffer.add(item)

    def finish_exporting(self) -> None:
        if self._buffer is not None:
            self._buffer.close()
