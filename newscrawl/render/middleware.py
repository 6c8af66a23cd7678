"""Sends article pages through the browser, only where needed (downloader middleware).

Two ways in: a site registered with ``render = true`` has all its ARTICLE requests rendered;
any other article response that turns out to be an empty JavaScript shell
(:func:`newscrawl.render.detect.is_js_shell`) is fetched once more, rendered. A request is
rendered at most once (``meta["newscrawl_render"]`` records why), and discovery requests
(robots.txt, sitemaps, feeds, listings) never are.

When rendering is impossible (no Chromium, no scrapy-playwright, switched off) the crawl says
so in one warning line, the first time a page needs it, and shells go on to extraction as
they are. When a render fails (time-out, browser crash), a shell goes on as fetched and a
``render = true`` site's page is fetched once more without the browser.

Browser pages are kept open and reused (:class:`newscrawl.render.pages.PagePool`): a page is
taken from the pool just before a rendered download and given back as soon as the download is
over (``request_left_downloader``), closed instead when the render failed.

Stats: ``newscrawl/render/detected`` (shells found), ``…/site`` (requests of ``render = true``
sites), ``…/rendered`` (rendered responses), ``…/still_empty`` (rendered, yet still a shell),
``…/quiet`` (given up before ``NEWSCRAWL_RENDER_WAIT`` ran out: the page went quiet without its text,
see :func:`newscrawl.render.browser.wait_for_text`), ``…/failed`` (render errors), ``…/unavailable`` (pages that
needed a browser there was not).
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response

from ..page.sniff import is_html_type
from .browser import context_options, handler_installed, render_problem, wait_for_text
from .detect import ENOUGH_TEXT, is_js_shell
from .pages import PagePool

logger = logging.getLogger(__name__)

RENDERED_FLAG = "playwright"  # scrapy-playwright flags the responses it rendered
SHELL_META = "newscrawl_render_shell"  # (status, headers, body) of the shell, kept in case the render fails
SLOT_META = "newscrawl_render_slot"  # the request holds a slot of the page pool (and maybe a page)
OK_META = "newscrawl_render_ok"  # the browser returned a response: the page may be reused


class _OneLineFailures(logging.Filter):
    """scrapy-playwright logs a failed page with its traceback; this middleware logs it in one line instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Closing page due to failed request")


