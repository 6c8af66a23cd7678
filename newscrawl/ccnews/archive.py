"""The file list of a window: the monthly listings fetched, the files chosen by name (:mod:`.listing`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .http import FetchFailed, NotFound, fetch
from .listing import file_url, listing_url, months, parse_listing, select


@dataclass
class FileList:
    urls: list[str] = field(default_factory=list)
    listings: int = 0  # listings read
    missing: list[str] = field(default_factory=list)  # listings the server has not (404)
    failed: list[tuple[str, str]] = field(default_factory=list)  # listings that could not be read: (url, why)


def list_files(base: str, since: date, until: date, *, timeout: float, retries: int,
               max_files: int | None = None) -> FileList:
    """The URLs of the CC-NEWS files of ``since``..``until`` (inclusive), in the archive's order, at most
    ``max_files``."""
    out = FileList()
    for year, month in months(since, until):
        url = listing_url(base, year, month)
        try:
            paths = parse_listing(fetch(url, timeout=timeout, retries=retries))
        except NotFound:
            out.missing.append(url)
            continue
        except (FetchFailed, OSError, EOFError) as exc:  # EOFError, OSError: a gzip listing cut short
            out.failed.append((url, str(exc)))
            continue
        out.listings += 1
        out.urls += [file_url(base, p) for p in select(paths, since, until)]
    if max_files is not None:
        out.urls = out.urls[:max_files]
    return out
