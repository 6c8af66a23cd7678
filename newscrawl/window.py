"""The publication window of a crawl: ``-a since=`` or ``-a days=``, and ``-a until=``.

Discovery skips sitemap and feed entries outside it before they are fetched; the stored
article's own publication date is checked against it too (an article found through a
home-page link has no date until it is fetched). A date without a time is a UTC day:
``since=2024-12-01`` starts at its midnight, ``until=2024-12-05`` ends at its last instant.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

DAY = timedelta(days=1)


def _instant(value: str, name: str, end_of_day: bool = False) -> datetime:
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}={value!r} is not a date like 2024-12-01") from None
    if end_of_day and len(value) <= 10:  # a bare day: all of it
        dt = datetime.combine(date.fromisoformat(value), time.max)
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Window:
    """Publication instants from ``since`` to ``until``, both included; either may be open (None)."""

    since: datetime | None = None
    until: datetime | None = None

    @classmethod
    def parse(cls, since: str | None = None, days: str | float | None = None, until: str | None = None) -> "Window":
        """The window of the crawl arguments; ValueError with a one-line message for a value it cannot read."""
        start = end = None
        if since and days not in (None, ""):
            raise ValueError("give since= or days=, not both")
        if since:
            start = _instant(since, "since")
        elif days not in (None, ""):
            try:
                n = float(days)
            except ValueError:
                raise ValueError(f"days={days!r} is not a number") from None
            if not n >= 0:
                raise ValueError(f"days={days!r} is not a number of days (0 or more)")
            start = datetime.now(timezone.utc) - timedelta(days=n)
        if until:
            end = _instant(until, "until", end_of_day=True)
        if start and end and end < start:
            raise ValueError(f"until={until!r} is before the window's start ({start.isoformat(timespec='seconds')})")
        return cls(start, end)

    def __bool__(self) -> bool:
        return self.since is not None or self.until is not None

    def entry_outside(self, lastmod: datetime | None, published: datetime | None) -> str | None:
        """``too_old``/``too_new`` for a sitemap or feed entry outside the window, else None.

        Too old by its publication date when known, else by lastmod (a page last changed before the start
        was published before it too); too new only by its publication date (lastmod may be a later edit).
        """
        when = published or lastmod
        if self.since is not None and when is not None and when < self.since:
            return "too_old"
        if self.until is not None and published is not None and published > self.until:
            return "too_new"
        return None

    def article_outside(self, published_utc: datetime | None, precision: str | None) -> str | None:
        """``too_old``/``too_new`` for a stored article dated outside the window; None when inside or undated.

        A day-only date stands for its whole day: it is inside when any instant of that day is.
        """
        if published_utc is None:
            return None
        last = published_utc + DAY - timedelta(microseconds=1) if precision == "day" else published_utc
        if self.since is not None and last < self.since:
            return "too_old"
        if self.until is not None and published_utc > self.until:
            return "too_new"
        return None
