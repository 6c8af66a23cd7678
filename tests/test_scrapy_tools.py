"""Scrapy's own tools, as the README documents them: `scrapy parse`, JOBDIR resume, proxies."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pyarrow.dataset as ds
import pytest

from newscrawl.demo.server import LocalServer, SiteServer, folder_lookup

from .conftest import ROOT, run_scrapy
from .crawling import FAST, crawl_news
from newscrawl.demo.sitegen import build_site

pytestmark = pytest.mark.crawl  # every test here crawls through a subprocess


@pytest.fixture
def site(tmp_path):
    paths = build_site(tmp_path / "site", 30)
    server = SiteServer(tmp_path / "site", delay=0.05)
    yield server, server.start(), paths
    server.stop()


def test_scrapy_parse_one_page_with_the_news_spider(site):
    server, base, paths = site
    proc = run_scrapy("parse", f"{base}{paths[4]}", "--spider=news")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert "'title': 'Generated story 4 about the election'" in proc.stdout
    assert "'published': '2024-12-05T10:04:00+01:00'" in proc.stdout
    assert server.hits[paths[4]] == 1


def test_crawl_news_without_url_is_still_one_line():
    proc = run_scrapy("crawl", "news")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == ("newscrawl: news: the news spider needs a start URL: "
                                                   "scrapy crawl news -a url=https://example.com/")


def _rows(out):
    return ds.dataset(out, format="parquet", partitioning="hive").count_rows() if out.exists() else 0


def test_an_interrupted_crawl_resumes_from_its_jobdir(site, tmp_path):
    """Ctrl-C once, the same command again with the same JOBDIR: every article stored, none fetched twice."""
    server, base, paths = site
    out, state, job = tmp_path / "out", tmp_path / "state", tmp_path / "job"
    stats = [tmp_path / "stats-1.json", tmp_path / "stats-2.json"]
    args = ["crawl", "news", "-a", f"url={base}/", "-s", f"NEWSCRAWL_OUTPUT_DIR={out}", "-s",
            f"NEWSCRAWL_STATE_DIR={state}", "-s", f"JOBDIR={job}", *FAST, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
            "-s", "DOWNLOAD_DELAY=0.2"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    first = subprocess.Popen([sys.executable, "-m", "scrapy", *args, "-s", f"NEWSCRAWL_STATS_FILE={stats[0]}"],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while sum(server.hits[p] for p in paths) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    first.send_signal(signal.SIGINT)
    _, err = first.communicate(timeout=120)
    one = json.loads(stats[0].read_text())
    assert one["finish_reason"] == "shutdown", err[-2000:]
    stored = one["newscrawl/parquet/rows"]
    assert 0 < stored < 30
    second = run_scrapy(*args, "-s", f"NEWSCRAWL_STATS_FILE={stats[1]}")
    assert second.returncode == 0, second.stderr[-2000:]
    two = json.loads(stats[1].read_text())
    assert "scheduler/unserializable" not in two
    assert _rows(out) == 30 and two["newscrawl/parquet/rows"] == 30 - stored
    assert {p: server.hits[p] for p in paths} == {p: 1 for p in paths}


def test_a_crawl_goes_through_the_proxy_in_http_proxy(tmp_path, monkeypatch):
    """HttpProxyMiddleware: a host that does not exist, reached through a local proxy that serves it."""
    build_site(tmp_path / "site", 5)
    origin = "http://news.example.invalid"
    pages = folder_lookup(tmp_path / "site")
    proxy = LocalServer(lambda path, _base: pages(path, origin))  # a proxy gets absolute URIs
    with proxy as proxy_url:
        monkeypatch.setenv("http_proxy", proxy_url)
        monkeypatch.delenv("no_proxy", raising=False)
        monkeypatch.delenv("NO_PROXY", raising=False)
        stats = crawl_news(origin, tmp_path / "out", tmp_path / "state")
    assert stats["newscrawl/parquet/rows"] == 5
    assert proxy.hits[f"{origin}/robots.txt"] == 1 and all(path.startswith(origin) for path in proxy.hits)
