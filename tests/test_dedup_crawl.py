"""Real crawls of the demo site from a local server: the same ids on a re-run, copies found across sites."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from newscrawl.demo.server import SiteServer
from newscrawl.parquet.reading import open_dataset

from .conftest import run_scrapy
from .crawling import crawl_news

pytestmark = pytest.mark.crawl  # every test here crawls through a subprocess

AGAIN = ["-s", "NEWSCRAWL_SEEN_ENABLED=0"]  # fetch every article again on a re-run
COLUMNS = ("dup_cluster", "dup_of", "dup_similarity", "syndicated_from")


@pytest.fixture(scope="module")
def site():
    with SiteServer() as base:
        yield base


def by_path(out) -> dict[str, dict]:
    return {urlsplit(r["url"]).path: r for r in open_dataset(out).to_table().to_pylist()}


@pytest.fixture(scope="module")
def two_runs(site, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dedup-crawls")
    first = crawl_news(site, tmp / "out1", tmp / "state", *AGAIN)
    second = crawl_news(site, tmp / "out2", tmp / "state", *AGAIN)
    return tmp, first, second


def test_a_re_run_assigns_the_same_ids(two_runs):
    tmp, first, second = two_runs
    one, two = by_path(tmp / "out1"), by_path(tmp / "out2")
    assert len(one) == 6 and one.keys() == two.keys()
    for path in one:
        assert [one[path][c] for c in COLUMNS] == [two[path][c] for c in COLUMNS], path
    assert first["newscrawl/dedup/copies"] == second["newscrawl/dedup/copies"] == 1
    assert len({r["dup_cluster"] for r in one.values()}) == 5


def test_another_site_with_the_same_stories_is_all_copies(two_runs):
    """A second outlet (another host:port) carrying the same six pages: each joins the cluster of its first copy."""
    tmp, _, _ = two_runs
    first = by_path(tmp / "out1")
    with SiteServer() as other:
        stats = crawl_news(other, tmp / "out-other", tmp / "state")
    got = by_path(tmp / "out-other")
    assert stats["newscrawl/dedup/copies"] == 6
    for path, row in got.items():
        assert row["dup_cluster"] == first[path]["dup_cluster"]
        assert urlsplit(row["dup_of"]).path in first and row["dup_similarity"] >= 0.8


def test_drop_mode_drops_copies_and_counts_them(site, two_runs):
    tmp, _, _ = two_runs
    stats = crawl_news(site, tmp / "out-drop", tmp / "state", *AGAIN, "-s", "NEWSCRAWL_DEDUP=drop")
    assert stats["newscrawl/dropped/near_duplicate"] == 1
    assert len(by_path(tmp / "out-drop")) == 5


def test_a_bad_mode_is_one_line(tmp_path):
    proc = run_scrapy("crawl", "demo", "-s", "NEWSCRAWL_DEDUP=maybe", "-s", f"NEWSCRAWL_STATE_DIR={tmp_path}")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1] == "newscrawl: demo: NEWSCRAWL_DEDUP must be mark, drop or off, not 'maybe'"
    assert "Traceback" not in proc.stderr
