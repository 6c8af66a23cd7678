"""The spider every site uses: discovery (robots.txt, sitemaps, feeds, listing pages) -> articles.

The spider only finds URLs and hands each fetched article page, as a :class:`FetchedPage`, to the
extraction pool (:mod:`newscrawl.pipelines.extract` runs :func:`newscrawl.extract` there). What to crawl comes from the
site's registry entry (:class:`newscrawl.sites.Site`).
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from functools import cached_property
from typing import Any, AsyncIterator, Iterable
from urllib.parse import urljoin

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.python.failure import Failure

from ..discovery.classify import is_article_url
from ..discovery.entry import Entry
from ..discovery.feeds import parse_feed
from ..discovery.robots import sitemap_urls_from_robots
from ..discovery.sitemaps import parse_sitemap
from ..discovery.urls import canonicalize
from ..discovery.autodiscovery import feed_links
from ..discovery.budget import SitemapBudget
from ..discovery.links import listing_links
from ..filters import page_problem
from ..pool import FetchedPage
from ..pool import Job, extract_here
from ..logtext import printable
from ..sites import Site
from ..window import Window

logger = logging.getLogger(__name__)
_SAID = {"not_html": "not HTML", "empty": "empty page", "binary": "binary content"}


def parse_since(since: str | None, days: str | int | None) -> datetime | None:
    """The start given by ``-a since=2024-12-01`` or ``-a days=N``, as an aware UTC datetime."""
    return Window.parse(since, days).since


def parse_languages(value: str | None) -> frozenset[str]:
    """``-a language=en,de``: ISO 639-1 codes."""
    codes = frozenset(c.strip().lower() for c in (value or "").split(",") if c.strip())
    bad = sorted(c for c in codes if not (len(c) == 2 and c.isalpha()))
    if bad:
        raise ValueError(f"language={value!r}: {', '.join(bad)} not ISO 639-1 codes (en,de)")
    return codes


def parse_max_articles(value: str | int | None) -> int | None:
    if value in (None, ""):
        return None
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise ValueError(f"max_articles={value!r} is not a whole number of articles (1 or more)")
    return n


class NewsSpider(scrapy.Spider):
    """Crawls one :class:`Site`. Subclasses set ``site`` (or build it in ``__init__``)."""

    site: Site

    def extract_options(self) -> dict[str, Any]:
        """How :func:`newscrawl.extract` is told about the site: its registry entry."""
        return {"site": self.site}

    def __init__(self, *args: Any, since: str | None = None, days: str | None = None, until: str | None = None,
                 language: str | None = None, max_articles: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.window = Window.parse(since, days, until)  # read by discovery and by WindowPipeline
        self.languages = parse_languages(language)  # LanguagePipeline
        self.max_articles = parse_max_articles(max_articles)  # MaxArticlesPipeline
        self.allowed_domains = list(self.site.hosts)

    # --- stats helpers -------------------------------------------------------------
    def count(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"newscrawl/{key}", n)

    # --- start ---------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        for request in self.discovery_requests():
            yield request

    def discovery_requests(self) -> Iterable[scrapy.Request]:
        site = self.site
        if site.home:
            robots = urljoin(site.home, "/robots.txt")
            yield self.request(robots, self.parse_robots, kind="robots", handle_httpstatus_list=[404, 410])
        for url in site.news_sitemaps + site.sitemaps:
            yield from self.sitemap_request(url, 0)
        for url in site.feeds:
            yield self.request(url, self.parse_feed, kind="feed")
        for url in site.sections:
            yield self.request(url, self.parse_listing, kind="listing")
        if site.home:
            yield self.request(site.home, self.parse_listing, kind="listing")

    def request(self, url: str, callback: Any, kind: str, **meta: Any) -> scrapy.Request:
        meta["newscrawl_kind"] = kind
        return scrapy.Request(url, callback=callback, errback=self.failed, meta=meta)

    # --- discovery -------------------------------------------------------------------
    def parse_robots(self, response: Response) -> Iterable[scrapy.Request]:
        urls = sitemap_urls_from_robots(response.text if response.status == 200 else "", response.url)
        if not urls and not self.site.sitemaps and not self.site.news_sitemaps:
            urls = [urljoin(response.url, "/sitemap.xml")]
        for url in urls:
            yield from self.sitemap_request(url, 0)

    def parse_sitemap(self, response: Response) -> Iterable[scrapy.Request]:
        result = parse_sitemap(response.body, response.url, **self.sitemap_limits())
        if result.error:
            self.count(f"sitemap/{'invalid' if result.kind == 'invalid' else 'partial'}")
            logger.warning("sitemap %s: %s", response.url, result.error)
        self.count("sitemap/parsed")
        depth = response.meta.get("newscrawl_depth", 0) + 1
        for child in result.sitemaps:
            if self.window.entry_outside(child.lastmod, None):
                self.count("skipped/too_old_sitemap")
                continue
            yield from self.sitemap_request(child.url, depth, parent=response.url)
        yield from self.entry_requests(result.entries)

    @cached_property
    def sitemap_budget(self) -> SitemapBudget:
        """``NEWSCRAWL_SITEMAP_MAX_DEPTH`` (nested indexes) and ``NEWSCRAWL_SITEMAP_MAX_DOCUMENTS`` (per run)."""
        s = self.crawler.settings
        return SitemapBudget(s.getint("NEWSCRAWL_SITEMAP_MAX_DEPTH"), s.getint("NEWSCRAWL_SITEMAP_MAX_DOCUMENTS"))

    def sitemap_request(self, url: str, depth: int, parent: str | None = None) -> Iterable[scrapy.Request]:
        """The request for a sitemap, unless it is nested too deep or the site's sitemap budget is spent."""
        refused = self.sitemap_budget.refuse(depth)
        if refused is None:
            yield self.request(url, self.parse_sitemap, kind="sitemap", newscrawl_depth=depth)
            return
        first = not self.crawler.stats.get_value(f"newscrawl/sitemap/{refused}")
        self.count(f"sitemap/{refused}")
        if first:  # one line per reason and crawl; the count has the rest
            why = (f"nested {depth} levels deep in {parent} (NEWSCRAWL_SITEMAP_MAX_DEPTH)" if refused == "too_deep"
                   else f"{self.sitemap_budget.max_documents} sitemaps fetched already (NEWSCRAWL_SITEMAP_MAX_DOCUMENTS)")
            logger.warning("sitemap %s not fetched: %s", url, why)

    def sitemap_limits(self) -> dict[str, int]:
        """``NEWSCRAWL_SITEMAP_MAX_BYTES`` (inflated size) and ``NEWSCRAWL_SITEMAP_MAX_ENTRIES``."""
        s = self.crawler.settings
        limits = {"max_bytes": s.getint("NEWSCRAWL_SITEMAP_MAX_BYTES"),
                  "max_entries": s.getint("NEWSCRAWL_SITEMAP_MAX_ENTRIES")}
        return {k: v for k, v in limits.items() if v > 0}

    def parse_feed(self, response: Response) -> Iterable[scrapy.Request]:
        result = parse_feed(response.body, response.url)
        if result.error:
            self.count("feed/invalid")
            logger.warning("feed %s: %s", response.url, result.error)
        self.count("feed/parsed")
        yield from self.entry_requests(result.entries)

    def parse_listing(self, response: Response) -> Iterable[scrapy.Request]:
        """Home and section pages: feed autodiscovery, then links that look like articles."""
        if page_problem(response.headers.get("Content-Type", b"").decode("latin-1"), response.body) is not None:
            return
        head = response.body[:1 << 20].decode(getattr(response, "encoding", "utf-8"), "replace")  # feeds are advertised in <head>
        for url in feed_links(head, response.url):
            yield self.request(url, self.parse_feed, kind="feed")
        limit = self.crawler.settings.getint("NEWSCRAWL_LISTING_MAX_LINKS")
        links = listing_links(response.body, response.url, limit, is_article_url)
        if links.capped:
            self.count("listing/capped")
            logger.warning("listing %s: more links than NEWSCRAWL_LISTING_MAX_LINKS (%d); the first %d are taken",
                           response.url, limit, len(links.urls))
        yield from self.entry_requests(Entry(url=url, source="link") for url in links.urls)

    def entry_requests(self, entries: Iterable[Entry]) -> Iterable[scrapy.Request]:
        for entry in entries:
            if not self.site.owns_url(entry.url):
                self.count("skipped/offsite")
                continue
            outside = self.window.entry_outside(entry.lastmod, entry.published_utc)
            if outside:
                self.count(f"skipped/{outside}")
                continue
            hints = {k: v for k, v in (("publication_date", entry.published), ("title", entry.title),
                                       ("lastmod", entry.lastmod.isoformat() if entry.lastmod else None)) if v}
            self.count(f"discovered/{entry.source}")
            yield self.request(canonicalize(entry.url), self.parse_article, kind="article", newscrawl_hints=hints,
                               newscrawl_entry=entry)

    # --- articles ---------------------------------------------------------------------
    def parse_article(self, response: Response) -> Iterable[Any]:
        ctype = response.headers.get("Content-Type", b"").decode("latin-1")
        problem = page_problem(ctype, response.body)
        if problem is not None:
            # a binary body is not HTML whatever its label: one stat for both (README, "when a site misbehaves")
            self.count("skipped/empty" if problem.reason == "empty" else "skipped/not_html")
            said = ctype if problem.reason == "not_html" else problem.detail or ctype  # the header as sent
            logger.warning("%s (%s): %s", _SAID[problem.reason], printable(said or "no type"), response.url)
            return
        headers = {k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items() if v}
        job = Job(response.url, response.body, headers, response.status, datetime.now(timezone.utc),
                  response.meta.get("newscrawl_hints"), self.extract_options())
        yield FetchedPage(job, self.site.name)  # extracted by ExtractPipeline, off the reactor thread

    def parse(self, response: Response) -> Iterable[Any]:
        """``scrapy parse URL --spider=NAME``: one article page, extracted here (``scrapy parse`` runs no
        pipelines, so the page does not go to the pool)."""
        for item in self.parse_article(response):
            if not isinstance(item, FetchedPage):
                yield item
                continue
            article, reason, detail = extract_here(item.job, self.crawler.settings.getint("NEWSCRAWL_EXTRACT_MAX_BYTES"))
            if article is None:
                logger.warning("no article (%s: %s): %s", reason, detail, item.url)
                continue
            article.site = item.site
            yield article

    def failed(self, failure: Failure) -> None:
        request = failure.request
        kind = request.meta.get("newscrawl_kind", "page")
        if isinstance(failure.value, IgnoreRequest) and "robots.txt" in str(failure.value):
            self.count("skipped/robots")  # the site asked us not to: not an error
            logger.debug("forbidden by robots.txt: %s", request.url)
            return
        reason = type(failure.value).__name__
        response = getattr(failure.value, "response", None)
        if response is not None:
            reason = f"http_{response.status}"
        self.count(f"errors/{kind}/{reason}")
        logger.warning("%s failed (%s): %s", kind, reason, request.url)
