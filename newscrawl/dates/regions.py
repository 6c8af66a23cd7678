"""The parts of a page that hold its dates, and the parts that date other content.

* the headline (:func:`headline`) and the texts right after and before it (:func:`texts_near`);
* elements whose class or id says they hold a date (:func:`date_elements`);
* blocks to skip (:func:`skipped`): comments, page footers and sidebars, related links…
  (hints in ``newscrawl/data/dates/sources.toml``); the footer or aside of the article
  itself is kept, it holds the byline and the date;
* prose (:func:`in_prose`): a date inside a running sentence is what the article talks about.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from lxml import etree

from .evidence import sources

if TYPE_CHECKING:
    from ..extraction.page import Page


@lru_cache(maxsize=1)
def _hints() -> tuple[re.Pattern, re.Pattern, frozenset[str], re.Pattern]:
    markup = sources()["markup"]
    want = re.compile("|".join(re.escape(h) for h in markup["date_hints"]), re.I)
    # a skip word must start a segment of a class token ("comments", "site-footer", "relatedPosts");
    # taxonomy tokens ("category-popular", "tag-weather") name the topic, not the block
    skip = re.compile(
        r"(?:^|\s)(?!(?:tag|category|categories|topic|section|post|format)-)[\w-]*?(?<![^\s_-])(?:"
        + "|".join(re.escape(h) for h in markup["skip_hints"])
        + r")[\w-]*",
        re.I,
    )
    own = re.compile(r"\s?(?:%s)[-_]?footer" % "|".join(markup["own_footer_prefixes"]), re.I)
    return want, skip, frozenset(markup["skip_tags"]), own


def date_elements(page: Page, limit: int = 40) -> list[etree._Element]:
    """Elements whose class or id says they hold a date, in document order."""
    want = _hints()[0]
    out = []
    body = page.tree.find("body")
    for el in (body.iter(etree.Element) if body is not None else ()):
        attrs = el.get("class") or el.get("id")
        if attrs and want.search(attrs if el.get("id") is None else attrs + " " + el.get("id")):
            out.append(el)
            if len(out) >= limit:
                break
    return out


def skipped(el: etree._Element, depth: int = 5, footers: bool = True) -> bool:
    """Inside a comment block, footer, sidebar, related-links list… (within ``depth`` levels)?
    With ``footers=False``, footers do not count (a labelled "Published:" line may stand there)."""
    _, skip, tags, own = _hints()
    while el is not None and depth > 0:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in tags and not (tag in ("footer", "aside") and _in_article(el)) and (footers or tag != "footer"):
            return True
        if tag in ("body", "html"):
            return False
        attrs = (el.get("class") or "") + " " + (el.get("id") or "")
        if attrs.strip():
            for m in skip.finditer(attrs):
                if not own.fullmatch(m.group(0)) and (footers or "footer" not in m.group(0).lower()):
                    return True
        el = el.getparent()
        depth -= 1
    return False


def _in_article(el: etree._Element) -> bool:
    return any(a.tag in ("article", "main") for a in el.iterancestors())


_HEADINGS = etree.XPath("//h1 | //h2 | //h3 | //h4")


def headline(page: Page) -> etree._Element | None:
    """The article's headline: the heading that best covers the page title (an h1 first among
    equals; dashes, quotes and case aside, so "Queer Royal - Über…" matches "Queer Royal – Über…"),
    else the first long h1."""
    title = _words(page.meta_first("og:title", "twitter:title") or page.tree.findtext(".//title") or "")
    first = best = None
    best_score = 0.0
    for h in _HEADINGS(page.tree)[:40]:
        raw = h.text_content()
        if len(raw) < 8 or skipped(h, 2):
            continue
        text = _words(raw)
        if len(text) < 8:
            continue
        if len(text) >= 15 and len(title) >= 15 and (text in title or title in text):
            score = min(len(text), len(title)) / max(len(text), len(title)) + (0.2 if h.tag == "h1" else 0.0)
            if score > best_score:
                best, best_score = h, score
        if first is None and h.tag == "h1":
            first = h
    return best if best is not None else first


_FOLD = str.maketrans({**dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
                       **dict.fromkeys("\u2018\u2019\u201a\u201b\u00b4`", "'"),
                       **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb", '"'), "\xa0": " "})


def _words(text: str) -> str:
    """Case, spacing, and the typographer's dashes and quotes aside."""
    return " ".join(text.casefold().translate(_FOLD).split())


_HIDDEN = frozenset({"script", "style", "noscript", "template", "svg", "head", "title"})
FOLLOWING = etree.XPath("following::text()[position() <= 150]")
PRECEDING = etree.XPath("preceding::text()[position() <= 80]")
ALL_TEXT = etree.XPath("//body//text()")


def texts(nodes: list, limit: int, last: bool = False) -> list[tuple[etree._Element, str | None]]:
    """(owner, text) of the visible, non-blank text nodes, at most ``limit`` (the ``last`` ones);
    a text inside ``<time datetime>`` is preceded by (time, None)."""
    out = []
    for node in nodes:
        owner = node.getparent()
        if owner is None or (not node.is_tail and owner.tag in _HIDDEN) or not node.strip():
            continue
        if not node.is_tail and owner.tag == "time" and owner.get("datetime"):
            out.append((owner, None))
        out.append((owner, str(node)))
    if len(out) > limit:
        out = out[-limit:] if last else out[:limit]
    return out


_LINE = 160  # longer blocks are prose
_INLINE = frozenset({"a", "span", "b", "strong", "i", "em", "abbr", "time", "small", "font", "u", "sup", "sub", "mark"})


def block_of(el: etree._Element) -> etree._Element:
    """The block an element's text belongs to (a cell, a list item, a paragraph): the nearest
    ancestor that is neither inline nor an empty element (``<br>``, ``<img>``)."""
    while (el.tag in _INLINE or el.tag in ("br", "img", "wbr")) and el.getparent() is not None:
        el = el.getparent()
    return el


def in_prose(el: etree._Element, text: str) -> bool:
    """Is this text part of running prose (a long paragraph, or a sentence) rather than a
    line of its own? A date in an inline element whose class says it holds a date opens a
    paragraph as its dateline ("<span class=text_datum>31. Oktober 2023.</span> Dragqueens…")."""
    if len(text) > _LINE or sentence(text):
        return True
    want = _hints()[0]
    while el is not None and el.tag in _INLINE:
        if (cls := el.get("class")) and want.search(cls):
            return False
        el = el.getparent()
    if el is None or el.tag in ("body", "html"):
        return False
    if el.tag in ("p", "li", "blockquote", "dd"):
        block = " ".join(t.strip() for t in _VISIBLE_TEXT(el))
    else:  # a div: its own text, not its blocks'
        block = " ".join(t.strip() for t in _OWN_TEXT(el))
    block = " ".join(block.split())
    return len(block) > _LINE or sentence(block)


_SENTENCE = re.compile(r"[^\W\d_]{2,}[.!?]\s*$")


def sentence(text: str) -> bool:
    """Ten words or more, ending like a sentence: "On December 1, 2024, the minister met him." """
    text = text.strip()
    return len(text) > 40 and text.count(" ") >= 9 and bool(_SENTENCE.search(text))


_OWN_TEXT = etree.XPath("text() | *[%s]//text()" % " or ".join(f"self::{t}" for t in sorted(_INLINE)))
_VISIBLE_TEXT = etree.XPath(".//text()[not(parent::script or parent::style)]")
