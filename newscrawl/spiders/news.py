"""``scrapy crawl news -a url=https://example.com/``: any site, discovered on its own.

Without ``url`` the spider still reads single pages: ``scrapy parse URL --spider=news`` shows what
one page gives (each page then takes the registered site of its host, if any).
"""
from __future__ import annotations

from typing import Any, AsyncIterator
from urllib.parse import urlsplit

from ..sites import Site
from ..sites.registry import known_zone, site_for_url
from .base import NewsSpider

NEEDS_URL = "the news spider needs a start URL: scrapy crawl news -a url=https://example.com/"


def site_of_url(url: str, timezone: str | None) -> Site:
    """The ``news`` site of one URL: its host, and a registered site's zone and outlet names when it has one."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    known = site_for_url(url)
    return Site(
        name="news",
        domains=(host.removeprefix("www."),),
        timezone=timezone or (known.timezone if known else None),  # none known: a bare time keeps its day
        home=parts.geturl(),
        outlet_names=known.outlet_names if known else (),
    )


class GenericNewsSpider(NewsSpider):
    """Robots.txt ``Sitemap:`` lines, ``/sitemap.xml``, advertised feeds, then article links of the home page."""

    name = "news"

    def __init__(self, *args: Any, url: str | None = None, timezone: str | None = None, **kwargs: Any) -> None:
        if timezone and not known_zone(timezone):
            raise ValueError(f"timezone={timezone!r} is not an IANA time zone (e.g. Europe/Berlin)")
        self.timezone = timezone
        self.crawl_problem = None if url else NEEDS_URL  # `scrapy crawl` refuses; `scrapy parse URL` is fine
        if url:
            parts = urlsplit(url if "://" in url else f"https://{url}")
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError(f"url={url!r} is not an http(s) URL")
            self.site = site_of_url(parts.geturl(), timezone)
        else:
            self.site = Site(name="news", domains=())
        super().__init__(*args, **kwargs)

    async def start(self) -> AsyncIterator[Any]:
        if self.crawl_problem:
            self.logger.error(self.crawl_problem)
            return
        async for request in super().start():
            yield request

    def extract_options(self) -> dict[str, Any]:
        """The registry entry of the page's domain applies, as in :func:`newscrawl.extract`; ``-a timezone=``
        wins over it (no zone known: a bare time keeps its day)."""
        return {"timezone": self.timezone}
