"""One spider class per entry of the site registry, so ``scrapy crawl NAME`` crawls it."""
from __future__ import annotations

from typing import Any

from ..sites import Site, all_sites, get_site
from .base import NewsSpider

# registry entries with a spider of their own elsewhere in this package
OWN_SPIDER = {"demo"}


class SiteSpider(NewsSpider):
    """A registered site, crawled from its registry entry."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.site = get_site(self.name)
        super().__init__(*args, **kwargs)


def _spider_class(site: Site) -> type[SiteSpider]:
    cls_name = "".join(part.capitalize() for part in site.name.replace("-", "_").split("_")) + "Spider"
    return type(cls_name, (SiteSpider,), {"name": site.name, "__module__": __name__, "__doc__": site.description})


def _register() -> None:
    # one module-level name per spider class (a loop variable would make Scrapy see the last one twice)
    for site in all_sites().values():
        if site.name not in OWN_SPIDER:
            cls = _spider_class(site)
            globals()[cls.__name__] = cls


_register()
