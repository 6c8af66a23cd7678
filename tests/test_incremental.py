"""Incremental crawling on a mirror of saved corpus pages: nothing is fetched twice."""
from __future__ import annotations

import pytest

from newscrawl.demo.mirror import Mirror

from .crawling import crawl_news

pytestmark = pytest.mark.crawl  # every test here crawls through a subprocess


@pytest.fixture
def mirror(shared_dir):
    m = Mirror()
    m.add_warc(shared_dir / "corpus" / "fundus" / "pages.warc.gz", limit=40)
    yield m
    m.stop()


def test_second_run_fetches_no_article_and_third_only_the_new_ones(mirror, shared_dir, tmp_path):
    base = mirror.start()
    out, state = tmp_path / "out", tmp_path / "state"
    out.mkdir()
    first = crawl_news(base, out, state)
    hits = mirror.article_hits()
    assert set(hits) == set(mirror.pages), "every mirrored page is found from the home URL"
    assert all(n == 1 for n in hits.values()), "no page fetched twice within a run"
    stored = first.get("newscrawl/parquet/rows", 0)
    assert stored >= 0.95 * len(mirror.pages)

    mirror.server.hits.clear()
    second = crawl_news(base, out, state)
    assert mirror.article_hits() == {}
    assert second.get("newscrawl/skipped/seen", 0) >= len(mirror.pages)
    assert second.get("newscrawl/parquet/rows", 0) == 0

    new = mirror.add_warc(shared_dir / "corpus" / "fundus" / "pages.warc.gz", limit=5, skip=40)
    assert len(new) == 5
    mirror.server.hits.clear()
    third = crawl_news(base, out, state)
    assert sorted(mirror.article_hits()) == sorted(new)
    assert third.get("newscrawl/parquet/rows", 0) == 5


def test_newer_lastmod_is_fetched_again(mirror, tmp_path):
    base = mirror.start()
    out, state = tmp_path / "out", tmp_path / "state"
    out.mkdir()
    crawl_news(base, out, state)
    touched = sorted(mirror.pages)[0]
    mirror.touch(touched)
    mirror.server.hits.clear()
    stats = crawl_news(base, out, state)
    assert list(mirror.article_hits()) == [touched]
    assert stats.get("newscrawl/refetch/updated") == 1


def test_entries_expire_after_the_ttl(mirror, tmp_path):
    base = mirror.start()
    out, state = tmp_path / "out", tmp_path / "state"
    out.mkdir()
    crawl_news(base, out, state)
    mirror.server.hits.clear()
    stats = crawl_news(base, out, state, "-s", "NEWSCRAWL_SEEN_TTL_DAYS=0.0000001")
    assert stats.get("newscrawl/seen/expired", 0) >= len(mirror.pages) * 0.9
    assert len(mirror.article_hits()) == len(mirror.pages)


def test_a_feed_export_alone_marks_what_it_wrote(mirror, tmp_path):
    """`-O file.parquet` with the dataset off marks what it wrote: a later crawl that reads the seen-store
    (`newscrawl run`, or `-s NEWSCRAWL_SEEN_WITH_FEEDS=1`) fetches nothing."""
    import pyarrow.parquet as pq

    base = mirror.start()
    out, state = tmp_path / "out", tmp_path / "state"
    out.mkdir()
    feed = tmp_path / "articles.parquet"
    only_feed = ("-O", str(feed), "-s", "NEWSCRAWL_DATASET_ENABLED=0")
    first = crawl_news(base, out, state, *only_feed)
    rows = pq.read_table(feed).num_rows
    assert rows >= 0.95 * len(mirror.pages)
    assert first.get("newscrawl/seen/marked", 0) >= rows, first
    assert not list(out.rglob("*.parquet")), "the dataset was off"

    mirror.server.hits.clear()
    second = crawl_news(base, out, state, *only_feed, "-s", "NEWSCRAWL_SEEN_WITH_FEEDS=1")
    assert mirror.article_hits() == {}
    assert second.get("newscrawl/skipped/seen", 0) >= len(mirror.pages)
