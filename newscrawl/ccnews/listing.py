"""Which CC-NEWS files a window of days needs: the monthly ``warc.paths.gz`` listings, and the files by name.

The archive keeps one listing per month, ``BASE/crawl-data/CC-NEWS/YYYY/MM/warc.paths.gz``, a gzipped list of
paths relative to ``BASE``; each file is named for the moment it was started,
``CC-NEWS-YYYYMMDDhhmmss-NNNNN.warc.gz``, so the files of a window are chosen by name alone (pure functions
here; the fetching is :mod:`.http`'s).
"""
from __future__ import annotations

import gzip
import re
from datetime import date
from typing import Iterable, Iterator

NAME = re.compile(r"CC-NEWS-(\d{4})(\d{2})(\d{2})(\d{6})-(\d{5})\.warc\.gz$")


def months(since: date, until: date) -> list[tuple[int, int]]:
    """Every (year, month) the window ``since``..``until`` (inclusive) touches, in order."""
    out = []
    year, month = since.year, since.month
    while (year, month) <= (until.year, until.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def listing_url(base: str, year: int, month: int) -> str:
    return f"{base.rstrip('/')}/crawl-data/CC-NEWS/{year:04d}/{month:02d}/warc.paths.gz"


def file_url(base: str, path: str) -> str:
    return f"{base.rstrip('/')}/{path.lstrip('/')}"


def file_day(path: str) -> date | None:
    """The day in a CC-NEWS file name, or None for a path that is not one."""
    m = NAME.search(path)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def parse_listing(data: bytes) -> list[str]:
    """The paths of a ``warc.paths.gz`` (gzipped or already inflated), blank lines dropped."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return [line.strip() for line in data.decode("utf-8", "replace").splitlines() if line.strip()]


def select(paths: Iterable[str], since: date, until: date) -> Iterator[str]:
    """The paths whose file name falls in the window, in name order (the archive's order)."""
    chosen = [(NAME.search(p)[0], p) for p in paths if (d := file_day(p)) is not None and since <= d <= until]
    for _, path in sorted(chosen):
        yield path
