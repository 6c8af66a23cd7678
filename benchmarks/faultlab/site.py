"""The site every crawl case starts from: 20 generated good articles (newscrawl/demo/sitegen.py) served on
127.0.0.1 by the project's own server, with the case's fault added as replies that override the files."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

from newscrawl.demo.server import LocalServer, Reply, folder_lookup
from newscrawl.demo.sitegen import PAGE, build_site

GOOD = 20
HTML = {"Content-Type": "text/html; charset=utf-8"}
# what one run may take: a crawl of the site is ~5 s, the 60 MB pages ~30 s
LIMIT_S = 240.0


def article(path: str, paragraphs: str, title: str = "A pathological story") -> bytes:
    """An article page of the generated site's template at ``path``."""
    return PAGE.format(title=title, path=path, day=2, minute=0, paragraphs=paragraphs).encode()


class Site:
    """A generated site under ``root``; ``replies`` (path -> reply, or a function of the base URL) override its files;
    ``add()`` lists a fault page in the sitemap; ``expected`` are the article paths a crawl must store."""

    def __init__(self, root: Path, n: int = GOOD, delay: float = 0.0) -> None:
        self.root = root
        self.good = build_site(root, n)
        self.expected = list(self.good)
        self.replies: dict[str, Reply | Callable[[str, str], Reply | None]] = {}
        self.delay = delay
        self._files = folder_lookup(root)
        self.server: LocalServer | None = None

    def add(self, path: str, reply: Reply | Callable[[str, str], Reply | None], expected: bool = False) -> None:
        """Serve ``reply`` at ``path`` and list it in the sitemap (among the expected articles if ``expected``)."""
        self.replies[path] = reply
        sitemap = self.root / "sitemap.xml"
        sitemap.write_text(sitemap.read_text().replace("</urlset>", f"<url><loc>{{{{base}}}}{path}</loc></url></urlset>"))
        if expected:
            self.expected.append(path)

    def lookup(self, path: str, base: str) -> Reply | None:
        reply = self.replies.get(path)
        for prefix, fn in self.replies.items():  # a trailing "*" serves a whole folder
            if reply is None and prefix.endswith("*") and path.startswith(prefix[:-1]):
                reply = fn
        if callable(reply):
            return reply(path, base)
        if reply is None:
            return self._files(path, base)
        status, headers, body = reply
        return status, headers, body.replace(b"{{base}}", base.encode())  # as the server does for files

    def __enter__(self) -> str:
        self.server = LocalServer(self.lookup, delay=self.delay)
        return self.server.start()

    def __exit__(self, *exc) -> None:
        assert self.server is not None
        self.server.stop()


FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        "-s", "LOG_LEVEL=INFO"]


def crawl_news(base: str, out: Path, state: Path, *extra: str) -> list[str]:
    """``scrapy crawl news -a url=BASE/``, the generic spider, as tests/crawling.py runs it."""
    return [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={base}/", "-s", f"NEWSCRAWL_OUTPUT_DIR={out}",
            "-s", f"NEWSCRAWL_STATE_DIR={state}", "-s", f"NEWSCRAWL_STATS_FILE={state.parent / 'stats.json'}",
            *FAST, *extra]


def newscrawl(*args: str) -> list[str]:
    """``newscrawl ARGS`` (run, extract) from the project's checkout."""
    return [sys.executable, "-m", "newscrawl.cli", *args]


def sites_file(path: Path, base: str, name: str = "localnews") -> Path:
    """A registry of one site, NAME, at ``base`` (for ``newscrawl run NAME`` and ``scrapy crawl NAME``)."""
    path.write_text(f'[sites.{name}]\ndomains = ["127.0.0.1"]\nhome = "{base}/"\n')
    return path

