"""The page's own URLs: what its relative links resolve against, and its canonical URL.

Functions of the parsed tree and the page URL (the :class:`~newscrawl.page.document.Page` caches
their results); tracking parameters are data (``tracking_params`` in ``data/metadata/metadata.toml``).
"""
from __future__ import annotations

from functools import cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from .. import data

_BASE_HREF = etree.XPath("/html/head/base/@href")
_HEAD_LINKS = etree.XPath("/html/head/link[@rel]")  # walking the whole tree costs: the head first
_ALL_LINKS = etree.XPath("//link[@rel]")


@cache
def _tracking() -> tuple[frozenset[str], tuple[str, ...]]:
    params = data.toml("metadata/metadata.toml")["tracking_params"]
    return frozenset(p for p in params if not p.endswith("*")), tuple(p[:-1] for p in params if p.endswith("*"))


def base_of(tree: etree._Element, url: str) -> str:
    """What relative URLs on the page resolve against: its `<base href>`, else its URL."""
    hrefs = _BASE_HREF(tree)
    return urljoin(url, hrefs[0].strip()) if hrefs and hrefs[0].strip() else url


def strip_tracking(url: str) -> str:
    """The URL without tracking parameters (utm_*, fbclid…) and without a fragment."""
    exact, prefixes = _tracking()
    parts = urlsplit(url)
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if k.lower() not in exact and not k.lower().startswith(prefixes)]
        query = urlencode(kept, doseq=True) if len(kept) != len(pairs) else query
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _is_home(url: str) -> bool:
    return urlsplit(url).path in ("", "/")


def canonical_of(tree: etree._Element, url: str, og_url: str | None, base: str) -> str | None:
    """rel=canonical, else og:url; resolved against ``base``, without tracking parameters. A canonical
    that points an article at the site's home page (a template default) is not believed."""
    candidates: list[str] = []
    # <link>s sit in the head; a broken page may have them pushed into the body
    for links in (_HEAD_LINKS, _ALL_LINKS) if not og_url else (_HEAD_LINKS,):
        for node in links(tree):
            if "canonical" in (node.get("rel") or "").lower().split() and (node.get("href") or "").strip():
                candidates.append(node.get("href").strip())
                break
        if candidates:
            break
    if og_url:
        candidates.append(og_url)
    page_is_home = _is_home(url)
    for href in candidates:
        resolved = urljoin(base, href)
        if not resolved.startswith(("http://", "https://")):
            continue
        if _is_home(resolved) and not page_is_home:
            continue
        return strip_tracking(resolved)
    return None
