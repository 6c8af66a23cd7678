"""Where records go: Parquet files with the schema of :mod:`newscrawl.record`."""
from __future__ import annotations

from .layout import dataset_schema, part_schema
from .writer import DatasetWriter, PartWriter

__all__ = ["DatasetWriter", "PartWriter", "dataset_schema", "part_schema"]
