"""Feed files a user has are never damaged: ``-o x.parquet`` appends by writing a whole new file (or refuses,
with one line, before anything is written), and a repeated ``-O x.parquet`` is a snapshot, not an empty file."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newscrawl.demo.server import SiteServer
from newscrawl.record import SCHEMA_VERSION, arrow_schema
from newscrawl.tempfiles import TMP_SUFFIX

from .conftest import ROOT, run_scrapy
from .crawling import DEMO_ARTICLES, crawl_news_process, kill_when
from newscrawl.demo.sitegen import build_site

pytestmark = pytest.mark.crawl  # every test here crawls through a subprocess

V1_FILE = next((ROOT / "tests" / "data" / "schema-v1").glob("part-*.parquet"))


def demo_feed(tmp_path: Path, *feed: str) -> object:
    """``scrapy crawl demo`` (DEMO_ARTICLES articles) with the dataset off and the given feed options."""
    return run_scrapy("crawl", "demo", *feed, "-s", "NEWSCRAWL_DATASET_ENABLED=0",
                      "-s", f"NEWSCRAWL_STATE_DIR={tmp_path / 'state'}")


def test_append_to_a_parquet_feed_keeps_its_rows(tmp_path):
    feed = tmp_path / "articles.parquet"
    first = demo_feed(tmp_path, "-O", str(feed))
    assert first.returncode == 0, first.stderr[-2000:]
    before = pq.read_table(feed).to_pylist()
    second = demo_feed(tmp_path, "-o", str(feed))
    assert second.returncode == 0, second.stderr[-2000:]
    table = pq.read_table(feed)
    assert table.num_rows == 2 * len(before) and table.schema.equals(arrow_schema(), check_metadata=False)
    assert table.slice(0, len(before)).to_pylist() == before, "the earlier rows come first, unchanged"
    titles = table.column("title").to_pylist()
    assert len(before) == DEMO_ARTICLES and sorted(titles[len(before):]) == sorted(titles[:len(before)])
    assert duckdb.sql(f"select count(*) from read_parquet('{feed}')").fetchall() == [(2 * len(before),)]
    assert not list(tmp_path.glob(".articles.parquet*")), "no temporary file is left beside the feed"
    assert f"{DEMO_ARTICLES} articles written: {DEMO_ARTICLES} to " in second.stderr


def test_append_to_a_version_1_feed_file_keeps_its_rows_as_they_were(tmp_path):
    feed = tmp_path / "old.parquet"
    shutil.copy(V1_FILE, feed)
    proc = demo_feed(tmp_path, "-o", str(feed))
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = pq.read_table(feed).to_pylist()
    old = pq.read_table(V1_FILE).num_rows
    assert [r["schema_version"] for r in rows] == [1] * old + [SCHEMA_VERSION] * DEMO_ARTICLES
    assert [r["published_date"] is None for r in rows] == [True] * old + [False] * DEMO_ARTICLES
    blank = dict.fromkeys(arrow_schema().names)  # a column newer than version 1 is null in its rows
    assert rows[:old] == [{**blank, **r} for r in pq.read_table(V1_FILE).to_pylist()]


def _glued(tmp_path: Path) -> Path:
    """Two Parquet files one after the other: what `-o x.parquet` used to leave. pyarrow reads it (the
    second file alone), so only a look at the file's layout finds the rows it would lose."""
    one = tmp_path / "one.parquet"
    assert demo_feed(tmp_path, "-O", str(one)).returncode == 0
    glued = tmp_path / "glued.parquet"
    glued.write_bytes(one.read_bytes() * 2)
    assert pq.read_table(glued).num_rows == pq.read_table(one).num_rows == DEMO_ARTICLES
    return glued


def _text(tmp_path: Path) -> Path:
    path = tmp_path / "notes.parquet"
    path.write_text("not parquet at all\n")
    return path


