"""Load and validate the registry (``sites.toml`` beside this module, plus ``NEWSCRAWL_SITES_FILE``)."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import schema
from .schema import known_zone

REGISTRY_FILE = Path(__file__).with_name("sites.toml")


class RegistryError(ValueError):
    """Mistakes in registry files, one ``FILE: [sites.NAME] key: problem`` line each."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class UnknownSite(KeyError):
    def __str__(self) -> str:  # KeyError quotes its message; a user wants a plain line
        return self.args[0]


@dataclass(frozen=True)
class Site:
    """One registered site. Every key of a ``[sites.NAME]`` table is a field here."""

    name: str
    domains: tuple[str, ...]  # host names, each with its subdomains; "host:port" claims that port only
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

    @property
    def hosts(self) -> tuple[str, ...]:
        """The domains without their ports (Scrapy's ``allowed_domains``)."""
        return tuple(dict.fromkeys(d.rpartition(":")[0] if ":" in d else d for d in self.domains))

    def owns(self, host: str, port: int | None = None) -> bool:
        """True for a host of one of the domains (or a subdomain); a domain given with a port claims that port only."""
        host = host.lower().removeprefix("www.")
        for domain in self.domains:
            name, sep, want = domain.lower().partition(":")
            if (host == name or host.endswith("." + name)) and (not sep or port == int(want)):
                return True
        return False

    def owns_url(self, url: str) -> bool:
        return self.owns(*host_and_port(url))


_TUPLES = {f.name for f in fields(Site) if "tuple" in str(f.type)}


def _build(name: str, entry: dict[str, Any]) -> Site:
    """A site from an entry that :func:`schema.problems` found nothing wrong with."""
    return Site(name=name, **{k: tuple(v) if k in _TUPLES else v for k, v in entry.items()})


def read_file(path: Path) -> dict[str, Any]:
    """The parsed TOML of one registry file, or :class:`RegistryError` (missing, unreadable, bad TOML)."""
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise RegistryError([f"{path}: no such file"]) from None
    except OSError as exc:
        raise RegistryError([f"{path}: cannot read: {exc.strerror or exc}"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError([f"{path}: not valid TOML: {exc}"]) from None


def load_registry(*paths: Path) -> dict[str, Site]:
    """The sites of these files, later files over earlier ones; :class:`RegistryError` lists every mistake."""
    sites: dict[str, Site] = {}
    mistakes: list[str] = []
    for path in paths:
        try:
            document = read_file(path)
        except RegistryError as exc:
            mistakes += exc.lines
            continue
        found = schema.problems(document)
        mistakes += [f"{path}: [sites.{site}]" + (f" {key}" if key else "") + f": {problem}" if site
                     else f"{path}: {key}: {problem}" for site, key, problem in found]
        if not found:
            sites.update((name, _build(name, entry)) for name, entry in document.get("sites", {}).items())
    if mistakes:
        raise RegistryError(mistakes)
    return sites


@lru_cache(maxsize=1)
def _registry(extra: str | None) -> dict[str, Site]:
    if extra and not Path(extra).exists():
        raise RegistryError([f"{extra}: no such file (named by NEWSCRAWL_SITES_FILE)"])
    paths = [REGISTRY_FILE] + ([Path(extra)] if extra else [])
    return load_registry(*paths)


def all_sites() -> dict[str, Site]:
    return _registry(os.environ.get("NEWSCRAWL_SITES_FILE"))


def get_site(name: str) -> Site:
    sites = all_sites()
    if name not in sites:
        raise UnknownSite(f"unknown site {name!r}; registered: {', '.join(sorted(sites))}")
    return sites[name]


def host_and_port(url: str) -> tuple[str, int | None]:
    """The host of ``url`` and its port (the scheme's default when none is given; None when unreadable)."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return (parts.hostname or ""), port or _DEFAULT_PORTS.get(parts.scheme)


_DEFAULT_PORTS = {"http": 80, "https": 443}


def site_for_host(host: str, port: int | None = None) -> Site | None:
    for site in all_sites().values():
        if site.owns(host, port):
            return site
    return None


def site_for_url(url: str) -> Site | None:
    return site_for_host(*host_and_port(url))
