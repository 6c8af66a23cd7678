"""A CC-NEWS-style archive for tests, made from the dev corpora, and a local HTTP server for it.

The files look like the archive's: gzip-per-record WARC files named ``CC-NEWS-YYYYMMDDhhmmss-NNNNN.warc.gz``
that start with a ``warcinfo`` record and hold, for each page, its ``request``, ``response`` and ``metadata``
records; monthly ``warc.paths.gz`` listings under ``crawl-data/CC-NEWS/YYYY/MM/``. The server (127.0.0.1,
a free port) answers ``Range`` requests with 206, can cut a file's connection once after N bytes, can slow
files down, and logs every request.
"""
from __future__ import annotations

import gzip
import io
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.warc.reader import SavedPage, iter_warc

from .conftest import SHARED

CORPUS = SHARED / "corpus"


def corpus_pages(name: str = "fundus", n: int | None = None) -> list[SavedPage]:
    pages = [p for p in iter_warc(CORPUS / name / "pages.warc.gz") if isinstance(p, SavedPage)]
    return pages[:n] if n else pages


def cc_name(stamp: datetime, serial: int) -> str:
    return f"CC-NEWS-{stamp:%Y%m%d%H%M%S}-{serial:05d}.warc.gz"


def write_warc(path: Path, pages: list[SavedPage], start: datetime) -> list[tuple[str, datetime]]:
    """A CC-NEWS-style file of ``pages``; returns (URL, WARC-Date) of each response, in order."""
    path.parent.mkdir(parents=True, exist_ok=True)
    out = []
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "newscrawl tests", "format": "WARC/1.0"}))
        for i, page in enumerate(pages):
            when = start + timedelta(seconds=7 * i + 1)
            date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
            req = StatusAndHeaders(f"GET {page.url} HTTP/1.1", [("Host", page.url.split('/')[2]),
                                   ("User-Agent", "CCBot/2.0")], is_http_request=True)
            w.write_record(w.create_warc_record(page.url, "request", http_headers=req,
                                                warc_headers_dict={"WARC-Date": date}))
            headers = [(k.title(), v) for k, v in page.headers.items()
                       if k not in ("content-length", "content-encoding", "transfer-encoding")]
            headers.append(("Content-Length", str(len(page.body))))
            http = StatusAndHeaders(f"{page.status or 200} OK", headers, protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(page.url, "response", payload=io.BytesIO(page.body),
                                                http_headers=http, warc_headers_dict={"WARC-Date": date}))
            meta = f"fetchTimeMs: {100 + i}\ncharset-detected: UTF-8\n".encode()
            w.write_record(w.create_warc_record(page.url, "metadata", payload=io.BytesIO(meta),
                                                warc_content_type="application/warc-fields",
                                                warc_headers_dict={"WARC-Date": date}))
            out.append((page.url, when))
    return out


@dataclass
class Archive:
    root: Path
    files: dict[str, list[tuple[str, datetime]]] = field(default_factory=dict)  # path -> responses

    def add(self, stamp: datetime, serial: int, pages: list[SavedPage], *, listed_only: bool = False) -> str:
        """A file in its month's listing (written unless ``listed_only``: then the server answers 404)."""
        rel = f"crawl-data/CC-NEWS/{stamp:%Y}/{stamp:%m}/{cc_name(stamp, serial)}"
        self.files[rel] = [] if listed_only else write_warc(self.root / rel, pages, stamp)
        self.write_listings()
        return rel

    def write_listings(self) -> None:
        months: dict[str, list[str]] = {}
        for rel in self.files:
            months.setdefault(rel.rsplit("/", 1)[0], []).append(rel)
        for month, rels in months.items():
            (self.root / month).mkdir(parents=True, exist_ok=True)
            (self.root / month / "warc.paths.gz").write_bytes(gzip.compress(("\n".join(sorted(rels)) + "\n").encode()))


class Server:
    """Serves a directory on 127.0.0.1 with Range support; ``drop_after[path] = N`` cuts the next response
    for that path after N bytes of body (once); ``delay`` sleeps that many seconds per 64 KB sent."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.drop_after: dict[str, int] = {}
        self.always_drop: dict[str, int] = {}  # every response for that path is cut after N bytes
        self.delay = 0.0
        self.log: list[tuple[str, str | None, int]] = []  # (path, Range header, status)
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                server.handle(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "Server":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def requests_for(self, suffix: str) -> list[tuple[str, str | None, int]]:
        return [r for r in self.log if r[0].endswith(suffix)]

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        rel = h.path.lstrip("/").split("?")[0]
        path = (self.root / rel).resolve()
        rng = h.headers.get("Range")
        if not path.is_file() or self.root.resolve() not in path.parents:
            self._log(rel, rng, 404)
            h.send_response(404)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        data = path.read_bytes()
        start, status = 0, 200
        if rng:
            start = int(rng.removeprefix("bytes=").split("-")[0])
            if start >= len(data):
                self._log(rel, rng, 416)
                h.send_response(416)
                h.send_header("Content-Range", f"bytes */{len(data)}")
                h.send_header("Content-Length", "0")
                h.end_headers()
                return
            status = 206
        self._log(rel, rng, status)
        h.send_response(status)
        h.send_header("Content-Length", str(len(data) - start))
        h.send_header("Accept-Ranges", "bytes")
        if status == 206:
            h.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        h.end_headers()
        with self.lock:
            cut = self.drop_after.pop(rel, self.always_drop.get(rel))
        body = data[start:]
        if cut is not None:
            body = body[:cut]
        try:
            for i in range(0, len(body), 65536):
                h.wfile.write(body[i:i + 65536])
                if self.delay:
                    time.sleep(self.delay)
            h.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return
        if cut is not None:  # the connection drops before the Content-Length is reached
            h.close_connection = True
            h.connection.shutdown(2)

    def _log(self, rel: str, rng: str | None, status: int) -> None:
        with self.lock:
            self.log.append((rel, rng, status))


UTC = timezone.utc
