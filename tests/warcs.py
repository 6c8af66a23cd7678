"""Real pages for tests, read from the dev corpora's WARC files."""
from __future__ import annotations

from pathlib import Path

from newscrawl.warc.reader import SavedPage, iter_warc

from .conftest import SHARED

FUNDUS = SHARED / "corpus" / "fundus" / "pages.warc.gz"


def corpus_pages(n: int, warc: Path = FUNDUS) -> list[tuple[str, bytes, list[tuple[str, str]]]]:
    """The first ``n`` response records of a corpus WARC: (URL, body, HTTP headers)."""
    pages = (p for p in iter_warc(warc) if isinstance(p, SavedPage))
    return [(p.url, p.body, list(p.headers.items())) for p, _ in zip(pages, range(n))]
