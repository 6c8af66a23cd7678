"""WARC keeping: the writer (rotation, atomic names, crash recovery), the Scrapy extension, and reading back."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import textwrap
from datetime import datetime, timezone
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.cli.extract import main as extract_main
from newscrawl.warc.extension import WarcRecorder
from newscrawl.warc.reader import SavedPage, Unreadable, iter_inputs
from newscrawl.warc.writer import WarcFileWriter
from .warcs import FUNDUS, corpus_pages

ROOT = Path(__file__).resolve().parent.parent
NAME = re.compile(r"demo-\d{8}T\d{6}Z-[\w.-]+-\d+-\d{5}\.warc\.gz")  # SPIDER-STAMP-HOST-PID-N
WHEN = datetime(2025, 1, 8, 9, 30, 15, 123456, tzinfo=timezone.utc)
SITEMAP = b'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>'


@pytest.fixture(scope="module")
def pages():
    return corpus_pages(5)


def rows_of(out: Path) -> dict[str, dict]:
    return {r["url"]: r for r in ds.dataset(str(out), format="parquet", partitioning="hive").to_table().to_pylist()}


def test_rotated_files_read_back_by_extract(tmp_path, pages, capsys):
    warcs = tmp_path / "warc"
    writer = WarcFileWriter(warcs, prefix="demo", max_bytes=120_000)
    writer.write_response("https://www.derstandard.at/sitemap.xml", 200, [("Content-Type", "application/xml")], SITEMAP,
                          date=WHEN, request_method="GET", request_headers={"Accept": "*/*"}, kind="sitemap")
    for url, body, headers in pages:
        writer.write_response(url, 200, headers, body, date=WHEN, request_method="GET",
                              request_headers=[("User-Agent", "newscrawl/0.1.0")], kind="article")
    files = writer.close()
    assert writer.records == 6
    assert len(files) > 1 and all(NAME.fullmatch(f.name) for f in files)
    assert sorted(p.name for p in warcs.iterdir()) == sorted(f.name for f in files)  # nothing left in progress
    for f in files:
        with open(f, "rb") as fh:
            recs = [(r.rec_type, dict(r.rec_headers.headers)) for r in ArchiveIterator(fh)]
        assert recs[0][0] == "warcinfo"
        for kind, head in recs[1:]:
            assert head["WARC-Date"] == "2025-01-08T09:30:15.123456Z"
            if kind == "request":
                assert head["WARC-Concurrent-To"].startswith("<urn:uuid:")

    out = tmp_path / "out"
    assert extract_main([str(warcs), "-o", str(out), "--workers", "1", "-q", "--state", str(tmp_path / "state")]) == 0
    printed = capsys.readouterr()
    assert sorted(rows_of(out)) == sorted(url for url, _, _ in pages)
    assert "not_article 1" in printed.out and "skipped" not in printed.err
    assert {r["fetched_at"] for r in rows_of(out).values()} == {WHEN}


@pytest.mark.parametrize("headers", [
    [("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")],
    [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"), ("Content-Length", "27311")],
    [("content-type", "text/html; charset=utf-8"), ("Content-Length", "1")],
])
def test_body_reads_back_unchanged(tmp_path, pages, headers):
    """Scrapy hands over the decoded body: stale encoding and length headers must not garble it on reading."""
    url, body, _ = pages[0]
    writer = WarcFileWriter(tmp_path, prefix="demo")
    writer.write_response(url, 200, headers, body, date=WHEN, hints={"title": "Nach Kalifat-Rufen in Hamburg",
                                                                      "publication_date": "2024-04-29"})
    writer.close()
    got = list(iter_inputs([str(tmp_path)]))
    assert len(got) == 1 and isinstance(got[0], SavedPage)
    page = got[0]
    assert page.url == url and page.body == body and page.status == 200 and page.fetched_at == WHEN
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "content-encoding" not in page.headers and "transfer-encoding" not in page.headers
    assert page.headers["content-length"] == str(len(body))
    assert page.hints == {"title": "Nach Kalifat-Rufen in Hamburg", "publication_date": "2024-04-29"}
    assert page.kind is None


KILLED_WRITER = textwrap.dedent("""
    import os, signal, sys
    from newscrawl.warc.writer import WarcFileWriter
    from warcio.archiveiterator import ArchiveIterator
    pages = []
    with open(sys.argv[2], "rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type == "response" and len(pages) < 3:
                pages.append((rec.rec_headers.get_header("WARC-Target-URI"), rec.content_stream().read()))
    w = WarcFileWriter(sys.argv[1], prefix="demo")
    for url, body in pages:
        w.write_response(url, 200, {"Content-Type": "text/html"}, body)
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_file_of_a_killed_crawl_is_kept(tmp_path, pages):
    proc = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(tmp_path), str(FUNDUS)], capture_output=True, timeout=120)
    assert proc.returncode == -9
    left = [p for p in tmp_path.iterdir()]
    assert len(left) == 1 and left[0].name.startswith(".demo-") and left[0].name.endswith(".inprogress")
    writer = WarcFileWriter(tmp_path, prefix="demo")
    writer.write_response(pages[3][0], 200, {"Content-Type": "text/html"}, pages[3][1])
    writer.close()
    assert len(writer.recovered) == 1 and NAME.fullmatch(writer.recovered[0].name)
    items = list(iter_inputs([str(tmp_path)]))
    assert not [i for i in items if isinstance(i, Unreadable)]
    assert sorted(i.url for i in items) == sorted(url for url, _, _ in pages[:4])


