"""A site that misbehaves: non-HTML, empty and missing pages, broken sitemaps — counted, crawl goes on."""
from __future__ import annotations

import gzip

import pyarrow.dataset as ds
import pytest

from newscrawl.demo.server import SiteServer

from .crawling import crawl_news
from newscrawl.demo.sitegen import build_site

BAD = {
    "pdf": "/2024/12/05/a-report-in-pdf-form-about-the-budget.html",
    "empty": "/2024/12/05/an-empty-page-about-the-harbour-strike.html",
    "missing": "/2024/12/05/a-page-that-was-deleted-about-the-court.html",
}


@pytest.fixture
def bad_site(tmp_path):
    root = tmp_path / "site"
    good = build_site(root, 6)
    (root / BAD["pdf"].lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
    # served as text/html by extension, but the bytes are a PDF: the content is what counts
    (root / BAD["pdf"].lstrip("/")).write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\n" + bytes(range(256)) * 20)
    (root / BAD["empty"].lstrip("/")).write_bytes(b"")
    urls = "".join(f"<url><loc>{{{{base}}}}{p}</loc></url>" for p in [*good, *BAD.values()])
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>{{base}}/sitemap-articles.xml</loc></sitemap>"
        "<sitemap><loc>{{base}}/sitemap-broken.xml</loc></sitemap>"
        "<sitemap><loc>{{base}}/sitemap-entities.xml</loc></sitemap>"
        "<sitemap><loc>{{base}}/sitemap-bomb.xml.gz</loc></sitemap>"
        "<sitemap><loc>{{base}}/sitemap-gone.xml</loc></sitemap></sitemapindex>")
    (root / "sitemap-articles.xml").write_text(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>')
    (root / "sitemap-broken.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{{base}}'
        + good[0] + "</loc></url><url><loc>never closed")
    (root / "sitemap-entities.xml").write_text(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY ext SYSTEM "file:///etc/passwd">]>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol3;&ext;</loc></url></urlset>')
    with gzip.open(root / "sitemap-bomb.xml.gz", "wb", compresslevel=9) as fh:  # ~100 MB of zeros inflated
        fh.write(b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>')
        chunk = b"0" * (1 << 20)
        for _ in range(100):
            fh.write(chunk)
    server = SiteServer(root)
    yield server.start(), good
    server.stop()


@pytest.mark.crawl
def test_bad_pages_and_sitemaps_are_counted_and_the_crawl_goes_on(bad_site, tmp_path):
    base, good = bad_site
    out = tmp_path / "out"
    out.mkdir()
    stats = crawl_news(base, out, tmp_path / "state", "-s", "NEWSCRAWL_SITEMAP_MAX_BYTES=20000000")
    rows = ds.dataset(str(out), format="parquet", partitioning="hive").to_table().to_pylist()
    assert sorted(r["url"].removeprefix(base) for r in rows) == sorted(good)
    assert stats["newscrawl/skipped/not_html"] == 1
    assert stats["newscrawl/skipped/empty"] == 1
    assert stats["newscrawl/errors/article/http_404"] == 1
    assert stats["newscrawl/errors/sitemap/http_404"] == 1
    assert stats.get("newscrawl/sitemap/partial", 0) + stats.get("newscrawl/sitemap/invalid", 0) >= 3
    assert stats["finish_reason"] == "finished"


@pytest.mark.crawl
def test_a_page_that_hangs_times_out_in_one_line(tmp_path):
    """A server that never answers one article: the request times out, is counted, the rest is stored."""
    import time

    from newscrawl.demo.server import LocalServer, folder_lookup

    root = tmp_path / "site"
    good = build_site(root, 4)
    slow = good[0]
    serve = folder_lookup(root)

    def lookup(path, base):
        if path == slow:
            time.sleep(4)
        return serve(path, base)

    out = tmp_path / "out"
    out.mkdir()
    with LocalServer(lookup) as base:
        stats = crawl_news(base, out, tmp_path / "state", "-s", "DOWNLOAD_TIMEOUT=1", "-s", "RETRY_TIMES=1")
    rows = ds.dataset(str(out), format="parquet", partitioning="hive").to_table(columns=["url"]).to_pylist()
    assert sorted(r["url"].removeprefix(base) for r in rows) == sorted(good[1:])
    assert stats["newscrawl/errors/article/DownloadTimeoutError"] == 1
    assert stats["retry/count"] == 1 and stats["retry/max_reached"] == 1