class RenderMiddleware:
    """Settings: see :mod:`newscrawl.render.browser`. Off (``NotConfigured``) with ``NEWSCRAWL_RENDER_ENABLED=0``."""

    def __init__(self, problem: str | None = None, stats: Any = None, crawler: Any = None,
                 wait_ms: float = 5000, context: dict[str, Any] | None = None, pages: PagePool | None = None) -> None:
        self.problem = problem  # why pages cannot be rendered; None when they can
        self.stats = stats
        self.crawler = crawler
        self.wait_ms = wait_ms
        self.context = context or {}
        self.pages = pages or PagePool(4)
        self.warned = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> "RenderMiddleware":
        s = crawler.settings
        if not s.getbool("NEWSCRAWL_RENDER_ENABLED"):
            raise NotConfigured  # switched off: nothing to warn about
        problem = render_problem(s)
        if problem is None and not handler_installed(s):
            problem = "DOWNLOAD_HANDLERS do not send http/https through scrapy-playwright"
        pages = PagePool(s.getint("NEWSCRAWL_RENDER_PAGES"), s.getint("NEWSCRAWL_RENDER_PAGE_USES"))
        mw = cls(problem, crawler.stats, crawler, wait_ms=s.getfloat("NEWSCRAWL_RENDER_WAIT") * 1000,
                 context=context_options(s), pages=pages)
        if problem is None:
            logging.getLogger("scrapy-playwright").addFilter(_ONE_LINE)
            crawler.signals.connect(mw.downloaded, signal=signals.response_downloaded)
            crawler.signals.connect(mw.left_downloader, signal=signals.request_left_downloader)
        return mw

    # --- helpers ------------------------------------------------------------------------
    def count(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"newscrawl/render/{key}")

    def unavailable(self, url: str) -> None:
        self.count("unavailable")
        if not self.warned:
            self.warned = True
            logger.warning("JavaScript pages cannot be rendered: %s; they are extracted as fetched "
                           "(first one: %s; counted in newscrawl/render/unavailable)", self.problem, url)

    def site_renders(self) -> bool:
        spider = getattr(self.crawler, "spider", None)
        return bool(getattr(getattr(spider, "site", None), "render", False))

    def browser_meta(self, reason: str) -> dict[str, Any]:
        """What scrapy-playwright needs to render a page, and our mark that it was asked once."""
        from scrapy_playwright.page import PageMethod

        return {
            "playwright": True,
            "newscrawl_render": reason,
            "playwright_context_kwargs": dict(self.context),
            "playwright_page_goto_kwargs": {"wait_until": "domcontentloaded"},
            "playwright_page_methods": [PageMethod(wait_for_text, ENOUGH_TEXT, self.wait_ms)],
        }

    # --- the page pool: a page is taken just before the download, given back as soon as it is over ------
    async def take_page(self, meta: dict[str, Any]) -> None:
        page = await self.pages.acquire()
        meta[SLOT_META] = True
        meta["playwright_include_page"] = True  # scrapy-playwright leaves the page open: it goes back to the pool
        if page is not None:
            meta["playwright_page"] = page

    def downloaded(self, response: Response, request: Request, spider: Any = None) -> None:
        if SLOT_META in request.meta:
            request.meta[OK_META] = True

    def left_downloader(self, request: Request, spider: Any = None) -> None:
        self.give_page_back(request.meta)

    def give_page_back(self, meta: dict[str, Any]) -> None:
        """Once per download (any of the signal, process_response, process_exception may come first)."""
        if meta.pop(SLOT_META, None) is None:
            return
        page, ok = meta.pop("playwright_page", None), meta.pop(OK_META, False)
        meta.pop("playwright_include_page", None)
        asyncio.ensure_future(self.pages.release(page, reusable=ok))

    # --- downloader middleware ------------------------------------------------------------
    async def process_request(self, request: Request) -> None:
        meta = request.meta
        if meta.get("newscrawl_kind") != "article":
            return None
        if "newscrawl_render" not in meta and self.site_renders():
            self.count("site")
            if self.problem is not None:
                meta["newscrawl_render"] = "unavailable"
                self.unavailable(request.url)
                return None
            meta.update(self.browser_meta("site"))
        if meta.get("playwright") and SLOT_META not in meta:
            await self.take_page(meta)
        return None

    def process_response(self, request: Request, response: Response) -> Request | Response:
        meta = request.meta
        if meta.get("newscrawl_kind") != "article":
            return response
        self.give_page_back(meta)
        if RENDERED_FLAG in response.flags:
            self.count("rendered")
            if is_js_shell(response.body):
                self.count("still_empty")
            methods = meta.get("playwright_page_methods") or []
            if methods and getattr(methods[0], "result", None) == "quiet":
                self.count("quiet")  # given up before NEWSCRAWL_RENDER_WAIT: nothing more was loading
            return response
        if "newscrawl_render" in meta or response.status != 200 or not is_html(response):
            return response
        if not is_js_shell(response.body):
            return response
        self.count("detected")
        if self.problem is not None:
            self.unavailable(response.url)
            return response
        logger.debug("JavaScript shell, fetching it again rendered: %s", response.url)
        shell = (response.status, {k.decode("latin-1"): [v.decode("latin-1") for v in vs]
                                   for k, vs in response.headers.items()}, response.body)
        return request.replace(url=response.url, dont_filter=True,
                               meta={**meta, **self.browser_meta("shell"), SHELL_META: shell})

    def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:
        meta = request.meta
        if not meta.get("playwright") or meta.get("newscrawl_kind") != "article":
            return None
        self.give_page_back(meta)
        self.count("failed")
        message = (str(exception).strip().splitlines() or [""])[0]
        logger.warning("rendering failed (%s: %s): %s", type(exception).__name__, message, request.url)
        plain = {k: v for k, v in meta.items() if not k.startswith(("playwright", "newscrawl_render"))}
        shell = meta.get(SHELL_META)
        if shell is None:  # a `render = true` site: fetch the page once more without the browser
            return request.replace(dont_filter=True, meta={**plain, "newscrawl_render": "failed"})
        status, headers, body = shell
        return HtmlResponse(request.url, status=status, headers=headers, body=body, flags=["render-failed"],
                            request=request.replace(meta={**plain, "newscrawl_render": "failed"}))


_ONE_LINE = _OneLineFailures()


def is_html(response: Response) -> bool:
    return is_html_type(response.headers.get("Content-Type"))
