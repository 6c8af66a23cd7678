"""Common Crawl's news archive (CC-NEWS) as a source: the files of a window of days, streamed over HTTP,
filtered by domain on the WARC headers, extracted into the Parquet dataset, resumable per file.

``newscrawl ccnews`` (:mod:`newscrawl.cli.ccnews`) runs it in one process; :func:`process_file` is the unit of
work for a cluster engine, and :mod:`.cluster` maps it with Dask distributed.
"""
from __future__ import annotations

from .archive import FileList, list_files
from .run import FileReport, Options, process, process_file

__all__ = ["FileList", "FileReport", "Options", "list_files", "process", "process_file"]
