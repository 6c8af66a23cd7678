"""At the end of a crawl: what it stored and where, what it skipped, dropped and failed, and a short table."""
from __future__ import annotations

import sys
from collections import Counter
from typing import Any, TextIO

import pyarrow.parquet as pq
from scrapy import signals
from scrapy.exceptions import NotConfigured

from ..outcome import Outcome
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
        for row in pq.read_table(done.path, columns=present).to_pylist():
            out.append({**{c: row.get(c) for c in READ}, "site": row.get("site") or done.site})  # the partition's
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
    """The closing summary, on stderr (stdout stays clean for ``-o -:jsonl | jq``): what was stored and
    where, what was skipped as seen, dropped and failed, then a short table of the dataset's rows."""

    def __init__(self, stats: Any, max_rows: int = 20, out: TextIO | None = None) -> None:
        self.stats = stats
        self.max_rows = max_rows
        self.out = out
        self.files: list[CommittedFile] = []
        self.feeds: list[tuple[str, int]] = []  # (feed URI, items) of every stored feed export
        self.spider_name = "crawl"

    @classmethod
    def from_crawler(cls, crawler: Any) -> "CrawlSummary":
        if not crawler.settings.getbool("NEWSCRAWL_SUMMARY_ENABLED"):
            raise NotConfigured
        ext = cls(crawler.stats, crawler.settings.getint("NEWSCRAWL_SUMMARY_ROWS"))
        crawler.signals.connect(ext.committed, signal=parquet_committed)
        crawler.signals.connect(ext.feed_stored, signal=signals.feed_slot_closed)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.stopped, signal=signals.engine_stopped)  # after the stats dump
        return ext

    def committed(self, file: CommittedFile) -> None:
        self.files.append(file)

    def feed_stored(self, slot: Any) -> None:
        self.feeds.append((str(slot.uri), int(slot.itemcount)))

    def closed(self, spider: Any, reason: str) -> None:
        self.spider_name = spider.name

    def report(self) -> str:
        outcome = Outcome.of(self.stats.get_stats())
        state = "FAILED" if outcome.failed else outcome.reason
        where = []
        if self.files:
            where.append(f"{sum(f.rows for f in self.files)} to the dataset ({len(self.files)} file(s))")
        where += [f"{items} to {'stdout' if uri == 'stdout:' else uri}" for uri, items in self.feeds]
        if not outcome.stored:
            stored = "no articles written"
        elif where:
            stored = f"{outcome.stored} articles written: {'; '.join(where)}"
        else:
            stored = f"{outcome.stored} articles kept but written nowhere (dataset off, no feed export)"
        lines = [f"newscrawl: {self.spider_name} {state}: {stored}.", f"  {outcome.counts_line()}."]
        if outcome.feeds_failed:
            lines.append(f"  {outcome.feeds_failed} feed export(s) could not be stored: see the log")
        if outcome.failed and outcome.pages == 0:
            lines.append("  no page could be fetched: is the site reachable?")
        lines += [f"  {f.path}" for f in self.files]
        if self.files:
            lines += ["", summary_table(self.files, self.max_rows), ""]
        return "\n".join(lines)

    def stopped(self) -> None:
        out = self.out or sys.stderr
        print("\n" + self.report(), file=out)
        out.flush()
