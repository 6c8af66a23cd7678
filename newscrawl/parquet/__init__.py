"""Where records go: Parquet files with the schema of :mod:`newscrawl.record`."""
from __future__ import annotations

from .writer import DatasetWriter, PartWriter

__all__ = ["DatasetWriter", "PartWriter"]
