"""Date evidence a page offers in machine-readable form: JSON-LD, meta tags, markup, URL, sitemap.

Each piece becomes a :class:`Candidate`: what it says (a :class:`~.parse.Stamp`), what
it claims to be (``published``, ``modified``, or ``any`` when the markup does not say),
where it came from, and its tier (see :mod:`.choose` for the precedence).
Visible text is searched in :mod:`.text`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from lxml import etree

from ...dates.model import MODIFIED, PUBLISHED
from ...dates.parse import Stamp, parse_machine
from ...dates.spans import spans_in
from ... import data

if TYPE_CHECKING:
    from ...page.document import Page


# tiers: lower wins (documented in choose.py)
SELECTOR, JSONLD, META, JSONLD_PAGE, MARKUP, SITEMAP, TEXT, URL, SCRIPT = range(9)
NEAR = 1000  # a TEXT candidate ordered below this stands next to the headline


@dataclass(frozen=True)
class Candidate:
    stamp: Stamp
    role: str  # PUBLISHED | MODIFIED | ANY
    source: str  # "json-ld", "meta", "time", "text", "url", "sitemap", "selector", "script"
    tier: int
    raw: str
    order: int = 0  # position within its tier: key order, document order, distance to the headline


def sources() -> dict[str, Any]:
    return data.toml("dates/sources.toml")


# --- JSON-LD ------------------------------------------------------------------------
def _types(obj: dict) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)}


@lru_cache(maxsize=1)
def _ld_types() -> tuple[frozenset[str], frozenset[str]]:
    ld = sources()["jsonld"]
    return frozenset(t.lower() for t in ld["article_types"]), frozenset(t.lower() for t in ld["page_types"])


def jsonld_candidates(page: Page) -> Iterator[Candidate]:
    articles, pages = _ld_types()
    ld = sources()["jsonld"]
    for n, obj in enumerate(page.jsonld):
        kinds = _types(obj)
        if kinds & articles:
            tier = JSONLD
        elif kinds & pages:
            tier = JSONLD_PAGE
        else:
            continue
        for role, keys in ((PUBLISHED, ld["published"]), (MODIFIED, ld["modified"])):
            for k, key in enumerate(keys):
                raw = _ld_string(obj.get(key))
                if raw and (stamp := machine_or_text(raw)):
                    yield Candidate(stamp, role, "json-ld", tier, raw, n * 10 + k)
                    break


def _ld_string(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("@value")
    return value.strip() if isinstance(value, str) and value.strip() else None


# --- meta tags ------------------------------------------------------------------------
GENERIC = 100  # the order of a meta candidate from a key that does not say which date it is


def meta_candidates(page: Page) -> Iterator[Candidate]:
    meta = sources()["meta"]
    generic = frozenset(meta["generic"])
    for role, keys in ((PUBLISHED, meta["published"]), (MODIFIED, meta["modified"])):
        for k, key in enumerate(keys):
            values = page.meta.get(key)
            if values and (stamp := machine_or_text(values[0])):
                yield Candidate(stamp, role, "meta", META, values[0], k + (GENERIC if key in generic else 0))


# --- markup: itemprop and <time> ------------------------------------------------------------
_ITEMPROP = {"datepublished": PUBLISHED, "datecreated": PUBLISHED, "datemodified": MODIFIED}
_ITEMPROP_DATE = re.compile(r"""itemprop\s*=\s*["']?date(?:Published|Created|Modified)""")  # as the XPath below: exact values
_ITEMPROP_XPATH = etree.XPath(
    "//*[@itemprop][@itemprop='datePublished' or @itemprop='dateModified' or @itemprop='dateCreated']"
)


def markup_candidates(page: Page) -> Iterator[Candidate]:
    """``itemprop="datePublished"`` on visible elements (``<meta itemprop>`` is in page.meta)."""
    if not _ITEMPROP_DATE.search(page.html):
        return
    for n, el in enumerate(_ITEMPROP_XPATH(page.tree)):
        if el.tag == "meta":
            continue
        role = _ITEMPROP[el.get("itemprop").lower()]
        raw = el.get("datetime") or el.get("content") or el.text_content()
        if raw and (stamp := machine_or_text(raw.strip()[:80])):
            yield Candidate(stamp, role, "time" if el.tag == "time" else "markup", MARKUP, raw.strip(), n)


def machine_or_text(raw: str) -> Stamp | None:
    """A machine date string, or failing that a short human one ("Tuesday, November 19, 2019, 06:51 AM")."""
    stamp = parse_machine(raw)
    if stamp is None and len(raw) <= 60:
        for _, stamp in spans_in(raw):
            break
    return stamp


# --- URL -------------------------------------------------------------------------------
_URL_DAY = re.compile(
    r"/((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)"
    r"|/((?:19|20)\d{2})/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])/"
    r"|[-_]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[/.]|$)"  # /slug-20200113, /slug_20200113.html
)
# /29-10-2021, /~02-01-2022-title: day first; only when the day cannot be a month
_URL_DMY = re.compile(r"[/~](0?[1-9]|[12]\d|3[01])[-_.](0?[1-9]|1[0-2])[-_.]((?:19|20)\d{2})(?=[/_.-]|$)")
_ARCHIVE = re.compile(r"^https?://web\.archive\.org/web/\d+[a-z_]*/", re.I)


def url_candidates(page: Page) -> Iterator[Candidate]:
    """A day in the URL path (/2024/12/02/, /20241202/, /2024-12-02-slug, /slug-20241202, /29-10-2021);
    failing that, in the canonical URL the page declares (a syndicated copy points to the original)."""
    found = _url_day(page.url, page.declared_language)
    if found is None and (canonical := page.canonical_url):
        found = _url_day(canonical, page.declared_language)
    if found is not None:
        yield found


def _url_day(url: str, language: str | None) -> Candidate | None:
    url = _ARCHIVE.sub("http://", url)
    path = url.split("://", 1)[-1].split("?", 1)[0].split("#", 1)[0]
    path = path[path.find("/"):] if "/" in path else ""
    if m := _URL_DAY.search(path):
        y, mo, d = next(m.group(i, i + 1, i + 2) for i in (1, 4, 7) if m.group(i))
    elif (m := _URL_DMY.search(path)) and (int(m.group(1)) > 12 or language not in (None, "en")):
        d, mo, y = m.group(1, 2, 3)  # an English page may write the month first
    else:
        return None
    stamp = parse_machine(f"{y}-{int(mo):02d}-{int(d):02d}")
    return Candidate(stamp, PUBLISHED, "url", URL, m.group(0)) if stamp else None


# --- sitemap ---------------------------------------------------------------------------------
def hint_candidates(hints: Mapping[str, str] | None) -> Iterator[Candidate]:
    if not hints:
        return
    for key, role in (("publication_date", PUBLISHED), ("lastmod", MODIFIED)):
        raw = hints.get(key)
        if raw and (stamp := parse_machine(raw)):
            yield Candidate(stamp, role, "sitemap", SITEMAP, raw)
