"""``newscrawl.extract``: one page in, one :class:`~newscrawl.record.Article` out.

The crawl, ``newscrawl extract`` and the benchmarks all call this function, so a page extracted
from Python is the same record a crawl would store.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone as _tz
from typing import Mapping
from urllib.parse import urlsplit

from .extraction.article import extract_article
from .record import Article
from .sites.registry import Site, get_site, site_for_host


def resolve_site(site: str | Site | None, url: str) -> Site | None:
    """The registry entry that applies to ``url``: the one named (a registry name or a :class:`Site`),
    else the one whose domains own the URL's host, else none."""
    if isinstance(site, Site):
        return site
    if site:
        return get_site(site)  # UnknownSite: one line naming the registered sites
    host = (urlsplit(url).hostname or "").lower()
    return site_for_host(host) if host else None


def extract(
    html: bytes | str,
    url: str,
    *,
    fetched_at: datetime | None = None,
    site: str | Site | None = None,
    timezone: str | None = None,
    outlet_names: tuple[str, ...] | list[str] = (),
    hints: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    http_status: int | None = 200,
) -> Article:
    """Extract one news page.

    ``html`` is the page as fetched (``bytes``: the charset is read from ``headers``, the page and the
    bytes) or already decoded (``str``). ``site`` is a registry name; without one the registry is looked up
    by the URL's domain, so a page of a registered site gets that site's time zone, outlet names and
    selectors, as in a crawl. ``timezone`` (an IANA name: the zone of times the page gives without an
    offset) and ``outlet_names`` (names never taken for an author) win over the registry. ``hints`` is
    evidence found outside the page (a news sitemap's ``publication_date`` and ``title``).

    ``fetched_at`` is when the page was fetched. Without it, nothing in the record depends on the clock
    but ``fetched_at`` itself, which is set to now: relative dates ("3 hours ago") are not resolved and no
    date is dropped for lying in the future. Raises :class:`newscrawl.NotHTML` when the bytes are not HTML.
    """
    known = resolve_site(site, url)
    if timezone is not None or outlet_names:
        base = known or Site(name="", domains=())
        known = replace(base, timezone=timezone or base.timezone,
                        outlet_names=tuple(dict.fromkeys((*base.outlet_names, *outlet_names))))
    if isinstance(html, str):
        body = html.encode("utf-8")
        headers = {**(headers or {}), "content-type": "text/html; charset=utf-8"}
    else:
        body = bytes(html)
    article = extract_article(body, url, headers, known, fetched_at=fetched_at, http_status=http_status, hints=hints)
    if fetched_at is None:
        article.fetched_at = datetime.now(_tz.utc)
    return article
