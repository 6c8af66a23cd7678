"""Control characters in HTTP headers never reach a log line raw: they are written escaped (``\\x1b``)."""
from __future__ import annotations

import io

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.cli.extract import main as extract_main
from newscrawl.demo.server import LocalServer, folder_lookup
from newscrawl.logtext import printable

from .crawling import crawl_news
from newscrawl.demo.sitegen import build_site

HOSTILE_TYPE = "application/pdf\x1b[2J\x1b]0;owned\x07\x85"


@pytest.mark.parametrize("raw, shown", [
    ("text/html\x1b[2J", "text/html\\x1b[2J"),
    ("a\r\nb\x00", "a\\x0d\\x0ab\\x00"),
    ("caf\u00e9 \u2028", "caf\u00e9 \\u2028"),
    (b"\x9bX", "\\x9bX"),
    (None, ""),
])
def test_printable(raw, shown):
    assert printable(raw) == shown


@pytest.mark.crawl
def test_crawl_logs_a_hostile_content_type_escaped(tmp_path):
    root = tmp_path / "site"
    good = build_site(root, 3)
    serve = folder_lookup(root)

    def lookup(path, base):
        reply = serve(path, base)
        if path == good[0] and reply:
            return 200, {"Content-Type": HOSTILE_TYPE}, reply[2]
        return reply

    out = tmp_path / "out"
    out.mkdir()
    with LocalServer(lookup) as base:
        stats = crawl_news(base, out, tmp_path / "state", "-s", f"LOG_FILE={tmp_path / 'crawl.log'}")
    log = (tmp_path / "crawl.log").read_text(encoding="utf-8", errors="replace")
    assert stats["newscrawl/skipped/not_html"] == 1
    line = next(line for line in log.splitlines() if "not HTML" in line)
    assert "application/pdf\\x1b[2J\\x1b]0;owned\\x07\\x85" in line and good[0] in line
    assert "\x1b" not in log and "\x07" not in log


def test_extract_prints_a_hostile_content_type_escaped(tmp_path, capsys):
    path = tmp_path / "hostile.warc.gz"
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        body = b"<html><body><p>not shown</p></body></html>"
        http = StatusAndHeaders("200 OK", [("Content-Type", HOSTILE_TYPE), ("Content-Length", str(len(body)))],
                                protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://example.org/x\x1b[31m", "response", payload=io.BytesIO(body),
                                            length=len(body), http_headers=http))
    assert extract_main([str(path), "-o", str(tmp_path / "out"), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if line.startswith("skipped not_html: "))
    # the URI escaped here; warcio itself percent-encodes the header value when it writes the record
    assert line.startswith("skipped not_html: https://example.org/x\\x1b[31m (application/pdf")
    assert "\x1b" not in err and "\x07" not in err
