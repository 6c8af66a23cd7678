"""The parts of a page that hold its dates, and the parts that date other content.

* the texts right after and before the headline (:attr:`Page.headline <newscrawl.page.document.Page.headline>`);
* elements whose class or id says they hold a date (:func:`date_elements`);
* blocks to skip are the page layer's (:func:`newscrawl.page.blocks.skipped`);
* prose (:func:`in_prose`): a date inside a running sentence is what the article talks about.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from lxml import etree

from .evidence import sources

if TYPE_CHECKING:
    from ...page.document import Page


@lru_cache(maxsize=1)
def _date_hints() -> re.Pattern:
    """Class or id fragments of elements that hold a visible date."""
    return re.compile("|".join(re.escape(h) for h in sources()["markup"]["date_hints"]), re.I)


def date_elements(page: Page, limit: int = 40) -> list[etree._Element]:
    """Elements whose class or id says they hold a date, in document order."""
    want = _date_hints()
    out = []
    body = page.tree.find("body")
    for el in (body.iter(etree.Element) if body is not None else ()):
        attrs = el.get("class") or el.get("id")
        if attrs and want.search(attrs if el.get("id") is None else attrs + " " + el.get("id")):
            out.append(el)
            if len(out) >= limit:
                break
    return out


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
    want = _date_hints()
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
