"""robots.txt downloaded once per host and crawl, for both of its readers.

The spider fetches robots.txt itself to read its ``Sitemap:`` lines; Scrapy's
``RobotsTxtMiddleware`` fetches it again to decide what may be crawled. Here the two share one
download: the spider's request (``newscrawl_kind = "robots"``) also feeds the middleware's parser,
and if the middleware fetched the file first, the spider's request is answered from that copy.
"""
from __future__ import annotations

from typing import Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


def _is_spiders(request: Request) -> bool:
    return request.meta.get("newscrawl_kind") == "robots"


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._responses: dict[str, Response] = {}  # netloc -> the robots.txt response, to answer the spider's request
        self._spider_fetching: set[str] = set()  # netlocs whose robots.txt the spider's request is downloading

    async def process_request(self, request: Request, spider: Any = None) -> Response | None:
        if not _is_spiders(request):
            return await super().process_request(request)
        netloc = urlparse_cached(request).netloc
        if netloc in self._spider_fetching:  # a retry of the spider's own request
            return None
        if netloc not in self._parsers:  # the spider's request is the download; the checks wait for it
            self._parsers[netloc] = Deferred()
            self._spider_fetching.add(netloc)
            return None
        parser = self._parsers[netloc]  # fetched (or being fetched) by the middleware: answer from that copy
        if isinstance(parser, Deferred):
            await maybe_deferred_to_future(parser)
        response = self._responses.get(netloc)
        if response is None:  # the middleware's download failed: let the spider try, and see the error itself
            return None
        self._stats.inc_value("newscrawl/robots/shared")
        return response.replace(request=request)

    async def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        netloc = urlparse_cached(request).netloc
        if _is_spiders(request) and netloc in self._spider_fetching:
            self._spider_fetching.discard(netloc)
            self._stats.inc_value("robotstxt/request_count")
            self._responses[netloc] = response
            await self._parse_robots(response, netloc, request)
        elif request.meta.get("dont_obey_robotstxt") and request.url.endswith("/robots.txt"):
            self._responses.setdefault(netloc, response)  # the middleware's own download
        return response

    def process_exception(self, request: Request, exception: Exception, spider: Any = None) -> None:
        netloc = urlparse_cached(request).netloc
        if _is_spiders(request) and netloc in self._spider_fetching:
            self._spider_fetching.discard(netloc)
            self._stats.inc_value("robotstxt/request_count")
            self._robots_error(exception, netloc)  # as Scrapy does: no robots.txt, everything allowed
        return None
