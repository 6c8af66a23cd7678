"""The two extractors the benchmarks compare, each turning one corpus page into the fields that are scored."""
from __future__ import annotations

import trafilatura

from benchmarks.corpus import CorpusPage
from newscrawl import NotHTML, extract


def plain_trafilatura(page: CorpusPage) -> dict:
    """trafilatura's defaults (as in the corpus README's reference figures), comments left out."""
    doc = trafilatura.bare_extraction(page.body, url=page.url, with_metadata=True, include_comments=False)
    if doc is None:
        return {}
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return {"text": doc.text or "", "title": doc.title, "authors": authors, "agencies": [], "published": doc.date}


def newscrawl(page: CorpusPage) -> dict:
    """The record's fields; the fetch time is the record's WARC-Date, as ``newscrawl extract`` reads it."""
    try:
        art = extract(page.body, page.url, headers=page.headers, fetched_at=page.fetched_at)  # newscrawl.extract
    except NotHTML:
        return {}
    return {"text": art.text or "", "title": art.title, "authors": art.authors, "agencies": art.agencies,
            "published": art.published, "language": art.language}
