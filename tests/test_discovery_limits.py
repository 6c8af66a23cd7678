"""Discovery that would never end, or never stop growing, is bounded: a local server serves the traps."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pyarrow.dataset as ds
import pytest

from newscrawl.demo.server import LocalServer, folder_lookup
from newscrawl.discovery.budget import SitemapBudget
from newscrawl.discovery.classify import is_article_url
from newscrawl.discovery.links import listing_links

from .conftest import ROOT
from .crawling import FAST, crawl_news
from newscrawl.demo.sitegen import build_site

INDEX = '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</sitemapindex>'
SITEMAP = "<sitemap><loc>{}</loc></sitemap>"


def chain_site(tmp_path, n_pages: int = 4):
    """A site whose sitemap index holds its articles' sitemap and an endless chain of nested indexes."""
    root = tmp_path / "site"
    good = build_site(root, n_pages)
    (root / "sitemap.xml").rename(root / "articles.xml")
    serve = folder_lookup(root)

    def lookup(path, base):
        if path == "/sitemap.xml":
            body = INDEX.format(SITEMAP.format(f"{base}/articles.xml") + SITEMAP.format(f"{base}/chain/1.xml"))
        elif path.startswith("/chain/"):
            n = int(path.removeprefix("/chain/").removesuffix(".xml"))
            body = INDEX.format(SITEMAP.format(f"{base}/chain/{n + 1}.xml") + SITEMAP.format(f"{base}/wide/{n}-a.xml"))
        elif path.startswith("/wide/"):
            body = INDEX.format("")
        else:
            return serve(path, base)
        return 200, {"Content-Type": "application/xml"}, body.encode()

    return LocalServer(lookup), good


@pytest.mark.crawl
def test_endless_sitemap_chain_ends(tmp_path):
    server, good = chain_site(tmp_path)
    out = tmp_path / "out"
    with server as base:
        started = time.monotonic()
        stats = crawl_news(base, out, tmp_path / "state")
        took = time.monotonic() - started
    chain = sorted(int(p.removeprefix("/chain/").removesuffix(".xml")) for p in server.hits if p.startswith("/chain/"))
    assert chain == [1, 2, 3, 4, 5]  # depth 0 is /sitemap.xml; five nested levels are followed, no more
    assert stats["newscrawl/sitemap/too_deep"] >= 1
    rows = ds.dataset(str(out), format="parquet", partitioning="hive").to_table(columns=["url"]).to_pylist()
    assert sorted(r["url"].removeprefix(base) for r in rows) == sorted(good)
    assert stats["finish_reason"] == "finished" and took < 120


@pytest.mark.crawl
def test_sitemap_documents_and_queued_requests_are_capped(tmp_path):
    server, good = chain_site(tmp_path, n_pages=6)
    out = tmp_path / "out"
    with server as base:
        stats = crawl_news(base, out, tmp_path / "state", "-s", "NEWSCRAWL_SITEMAP_MAX_DOCUMENTS=4",
                           "-s", "NEWSCRAWL_MAX_REQUESTS=2")
    sitemaps = [p for p in server.hits if p.endswith(".xml")]
    assert len(sitemaps) == 4 and stats["newscrawl/sitemap/over_limit"] >= 1
    articles = [p for p in server.hits if p in good]
    assert len(articles) == 2 and stats["newscrawl/requests/over_limit"] >= 4
    rows = ds.dataset(str(out), format="parquet", partitioning="hive").to_table(columns=["url"]).to_pylist()
    assert len(rows) == 2


MEASURED = """
import resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write(proc.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # KiB, the crawl's peak RSS
sys.exit(proc.returncode)
"""


@pytest.mark.crawl
def test_home_page_with_a_million_links(tmp_path):
    """1M article-like links on the home page (45 MB): a thousand are taken, memory stays bounded."""
    root = tmp_path / "site"
    good = build_site(root, 3)
    links = "".join(f'<a href="/2024/11/{1 + i % 28:02d}/s-{i}-x.html">s</a>' for i in range(1_000_000))
    home = f"<html><head><title>Home</title></head><body>{links}</body></html>".encode()
    assert len(home) > 40_000_000
    serve = folder_lookup(root)
    gone = {}

    def lookup(path, base):
        if path == "/":
            return 200, {"Content-Type": "text/html"}, home
        if path.startswith("/2024/11/"):
            gone[path] = True
            return None
        return serve(path, base)

    out, state = tmp_path / "out", tmp_path / "state"
    state.mkdir()
    stats_file = state / "stats.json"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    with LocalServer(lookup) as base:
        proc = subprocess.run(
            [sys.executable, "-c", MEASURED, sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={base}/",
             "-s", f"NEWSCRAWL_OUTPUT_DIR={out}", "-s", f"NEWSCRAWL_STATE_DIR={state}",
             "-s", f"NEWSCRAWL_STATS_FILE={stats_file}", "-s", "NEWSCRAWL_LISTING_MAX_LINKS=200", *FAST,
             "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    stats = json.loads(stats_file.read_text())
    peak_mb = int(proc.stdout.split()[-1]) / 1024
    assert stats["newscrawl/listing/capped"] == 1
    assert len(gone) == 200 and stats.get("newscrawl/discovered/link", 0) <= 200
    print(f"peak RSS of the crawl: {peak_mb:.0f} MB")
    assert peak_mb < 1024, peak_mb
    rows = ds.dataset(str(out), format="parquet", partitioning="hive").to_table(columns=["url"]).to_pylist()
    assert sorted(r["url"].removeprefix(base) for r in rows) == sorted(good)


def test_listing_links():
    page = (b"<html><head><base href='https://news.test/world/'></head><body><!-- <a href='/2024/12/01/hidden-one.html'> -->"
            b"<a class='x' href=\"/2024/12/01/first-story-here.html?a=1&amp;b=2\">1</a>"
            b"<a href='second-story-about-it-2024.html'>2</a><a href=/tag/x>t</a><a href='mailto:x@y.z'>m</a>"
            b"<a href='/2024/12/01/first-story-here.html?a=1&amp;b=2'>again</a>" + b"<a href='/2024/12/02/s-%d-x.html'>n</a>" * 3)
    got = listing_links(page, "https://other.test/", 10, is_article_url)
    assert got.urls[:2] == ["https://news.test/2024/12/01/first-story-here.html?a=1&b=2",
                            "https://news.test/world/second-story-about-it-2024.html"]
    assert not got.capped and not any("hidden" in u or "mailto" in u for u in got.urls)
    assert listing_links(page, "https://other.test/", 2, is_article_url).capped


def test_sitemap_budget():
    budget = SitemapBudget(max_depth=2, max_documents=3)
    assert [budget.refuse(d) for d in (0, 1, 2, 3, 1, 1)] == [None, None, None, "too_deep", "over_limit", "over_limit"]