def test_extension_is_off_without_a_directory():
    with pytest.raises(NotConfigured):
        WarcRecorder.from_crawler(get_crawler(settings_dict={"NEWSCRAWL_WARC_DIR": ""}))
    assert isinstance(WarcRecorder.from_crawler(get_crawler(settings_dict={"NEWSCRAWL_WARC_DIR": "w"})), WarcRecorder)


@pytest.fixture(scope="module")
def demo_crawl_with_warc(tmp_path_factory):
    """`scrapy crawl demo` with the extension on: the bundled site served on 127.0.0.1."""
    tmp = tmp_path_factory.mktemp("crawl")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "demo", "-s", f"NEWSCRAWL_OUTPUT_DIR={tmp / 'out'}",
         "-s", f"NEWSCRAWL_STATE_DIR={tmp / 'state'}", "-s", f"NEWSCRAWL_WARC_DIR={tmp / 'warc'}",
         "-s", "NEWSCRAWL_WARC_MAX_BYTES=20000", "-s", 'EXTENSIONS={"newscrawl.warc.extension.WarcRecorder": 600}'],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return tmp, proc


@pytest.mark.crawl
def test_crawl_keeps_every_response(demo_crawl_with_warc):
    tmp, proc = demo_crawl_with_warc
    files = sorted((tmp / "warc").iterdir())
    assert files and all(NAME.fullmatch(f.name) for f in files)
    records = int(re.search(r"'newscrawl/warc/records': (\d+)", proc.stderr).group(1))
    assert int(re.search(r"'newscrawl/warc/files': (\d+)", proc.stderr).group(1)) == len(files) > 1
    responses = []
    for f in files:
        with open(f, "rb") as fh:
            responses += [r.rec_headers.get_header("Newscrawl-Kind") for r in ArchiveIterator(fh) if r.rec_type == "response"]
    assert len(responses) == records
    assert {"robots", "sitemap", "article"} <= set(responses)
    assert responses.count("robots") + responses.count("other") == 1  # robots.txt is fetched once


@pytest.mark.crawl
def test_extract_rebuilds_the_crawl_dataset(demo_crawl_with_warc, capsys):
    tmp, _ = demo_crawl_with_warc
    crawled = rows_of(tmp / "out")
    # the demo's address is claimed by the demo crawl only: the WARC does not say which site it was
    assert extract_main([str(tmp / "warc"), "-o", str(tmp / "again"), "--state", str(tmp / "state-again"),
                         "--workers", "2", "-q", "--site", "demo"]) == 0
    printed = capsys.readouterr()
    assert "skipped" not in printed.err and ", 6 articles written, skipped: not_article " in printed.out
    again = rows_of(tmp / "again")
    assert len(crawled) == 6 and sorted(again) == sorted(crawled)
    for url, row in crawled.items():
        same = {k: v for k, v in again[url].items() if k != "fetched_at"}
        assert same == {k: v for k, v in row.items() if k != "fetched_at"}


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize("keep", [5, 40, 200, 0.5, -50], ids=["5 bytes", "40 bytes", "200 bytes", "half", "all but 50"])
def test_record_cut_short_is_one_unreadable(tmp_path, pages, gzip, keep):
    """A file cut anywhere in its last record: the whole records are read, the cut one is reported once."""
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gzip)
        for url, body, headers in pages[:3]:
            if url == pages[2][0]:
                start = fh.tell()
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http))
        end = fh.tell()
    size = end - start
    cut = start + (int(size * keep) if isinstance(keep, float) else keep if keep > 0 else size + keep)
    with open(path, "r+b") as fh:
        fh.truncate(cut)
    items = list(iter_inputs([str(path)]))
    assert [i.url for i in items if isinstance(i, SavedPage)] == [pages[0][0], pages[1][0]]
    bad = [i for i in items if isinstance(i, Unreadable)]
    assert len(bad) == 1 and bad[0].reason == "truncated"
    assert bad[0].where in (pages[2][0], f"{path}@{start}")
