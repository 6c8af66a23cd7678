"""Small HTTP servers on 127.0.0.1 for the demo site and for tests: a free port, a thread.

:class:`SiteServer` serves a folder; text files are served with ``{{base}}`` replaced by
``http://127.0.0.1:PORT``, so sitemaps, feeds and canonical links hold absolute URLs
whatever port was free. :class:`LocalServer` serves whatever a lookup function returns,
counts every request by path, and answers a conditional request (``If-None-Match``) for an
unchanged document with ``304 Not Modified``, as web servers do.
"""
from __future__ import annotations

import hashlib
import mimetypes
import sys
import threading
import time
from collections import Counter
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Mapping
from urllib.parse import unquote, urlsplit

SITE_DIR = Path(__file__).with_name("site")
_TEXT = {".html", ".xml", ".txt", ".json", ".rss", ".atom"}
_TYPES = {".xml": "application/xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
          ".json": "application/json", ".txt": "text/plain; charset=utf-8", ".html": "text/html; charset=utf-8"}
NOT_FOUND = (404, {"Content-Type": "text/html; charset=utf-8"}, b"<html><body><h1>Not found</h1></body></html>")

# (status, headers, body); the lookup gets the request path with its query and the server's base URL
Reply = tuple[int, Mapping[str, str], bytes]
Lookup = Callable[[str, str], "Reply | None"]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def __init__(self, *args, owner: "LocalServer", **kwargs) -> None:
        self.owner = owner
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args) -> None:  # quiet: the crawl logs its requests
        pass

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
        owner = self.owner
        owner.hits[self.path] += 1
        owner.user_agents[self.headers.get("User-Agent", "")] += 1
        if owner.delay:
            time.sleep(owner.delay)
        status, headers, body = owner.lookup(self.path, owner.base_url) or NOT_FOUND
        if status == 200 and not any(name.lower() == "etag" for name in headers):
            headers = {**headers, "ETag": f'"{hashlib.sha1(body).hexdigest()[:20]}"'}
            if self.headers.get("If-None-Match") == headers["ETag"]:  # the client's copy is current
                owner.not_modified[self.path] += 1
                self.send_response(304)
                self.send_header("ETag", headers["ETag"])
                self.end_headers()
                return
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A client that hangs up mid-request (a crawl killed or stopped) is no error of the server: quiet."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class LocalServer:
    """Serve ``lookup(path, base_url)`` on 127.0.0.1 in a background thread: ``with LocalServer(fn) as base: …``."""

    def __init__(self, lookup: Lookup, host: str = "127.0.0.1", port: int = 0, delay: float = 0.0) -> None:
        self.lookup = lookup
        self.delay = delay
        self.hits: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()  # requests answered 304 (If-None-Match matched the ETag)
        self.user_agents: Counter[str] = Counter()
        self.httpd = _Server((host, port), partial(_Handler, owner=self))
        self.httpd.daemon_threads = True
        self.base_url = f"http://{host}:{self.httpd.server_address[1]}"
        self._thread: threading.Thread | None = None

    def start(self) -> str:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="newscrawl-local-site", daemon=True)
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


def folder_lookup(root: Path) -> Lookup:
    """Files under ``root``: ``/a/b/`` is ``a/b/index.html``; ``{{base}}`` replaced in text files."""
    root = root.resolve()

    def lookup(path: str, base_url: str) -> Reply | None:
        target = (root / unquote(urlsplit(path).path).lstrip("/")).resolve()
        if root not in (target, *target.parents):
            return None
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return None
        body = target.read_bytes()
        if target.suffix in _TEXT:
            body = body.replace(b"{{base}}", base_url.encode())
        ctype = _TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return 200, {"Content-Type": ctype}, body

    return lookup


class SiteServer(LocalServer):
    """Serve a folder (by default the bundled demo site)."""

    def __init__(self, root: Path = SITE_DIR, host: str = "127.0.0.1", port: int = 0, delay: float = 0.0) -> None:
        super().__init__(folder_lookup(Path(root)), host, port, delay)
