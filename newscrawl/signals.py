"""newscrawl's own Scrapy signals."""
from __future__ import annotations

#: sent with ``file=CommittedFile`` when a Parquet part file has been renamed into place
parquet_committed = object()

#: sent with ``page=FetchedPage, article=Article`` when a fetched page has been extracted
page_extracted = object()

#: sent with ``reason=str`` when a pipeline stops the crawl (``-a max_articles=N`` reached): the pages still
#: waiting for extraction are dropped unextracted, with that reason
crawl_stopping = object()
