"""newscrawl's own Scrapy signals."""
from __future__ import annotations

from typing import Any

from scrapy.utils.defer import deferred_from_coro

#: sent with ``file=CommittedFile`` when a Parquet part file has been renamed into place
parquet_committed = object()

#: sent with ``page=FetchedPage, article=Article`` when a fetched page has been extracted
page_extracted = object()

#: sent with ``reason=str`` when a component stops the crawl (``-a max_articles=N`` reached, a disk that refuses
#: writes): the pages still waiting for extraction are dropped unextracted, with that reason
crawl_stopping = object()


def stop_crawl(crawler: Any, reason: str) -> None:
    """Stop ``crawler`` from one of its components: no more extraction (``crawl_stopping``), then the engine
    closes the spider with ``reason`` as its finish reason (unless it is closing already)."""
    crawler.signals.send_catch_log(crawl_stopping, reason=reason)
    if crawler.engine and crawler.engine.spider is not None:
        deferred_from_coro(crawler.engine.close_spider_async(reason=reason))
