"""Reading a dataset whose files come from several schema versions, as one table.

Columns a newer version added are null in rows of older files. DuckDB does the same with
``read_parquet('output/**/*.parquet', hive_partitioning = 1, union_by_name = true)``;
pandas with ``pd.read_parquet("output", schema=newscrawl.record.arrow_schema())``.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds

from ..record import arrow_schema

PARTITIONS = pa.schema([pa.field("crawl_date", pa.string())])  # `site` is a column of the record too


def dataset_schema() -> pa.Schema:
    """The current record schema plus the partition column ``crawl_date``."""
    return pa.unify_schemas([arrow_schema(), PARTITIONS])


def open_dataset(root: str | Path) -> ds.Dataset:
    """The Hive-partitioned dataset under ``root``, every file read with the current schema."""
    return ds.dataset(str(root), format="parquet", partitioning="hive", schema=dataset_schema(),
                      exclude_invalid_files=True)
