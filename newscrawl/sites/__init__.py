"""The site registry: where to crawl each site, declared as data in ``sites.toml``."""
from __future__ import annotations

from .registry import Site, UnknownSite, all_sites, get_site

__all__ = ["Site", "UnknownSite", "all_sites", "get_site"]
