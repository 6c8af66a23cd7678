"""``newscrawl extract``, for real: WARCs and HTML files built here from corpus pages, the dataset read back."""
from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zlib
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.cli import main as cli_main
from newscrawl.cli.extract import precheck
from newscrawl.page.sniff import binary_kind
from newscrawl.extraction import extract_article
from newscrawl.sites.registry import site_for_host
from newscrawl.warc.reader import SavedPage
from .warcs import FUNDUS, corpus_pages

ROOT = Path(__file__).resolve().parent.parent
DEMO_PAGE = ROOT / "newscrawl" / "demo" / "site" / "2024" / "12" / "02" / (
    "amid-syrian-rebels-offensive-iranian-foreign-minister-arrives-in-turkey-for-talks.html")
NEWSCRAWL = [sys.executable, "-c", "import sys; from newscrawl.cli import main; sys.exit(main())"]
WARC_DATE = "2025-01-08T09:30:00Z"
GOOD = 4


def png_bytes() -> bytes:
    """A real 1x1 PNG."""
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def response(writer: WARCWriter, url: str, body: bytes, headers: list[tuple[str, str]], status: str = "200 OK"):
    http = StatusAndHeaders(status, [(k, v) for k, v in headers if k.lower() != "content-length"]
                            + [("Content-Length", str(len(body)))], protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                     warc_headers_dict={"WARC-Date": WARC_DATE}, http_headers=http)


@pytest.fixture(scope="module")
def pages():
    return corpus_pages(GOOD + 1)


@pytest.fixture(scope="module")
def mixed_warc(tmp_path_factory, pages) -> Path:
    """Good pages, then an image, a binary body labelled text/html, an empty page, a 404, and a record cut short."""
    path = tmp_path_factory.mktemp("warc") / "mixed.warc.gz"
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "test"}))
        for url, body, headers in pages[:GOOD]:
            req = w.create_warc_record(url, "request", payload=io.BytesIO(b""), length=0, http_headers=StatusAndHeaders(
                "GET / HTTP/1.1", [("Host", "example")], is_http_request=True))
            w.write_request_response_pair(req, response(w, url, body, headers))
        w.write_record(response(w, "https://example.org/logo.png", png_bytes(), [("Content-Type", "image/png")]))
        w.write_record(response(w, "https://example.org/binary", zlib.compress(pages[0][1]),
                                [("Content-Type", "text/html")]))
        w.write_record(response(w, "https://example.org/empty", b"", [("Content-Type", "text/html")]))
        w.write_record(response(w, "https://example.org/gone", b"<html><body>Not found</body></html>",
                                [("Content-Type", "text/html")], status="404 Not Found"))
        before = fh.tell()
        url, body, headers = pages[GOOD]
        w.write_record(response(w, url, body, headers))
        after = fh.tell()
    with open(path, "r+b") as fh:  # cut the last gzip member in its middle
        fh.truncate(before + (after - before) // 2)
    return path


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*NEWSCRAWL, "extract", *args], capture_output=True, text=True, timeout=600, cwd=ROOT)


def read_rows(out: Path) -> dict[str, dict]:
    table = ds.dataset(str(out), format="parquet", partitioning="hive").to_table()
    return {r["url"]: r for r in table.to_pylist()}


