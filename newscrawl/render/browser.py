"""The browser that renders JavaScript pages: Debian's Chromium driven by scrapy-playwright.

:func:`configure` (called by the add-on) installs scrapy-playwright's download handler (our subclass in
:mod:`newscrawl.render.handler`, started by the first render) and its settings only when rendering is
possible (scrapy-playwright importable, Chromium found); otherwise the crawl runs without a browser and
:func:`render_problem` says why. Requests without ``meta["playwright"]`` still go through Scrapy's own
HTTP/1.1 handler.

Settings: ``NEWSCRAWL_RENDER_ENABLED`` (default on), ``NEWSCRAWL_CHROMIUM`` (path or command,
default ``/usr/bin/chromium``), ``NEWSCRAWL_CHROMIUM_ARGS`` (more command-line flags, comma-separated
or a list), ``NEWSCRAWL_RENDER_TIMEOUT`` (seconds for a page to load,
default 20), ``NEWSCRAWL_RENDER_WAIT`` (seconds to wait for the article text once the page
has loaded, default 5), ``NEWSCRAWL_RENDER_PAGES`` (pages open at once, default 4), ``NEWSCRAWL_RENDER_PAGE_USES``
(articles rendered in one page before it is closed, default 20).
Any ``PLAYWRIGHT_*`` setting given in the project or on the command line wins over these.
"""
from __future__ import annotations

import asyncio
import importlib.util
import shutil
from typing import Any

from .detect import ENOUGH_TEXT
from ..defaults import default

DEFAULT_CHROMIUM = default("NEWSCRAWL_CHROMIUM")  # also when the setting is given empty
HANDLER = "newscrawl.render.handler.LazyPlaywrightHandler"  # scrapy-playwright's, started by the first render
PLAYWRIGHT_HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"  # a project may name it itself
CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync")
BLOCKED_RESOURCES = frozenset({"image", "font", "media"})
# Each browser context is created with these, and the crawl's User-Agent (scrapy-playwright reads them
# from the first rendered request).
CONTEXT_OPTIONS = {"service_workers": "block", "accept_downloads": False}



def chromium_path(settings: Any) -> str | None:
    """The Chromium executable (``NEWSCRAWL_CHROMIUM``: a path, or a command looked up on ``PATH``), or None."""
    return shutil.which(settings.get("NEWSCRAWL_CHROMIUM") or DEFAULT_CHROMIUM)


def render_problem(settings: Any) -> str | None:
    """Why pages cannot be rendered in this crawl (one line), or None when they can."""
    if not settings.getbool("NEWSCRAWL_RENDER_ENABLED"):
        return "rendering is switched off (NEWSCRAWL_RENDER_ENABLED)"
    if importlib.util.find_spec("scrapy_playwright") is None:
        return "scrapy-playwright is not installed (pip install 'newscrawl[render]')"
    if chromium_path(settings) is None:
        wanted = settings.get("NEWSCRAWL_CHROMIUM") or DEFAULT_CHROMIUM
        return f"Chromium not found at {wanted} (apt-get install chromium, or set NEWSCRAWL_CHROMIUM)"
    return None


def playwright_settings(settings: Any) -> dict[str, Any]:
    """The ``PLAYWRIGHT_*`` settings newscrawl renders with."""
    return {
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": chromium_path(settings), "headless": True,
                                      "args": [*CHROMIUM_ARGS, *settings.getlist("NEWSCRAWL_CHROMIUM_ARGS")]},
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": settings.getfloat("NEWSCRAWL_RENDER_TIMEOUT") * 1000,
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": settings.getint("NEWSCRAWL_RENDER_PAGES"),
        "PLAYWRIGHT_ABORT_REQUEST": "newscrawl.render.browser.abort_request",
        # the browser sends its own headers, with the crawl's User-Agent set on the context: no round trip
        # to Python for the headers of every script and API call of a page
        "PLAYWRIGHT_PROCESS_REQUEST_HEADERS": None,
    }


def configure(settings: Any) -> bool:
    """Install scrapy-playwright's handler and settings when rendering is possible; True if it is."""
    if render_problem(settings) is not None:
        return False
    handlers = settings["DOWNLOAD_HANDLERS"]
    for scheme in ("http", "https"):
        handlers.set(scheme, HANDLER, "addon")
    for name, value in playwright_settings(settings).items():
        settings.set(name, value, "addon")
    return True


def context_options(settings: Any) -> dict[str, Any]:
    """Options of the browser context: no service workers, no downloads, the crawl's User-Agent."""
    return {**CONTEXT_OPTIONS, "user_agent": settings.get("USER_AGENT")}


def handler_installed(settings: Any) -> bool:
    """True when both http and https go through scrapy-playwright's handler (ours or its own)."""
    handlers = settings.getdict("DOWNLOAD_HANDLERS")
    return all(handlers.get(scheme) in (HANDLER, PLAYWRIGHT_HANDLER) for scheme in ("http", "https"))


def abort_request(request: Any) -> bool:
    """``PLAYWRIGHT_ABORT_REQUEST``: images, fonts and media are never fetched while rendering."""
    return request.resource_type in BLOCKED_RESOURCES


QUIET_SECONDS = 1.0  # a page with no request for this long after network idle, and no new text, is done
POLL_SECONDS = 0.05
_TEXT_LENGTH = 'document.body ? document.body.innerText.replace(/\\s+/g, "").length : 0'


async def wait_for_text(page: Any, min_chars: int = ENOUGH_TEXT, timeout_ms: float = 5000,
                        quiet: float = QUIET_SECONDS) -> str:
    """Wait (bounded) until the page shows its text; a page that never does is taken as it is.

    Used as a scrapy-playwright ``PageMethod`` after ``domcontentloaded``: scripts that fetch
    the article (``fetch()`` of JSON, then DOM insertion) have run when it returns ``"text"``
    (``min_chars`` non-space characters, the same count on two polls in a row). It returns
    ``"quiet"`` as soon as the page has gone quiet without that text: the network idle (no request
    for 500 ms, Playwright's ``networkidle``), then ``quiet`` seconds more with no request started
    and the text unchanged; nothing left is loading that could bring the article. A shell whose
    scripts or API failed is then not held for the whole wait. Otherwise ``"timeout"`` after
    ``timeout_ms``.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_ms / 1000
    last_request = [loop.time()]

    def started(_: Any) -> None:
        last_request[0] = loop.time()

    page.on("request", started)
    idle = asyncio.ensure_future(page.wait_for_load_state("networkidle", timeout=timeout_ms))
    idle.add_done_callback(lambda f: f.cancelled() or f.exception())  # a page never idle is not an error
    count, changed = -1, loop.time()
    try:
        while True:
            try:
                n = await page.evaluate(_TEXT_LENGTH)
            except Exception:  # the page navigated or closed under us: take it as it is
                return "timeout"
            now = loop.time()
            if n >= min_chars and n == count:
                return "text"
            if n != count:
                count, changed = n, now
            if idle.done() and not idle.exception() and now - max(changed, last_request[0]) >= quiet:
                return "quiet"
            if now >= deadline:
                return "timeout"
            await asyncio.sleep(POLL_SECONDS)
    finally:
        idle.cancel()
        page.remove_listener("request", started)  # the page is reused for the next article
