"""Politeness by default: robots.txt, a User-Agent with a contact, Retry-After on 429/503, one fetch per URL."""
from __future__ import annotations

import time

import pyarrow.dataset as ds
import pytest

from newscrawl.demo.server import LocalServer, folder_lookup
from newscrawl.middlewares.retry import retry_after_seconds

from .crawling import crawl_news
from newscrawl.demo.sitegen import build_site


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    paths = build_site(root, 4)
    serve = folder_lookup(root)
    refused: set[str] = set()

    def lookup(path, base):  # the first fetch of two articles is refused: 429 with Retry-After, 503 without
        if path in paths[:2] and path not in refused:
            refused.add(path)
            if path == paths[0]:
                return 429, {"Retry-After": "2", "Content-Type": "text/html"}, b"slow down"
            return 503, {"Content-Type": "text/html"}, b"busy"
        return serve(path, base)

    # the sitemap also lists tracking-parameter twins and a page robots.txt forbids
    twins = "".join(f"<url><loc>{{{{base}}}}{p}?utm_source=rss&amp;utm_medium=feed</loc></url>" for p in paths)
    forbidden = "<url><loc>{{base}}/search/2024/12/01/a-search-result-page-about-the-budget.html</loc></url>"
    sm = (root / "sitemap.xml").read_text().replace("</urlset>", twins + forbidden + "</urlset>")
    (root / "sitemap.xml").write_text(sm)
    server = LocalServer(lookup)
    yield server, server.start(), paths
    server.stop()


@pytest.mark.crawl
def test_crawl_is_polite_and_fetches_each_article_once(site, tmp_path):
    server, base, paths = site
    out = tmp_path / "out"
    out.mkdir()
    t0 = time.monotonic()
    stats = crawl_news(base, out, tmp_path / "state", "-s", "NEWSCRAWL_CONTACT=mailto:corpus@example.org",
                       "-s", "NEWSCRAWL_BACKOFF_BASE=0.5")
    elapsed = time.monotonic() - t0
    rows = ds.dataset(str(out), format="parquet", partitioning="hive").to_table().to_pylist()
    assert sorted(r["url"].removeprefix(base) for r in rows) == sorted(paths)
    assert stats["newscrawl/retry_after/429"] == 1 and stats["newscrawl/retry_after/503"] == 1
    assert elapsed >= 2.0, "Retry-After: 2 was honoured"
    assert server.hits[paths[0]] == 2 and server.hits[paths[1]] == 2
    assert all(server.hits[p] == 1 for p in paths[2:]), "tracking-parameter twins are the same URL"
    assert not any(h.startswith("/search/") for h in server.hits), "robots.txt Disallow obeyed"
    assert stats.get("robotstxt/forbidden", 0) == 1
    agents = [ua for ua in server.user_agents if ua]
    assert agents and all(ua.startswith("newscrawl/") and "mailto:corpus@example.org" in ua for ua in agents)


@pytest.mark.parametrize("header, attempt, expected", [
    ("120", 0, 120.0),
    (b"7", 3, 7.0),
    (None, 0, 2.0),
    (None, 3, 16.0),
    ("not a date", 1, 4.0),
    ("Wed, 21 Oct 2015 07:28:00 GMT", 0, 0.0),  # a date in the past: retry now
])
def test_retry_after_seconds(header, attempt, expected):
    assert retry_after_seconds(header, attempt, base=2.0) == expected
