"""The generic spider invents no offset: a zone-less time keeps its day unless `-a timezone=` names the zone."""
from __future__ import annotations

import pyarrow.dataset as ds
import pytest

from newscrawl.demo.server import SiteServer

from .crawling import crawl_news
from newscrawl.demo.sitegen import build_site

pytestmark = pytest.mark.crawl  # every test here crawls through a subprocess


@pytest.fixture
def zoneless_site(tmp_path):
    root = tmp_path / "site"
    (path,) = build_site(root, 1)
    page = root / path.lstrip("/")
    html = page.read_text(encoding="utf-8")
    assert "2024-12-01T10:00:00+01:00" in html
    page.write_text(html.replace("2024-12-01T10:00:00+01:00", "2024-12-01T10:00:00"), encoding="utf-8")
    server = SiteServer(root)  # 127.0.0.1, as the demo server: the demo's zone is its own server's, no other's
    yield server.start()
    server.stop()


@pytest.mark.parametrize("extra, iso, precision, source", [
    ((), "2024-12-01", "day", "json-ld"),
    (("-a", "timezone=Asia/Baku"), "2024-12-01T10:00:00+04:00", "second", "json-ld+site-tz"),
])
def test_zoneless_time(zoneless_site, tmp_path, extra, iso, precision, source):
    out = tmp_path / "out"
    stats = crawl_news(zoneless_site, out, tmp_path / "state", *extra)
    assert stats["newscrawl/parquet/rows"] == 1
    rows = ds.dataset(out, format="parquet", partitioning="hive").to_table(
        columns=["published", "published_precision", "published_source"]).to_pylist()
    assert rows == [{"published": iso, "published_precision": precision, "published_source": source}]
