"""``newscrawl sites``: the spiders ``scrapy crawl`` knows, one line each, under a header naming the columns."""
from __future__ import annotations

import argparse

from ..sites import all_sites

EPILOG = """columns:
  SITE      the name for `scrapy crawl SITE` and `newscrawl run SITE`
  TIMEZONE  IANA zone applied to times a page gives without an offset (-: such a time keeps its day only)
  DOMAINS   hosts the site's articles are on (with their subdomains)
  FLAGS     disabled: left out of a `newscrawl run` without names; render: pages go through the browser"""
ROW = "{:12s} {:18s} {:28s} {}"


def main(argv: list[str], prog: str = "newscrawl sites") -> int:
    argparse.ArgumentParser(prog=prog, description="list the registered sites, and `news` for any other site",
                            epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args(argv)
    sites = all_sites()
    print(ROW.format("SITE", "TIMEZONE", "DOMAINS", "FLAGS").rstrip())
    for site in sites.values():
        flags = [] if site.enabled else ["disabled"]
        if site.render:
            flags.append("render")
        print(ROW.format(site.name, site.timezone or "-", ", ".join(site.domains), " ".join(flags)).rstrip())
    print(ROW.format("news", "-a timezone=", "-a url=…", "any site: scrapy crawl news -a url=https://example.com/"))
    print("(newscrawl sites --help says what each column is)")
    return 0
