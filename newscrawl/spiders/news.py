"""``scrapy crawl news -a url=https://example.com/``: any site, discovered on its own."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ..sites import Site
from ..sites.registry import known_zone
from .base import NewsSpider


class GenericNewsSpider(NewsSpider):
    """Robots.txt ``Sitemap:`` lines, ``/sitemap.xml``, advertised feeds, then article links of the home page."""

    name = "news"

    def __init__(self, *args: Any, url: str | None = None, timezone: str | None = None, **kwargs: Any) -> None:
        if not url:
            raise ValueError("the news spider needs a start URL: scrapy crawl news -a url=https://example.com/")
        parts = urlsplit(url if "://" in url else f"https://{url}")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"url={url!r} is not an http(s) URL")
        host = parts.hostname.lower()
        if timezone and not known_zone(timezone):
            raise ValueError(f"timezone={timezone!r} is not an IANA time zone (e.g. Europe/Berlin)")
        self.timezone = timezone
        self.site = Site(name="news", domains=(host.removeprefix("www."),), timezone=timezone, home=parts.geturl())
        super().__init__(*args, **kwargs)

    def extract_options(self) -> dict[str, Any]:
        """The registry entry of the page's domain applies, as in :func:`newscrawl.extract`; ``-a timezone=``
        wins over it (no zone known: a bare time keeps its day)."""
        return {"timezone": self.timezone}
