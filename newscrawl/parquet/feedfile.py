"""Local Parquet feed files (``-O x.parquet``, ``-o x.parquet``): written beside, renamed into place when whole.

A Parquet file cannot grow at its end (its footer is there), so ``-o`` (append) on an existing file writes a
new file holding the file's rows first, then the crawl's, and renames it over the old one once it is complete.
A file whose rows cannot be carried over (not Parquet, damaged, not article columns) is refused before anything
is written; the file a user has is never changed until a whole replacement is in place. Other feed formats are
stored as Scrapy stores them.
"""
from __future__ import annotations

import io
import logging
import os
from pathlib import Path
from typing import Any, Iterator

import pyarrow as pa
import pyarrow.parquet as pq
from scrapy.extensions.feedexport import FileFeedStorage

from ..record import arrow_schema
from ..tempfiles import orphans, temp_path

logger = logging.getLogger(__name__)


class NotAppendable(Exception):
    """``-o FILE.parquet`` on a file whose rows cannot be kept."""


def _batches(path: Path, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    """The rows of ``path`` in ``schema``: columns the file lacks (an older schema version) are null."""
    source = pq.ParquetFile(path)
    for batch in source.iter_batches():
        columns = [batch.column(f.name) if f.name in batch.schema.names else pa.nulls(batch.num_rows, f.type)
                   for f in schema]
        yield pa.RecordBatch.from_arrays(columns, schema=schema)


def _glued(path: Path, metadata: pq.FileMetaData) -> bool:
    """True when another Parquet file sits between the last data the footer points to and the footer itself:
    files appended to one another (what ``-o x.parquet`` did before), which readers take for the last one alone."""
    ends = [0]
    for g in range(metadata.num_row_groups):
        group = metadata.row_group(g)
        for c in range(group.num_columns):
            chunk = group.column(c)
            start = min(o for o in (chunk.dictionary_page_offset, chunk.data_page_offset) if o is not None)
            ends.append(start + chunk.total_compressed_size)
    with open(path, "rb") as fh:
        fh.seek(-8, os.SEEK_END)
        footer_start = fh.tell() - int.from_bytes(fh.read(4), "little")
        fh.seek(max(ends))
        gap = fh.read(max(0, footer_start - max(ends)))
    return b"PAR1" in gap


def append_problem(path: Path) -> str | None:
    """Why the rows of an existing feed file cannot be carried into an appended one; None when they can.

    Reads the whole file: a damaged file (two files glued together, a truncated one) fails here, not half-way."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    ours = arrow_schema()
    try:
        theirs = pq.read_schema(path)
        unknown = [n for n in theirs.names if n not in ours.names]
        if unknown:
            return f"its columns {unknown} are not article columns"
        for f in theirs:
            if not f.type.equals(ours.field(f.name).type):
                return f"its column {f.name} is {f.type}, not {ours.field(f.name).type}"
        metadata = pq.ParquetFile(path).metadata
        if _glued(path, metadata):
            return "it holds Parquet files glued one after another, which no reader reads whole"
        if sum(b.num_rows for b in _batches(path, ours)) != metadata.num_rows:
            return "its row count does not match its footer"
    except (pa.ArrowException, OSError) as exc:
        return f"not a readable Parquet file ({exc})"
    return None


def carried_rows(path: Path | None, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    """The rows an appended feed starts with (none for a new file)."""
    if path is not None:
        yield from _batches(path, schema)


class FeedFile(io.BufferedWriter):
    """The temporary file a Parquet feed is written to; ``carry_from`` names the file whose rows go first."""

    carry_from: Path | None = None


class FeedFileStorage(FileFeedStorage):
    """Scrapy's local file storage, except that a Parquet feed appears under its name only when complete."""

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None) -> None:
        super().__init__(uri, feed_options=feed_options)
        options = feed_options or {}
        self.parquet = options.get("format") == "parquet"
        self.append = not options.get("overwrite", False)
        self.postprocessing = bool(options.get("postprocessing"))
        self.tmp: Path | None = None

    def open(self, spider: Any) -> Any:
        if not self.parquet:
            return super().open(spider)
        final = Path(self.path)
        final.parent.mkdir(parents=True, exist_ok=True)
        for tmp, _ in orphans(final.parent, final.name):  # left by a crawl that died
            tmp.unlink(missing_ok=True)
        carry = None
        if self.append and final.exists() and final.stat().st_size:
            problem = "a post-processed feed cannot be appended to" if self.postprocessing else append_problem(final)
            if problem:
                raise NotAppendable(f"cannot append to {final}: {problem}")
            carry = final
        self.tmp = temp_path(final)
        file = FeedFile(io.FileIO(self.tmp, "wb"))
        file.carry_from = carry
        return file

    def store(self, file: Any) -> None:
        file.close()
        if self.tmp is not None:
            os.replace(self.tmp, self.path)
