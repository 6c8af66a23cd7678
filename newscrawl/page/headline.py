"""The headline element: one finder for every field that reads around it or compares with it.

The dates are read right after it, the byline searched near it, the title compared with it and the
body's repeated headline dropped by it. The headline is the heading that best covers the page's
stated title (og:title, twitter:title, ``<title>``; an ``h1`` first among equals; dashes, quotes and
case aside, so "Queer Royal - Über…" matches "Queer Royal – Über…"), else the first long ``h1``.
Headings in comment blocks, sidebars and related-story lists are never it.
"""
from __future__ import annotations

from lxml import etree

from .blocks import skipped

_HEADINGS = etree.XPath("//h1 | //h2 | //h3 | //h4")
_LOOKED_AT = 150  # headings read, in document order (menus and weather boxes may come first)
_FOLD = str.maketrans({**dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
                       **dict.fromkeys("\u2018\u2019\u201a\u201b\u00b4`", "'"),
                       **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb", '"'), "\xa0": " "})


def fold(text: str) -> str:
    """Case, spacing, and the typographer's dashes and quotes aside."""
    return " ".join(text.casefold().translate(_FOLD).split())


def find_headline(tree: etree._Element, stated_title: str) -> etree._Element | None:
    """The headline element of ``tree`` given the title the page states elsewhere (may be empty)."""
    title = fold(stated_title)
    first = best = None
    best_score = 0.0
    for h in _HEADINGS(tree)[:_LOOKED_AT]:
        raw = h.text_content()
        if len(raw) < 8 or (h.tag != "h1" and skipped(h, 2)):  # an h1 is the page's own, even in a breadcrumb
            continue
        text = fold(raw)
        if len(text) < 8:
            continue
        if len(text) >= 15 and len(title) >= 15 and (text in title or title in text):
            score = min(len(text), len(title)) / max(len(text), len(title)) + (0.2 if h.tag == "h1" else 0.0)
            if score > best_score:
                best, best_score = h, score
        if first is None and h.tag == "h1":
            first = h
    return best if best is not None else first
