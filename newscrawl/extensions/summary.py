"""At the end of a crawl: where the Parquet went, and a short table of what it holds."""
from __future__ import annotations

import sys
from collections import Counter
from typing import Any, TextIO

import pyarrow.parquet as pq
from scrapy import signals
from scrapy.exceptions import NotConfigured

from ..parquet.writer import CommittedFile
from ..signals import parquet_committed

COLUMNS = ("site", "title", "published", "credits", "word_count", "cluster")
HEADERS = ("site", "title", "published", "credits", "words", "cluster")
WIDTHS = (10, 48, 25, 28, 6, 12)
READ = ("site", "title", "published", "authors", "agencies", "word_count", "url", "dup_cluster", "dup_of",
        "dup_similarity", "syndicated_from")


def credits(authors: list[str] | None, agencies: list[str] | None) -> list[str]:
    """People first, then agencies marked as such: ["Khagan Isayev"], ["EFE (agency)"]."""
    return [*(authors or []), *(f"{a} (agency)" for a in agencies or [])]


def _cell(value: Any, width: int) -> str:
    if isinstance(value, list):
        value = ", ".join(value)
    text = "" if value is None else str(value)
    return (text[: width - 1] + "…") if len(text) > width else text.ljust(width)


def _read(files: list[CommittedFile]) -> list[dict]:
    out = []
    for done in files:
        present = [c for c in READ if c in pq.read_schema(done.path).names]
        out.extend({c: row.get(c) for c in READ} for row in pq.read_table(done.path, columns=present).to_pylist())
    return out


def _cluster_label(row: dict, sizes: Counter) -> str:
    """The cluster's short id, with "=" for its first article and "~0.87" (estimated Jaccard) for a copy."""
    if sizes[row["dup_cluster"]] < 2:
        return ""
    if row["dup_of"]:
        return f"{row['dup_cluster'][:6]} ~{row['dup_similarity']:.2f}"
    return f"{row['dup_cluster'][:6]} ="


def clusters_lines(rows: list[dict], sizes: Counter) -> list[str]:
    """One line per near-duplicate cluster among the rows: its first article, then each copy."""
    lines = []
    for cluster, n in sizes.most_common():
        if n < 2 or cluster is None:
            continue
        members = [r for r in rows if r["dup_cluster"] == cluster]
        first = next((r for r in members if not r["dup_of"]), None)
        lines.append(f"near-duplicates: cluster {cluster}, {n} articles"
                     + (f", first seen: {first['title']}" if first else ""))
        for r in members:
            if r["dup_of"]:
                source = f", credits {r['syndicated_from']}" if r["syndicated_from"] else ""
                lines.append(f"  copy ~{r['dup_similarity']:.2f}{source}: {r['title']}  {r['url']}")
    return lines


def summary_table(files: list[CommittedFile], max_rows: int = 20) -> str:
    rows = _read(files)
    sizes = Counter(r["dup_cluster"] for r in rows if r["dup_cluster"])
    lines = ["  ".join(h.ljust(w) for h, w in zip(HEADERS, WIDTHS)).rstrip()]
    lines.append("  ".join("-" * w for w in WIDTHS))
    for row in rows[:max_rows]:
        row["credits"] = credits(row["authors"], row["agencies"])
        row["cluster"] = _cluster_label(row, sizes)
        lines.append("  ".join(_cell(row[c], w) for c, w in zip(COLUMNS, WIDTHS)).rstrip())
    if len(rows) > max_rows:
        lines.append(f"… and {len(rows) - max_rows} more rows")
    clusters = clusters_lines(rows, sizes)
    return "\n".join(lines + ([""] + clusters if clusters else []))


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
