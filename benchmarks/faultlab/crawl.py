"""One case that crawls a faulty site once (or twice, with a re-run on the same state) and counts what it kept."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from .measure import run
from .site import LIMIT_S, Site, crawl_news
from .verdict import Outcome, count_lost

Check = Callable[[Outcome, str, str, Site], None]  # (outcome, the crawl's stderr, base URL, site)


def crawl_case(tmp: Path, setup: Callable[[Site], None], *settings: str, codes: tuple[int, ...] = (0,),
               line: str | None = None, check: Check | None = None, again: bool = False, n: int | None = None) -> Outcome:
    """``scrapy crawl news`` of the 20-article site with ``setup``'s fault; ``again``: a second run on the same state,
    which must fetch no page the first stored or marked, and store none twice."""
    site = Site(tmp / "site") if n is None else Site(tmp / "site", n)
    setup(site)
    out, state, o = tmp / "out", tmp / "state", Outcome()
    with site as base:
        ran = o.ran(run(crawl_news(base, out, state, *settings), LIMIT_S), codes, line=line)
        if check:
            check(o, ran.stderr, base, site)
        if again:
            assert site.server is not None
            site.server.hits.clear()
            o.ran(run(crawl_news(base, tmp / "out2", state, *settings), LIMIT_S), (0,), "re-run")
            refetched = [p for p in site.server.hits if p in site.replies or p in site.expected]
            o.check(not refetched, f"re-run fetched {len(refetched)} page(s) again: {refetched[:2]}")
        count_lost(o, base, site.expected, out, *([tmp / "out2"] if again else []))
    return o
