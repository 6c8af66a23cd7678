"""Dates that inline scripts state under a publication key: ``dataLayer`` pushes, app state
(``__NEXT_DATA__``, ``window.__INITIAL_STATE__``), analytics objects — ``"publishDate": "2019-03-02T06:22:28+01:00"``,
``first_published_at``, ``'pubdate': 1588371766``.

They are read only when the page's markup gives no publication date (:mod:`.find`), and rank
after the URL's day (:mod:`.choose`): app state often lists other articles too, so the first
publication key of the page is taken as the article's, and the keys' names are checked against
``[scripts]`` of ``newscrawl/data/dates/sources.toml``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

from .evidence import PUBLISHED, SCRIPT, Candidate, sources
from ...dates.parse import parse_machine

if TYPE_CHECKING:
    from ...page.document import Page

# a value first (fast to scan for), then the key just before it
# (JSON inside a JS string escapes its quotes: \"publishDate\":\"2023-11-06T10:00:00Z\")
_VALUE = re.compile(r"""[:=]\s*\\?["']?((?:19|20)\d\d-[01]\d-[0-3]\d[^"'\\<>,}\]]{0,25}|1\d{9}(?:\d{3})?(?![\d.]))""")
_KEY = re.compile(r"""([\w$-]+)\\?["']?\s*$""")
_LIMIT = 3  # publication keys read per page


@lru_cache(maxsize=1)
def _keys() -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    conf = sources()["scripts"]
    return frozenset(conf["published"]), tuple(conf["published"]), tuple(conf["not_prefixes"])


def publication_key(key: str) -> bool:
    """Does a script key name the publication date? ("firstPublishedAt" yes, "lastPublishedDate" no)"""
    exact, endings, bad = _keys()
    norm = key.lower().replace("_", "").replace("-", "")
    if norm.startswith(bad):
        return False
    return norm in exact or norm.endswith(endings)


def script_candidates(page: Page) -> Iterator[Candidate]:
    found = 0
    for node in page.tree.iter("script"):
        text = node.text
        if not text or len(text) < 30 or "ld+json" in (node.get("type") or ""):
            continue
        for m in _VALUE.finditer(text):
            key = _KEY.search(text, max(0, m.start() - 48), m.start())
            if key is None or not publication_key(key.group(1)):
                continue
            raw = m.group(1).strip()
            stamp = parse_machine(raw)
            if stamp is None:
                continue
            yield Candidate(stamp, PUBLISHED, "script", SCRIPT, raw, found)
            found += 1
            if found >= _LIMIT:
                return
