"""Parquet writing: row groups flushed as the crawl goes, files renamed into place only when whole.

A part file is written under a hidden temporary name (``.part-….parquet.inprogress``)
and renamed to ``part-….parquet`` after its footer is written, so a reader (or a crawl
killed with SIGKILL) never sees a partial file under a ``*.parquet`` name.
"""
from __future__ import annotations

import logging
import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from ..record import arrow_schema, coerce
from ..tempfiles import orphans, temp_path
from ..worker import host_pid
from .layout import part_schema, partition_dir

logger = logging.getLogger(__name__)

COMPRESSION = "zstd"


def table_of(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema)


class RowGroupBuffer:
    """Rows kept in memory until a row group is full; then handed to a pyarrow ParquetWriter."""

    def __init__(self, sink: str | BinaryIO, schema: pa.Schema, row_group_rows: int) -> None:
        self.schema = schema
        self.row_group_rows = max(1, row_group_rows)
        self.rows: list[dict[str, Any]] = []
        self.written = 0
        self._writer = pq.ParquetWriter(sink, schema, compression=COMPRESSION, use_dictionary=True)

    def add(self, item: Any) -> None:
        self.rows.append(coerce(item))
        if len(self.rows) >= self.row_group_rows:
            self.flush()

    def write_batch(self, batch: pa.RecordBatch) -> None:
        """Rows already in Arrow form (an appended feed's earlier rows), written as they come."""
        self.flush()
        self._writer.write_batch(batch)
        self.written += batch.num_rows

    def flush(self) -> None:
        if self.rows:
            self._writer.write_table(table_of(self.rows, self.schema), row_group_size=len(self.rows))
            self.written += len(self.rows)
            self.rows = []

    def close(self) -> None:
        self.flush()
        self._writer.close()

    @property
    def count(self) -> int:
        return self.written + len(self.rows)


@dataclass
class CommittedFile:
    path: Path
    rows: int
    urls: list[str] = field(default_factory=list)
    site: str | None = None  # the partition's site (the file itself does not hold it)


class PartWriter:
    """One part file of a dataset directory, visible only once complete."""

    def __init__(self, directory: Path, schema: pa.Schema, row_group_rows: int, site: str | None = None) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.site = site
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        name = f"part-{stamp}-{host_pid()}-{uuid.uuid4().hex[:8]}.parquet"  # workers share folders
        self.final = directory / name
        self.tmp = temp_path(self.final)
        self.opened = time.monotonic()
        self.urls: list[str] = []
        self._buffer = RowGroupBuffer(str(self.tmp), schema, row_group_rows)

    def add(self, item: Any) -> None:
        self._buffer.add(item)
        url = item.get("url") if isinstance(item, dict) else getattr(item, "url", None)
        if url:
            self.urls.append(url)

    @property
    def rows(self) -> int:
        return self._buffer.count

    def commit(self) -> CommittedFile:
        self._buffer.close()
        os.replace(self.tmp, self.final)
        return CommittedFile(self.final, self.rows, self.urls, self.site)

    def abort(self) -> None:
        """Give the part up: its temporary file is removed (as far as the disk lets us)."""
        try:
            self._buffer._writer.close()
        except OSError:
            pass  # the disk that refused the write refuses the footer too
        finally:
            try:
                self.tmp.unlink(missing_ok=True)
            except OSError:
                pass  # a read-only folder: the next writer there removes it (remove_stale_parts)


def remove_stale_parts(directory: Path) -> list[Path]:
    """Delete temporary part files left by crawls that died (their PID no longer runs)."""
    removed = []
    for tmp, _ in orphans(directory, "part-*"):
        tmp.unlink(missing_ok=True)
        removed.append(tmp)
    return removed


class DatasetWriter:
    """A Hive-partitioned dataset: ``ROOT/site=NAME/crawl_date=YYYY-MM-DD/part-….parquet`` (:mod:`.layout`).

    Rows are routed to one open part per partition; a part is committed (renamed into
    place) when it reaches ``file_rows`` rows or ``file_seconds`` age, and at :meth:`close`.
    ``on_commit`` is called with every committed file (the seen-store listens to it).
    """

    def __init__(
        self,
        root: str | os.PathLike,
        *,
        crawl_date: str | None = None,
        row_group_rows: int = 500,
        file_rows: int = 50_000,
        file_seconds: float = 900,
        on_commit: Callable[[CommittedFile], None] | None = None,
    ) -> None:
        self.root = Path(root)
        self.crawl_date = crawl_date or datetime.now(timezone.utc).date().isoformat()
        self.schema = part_schema()
        self.row_group_rows = row_group_rows
        self.file_rows = file_rows
        self.file_seconds = file_seconds
        self.on_commit = on_commit
        self.parts: dict[str, PartWriter] = {}
        self.committed: list[CommittedFile] = []
        self.stale_removed: list[Path] = []

    def directory(self, site: str) -> Path:
        return partition_dir(self.root, site, self.crawl_date)

    def write(self, item: Any) -> None:
        site = (item.get("site") if isinstance(item, dict) else getattr(item, "site", None)) or "news"
        part = self.parts.get(site)
        if part is None:
            directory = self.directory(site)
            self.stale_removed += remove_stale_parts(directory)
            part = self.parts[site] = PartWriter(directory, self.schema, self.row_group_rows, site)
        part.add(item)
        if part.rows >= self.file_rows or time.monotonic() - part.opened >= self.file_seconds:
            self._commit(site)

    def _commit(self, site: str) -> None:
        done = self.parts[site].commit()
        del self.parts[site]
        self.committed.append(done)
        logger.info("wrote %d rows to %s", done.rows, done.path)
        if self.on_commit:
            self.on_commit(done)

    def close(self) -> list[CommittedFile]:
        for site in list(self.parts):
            self._commit(site)
        return self.committed

    @property
    def open_rows(self) -> int:
        """Rows written to parts not committed yet."""
        return sum(part.rows for part in self.parts.values())

    def abort(self) -> None:
        """Give up every open part (the disk refused a write, say): their rows are lost."""
        for part in self.parts.values():
            part.abort()
        self.parts.clear()

    @property
    def rows_written(self) -> int:
        return sum(c.rows for c in self.committed)


def write_table(path: str | os.PathLike, items: Iterable[Any]) -> int:
    """Write ``items`` to one Parquet file at ``path`` (atomically). Returns the row count."""
    path = Path(path)
    tmp = temp_path(path)
    buf = RowGroupBuffer(str(tmp), arrow_schema(), 1000)
    for item in items:
        buf.add(item)
    buf.close()
    os.replace(tmp, path)
    return buf.count
