"""Real pages for tests, read from the dev corpora's WARC files."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from benchmarks import corpus
from newscrawl import NotHTML, extract
from newscrawl.record import Article
from newscrawl.warc.reader import SavedPage, iter_warc

from .conftest import SHARED

FUNDUS = SHARED / "corpus" / "fundus" / "pages.warc.gz"


def corpus_pages(n: int, warc: Path = FUNDUS) -> list[tuple[str, bytes, list[tuple[str, str]]]]:
    """The first ``n`` response records of a corpus WARC: (URL, body, HTTP headers)."""
    pages = (p for p in iter_warc(warc) if isinstance(p, SavedPage))
    return [(p.url, p.body, list(p.headers.items())) for p, _ in zip(pages, range(n))]


@cache
def extracted(name: str) -> tuple[tuple[corpus.CorpusPage, Article | None], ...]:
    """Every page of a dev corpus with its article (None: not HTML), extracted once per test session."""
    out = []
    for page in corpus.load(name):
        try:
            art = extract(page.body, page.url, headers=page.headers, fetched_at=page.fetched_at)
        except NotHTML:
            art = None
        out.append((page, art))
    return tuple(out)
