"""Sitemaps: ``<urlset>``, ``<sitemapindex>``, Google News sitemaps, plain-text lists, gzipped or not.

Streamed (one record in memory at a time), safe (no entity, no DTD, no network, a cap on the
inflated size) and forgiving: elements are matched on their local names, because sitemaps in
the wild use the http and https namespace URIs, or none; image and video extensions are
skipped; a broken document gives what was read before the break, plus an ``error``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree

from .entry import Entry, Listing, parse_w3c
from .xmlstream import (
    DEFAULT_MAX_BYTES, BodyError, TooLarge, chunks, drop, first_bytes, head_of, local, records, rejected, root_name, text_of,
)
from .feeds import parse_feed

DEFAULT_MAX_ENTRIES = 200_000  # the protocol allows 50,000; some sites ignore it
FEED_ROOTS = {"rss", "feed", "RDF"}  # search engines take RSS and Atom as sitemaps too
MAX_LINE = 16 * 1024  # longer lines of a text sitemap are no URLs
_SPACE = re.compile(r"\s")
_URL_LINE = re.compile(rb"^[ \t]*((?i:https?)://[^\s]+)[ \t\r]*$", re.M)


@dataclass
class SitemapResult(Listing):
    """What one sitemap file holds: page entries (``urlset``) or child sitemaps (``sitemapindex``);
    ``kind`` is "urlset", "sitemapindex" or "invalid"."""

    sitemaps: list[Entry] = field(default_factory=list)  # children of an index, with their lastmod


def parse_sitemap(
    body: bytes, url: str, *, max_bytes: int = DEFAULT_MAX_BYTES, max_entries: int = DEFAULT_MAX_ENTRIES
) -> SitemapResult:
    """Parse a sitemap body (XML or plain text, gzipped or not) fetched from ``url``."""
    head = head_of(body)
    if error := rejected(head, body, "sitemap"):
        return SitemapResult("invalid", error=error)
    if head[:1] == b"<" or head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _parse_xml(body, url, max_bytes, max_entries)
    if b"\0" in head or not head[:4].lower().startswith((b"http", b"#")):
        return SitemapResult("invalid", error="not a sitemap: neither XML nor a list of URLs")
    return _parse_text(body, url, max_bytes, max_entries)


def _parse_xml(body: bytes, url: str, max_bytes: int, max_entries: int) -> SitemapResult:
    root = root_name(first_bytes(body, 4096))
    if root in FEED_ROOTS:
        return _from_feed(body, url, max_bytes, max_entries)
    if root not in ("urlset", "sitemapindex"):
        return SitemapResult("invalid", error=f"not a sitemap: root element <{root}>" if root else "no root element")
    result = SitemapResult(root)
    read, found = (_url_entry, result.entries) if root == "urlset" else (_child_sitemap, result.sitemaps)
    try:
        for el in records(body, "url" if root == "urlset" else "sitemap", max_bytes):
            entry = read(el, url)
            drop(el)
            if entry is not None:
                found.append(entry)
                if len(found) >= max_entries:
                    result.truncated = True
                    break
    except TooLarge as exc:
        result.error, result.truncated = str(exc), True
    except BodyError as exc:
        result.error = str(exc)
    except etree.XMLSyntaxError as exc:
        result.error = f"malformed XML: {exc}"
    if result.error and not found:
        result.kind = "invalid"
    return result


def _url_entry(el: etree._Element, base: str) -> Entry | None:
    loc = lastmod = published = title = language = None
    news = False
    for child in el:
        name = local(child.tag)
        if name == "loc" and loc is None:
            loc = text_of(child)
        elif name == "lastmod" and lastmod is None:
            lastmod = parse_w3c(text_of(child))
        elif name == "news":
            news = True
            for part in child.iter():
                part_name = local(part.tag)
                if part_name == "publication_date":
                    published = text_of(part)
                elif part_name == "title":
                    title = text_of(part)
                elif part_name == "language":
                    language = text_of(part)
    target = _absolute(loc, base)
    if target is None:
        return None
    return Entry(
        url=target, lastmod=lastmod, published=published, title=title,
        source="news-sitemap" if news else "sitemap",
        published_utc=parse_w3c(published), language=language,
    )


def _child_sitemap(el: etree._Element, base: str) -> Entry | None:
    entry = _url_entry(el, base)  # <sitemap> holds <loc> and <lastmod> as <url> does
    return Entry(url=entry.url, lastmod=entry.lastmod) if entry else None


def _absolute(loc: str | None, base: str) -> str | None:
    if not loc:
        return None
    if loc.startswith(("https://", "http://")) and not _SPACE.search(loc):
        return loc  # the usual case, without urljoin's cost
    target = urljoin(base, "".join(loc.split()))  # a <loc> broken over lines still names one URL
    return target if target.lower().startswith(("http://", "https://")) else None


def _parse_text(body: bytes, url: str, max_bytes: int, max_entries: int) -> SitemapResult:
    """A text sitemap: one URL per line (UTF-8); lines that are not http(s) URLs are skipped."""
    result = SitemapResult("urlset")
    rest = b""
    try:
        for piece in chunks(body, max_bytes):
            block = rest + piece
            cut = block.rfind(b"\n") + 1
            block, rest = block[:cut], block[cut:]
            if len(rest) > MAX_LINE:
                rest = b""  # no URL is that long: drop the line rather than grow it
            if _add_lines(result, block, url, max_entries):
                return result
        _add_lines(result, rest, url, max_entries)
    except TooLarge as exc:
        result.error, result.truncated = str(exc), True
    except BodyError as exc:
        result.error = str(exc)
    if not result.entries:
        result.kind = "invalid"
        result.error = result.error or "not a sitemap: no URL in the text"
    return result


def _add_lines(result: SitemapResult, block: bytes, base: str, max_entries: int) -> bool:
    """Add the URL lines of ``block``; True once ``max_entries`` is reached."""
    for match in _URL_LINE.finditer(block):
        text = match.group(1).decode("utf-8", "replace")
        result.entries.append(Entry(url=text))
        if len(result.entries) >= max_entries:
            result.truncated = True
            return True
    return False


def _from_feed(body: bytes, url: str, max_bytes: int, max_entries: int) -> SitemapResult:
    # a feed given as a sitemap: read it as the feed it is
    feed = parse_feed(body, url, max_bytes=max_bytes)
    entries = feed.entries[:max_entries]
    return SitemapResult(
        "urlset" if feed.kind != "invalid" else "invalid", entries=entries, error=feed.error,
        truncated=feed.truncated or len(feed.entries) > max_entries,
    )
