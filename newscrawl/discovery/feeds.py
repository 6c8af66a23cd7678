"""Feeds: RSS 2.0 (and 0.9x), RSS 1.0 / RDF, Atom and JSON Feed 1 / 1.1 -> :class:`Entry` list.

The XML kinds go through the same safe, streamed reader as sitemaps (no entity, no DTD, no
network, a size cap, one item in memory at a time). Elements are matched on local names, so
``dc:date``, ``atom:link`` or ``feedburner:origLink`` are found whatever prefix a feed uses.
Relative links are resolved against ``xml:base`` and the feed's own URL.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, replace
from urllib.parse import urljoin

from lxml import etree

from .entry import Entry, Listing, parse_any
from .xmlstream import (
    DEFAULT_MAX_BYTES, BodyError, TooLarge, chunks, drop, events, head_of, local, rejected, text_of,
)

DEFAULT_MAX_ENTRIES = 20_000
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Namespaces whose <title>/<link> are the item's own; media:title or itunes:title are not.
CORE_NS = {"", "http://purl.org/rss/1.0/", "http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#",
           "http://purl.org/dc/elements/1.1/", "http://backend.userland.com/rss2"}
RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"
_TAG = re.compile(r"<[^>]*>")


@dataclass
class FeedResult(Listing):
    """The items of one feed, in feed order; ``kind`` is "rss", "atom", "json-feed" or "invalid"."""

    title: str | None = None  # the feed's own title
    language: str | None = None  # <language>, xml:lang or JSON Feed "language", as found


def parse_feed(
    body: bytes, url: str, *, max_bytes: int = DEFAULT_MAX_BYTES, max_entries: int = DEFAULT_MAX_ENTRIES
) -> FeedResult:
    """Parse a feed body fetched from ``url`` (gzip is undone, with the same cap as sitemaps)."""
    head = head_of(body)
    if error := rejected(head, body, "feed"):
        return FeedResult("invalid", error=error)
    if head[:1] in (b"{", b"["):
        return _parse_json(body, url, max_bytes, max_entries)
    return _parse_xml(body, url, max_bytes, max_entries)


def _parse_xml(body: bytes, url: str, max_bytes: int, max_entries: int) -> FeedResult:
    result = FeedResult("invalid")
    base = url
    try:
        for event, el, depth in events(body, max_bytes):
            if event == "start":
                if depth == 0:
                    name = local(el.tag)
                    if name not in ("rss", "RDF", "feed"):
                        result.error = f"not a feed: root element <{name}>"
                        return result
                    result.kind = "atom" if name == "feed" else "rss"
                    base = urljoin(url, el.get(XML_BASE) or "")
                    result.language = el.get(XML_LANG)
                continue
            name = local(el.tag)
            if name in ("item", "entry") and depth <= 2:
                entry = _atom_entry(el, base) if result.kind == "atom" else _rss_item(el, base)
                drop(el)
                if entry is not None:
                    result.entries.append(entry)
                    if len(result.entries) >= max_entries:
                        result.truncated = True
                        break
            elif 1 <= depth <= 2 and local(el.getparent().tag) in ("channel", "feed"):
                if name == "title" and result.title is None:
                    result.title = _clean(text_of(el))
                elif name == "language" and result.language is None:
                    result.language = text_of(el)
    except TooLarge as exc:
        result.error, result.truncated = str(exc), True
    except BodyError as exc:
        result.error = str(exc)
    except etree.XMLSyntaxError as exc:
        result.error = f"malformed XML: {exc}"
    if result.kind == "invalid" and result.error is None:
        result.error = "no root element"
    if result.language:
        result.entries = [e if e.language else replace(e, language=result.language) for e in result.entries]
    return result


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    """Direct children named ``name``, those of the feed's own namespaces first."""
    found = [c for c in el if local(c.tag) == name]
    return sorted(found, key=lambda c: (etree.QName(c).namespace or "") not in CORE_NS)


def _first_text(el: etree._Element, *names: str) -> str | None:
    for name in names:
        for child in _children(el, name):
            text = text_of(child)
            if text:
                return text
    return None


