"""The closing summary says what happened, on stderr: written (and where), skipped as seen, dropped, errors;
a crawl that reached nothing says FAILED and ``scrapy crawl`` exits 1."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.demo.server import SiteServer

from .conftest import ROOT, run_scrapy
from .crawling import DEMO_ARTICLES, crawl_news_process
from .readme import block
from newscrawl.demo.sitegen import build_site

pytestmark = pytest.mark.crawl  # every test here crawls through a subprocess


def summary(stderr: str) -> list[str]:
    """The summary's first two lines: from ``newscrawl: SPIDER …`` on."""
    lines = stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("newscrawl: "))
    return lines[start:start + 2]


def test_a_feed_alone_is_counted_as_written(tmp_path):
    feed = tmp_path / "articles.jsonl"
    proc = run_scrapy("crawl", "demo", "-O", str(feed), "-s", "NEWSCRAWL_DATASET_ENABLED=0")
    assert proc.returncode == 0, proc.stderr[-2000:]
    head, counts = summary(proc.stderr)
    assert head.startswith(f"newscrawl: demo finished: {DEMO_ARTICLES} articles written: {DEMO_ARTICLES} to ") and head.endswith(f"{feed}.")
    assert counts == "  0 skipped as seen, 0 skipped, 0 dropped, 0 errors."
    assert len(feed.read_text().splitlines()) == DEMO_ARTICLES


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    paths = build_site(root, 6)
    (root / paths[0].lstrip("/")).unlink()  # listed in the sitemap, answers 404
    server = SiteServer(root)
    yield server.start(), paths
    server.stop()


def test_an_incremental_run_says_how_many_it_skipped_as_seen(site, tmp_path):
    base, _ = site
    out, state = tmp_path / "out", tmp_path / "state"
    _, first = crawl_news_process(base, out, state)
    assert first.returncode == 0, first.stderr[-2000:]
    assert summary(first.stderr) == [
        "newscrawl: news finished: 5 articles written: 5 to the dataset (1 file(s)).",
        "  0 skipped as seen, 0 skipped, 0 dropped, 1 error (article/http_404 1).",
    ]
    _, second = crawl_news_process(base, out, state)
    assert second.returncode == 0
    assert summary(second.stderr) == [
        "newscrawl: news finished: no articles written.",
        "  5 skipped as seen, 0 skipped, 0 dropped, 1 error (article/http_404 1).",
    ]


def test_an_unreachable_site_fails_with_exit_1(tmp_path):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    stats, proc = crawl_news_process(f"http://127.0.0.1:{port}", tmp_path / "out", tmp_path / "state",
                                     "-s", "RETRY_TIMES=0")
    assert proc.returncode == 1, proc.stderr[-2000:]
    head, counts, *_ = summary(proc.stderr) + [""]
    assert head == "newscrawl: news FAILED: no articles written."
    assert counts.startswith("  0 skipped as seen, 0 skipped, 0 dropped, 2 errors (") and "robots/" in counts
    assert stats["finish_reason"] == "finished" and stats.get("downloader/response_count", 0) == 0
    assert "  no page could be fetched: is the site reachable?" in proc.stderr


def test_readme_jsonl_to_stdout_pipes_into_jq():
    """The README's `-o -:jsonl | jq .title` line, for the demo site (the others need the internet)."""
    (line,) = [l for l in block("sh", "| jq").splitlines() if "| jq" in l]
    command = line.split("#")[0].strip().replace("crawl caliber", "crawl demo")
    command = command.replace(".venv/bin/", f"{Path(sys.executable).parent}/")
    proc = subprocess.run(["sh", "-c", command.replace(" -o ", " -s NEWSCRAWL_DATASET_ENABLED=0 -o ")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    titles = [json.loads(t) for t in proc.stdout.splitlines()]
    assert len(titles) == DEMO_ARTICLES and all(isinstance(t, str) and t for t in titles)
    assert f"newscrawl: demo finished: {DEMO_ARTICLES} articles written: {DEMO_ARTICLES} to stdout." in proc.stderr
