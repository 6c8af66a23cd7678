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


def _newscrawl(*args):
    return subprocess.run([sys.executable, "-m", "newscrawl.cli", *args], cwd=ROOT, capture_output=True, text=True)


def test_newscrawl_sites_lists_the_registry_and_news_under_named_columns():
    proc = _newscrawl("sites")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["SITE", "TIMEZONE", "DOMAINS", "FLAGS"]
    assert lines[1].startswith("demo")
    assert any(line.startswith("caliber") and "Asia/Baku" in line for line in lines)
    names = [line.split()[0] for line in lines[1:-1]]
    assert sorted(names) == sorted(run_scrapy("list").stdout.split())  # every spider, `news` too
    help_ = _newscrawl("sites", "--help").stdout
    for column in ("SITE", "TIMEZONE", "DOMAINS", "FLAGS"):
        assert f"\n  {column} " in help_


def test_newscrawl_version():
    from newscrawl import __version__

    proc = _newscrawl("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"newscrawl {__version__}"


@pytest.mark.crawl
def test_news_spider_rejects_an_unknown_time_zone_in_one_line():
    proc = run_scrapy("crawl", "news", "-a", "url=http://127.0.0.1:9/", "-a", "timezone=Mars/Olympus")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "'Mars/Olympus' is not an IANA time zone" in proc.stderr
