"""What discovery finds: one :class:`Entry` per URL, what one sitemap or feed yields
(:class:`Listing`), and the dates of sitemaps and feeds in UTC."""
from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone


@dataclass(frozen=True)
class Entry:
    """One URL found by discovery, with what the sitemap or feed said about it."""

    url: str
    lastmod: datetime | None = None  # aware UTC: sitemap <lastmod>, Atom <updated>, JSON Feed date_modified
    published: str | None = None  # raw news:publication_date / pubDate / dc:date / published, as found
    title: str | None = None  # news:title / item title
    source: str = "sitemap"  # "sitemap" | "news-sitemap" | "rss" | "atom" | "json-feed" | "link"
    published_utc: datetime | None = None  # ``published`` parsed, aware UTC (None when unreadable)
    language: str | None = None  # news:language, or the feed's <language>, as found
    author: str | None = None  # raw dc:creator / author name(s), as found; never parsed here


@dataclass
class Listing:
    """What one discovery document (a sitemap, a feed) yields: its entries, and why reading stopped."""

    kind: str  # "urlset", "sitemapindex", "rss", "atom", "json-feed"… or "invalid"
    entries: list[Entry] = field(default_factory=list)
    error: str | None = None  # why parsing stopped early or failed; None when the whole document was read
    truncated: bool = False  # the entry or byte cap was reached before the end


_YEAR_MONTH = re.compile(r"(\d{4})(?:-(\d{2}))?")


def parse_w3c(raw: str | None) -> datetime | None:
    """A W3C / ISO-8601 date (``2024-05-01``, ``2024-05-01T10:00:00Z``, ``2024-05``) as aware UTC.

    A value without an offset is taken as UTC, a date alone as its midnight UTC.
    """
    if not raw:
        return None
    text = raw.strip()
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        match = _YEAR_MONTH.fullmatch(text)
        if not match:
            return None
        try:
            dt = datetime(int(match.group(1)), int(match.group(2) or 1), 1)
        except ValueError:
            return None
    return _utc(dt)


def parse_rfc822(raw: str | None) -> datetime | None:
    """An RFC 822 / 2822 date (``Mon, 18 Nov 2019 10:00:00 GMT``) as aware UTC; ``-0000`` means UTC."""
    if not raw:
        return None
    try:
        dt = email.utils.parsedate_to_datetime(raw.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return _utc(dt)


def parse_any(raw: str | None) -> datetime | None:
    """A feed or sitemap date in either form (feeds put ISO dates in ``pubDate`` and the reverse)."""
    if not raw:
        return None
    text = raw.strip()
    if text[:1].isdigit() and "-" in text[:8]:
        return parse_w3c(text) or parse_rfc822(text)
    return parse_rfc822(text) or parse_w3c(text)


def _utc(dt: datetime) -> datetime | None:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    try:
        return dt.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None