def _other_columns(tmp_path: Path) -> Path:
    path = tmp_path / "prices.parquet"
    pq.write_table(pa.table({"ticker": ["X"], "price": [1.5]}), path)
    return path


@pytest.mark.parametrize("make, problem", [
    (_glued, "it holds Parquet files glued one after another"),
    (_text, "not a readable Parquet file"),
    (_other_columns, "its columns ['ticker', 'price'] are not article columns"),
], ids=["two-files-glued", "not-parquet", "other-columns"])
def test_append_refuses_a_file_it_cannot_read_before_touching_it(tmp_path, make, problem):
    target = make(tmp_path)
    before = target.read_bytes()
    proc = demo_feed(tmp_path, "-o", str(target))
    assert proc.returncode == 2
    ours = [line for line in proc.stderr.splitlines() if line.startswith("newscrawl")]
    assert len(ours) == 1 and ours[0].startswith(f"newscrawl: cannot append to {target}: {problem}"), proc.stderr
    assert "Traceback" not in proc.stderr and "Spider opened" not in proc.stderr
    assert target.read_bytes() == before


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    paths = build_site(root, 6)
    server = SiteServer(root)
    yield server.start(), paths
    server.stop()


def test_a_repeated_feed_export_is_a_snapshot_and_says_what_the_seen_store_held(site, tmp_path):
    base, paths = site
    out, state, feed = tmp_path / "out", tmp_path / "state", tmp_path / "articles.parquet"
    only_feed = ("-O", str(feed), "-s", "NEWSCRAWL_DATASET_ENABLED=0")
    first, proc = crawl_news_process(base, out, state, *only_feed)
    assert proc.returncode == 0 and pq.read_table(feed).num_rows == len(paths)
    assert first["newscrawl/seen/marked"] >= len(paths)

    second, proc = crawl_news_process(base, out, state, *only_feed)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert pq.read_table(feed).num_rows == len(paths), "the second -O holds the same articles, not none"
    assert second["newscrawl/seen/fetched_again"] == len(paths) and "newscrawl/skipped/seen" not in second
    assert (f"0 skipped as seen (seen-store not read: a feed export is a snapshot; {len(paths)} fetched again)"
            in proc.stderr)

    asked, proc = crawl_news_process(base, out, state, *only_feed, "-s", "NEWSCRAWL_SEEN_WITH_FEEDS=1")
    assert proc.returncode == 0
    assert asked["newscrawl/skipped/seen"] == len(paths) and pq.read_table(feed).num_rows == 0
    assert f"no articles written.\n  {len(paths)} skipped as seen," in proc.stderr


def test_sigkill_during_an_append_leaves_the_file_as_it_was(tmp_path):
    root, feed = tmp_path / "site", tmp_path / "feed.parquet"
    build_site(root, 60)
    shutil.copy(V1_FILE, feed)
    before = feed.read_bytes()
    with SiteServer(root, delay=0.05) as base:
        kill_when(["crawl", "news", "-a", f"url={base}/", "-o", str(feed), "-s", "NEWSCRAWL_DATASET_ENABLED=0",
                   "-s", f"NEWSCRAWL_STATE_DIR={tmp_path / 'state'}", "-s", "CONCURRENT_REQUESTS=2",
                   "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"],
                  lambda: any(p.stat().st_size > 4 for p in tmp_path.glob(f".feed.parquet.pid*{TMP_SUFFIX}")))
    assert feed.read_bytes() == before, "the user's file is untouched"
    assert list(tmp_path.glob(f".feed.parquet.pid*{TMP_SUFFIX}")), "the kill caught the new file in progress"

    # the next append removes what the dead crawl left and keeps the file's rows
    proc = demo_feed(tmp_path, "-o", str(feed))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not list(tmp_path.glob(f".feed.parquet*{TMP_SUFFIX}"))
    assert pq.read_table(feed).num_rows == pq.read_table(V1_FILE).num_rows + DEMO_ARTICLES
