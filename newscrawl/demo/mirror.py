"""A mirror of saved pages for crawl tests and benchmarks.

Pages from WARC files are served on 127.0.0.1 at their own paths, with a generated
robots.txt, sitemap index, Google News sitemap, plain sitemap (with lastmod), RSS feed
and home page, so the generic spider can find them from the home URL alone. Pages can
be added or touched between crawls to test incremental runs.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape


from ..warc.reader import SavedPage, iter_warc
from .server import LocalServer, Reply

GENERATED = {"/": "_home", "/robots.txt": "_robots", "/sitemap-index.xml": "_index",
             "/sitemap-news.xml": "_news", "/sitemap-articles.xml": "_sitemap", "/feed.xml": "_feed"}
NEWS_WINDOW = 100  # the news sitemap lists the newest pages only, as real ones do
FEED_ITEMS = 50


@dataclass
class MirrorPage:
    path: str  # path with its query, as in the original URL
    body: bytes
    content_type: str
    lastmod: float  # epoch seconds
    title: str


def _key(path_and_query: str) -> str:
    """Lookup key: unquoted, leading slashes folded (http.server folds ``//x`` to ``/x``), query sorted."""
    path, _, query = unquote(path_and_query).partition("?")
    path = "/" + path.lstrip("/")
    return path + ("?" + "&".join(sorted(query.split("&"))) if query else "")


def _path_of(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class Mirror:
    def __init__(self) -> None:
        self.pages: dict[str, MirrorPage] = {}
        self.by_path: dict[str, str] = {}  # path without query -> key
        self.collisions: list[str] = []
        self._lock = threading.Lock()
        self.server: LocalServer | None = None

    # --- content -----------------------------------------------------------------------
    def add(self, url: str, body: bytes, content_type: str = "text/html", title: str = "") -> bool:
        path = _path_of(url)
        if path in GENERATED:
            self.collisions.append(url)
            return False
        key = _key(path)
        with self._lock:
            if key in self.pages:
                self.collisions.append(url)
                return False
            self.pages[key] = MirrorPage(path, body, content_type, time.time(), title or path)
            self.by_path.setdefault(_key(urlsplit(path).path), key)
        return True

    def add_warc(self, warc: str | Path, limit: int | None = None, skip: int = 0) -> list[str]:
        """Add the response records of a WARC file; returns the paths added."""
        added: list[str] = []
        pages = (p for p in iter_warc(Path(warc)) if isinstance(p, SavedPage))
        for seen, page in enumerate(pages, 1):
            if seen <= skip:
                continue
            if limit is not None and len(added) >= limit:
                break
            if self.add(page.url, page.body, page.headers.get("content-type") or "text/html"):
                added.append(_path_of(page.url))
        return added

    def touch(self, path: str) -> None:
        """Give a page a newer lastmod (as a site does when it updates an article)."""
        self.pages[_key(path)].lastmod = time.time() + 1

    # --- serving ------------------------------------------------------------------------
    def lookup(self, path: str, base: str) -> Reply | None:
        plain = urlsplit(path).path
        generated = None if urlsplit(path).query else GENERATED.get(plain)
        if generated is not None:
            ctype, text = getattr(self, generated)(base)
            return 200, {"Content-Type": ctype}, text.encode("utf-8")
        with self._lock:
            key = _key(path)
            page = self.pages.get(key) or self.pages.get(self.by_path.get(_key(plain), ""))
        if page is None:
            return None
        return 200, {"Content-Type": page.content_type}, page.body

    def start(self, delay: float = 0.0) -> str:
        self.server = LocalServer(self.lookup, delay=delay)
        return self.server.start()

    def stop(self) -> None:
        if self.server:
            self.server.stop()

    def article_hits(self) -> dict[str, int]:
        """How often each mirrored page was requested."""
        assert self.server is not None
        out: dict[str, int] = {}
        for raw, n in list(self.server.hits.items()):  # the server threads count while we read
            if self.lookup(raw, "") is None:
                continue
            plain = _key(urlsplit(raw).path)
            key = _key(raw) if _key(raw) in self.pages else None if not urlsplit(raw).query and plain in GENERATED else self.by_path.get(plain)
            if key:
                out[key] = out.get(key, 0) + n
        return out

    # --- generated files ------------------------------------------------------------------
    def _newest(self, n: int | None = None) -> list[MirrorPage]:
        with self._lock:
            pages = sorted(self.pages.values(), key=lambda p: p.lastmod, reverse=True)
        return pages[:n] if n else pages

    @staticmethod
    def _w3c(ts: float) -> str:
        return datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec="seconds")

    def _robots(self, base: str) -> tuple[str, str]:
        return "text/plain", f"User-agent: *\nDisallow: /search\n\nSitemap: {base}/sitemap-index.xml\n"

    def _index(self, base: str) -> tuple[str, str]:
        now = self._w3c(max((p.lastmod for p in self.pages.values()), default=time.time()))
        items = "".join(f"<sitemap><loc>{base}/{name}</loc><lastmod>{now}</lastmod></sitemap>"
                        for name in ("sitemap-news.xml", "sitemap-articles.xml"))
        return "application/xml", ('<?xml version="1.0" encoding="UTF-8"?>'
                                   f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>')

    def _news(self, base: str) -> tuple[str, str]:
        items = "".join(
            f"<url><loc>{escape(base + p.path)}</loc><news:news><news:publication><news:name>Mirror</news:name>"
            f"<news:language>en</news:language></news:publication><news:publication_date>{self._w3c(p.lastmod)}"
            f"</news:publication_date><news:title>{escape(p.title)}</news:title></news:news></url>"
            for p in self._newest(NEWS_WINDOW))
        return "application/xml", ('<?xml version="1.0" encoding="UTF-8"?>'
                                   '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                                   f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{items}</urlset>')

    def _sitemap(self, base: str) -> tuple[str, str]:
        items = "".join(f"<url><loc>{escape(base + p.path)}</loc><lastmod>{self._w3c(p.lastmod)}</lastmod></url>"
                        for p in self._newest())
        return "application/xml", ('<?xml version="1.0" encoding="UTF-8"?>'
                                   f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</urlset>')

    def _feed(self, base: str) -> tuple[str, str]:
        items = "".join(f"<item><title>{escape(p.title)}</title><link>{escape(base + p.path)}</link></item>"
                        for p in self._newest(FEED_ITEMS))
        return "application/rss+xml", (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                                       f"<title>Mirror</title><link>{base}/</link>{items}</channel></rss>")

    def _home(self, base: str) -> tuple[str, str]:
        links = "".join(f'<li><a href="{escape(base + p.path)}">{escape(p.title)}</a></li>' for p in self._newest(FEED_ITEMS))
        return "text/html; charset=utf-8", (
            '<!DOCTYPE html><html><head><title>Mirror</title>'
            f'<link rel="alternate" type="application/rss+xml" href="{base}/feed.xml"></head>'
            f"<body><h1>Mirror</h1><ul>{links}</ul></body></html>")