def _rss_item(el: etree._Element, base: str) -> Entry | None:
    link = _first_text(el, "origLink")  # feedburner keeps the publisher's URL there
    if link is None:
        for child in _children(el, "link"):
            link = text_of(child) or (child.get("href") if child.get("rel", "alternate") == "alternate" else None)
            if link:
                break
    if link is None:
        for guid in _children(el, "guid"):
            text = text_of(guid)
            if text and guid.get("isPermaLink", "true").lower() != "false" and _is_web(text):
                link = text
    if link is None:
        link = el.get(RDF_ABOUT)
    target = _absolute(link, el, base)
    if target is None:
        return None
    published = _first_text(el, "pubDate", "date", "published", "issued")
    updated = _first_text(el, "updated", "modified")
    authors = [text_of(c.find("{*}name")) or text_of(c) for n in ("creator", "author") for c in _children(el, n)]
    return Entry(
        url=target, lastmod=parse_any(updated), published=published, title=_clean(_first_text(el, "title")),
        source="rss", published_utc=parse_any(published), language=_first_text(el, "language"),
        author=_join(authors),
    )


def _atom_entry(el: etree._Element, base: str) -> Entry | None:
    best = None
    for link in _children(el, "link"):
        rel = link.get("rel", "alternate")
        if rel == "alternate" and link.get("href"):
            if best is None or (link.get("type") or "text/html").startswith("text/html"):
                best = link.get("href")
                if (link.get("type") or "text/html").startswith("text/html"):
                    break
    if best is None:
        ident = _first_text(el, "id")
        best = ident if ident and _is_web(ident) else None
    target = _absolute(best, el, base)
    if target is None:
        return None
    published = _first_text(el, "published", "issued", "created")
    authors = [text_of(a.find("{*}name")) or text_of(a) for a in _children(el, "author")]
    return Entry(
        url=target, lastmod=parse_any(_first_text(el, "updated", "modified")), published=published,
        title=_clean(_first_text(el, "title")), source="atom", published_utc=parse_any(published),
        language=el.get(XML_LANG), author=_join(authors),
    )


def _absolute(link: str | None, el: etree._Element, base: str) -> str | None:
    if not link:
        return None
    own_base = el.get(XML_BASE)
    target = urljoin(urljoin(base, own_base) if own_base else base, "".join(link.split()))
    return target if _is_web(target) else None


def _is_web(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def _clean(text: str | None) -> str | None:
    """A title as plain text: HTML tags and escapes some feeds leave in are undone."""
    if not text:
        return None
    if "<" in text or "&" in text:
        text = html.unescape(_TAG.sub("", text))
    return " ".join(text.split()) or None


def _join(names: list[str | None]) -> str | None:
    seen: list[str] = []
    for name in names:
        if name and name not in seen:
            seen.append(name)
    return ", ".join(seen) or None


def _parse_json(body: bytes, url: str, max_bytes: int, max_entries: int) -> FeedResult:
    try:
        data = json.loads(b"".join(chunks(body, max_bytes)))
    except TooLarge as exc:
        return FeedResult("invalid", error=str(exc), truncated=True)
    except BodyError as exc:
        return FeedResult("invalid", error=str(exc))
    except (ValueError, RecursionError) as exc:
        return FeedResult("invalid", error=f"malformed JSON: {exc}")
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/1"):
        return FeedResult("invalid", error="not a JSON Feed: no jsonfeed.org version")
    result = FeedResult("json-feed", title=_str(data.get("title")), language=_str(data.get("language")))
    items = data.get("items")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        link = _str(item.get("url")) or (_str(item.get("id")) if _is_web(_str(item.get("id")) or "") else None)
        target = urljoin(url, link) if link else None
        if not target or not _is_web(target):
            continue
        published = _str(item.get("date_published"))
        people = item.get("authors") if isinstance(item.get("authors"), list) else [item.get("author")]
        result.entries.append(Entry(
            url=target, lastmod=parse_any(_str(item.get("date_modified"))), published=published,
            title=_clean(_str(item.get("title"))), source="json-feed", published_utc=parse_any(published),
            language=_str(item.get("language")),
            author=_join([_str(p.get("name")) for p in people if isinstance(p, dict)]),
        ))
        if len(result.entries) >= max_entries:
            result.truncated = True
            break
    if result.language:
        result.entries = [e if e.language else replace(e, language=result.language) for e in result.entries]
    return result


def _str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