@pytest.fixture(scope="module")
def extracted(mixed_warc, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    proc = run_cli(str(mixed_warc), "-o", str(out), "--workers", "1")
    return out, proc


def test_good_records_written_and_bad_ones_reported(extracted, pages):
    out, proc = extracted
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    err = proc.stderr.splitlines()
    assert "skipped not_html: https://example.org/logo.png (image/png)" in err
    assert "skipped binary: https://example.org/binary" in err
    assert "skipped empty: https://example.org/empty" in err
    assert "skipped http_404: https://example.org/gone" in err
    truncated = [line for line in err if line.startswith("skipped truncated: ")]
    assert len(truncated) == 1, err
    assert pages[GOOD][0] in truncated[0] or "mixed.warc.gz@" in truncated[0]
    rows = read_rows(out)
    assert sorted(rows) == sorted(url for url, _, _ in pages[:GOOD])
    summary = proc.stdout.splitlines()[-1]
    assert f"{GOOD + 4} pages, {GOOD} articles written" in summary
    for reason in ("not_html 1", "binary 1", "empty 1", "http_404 1", "truncated 1"):
        assert reason in summary


def test_rows_are_what_the_extraction_gives(extracted, pages):
    out, _ = extracted
    rows = read_rows(out)
    fetched = datetime.fromisoformat(WARC_DATE.replace("Z", "+00:00"))
    for url, body, headers in pages[:GOOD]:
        row = rows[url]
        want = extract_article(body, url, dict(headers), None, fetched_at=fetched, http_status=200)
        assert row["title"] == want.title
        assert row["text_hash"] == want.text_hash and row["word_count"] == want.word_count > 20
        assert row["published"] == want.published
        assert row["fetched_at"] == fetched
        assert row["http_status"] == 200
        assert row["site"] == "news"
        assert row["crawl_date"] == "2025-01-08"


def test_duckdb_reads_the_dataset(extracted, pages):
    out, _ = extracted
    con = duckdb.connect()
    got = con.execute(
        "SELECT url, site, crawl_date, word_count FROM read_parquet(?, hive_partitioning = true) ORDER BY url",
        [str(out / "**" / "*.parquet")],
    ).fetchall()
    assert [g[0] for g in got] == sorted(url for url, _, _ in pages[:GOOD])
    assert {(g[1], str(g[2])) for g in got} == {("news", "2025-01-08")}
    assert all(g[3] > 20 for g in got)


def test_two_workers_write_the_same_rows(extracted, mixed_warc, tmp_path):
    out1, _ = extracted
    proc = run_cli(str(mixed_warc), "-o", str(tmp_path), "--workers", "2", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert "(2 workers)" in proc.stdout
    one, two = read_rows(out1), read_rows(tmp_path)
    assert sorted(one) == sorted(two)
    for url in one:
        assert {k: v for k, v in one[url].items() if k != "extractor"} == {k: v for k, v in two[url].items() if k != "extractor"}
    assert sum(line.startswith("skipped ") for line in proc.stderr.splitlines()) == 5


def test_html_files_with_base_url(tmp_path, pages):
    src = tmp_path / "saved"
    (src / "world").mkdir(parents=True)
    (src / "a.html").write_bytes(pages[0][1])
    (src / "world" / "b.htm").write_bytes(pages[1][1])
    (src / "notes.txt").write_text("not an input")
    when = datetime(2024, 12, 2, 8, 0, tzinfo=timezone.utc)
    for f in (src / "a.html", src / "world" / "b.htm"):
        os.utime(f, (when.timestamp(), when.timestamp()))
    out = tmp_path / "out"
    assert cli_main(["extract", str(src), "-o", str(out), "--workers", "1", "--base-url", "https://news.example.com/x/"]) == 0
    rows = read_rows(out)
    assert sorted(rows) == ["https://news.example.com/x/a.html", "https://news.example.com/x/world/b.htm"]
    for row in rows.values():
        assert row["fetched_at"] == when and row["crawl_date"] == "2024-12-02"
        assert row["http_status"] is None and row["domain"] == "news.example.com"


def test_html_file_without_base_url_is_a_file_url(tmp_path, pages):
    page = tmp_path / "page.html"
    page.write_bytes(pages[2][1])
    out = tmp_path / "out"
    assert cli_main(["extract", str(page), "-o", str(out), "--workers", "1", "-q"]) == 0
    assert list(read_rows(out)) == [page.resolve().as_uri()]


def test_registered_site_gives_name_and_time_zone(tmp_path):
    """The demo page's host is the registered `demo` site (Asia/Baku)."""
    url = "http://127.0.0.1/" + DEMO_PAGE.relative_to(DEMO_PAGE.parents[3]).as_posix()
    body = DEMO_PAGE.read_bytes().replace(b"{{base}}", b"http://127.0.0.1")
    warc = tmp_path / "demo.warc"
    with open(warc, "wb") as fh:
        w = WARCWriter(fh, gzip=False)
        w.write_record(response(w, url, body, [("Content-Type", "text/html; charset=utf-8")]))
    out = tmp_path / "out"
    assert cli_main(["extract", str(warc), "-o", str(out), "--workers", "1", "-q"]) == 0
    row = read_rows(out)[url]
    want = extract_article(body, url, {"content-type": "text/html; charset=utf-8"}, site_for_host("127.0.0.1"))
    assert row["site"] == "demo" and list(out.glob("site=demo/crawl_date=2025-01-08/part-*.parquet"))
    assert row["published"] == want.published and row["title"] == want.title


def test_missing_input_is_a_usage_error(tmp_path, pages):
    proc = run_cli(str(tmp_path / "nope.warc.gz"), "-o", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"newscrawl extract: error: no such file or directory: {tmp_path / 'nope.warc.gz'}"]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("argv, message", [
    (["--workers", "0"], "--workers must be at least 1"),
    (["--crawl-date", "yesterday"], "is not a date like 2024-12-01"),
    (["--timezone", "Mars/Olympus"], "is not an IANA time zone"),
])
def test_bad_options_are_usage_errors(tmp_path, capsys, argv, message):
    page = tmp_path / "p.html"
    page.write_bytes(b"<html></html>")
    assert cli_main(["extract", str(page), "-o", str(tmp_path / "out"), *argv]) == 2
    assert message in capsys.readouterr().err


def test_nothing_readable_exits_1(tmp_path):
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 6 + b"garbage")
    proc = run_cli(str(bad), "-o", str(tmp_path / "out"))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "0 pages" in proc.stdout


@pytest.mark.parametrize("body, binary", [
    (png_bytes(), True),
    (zlib.compress(b"<html>" * 100), True),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", True),
    (b"<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>Nach Kalifat-Rufen</title>", False),
    ("\ufeff<html><body>UTF-16 page</body></html>".encode("utf-16-le"), False),
])
def test_binary_kind(body, binary):
    assert (binary_kind(body) is not None) is binary


def test_no_corpus_page_looks_binary():
    """Every page of the three dev corpora (705, some in windows-1252 or ISO-8859-1) is text."""
    flagged, total = [], 0
    for name in ("aeb", "fundus", "htmldate"):
        with open(FUNDUS.parent.parent / name / "pages.warc.gz", "rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "response":
                    total += 1
                    if binary_kind(rec.content_stream().read()):
                        flagged.append(rec.rec_headers.get_header("WARC-Target-URI"))
    assert total > 700 and flagged == []


@pytest.mark.parametrize("page, reason", [
    (SavedPage("u", b"<html>x</html>", {"content-type": "application/json"}), "not_html"),
    (SavedPage("u", b"<html>x</html>", {"content-type": "application/xhtml+xml"}), None),
    (SavedPage("u", b"<html>x</html>", {}, 301), "http_301"),
    (SavedPage("u", b"<html>x</html>", {}, None), None),
    (SavedPage("u", b"  \n", {"content-type": "text/html"}), "empty"),
    (SavedPage("u", b"<urlset/>", {"content-type": "application/xml"}, kind="sitemap"), "not_article"),
    (SavedPage("u", b"<html>x</html>", {"content-type": "text/html"}, kind="article"), None),
])
def test_precheck(page, reason):
    got = precheck(page)
    assert (got[0] if got else None) == reason


def test_a_worker_dying_costs_only_its_page(tmp_path, pages, monkeypatch, capsys):
    """A crash in a C library kills the worker process: that page is reported, the others are written."""
    import newscrawl.pool as pool

    real = pool.extract

    def crashing(body, url, *args, **kwargs):
        if url.endswith("/crash"):
            os._exit(3)
        return real(body, url, *args, **kwargs)

    monkeypatch.setattr(pool, "extract", crashing)  # the forked workers inherit it
    warc = tmp_path / "crash.warc.gz"
    with open(warc, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i, (url, body, headers) in enumerate(pages[:3]):
            w.write_record(response(w, url, body, headers))
            if i == 1:
                w.write_record(response(w, "https://example.org/crash", body, headers))
    out = tmp_path / "out"
    assert cli_main(["extract", str(warc), "-o", str(out), "--workers", "2", "-q"]) == 0
    assert sorted(read_rows(out)) == sorted(url for url, _, _ in pages[:3])
    assert "skipped crashed: https://example.org/crash (the worker process died on this page)" in capsys.readouterr().err
