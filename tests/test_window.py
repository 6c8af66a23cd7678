"""`-a since=`/`days=` and `-a until=`: the window holds for the stored article's own date too."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pyarrow.dataset as ds
import pytest

from newscrawl.demo.server import SiteServer
from newscrawl.window import Window

from .crawling import crawl_news
from newscrawl.demo.sitegen import build_site

UTC = timezone.utc


@pytest.fixture
def linked_site(tmp_path):
    """Seven dated articles (2024-12-01 … 07, 10:MM+01:00) and one undated, found only through home-page links."""
    root = tmp_path / "site"
    paths = build_site(root, 8)
    undated = root / paths[7].lstrip("/")
    html = re.sub(r'"datePublished":"[^"]+",|<link rel="canonical"[^>]+>', "", undated.read_text(encoding="utf-8"))
    undated.unlink()
    paths[7] = "/world/an-undated-story-about-the-harbour-and-the-river.html"
    (root / "world").mkdir()
    (root / paths[7].lstrip("/")).write_text(html, encoding="utf-8")
    (root / "sitemap.xml").unlink()
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /search\n")
    links = "".join(f'<li><a href="{p}">story</a></li>' for p in paths)
    (root / "index.html").write_text(f"<html><body><h1>Generated Times</h1><ul>{links}</ul></body></html>")
    server = SiteServer(root)
    yield server.start(), paths
    server.stop()


def _published(out):
    table = ds.dataset(out, format="parquet", partitioning="hive").to_table(columns=["url", "published"])
    return sorted((row["published"] or "none")[:10] for row in table.to_pylist())


@pytest.mark.crawl
def test_articles_found_through_links_outside_the_window_are_not_stored(linked_site, tmp_path):
    base, _ = linked_site
    out = tmp_path / "out"
    stats = crawl_news(base, out, tmp_path / "state", "-a", "since=2024-12-03", "-a", "until=2024-12-05")
    assert _published(out) == ["2024-12-03", "2024-12-04", "2024-12-05", "none"]
    assert stats["newscrawl/dropped/too_old"] == 2 and stats["newscrawl/dropped/too_new"] == 2
    assert stats["newscrawl/window/undated"] == 1
    # what the window dropped is not remembered as seen: a wider window later stores it
    again = crawl_news(base, out, tmp_path / "state")
    assert again["newscrawl/skipped/seen"] == 4 and again["newscrawl/parquet/rows"] == 4
    assert _published(out) == [f"2024-12-0{d}" for d in range(1, 8)] + ["none"]


@pytest.mark.crawl
def test_days_applies_to_the_article_date(linked_site, tmp_path):
    """The README's `-a days=2`: every generated article is from 2024, so only the undated one is kept."""
    base, _ = linked_site
    out = tmp_path / "out"
    stats = crawl_news(base, out, tmp_path / "state", "-a", "days=2")
    assert _published(out) == ["none"]
    assert stats["newscrawl/dropped/too_old"] == 7 and stats["newscrawl/window/undated"] == 1


@pytest.mark.crawl
def test_without_a_window_every_article_is_stored(linked_site, tmp_path):
    base, _ = linked_site
    stats = crawl_news(base, tmp_path / "out", tmp_path / "state")
    assert stats["newscrawl/parquet/rows"] == 8 and "newscrawl/window/undated" not in stats


def _at(s):
    return datetime.fromisoformat(s).astimezone(UTC)


@pytest.mark.parametrize("published, precision, outside", [
    ("2024-12-03T00:00:00+00:00", "second", None),
    ("2024-12-02T23:59:59+00:00", "second", "too_old"),
    ("2024-12-03T01:00:00+04:00", "minute", "too_old"),  # 21:00 UTC the day before
    ("2024-12-05T23:59:59+00:00", "second", None),
    ("2024-12-06T00:00:00+00:00", "second", "too_new"),
    ("2024-12-06T02:00:00+04:00", "minute", None),  # 22:00 UTC on the 5th
    ("2024-12-03T00:00:00+04:00", "day", None),  # a day-only date east of UTC: its day overlaps the window
    ("2024-12-02T00:00:00+04:00", "day", "too_old"),
    ("2024-12-06T00:00:00-05:00", "day", "too_new"),
])
def test_article_window_edges(published, precision, outside):
    window = Window.parse(since="2024-12-03", until="2024-12-05")
    assert window.article_outside(_at(published), precision) == outside


def test_entries_are_too_new_by_publication_date_only():
    window = Window.parse(until="2024-12-05")
    late = datetime(2024, 12, 9, tzinfo=UTC)
    assert window.entry_outside(lastmod=late, published=None) is None  # an edit after the window says nothing
    assert window.entry_outside(lastmod=None, published=late) == "too_new"
    assert Window.parse(days="1").since > datetime.now(UTC) - timedelta(days=1, minutes=1)


@pytest.mark.parametrize("kwargs, message", [
    ({"since": "2024-12-01", "days": "3"}, "give since= or days=, not both"),
    ({"since": "2024-12-05", "until": "2024-12-01"}, "until='2024-12-01' is before the window's start"),
])
def test_window_rejects_what_does_not_make_a_window(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        Window.parse(**kwargs)
