"""Keeps every response of a crawl as WARC records (``NEWSCRAWL_WARC_DIR``; off when empty).

Files go to ``NEWSCRAWL_WARC_DIR/<spider>-<UTC stamp>-<n>.warc.gz`` and rotate at
``NEWSCRAWL_WARC_MAX_BYTES`` (default 100 MiB). Stats: ``newscrawl/warc/records``
(response records written) and ``newscrawl/warc/files`` (files closed).

Each response record carries two extension fields: ``Newscrawl-Kind`` (what the
crawl fetched the page as: ``article``, ``sitemap``, ``feed``, ``listing``,
``robots``, ``other``) and ``Newscrawl-Hints`` (JSON: a news sitemap's date and
title). ``newscrawl extract DIR`` extracts the ``article`` records (and records
without the field, from other tools) with those hints: the dataset it writes is
the one the crawl wrote.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from .writer import MAX_BYTES, WarcFileWriter

logger = logging.getLogger(__name__)


def _text(value: bytes | str) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def _header_pairs(headers: Any) -> list[tuple[str, str]]:
    return [(_text(name), _text(v)) for name, values in headers.items() for v in values]


class WarcRecorder:
    def __init__(self, directory: str, max_bytes: int = MAX_BYTES, stats: Any = None) -> None:
        self.directory = directory
        self.max_bytes = max_bytes
        self.stats = stats
        self.writer: WarcFileWriter | None = None
        self._committed = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> "WarcRecorder":
        directory = crawler.settings.get("NEWSCRAWL_WARC_DIR")
        if not directory:
            raise NotConfigured("NEWSCRAWL_WARC_DIR is empty")
        ext = cls(str(directory), crawler.settings.getint("NEWSCRAWL_WARC_MAX_BYTES"), crawler.stats)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Any) -> None:
        self.writer = WarcFileWriter(self.directory, prefix=spider.name, max_bytes=self.max_bytes)

    def response_received(self, response: Any, request: Any, spider: Any) -> None:
        if self.writer is None:
            self.spider_opened(spider)
        assert self.writer is not None
        request = request or response.request
        meta = request.meta if request is not None else {}
        self.writer.write_response(
            response.url,
            response.status,
            _header_pairs(response.headers),
            response.body,
            date=datetime.now(timezone.utc),
            protocol=getattr(response, "protocol", None) or "HTTP/1.1",
            request_method=request.method if request is not None else None,
            request_headers=_header_pairs(request.headers) if request is not None else None,
            request_body=request.body if request is not None else b"",
            kind=meta.get("newscrawl_kind") or "other",  # unmarked: robots.txt fetched by Scrapy's middleware
            hints=meta.get("newscrawl_hints"),
        )
        self._count("newscrawl/warc/records")
        self._sync_files()

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.writer is None:
            return
        self.writer.close()
        self._sync_files()
        if self.writer.recovered:
            logger.warning("renamed %d unfinished WARC file(s) left by a crawl that died: %s",
                           len(self.writer.recovered), ", ".join(p.name for p in self.writer.recovered))
        if self.writer.files:
            logger.info("WARC: %d responses in %d file(s) under %s",
                        self.writer.records, len(self.writer.files), self.directory)

    def _sync_files(self) -> None:
        assert self.writer is not None
        new = len(self.writer.files) - self._committed
        if new:
            self._count("newscrawl/warc/files", new)
            self._committed = len(self.writer.files)

    def _count(self, key: str, n: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, n)
