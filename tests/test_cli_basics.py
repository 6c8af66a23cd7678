"""`scrapy list`, and what a user sees for a site name that is not registered."""
from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT, run_scrapy


def test_scrapy_list_shows_demo_news_and_the_seed_sites():
    proc = run_scrapy("list")
    assert proc.returncode == 0, proc.stderr
    names = proc.stdout.split()
    for name in ("demo", "news", "caliber", "firstpost", "khaama", "menafn", "telesur"):
        assert name in names


@pytest.mark.crawl
def test_unknown_site_is_one_clear_line_without_traceback():
    proc = run_scrapy("crawl", "no-such-site")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "no-such-site" in proc.stderr


def test_newscrawl_sites_lists_the_registry():
    proc = subprocess.run([sys.executable, "-m", "newscrawl.cli", "sites"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[0].startswith("demo")
    assert any(line.startswith("caliber") and "Asia/Baku" in line for line in proc.stdout.splitlines())


@pytest.mark.crawl
def test_news_spider_rejects_an_unknown_time_zone_in_one_line():
    proc = run_scrapy("crawl", "news", "-a", "url=http://127.0.0.1:9/", "-a", "timezone=Mars/Olympus")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "'Mars/Olympus' is not an IANA time zone" in proc.stderr
