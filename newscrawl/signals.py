"""newscrawl's own Scrapy signals."""
from __future__ import annotations

#: sent with ``file=CommittedFile`` when a Parquet part file has been renamed into place
parquet_committed = object()
