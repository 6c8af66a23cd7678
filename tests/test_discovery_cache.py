"""Re-crawls re-fetch robots.txt and sitemaps conditionally: a 304 costs no download, and the
kept copy is still read, so what an earlier run could not store is tried again."""
from __future__ import annotations

import pytest

from newscrawl.demo.server import SiteServer

from .crawling import crawl_news
from newscrawl.demo.sitegen import article_paths, build_site

pytestmark = pytest.mark.crawl  # every test here crawls through a subprocess


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    paths = build_site(root, 6)
    server = SiteServer(root)
    yield server, server.start(), root, paths
    server.stop()


def test_unchanged_sitemap_is_not_downloaded_again(site, tmp_path):
    server, base, root, paths = site
    out, state = tmp_path / "out", tmp_path / "state"
    out.mkdir()
    # two articles are missing on the first run (404): not stored, so not marked as seen
    missing = paths[:2]
    kept = {p: (root / p.lstrip("/")).read_bytes() for p in missing}
    for p in missing:
        (root / p.lstrip("/")).unlink()
    first = crawl_news(base, out, state)
    assert first["newscrawl/parquet/rows"] == 4
    assert not server.not_modified
    assert list((state / "httpcache").rglob("*")), "the discovery documents are kept in the state folder"

    for p, body in kept.items():
        (root / p.lstrip("/")).write_bytes(body)
    server.hits.clear()
    second = crawl_news(base, out, state)
    assert server.not_modified["/sitemap.xml"] == 1, "the sitemap was asked for with If-None-Match and not sent"
    assert second["httpcache/revalidate"] >= 1
    assert second["newscrawl/parquet/rows"] == 2, "the kept copy was read: the two missing articles are stored now"
    assert {p for p in paths if server.hits[p]} == set(missing)
    assert second["newscrawl/skipped/seen"] == 4

    # a changed sitemap is downloaded again and its new entry fetched
    (new,) = [p for p in article_paths(7) if p not in paths]
    build_site(root, 7)
    server.hits.clear()
    server.not_modified.clear()
    third = crawl_news(base, out, state)
    assert "/sitemap.xml" not in server.not_modified
    assert third["newscrawl/parquet/rows"] == 1
    assert server.hits[new] == 1


def test_articles_never_go_through_the_cache(site, tmp_path):
    server, base, root, paths = site
    out, state = tmp_path / "out", tmp_path / "state"
    out.mkdir()
    crawl_news(base, out, state)
    server.hits.clear()
    crawl_news(base, out, state, "-s", "NEWSCRAWL_SEEN_ENABLED=0")
    assert all(server.hits[p] == 1 for p in paths), "with the seen-store off every article is fetched again"
    assert not any(p in server.not_modified for p in paths)


def test_the_cache_can_be_switched_off(site, tmp_path):
    server, base, root, paths = site
    out, state = tmp_path / "out", tmp_path / "state"
    out.mkdir()
    for _ in range(2):
        stats = crawl_news(base, out, state, "-s", "NEWSCRAWL_DISCOVERY_CACHE_ENABLED=0")
    assert not server.not_modified
    assert not (state / "httpcache").exists()
    assert "httpcache/miss" not in stats
