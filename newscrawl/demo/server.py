"""A small HTTP server for the bundled demo site (and for tests): 127.0.0.1, a free port, a thread.

Text files are served with ``{{base}}`` replaced by ``http://127.0.0.1:PORT``, so sitemaps,
feeds and canonical links hold absolute URLs whatever port was free.
"""
from __future__ import annotations

import mimetypes
import threading
import time
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

SITE_DIR = Path(__file__).with_name("site")
_TEXT = {".html", ".xml", ".txt", ".json", ".rss", ".atom"}
_TYPES = {".xml": "application/xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
          ".json": "application/json", ".txt": "text/plain; charset=utf-8", ".html": "text/html; charset=utf-8"}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def __init__(self, *args, root: Path, delay: float = 0.0, **kwargs) -> None:
        self.root = root
        self.delay = delay
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args) -> None:  # quiet: the crawl logs its requests
        pass

    def _resolve(self) -> Path | None:
        path = unquote(urlsplit(self.path).path)
        target = (self.root / path.lstrip("/")).resolve()
        if self.root.resolve() not in (target, *target.parents):
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
        if self.delay:
            time.sleep(self.delay)
        target = self._resolve()
        if target is None:
            body, ctype, status = b"<html><body><h1>Not found</h1></body></html>", "text/html; charset=utf-8", 404
        else:
            body = target.read_bytes()
            if target.suffix in _TEXT:
                body = body.replace(b"{{base}}", self.server.base_url.encode())
            ctype = _TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            status = 200
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


class SiteServer:
    """Serve a folder on 127.0.0.1 in a background thread: ``with SiteServer(path) as base_url: …``."""

    def __init__(self, root: Path = SITE_DIR, host: str = "127.0.0.1", port: int = 0, delay: float = 0.0) -> None:
        self.root = Path(root)
        self.httpd = ThreadingHTTPServer((host, port), partial(_Handler, root=self.root, delay=delay))
        self.httpd.daemon_threads = True
        self.httpd.base_url = f"http://{host}:{self.httpd.server_address[1]}"
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return self.httpd.base_url

    def start(self) -> str:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="newscrawl-demo-site", daemon=True)
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
