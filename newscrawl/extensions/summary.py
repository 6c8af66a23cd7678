"""At the end of a crawl: where the Parquet went, and a short table of what it holds."""
from __future__ import annotations

import sys
from typing import Any, TextIO

import pyarrow.parquet as pq
from scrapy import signals
from scrapy.exceptions import NotConfigured

from ..parquet.writer import CommittedFile
from ..signals import parquet_committed

COLUMNS = ("site", "title", "published", "credits", "word_count")
HEADERS = ("site", "title", "published", "credits", "words")
WIDTHS = (10, 48, 25, 28, 6)
READ = ("site", "title", "published", "authors", "agencies", "word_count")


def credits(authors: list[str] | None, agencies: list[str] | None) -> list[str]:
    """People first, then agencies marked as such: ["Khagan Isayev"], ["EFE (agency)"]."""
    return [*(authors or []), *(f"{a} (agency)" for a in agencies or [])]


def _cell(value: Any, width: int) -> str:
    if isinstance(value, list):
        value = ", ".join(value)
    text = "" if value is None else str(value)
    return (text[: width - 1] + "…") if len(text) > width else text.ljust(width)


def summary_table(files: list[CommittedFile], max_rows: int = 20) -> str:
    lines = ["  ".join(h.ljust(w) for h, w in zip(HEADERS, WIDTHS))]
    lines.append("  ".join("-" * w for w in WIDTHS))
    shown = total = 0
    for done in files:
        table = pq.read_table(done.path, columns=list(READ))
        total += table.num_rows
        for row in table.to_pylist():
            row["credits"] = credits(row["authors"], row["agencies"])
            if shown < max_rows:
                lines.append("  ".join(_cell(row[c], w) for c, w in zip(COLUMNS, WIDTHS)).rstrip())
                shown += 1
    if total > shown:
        lines.append(f"… and {total - shown} more rows")
    return "\n".join(lines)


class CrawlSummary:
    def __init__(self, max_rows: int = 20, out: TextIO = sys.stdout) -> None:
        self.max_rows = max_rows
        self.out = out
        self.files: list[CommittedFile] = []

    @classmethod
    def from_crawler(cls, crawler: Any) -> "CrawlSummary":
        if not crawler.settings.getbool("NEWSCRAWL_SUMMARY_ENABLED"):
            raise NotConfigured
        ext = cls(crawler.settings.getint("NEWSCRAWL_SUMMARY_ROWS"))
        crawler.signals.connect(ext.committed, signal=parquet_committed)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.stopped, signal=signals.engine_stopped)  # after the stats dump
        return ext

    def committed(self, file: CommittedFile) -> None:
        self.files.append(file)

    def closed(self, spider: Any, reason: str) -> None:
        self.spider_name, self.reason = spider.name, reason

    def stopped(self) -> None:
        name = getattr(self, "spider_name", "crawl")
        if not self.files:
            print(f"\nnewscrawl: {name}: no articles written ({getattr(self, 'reason', 'not started')}).", file=self.out)
            return
        rows = sum(f.rows for f in self.files)
        print(f"\nnewscrawl: {name}: {rows} articles written to", file=self.out)
        for f in self.files:
            print(f"  {f.path}", file=self.out)
        print("\n" + summary_table(self.files, self.max_rows) + "\n", file=self.out)
        self.out.flush()
