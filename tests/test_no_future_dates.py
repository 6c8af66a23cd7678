"""No date in the output is later than its fetched_at, on every corpus page and at the edges."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

import newscrawl

from .warcs import extracted

FUTURE_PAGE = b"""<html><head><meta property="article:published_time" content="2030-01-01T10:00:00+00:00">
<meta property="article:modified_time" content="2030-01-02T10:00:00+00:00"></head>
<body><article><h1>A page that claims the future</h1><p>%s</p></article></body></html>""" % (b"Some words of a story. " * 20)


@pytest.mark.parametrize("name", ["fundus", "htmldate"])
def test_no_corpus_date_is_after_the_fetch(name, shared_dir):
    checked = 0
    for page, art in extracted(name):
        if art is None:
            continue
        for value in (art.published_utc, art.modified_utc):
            if value is not None:
                assert value <= art.fetched_at, page.url
                checked += 1
    assert checked > 100


def test_a_future_date_is_dropped_not_stored():
    fetched = datetime(2024, 12, 10, tzinfo=timezone.utc)
    art = newscrawl.extract(FUTURE_PAGE, "https://example.org/2030/01/01/story", fetched_at=fetched)
    assert art.published is None and art.modified is None
    same = newscrawl.extract(FUTURE_PAGE, "https://example.org/2030/01/01/story",
                             fetched_at=datetime(2030, 1, 3, tzinfo=timezone.utc))
    assert same.published == "2030-01-01T10:00:00+00:00" and same.modified == "2030-01-02T10:00:00+00:00"
