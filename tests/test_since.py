"""`-a since=` and `-a days=` skip sitemap entries older than the cutoff before fetching them."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from newscrawl.demo.server import SiteServer
from newscrawl.spiders.base import parse_since

from .crawling import crawl_news
from newscrawl.demo.sitegen import build_site


@pytest.fixture
def dated_site(tmp_path):
    root = tmp_path / "site"
    paths = build_site(root, 6)
    now = datetime.now(timezone.utc)
    ages = [1, 2, 3, 40, 50, 60]  # days
    for path, age in zip(paths, ages):  # each page published when its sitemap entry says it last changed
        page = root / path.lstrip("/")
        when = (now - timedelta(days=age)).isoformat(timespec="seconds")
        page.write_text(re.sub(r'"datePublished":"[^"]+"', f'"datePublished":"{when}"', page.read_text()))
    urls = "".join(f"<url><loc>{{{{base}}}}{p}</loc><lastmod>{(now - timedelta(days=a)).isoformat(timespec='seconds')}"
                   f"</lastmod></url>" for p, a in zip(paths, ages))
    (root / "sitemap.xml").write_text(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>')
    server = SiteServer(root)
    yield server, server.start(), paths
    server.stop()


@pytest.mark.crawl
@pytest.mark.parametrize("arg", ["days=10", "since={since}"])
def test_old_entries_are_not_fetched(dated_site, tmp_path, arg):
    server, base, paths = dated_site
    since = (datetime.now(timezone.utc) - timedelta(days=10)).date().isoformat()
    out = tmp_path / "out"
    out.mkdir()
    stats = crawl_news(base, out, tmp_path / "state", "-a", arg.format(since=since))
    assert stats["newscrawl/skipped/too_old"] == 3
    assert stats["newscrawl/parquet/rows"] == 3
    assert {p for p in paths if server.hits[p]} == set(paths[:3])


@pytest.mark.parametrize("since, days, ok", [
    ("2024-12-01", None, datetime(2024, 12, 1, tzinfo=timezone.utc)),
    ("2024-12-01T06:00:00+04:00", None, datetime(2024, 12, 1, 2, tzinfo=timezone.utc)),
    (None, None, None),
])
def test_parse_since(since, days, ok):
    assert parse_since(since, days) == ok


@pytest.mark.parametrize("since, days", [("yesterday", None), (None, "ten")])
def test_parse_since_rejects_what_it_cannot_read(since, days):
    with pytest.raises(ValueError, match="since=|days="):
        parse_since(since, days)
