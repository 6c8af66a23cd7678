"""Load and validate the registry (``sites.toml`` beside this module, plus ``NEWSCRAWL_SITES_FILE``)."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cssselect import SelectorError
from lxml.cssselect import CSSSelector

REGISTRY_FILE = Path(__file__).with_name("sites.toml")


class UnknownSite(KeyError):
    def __str__(self) -> str:  # KeyError quotes its message; a user wants a plain line
        return self.args[0]


@dataclass(frozen=True)
class Site:
    """One registered site. Every key of a ``[sites.NAME]`` table is a field here."""

    name: str
    domains: tuple[str, ...]
    timezone: str | None = None  # IANA zone of times given without an offset; none: such a time keeps its day only
    home: str | None = None  # home page; robots.txt and /sitemap.xml are looked up from it
    sitemaps: tuple[str, ...] = ()
    news_sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()  # section pages to follow links from, a fallback
    outlet_names: tuple[str, ...] = ()  # names the outlet goes by, never an author
    render: bool = False  # send article requests through the browser (scrapy-playwright)
    byline_selector: str | None = None  # CSS selector of the byline, when the page needs one
    date_selector: str | None = None  # CSS selector of the visible date, when the page needs one
    enabled: bool = True  # `newscrawl run` without names runs the enabled sites
    description: str = ""

    @property
    def start_urls(self) -> tuple[str, ...]:
        return self.news_sitemaps + self.sitemaps + self.feeds + self.sections + ((self.home,) if self.home else ())

    def owns(self, host: str) -> bool:
        host = host.lower().removeprefix("www.")
        return any(host == d or host.endswith("." + d) for d in self.domains)


def known_zone(name: str) -> bool:
    """True for an IANA time zone name ("Asia/Kabul")."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


_TUPLES = {f.name for f in fields(Site) if "tuple" in str(f.type)}


def _build(name: str, entry: dict[str, Any], source: Path) -> Site:
    known = {f.name for f in fields(Site)}
    unknown = set(entry) - known
    if unknown:
        raise ValueError(f"{source}: site {name!r} has unknown keys {sorted(unknown)}")
    data = {k: tuple(v) if k in _TUPLES else v for k, v in entry.items()}
    site = Site(name=name, **data)
    if site.timezone is not None and not known_zone(site.timezone):
        raise ValueError(f"{source}: site {name!r} has an unknown time zone {site.timezone!r}")
    if not site.domains:
        raise ValueError(f"{source}: site {name!r} names no domains")
    for key in ("byline_selector", "date_selector"):
        selector = getattr(site, key)
        if selector:
            try:
                CSSSelector(selector)
            except (SelectorError, ValueError) as exc:
                raise ValueError(f"{source}: site {name!r} has an invalid {key} {selector!r}: {exc}") from exc
    return site


def load_registry(*paths: Path) -> dict[str, Site]:
    sites: dict[str, Site] = {}
    for path in paths:
        with open(path, "rb") as fh:
            table = tomllib.load(fh).get("sites", {})
        for name, entry in table.items():
            sites[name] = _build(name, entry, path)
    return sites


@lru_cache(maxsize=1)
def _registry(extra: str | None) -> dict[str, Site]:
    paths = [REGISTRY_FILE] + ([Path(extra)] if extra else [])
    return load_registry(*paths)


def all_sites() -> dict[str, Site]:
    return _registry(os.environ.get("NEWSCRAWL_SITES_FILE"))


def get_site(name: str) -> Site:
    sites = all_sites()
    if name not in sites:
        raise UnknownSite(f"unknown site {name!r}; registered: {', '.join(sorted(sites))}")
    return sites[name]


def site_for_host(host: str) -> Site | None:
    for site in all_sites().values():
        if site.owns(host):
            return site
    return None
