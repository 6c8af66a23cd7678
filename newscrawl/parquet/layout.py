"""The dataset's layout: ``ROOT/site=NAME/crawl_date=YYYY-MM-DD/part-….parquet``, and its two schemas.

The directory names supply ``site`` and ``crawl_date`` (Hive partitioning); the part files do not
repeat them, since a column that is both in the files and in the path makes pyarrow and pandas
refuse the dataset. A feed file (``-O articles.parquet``) has no path to read them from and keeps
``site`` as a column (:func:`newscrawl.record.arrow_schema`).
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pyarrow as pa

from ..record import arrow_schema

PARTITION_COLUMNS = ("site", "crawl_date")


def part_schema() -> pa.Schema:
    """The schema of a part file: the record without the columns its directories give."""
    schema = arrow_schema()
    return schema.remove(schema.get_field_index("site"))


def dataset_schema() -> pa.Schema:
    """The schema of the whole dataset as a reader sees it, partition columns included.

    Give it to a reader of a dataset that holds part files of different schema versions
    (``pq.read_table("output", schema=dataset_schema())``): columns a file lacks read as null.
    """
    return part_schema().append(pa.field("site", pa.string())).append(pa.field("crawl_date", pa.string()))


def partition_dir(root: Path, site: str, crawl_date: str) -> Path:
    """``ROOT/site=NAME/crawl_date=DAY``; a name with characters unsafe in a path is percent-encoded, as
    Hive, pyarrow, DuckDB and polars decode it."""
    return root / f"site={quote(site or 'news', safe='')}" / f"crawl_date={crawl_date}"
