"""robots.txt is downloaded once per crawl, and still obeyed."""
from __future__ import annotations

import json
import re

import pytest

from newscrawl.demo.server import SiteServer

from .conftest import run_scrapy
from .crawling import FAST, crawl_news
from newscrawl.demo.sitegen import build_site

pytestmark = pytest.mark.crawl  # every test here crawls through a subprocess


@pytest.fixture
def site(tmp_path):
    paths = build_site(tmp_path / "site", 12)
    forbidden = paths[:3]
    robots = tmp_path / "site" / "robots.txt"
    robots.write_text(robots.read_text() + "".join(f"Disallow: {p}\n" for p in forbidden))
    server = SiteServer(tmp_path / "site")
    base = server.start()
    yield server, base, paths, forbidden
    server.stop()


def test_news_spider_fetches_robots_once_and_obeys_it(site, tmp_path):
    server, base, paths, forbidden = site
    stats = crawl_news(base, tmp_path / "out", tmp_path / "state")
    assert server.hits["/robots.txt"] == 1
    assert stats["robotstxt/forbidden"] == 3 and stats["newscrawl/parquet/rows"] == 9
    assert stats["newscrawl/skipped/robots"] == 3 and not any(k.startswith("newscrawl/errors/") for k in stats)
    assert not any(server.hits[p] for p in forbidden)


def test_registered_site_with_many_start_urls_fetches_robots_once(site, tmp_path, monkeypatch):
    """Sitemaps, a section page and the home page all start at once; robots.txt is still one download."""
    server, base, paths, forbidden = site
    sites = tmp_path / "sites.toml"
    sites.write_text(f'[sites.local]\ndomains = ["127.0.0.1"]\nhome = "{base}/"\nsitemaps = ["{base}/sitemap.xml"]\n'
                     f'sections = ["{base}/world/", "{base}/"]\n')
    stats_file = tmp_path / "stats.json"
    monkeypatch.setenv("NEWSCRAWL_SITES_FILE", str(sites))
    proc = run_scrapy("crawl", "local", "-s", f"NEWSCRAWL_OUTPUT_DIR={tmp_path / 'out'}",
                      "-s", f"NEWSCRAWL_STATE_DIR={tmp_path / 'state'}", "-s", f"NEWSCRAWL_STATS_FILE={stats_file}",
                      *FAST)
    assert proc.returncode == 0, proc.stderr[-2000:]
    stats = json.loads(stats_file.read_text())
    assert server.hits["/robots.txt"] == 1
    assert stats["robotstxt/forbidden"] == 3 and stats["newscrawl/parquet/rows"] == 9


def test_no_disabled_warning_for_components_off_by_default(site, tmp_path):
    _, base, _, _ = site
    proc = run_scrapy("crawl", "news", "-a", f"url={base}/", "-s", f"NEWSCRAWL_OUTPUT_DIR={tmp_path / 'out'}",
                      "-s", f"NEWSCRAWL_STATE_DIR={tmp_path / 'state'}", "-s", "NEWSCRAWL_RENDER_ENABLED=0", *FAST)
    assert proc.returncode == 0
    assert [line for line in proc.stderr.splitlines() if "Disabled" in line] == []
    # a log record at WARNING level ("… [logger] WARNING: …"), not the word in the settings dump
    warnings = [line for line in proc.stderr.splitlines() if re.search(r"\] WARNING: ", line)]
    assert warnings == []
    assert "'RETRY_GIVE_UP_LOG_LEVEL': 'WARNING'" in proc.stderr  # the dump is there, so the search saw the log
