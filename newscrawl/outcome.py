"""What one crawl did, read from its final stats: stored, skipped as seen, dropped, errors, and whether it failed.

One reading, for the closing summary, the exit code of ``scrapy crawl`` and the run manifest of ``newscrawl run``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping


def _under(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    return {k.removeprefix(prefix): int(v) for k, v in sorted(stats.items()) if k.startswith(prefix)}


FINISHED = {"finished", "max_articles", "closespider_timeout"}  # stopped at -a max_articles or at
# NEWSCRAWL_SITE_MAX_SECONDS: ended as asked, what it had is committed


@dataclass(frozen=True)
class Outcome:
    reason: str  # Scrapy's finish_reason ("finished", "shutdown", …), "not finished" when there is none
    pages: int  # responses downloaded
    stored: int  # articles that passed every step (handed to the dataset and the feed exports)
    dataset_rows: int  # rows in committed dataset part files
    seen: int  # article requests skipped because an earlier run stored them
    seen_read: bool  # False when the seen-store was not consulted (a feed export is a snapshot)
    fetched_again: int  # articles in the seen-store fetched anyway because it was not read
    skipped: dict[str, int] = field(default_factory=dict)  # other skips (not_html, too_old, …), by reason
    dropped: dict[str, int] = field(default_factory=dict)  # by reason (too_short, duplicate_url, …)
    errors: dict[str, int] = field(default_factory=dict)  # by KIND/REASON (article/http_404, robots/DNSLookupError…)
    log_errors: int = 0  # ERROR lines in the log
    feeds_failed: int = 0  # feed exports that could not be stored

    @classmethod
    def of(cls, stats: Mapping[str, Any]) -> "Outcome":
        skipped = _under(stats, "newscrawl/skipped/")
        return cls(
            reason=str(stats.get("finish_reason", "not finished")),
            pages=int(stats.get("downloader/response_count", 0)),
            stored=int(stats.get("item_scraped_count", 0)),
            dataset_rows=int(stats.get("newscrawl/parquet/rows", 0)),
            seen=skipped.pop("seen", 0),
            seen_read=not stats.get("newscrawl/seen/not_read"),
            fetched_again=int(stats.get("newscrawl/seen/fetched_again", 0)),
            skipped=skipped,
            dropped=_under(stats, "newscrawl/dropped/"),
            errors=_under(stats, "newscrawl/errors/"),
            log_errors=int(stats.get("log_count/ERROR", 0)),
            feeds_failed=sum(_under(stats, "feedexport/failed_count/").values()),
        )

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def failed(self) -> bool:
        """Did not finish, logged errors, a feed was not stored, or nothing could be fetched at all."""
        return (self.reason not in FINISHED or self.log_errors > 0 or self.feeds_failed > 0
                or (self.pages == 0 and self.error_count > 0))

    def counts_line(self) -> str:
        """``500 skipped as seen, 4 skipped (too_old 4), 3 dropped (too_short 2, duplicate_url 1), 1 error (…)``"""
        seen = f"{self.seen} skipped as seen"
        if not self.seen_read:
            seen += f" (seen-store not read: a feed export is a snapshot; {self.fetched_again} fetched again)"
        parts = [seen]
        for label, counts in (("skipped", self.skipped), ("dropped", self.dropped)):
            parts.append(f"{sum(counts.values())} {label}{_reasons(counts)}")
        n = self.error_count
        parts.append(f"{n} error{'' if n == 1 else 's'}{_reasons(self.errors)}")
        return ", ".join(parts)


def _reasons(counts: dict[str, int]) -> str:
    return f" ({', '.join(f'{k} {v}' for k, v in counts.items())})" if counts else ""
