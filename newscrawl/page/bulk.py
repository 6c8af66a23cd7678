"""Pages too big to extract whole: how to tell them from the bytes, and how to cut their tree down.

trafilatura's cost grows faster than the tree: a page of 200,000 paragraphs under the size limit takes
minutes, one with a million links gigabytes. No news article comes near: on the 1,180 pages of the dev
corpora the most links on a page is 1,469 and the most tags 19,437 (opening and closing). A page over
:data:`MAX_LINKS` links or :data:`MAX_TAGS` tags (:func:`bulky`, counted on the bytes, before parsing) has
its parsed tree cut (:func:`prune`) before any field reads it:

1. in an element of more than :data:`WIDE` children, the children that are links or hold only links (the
   items of a list of a thousand links) are removed, and of the other children the first :data:`WIDE` kept;
2. if the tree still has more than :data:`KEEP` elements, what follows the :data:`KEEP`-th in document
   order is removed (the head, the headline and the story's start come first).

The story around the bulk is kept; what is cut is counted in the detail :func:`prune` returns.
"""
from __future__ import annotations

import re

from lxml import etree

MAX_LINKS = 5_000  # links in the bytes (``<a`` tags) above which a page is pruned
MAX_TAGS = 50_000  # tags in the bytes (``<`` characters) above which a page is pruned
WIDE = 1_000  # children of one element kept, links not counted
KEEP = 20_000  # elements of the pruned tree

_LINK = re.compile(rb"<a[\s>]", re.IGNORECASE)


def bulky(body: bytes) -> str | None:
    """Why ``body`` is too big to extract whole (``"123,456 links"``), or None."""
    tags = body.count(b"<")
    if tags <= MAX_LINKS:  # a page of fewer tags cannot hold more links
        return None
    links = len(_LINK.findall(body))
    if links > MAX_LINKS:
        return f"{links:,} links"
    if tags > MAX_TAGS:
        return f"{tags:,} tags"
    return None


def prune(root: etree._Element) -> str:
    """Cut ``root``'s tree down as the module says; returns what was removed (``"999,990 links, …"``)."""
    links = others = 0
    for parent in _WIDE(root):
        kept = 0
        for child in list(parent):
            if _only_links(child):
                _remove(child)
                links += 1
            elif kept >= WIDE:
                _remove(child)
                others += 1
            else:
                kept += 1
    cut = _cut_after(root, KEEP)
    parts = [f"{links:,} link items" if links else "", f"{others:,} children of wide elements" if others else "",
             f"{cut:,} elements after the first {KEEP:,}" if cut else ""]
    return "removed " + (", ".join(p for p in parts if p) or "nothing")


_WIDE = etree.XPath(f"//*[count(*) > {WIDE}]")


def _only_links(el: etree._Element) -> bool:
    """A link, or an element whose text is all in links (and that holds at least one)."""
    if el.tag == "a":
        return True
    if len(el) == 1 and el[0].tag == "a" and not (el.text or "").strip() and not (el[0].tail or "").strip():
        return True  # <li><a>…</a></li>
    if not isinstance(el.tag, str) or el.find(".//a") is None:
        return False
    text = "".join(el.itertext()).split()
    linked = "".join("".join(a.itertext()) for a in el.iter("a")).split()
    return len(linked) >= len(text)


def _remove(el: etree._Element) -> None:
    """Remove ``el`` and its text, keeping the text that follows it (its tail)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _cut_after(root: etree._Element, keep: int) -> int:
    """Remove every element after the ``keep``-th in document order; returns how many were removed."""
    last = None
    for n, el in enumerate(root.iter()):
        if n == keep - 1:
            last = el
            break
    if last is None:
        return 0
    total = sum(1 for _ in root.iter())
    for child in list(last):
        last.remove(child)
    node = last
    while node is not None and node is not root:
        parent = node.getparent()
        for sibling in list(node.itersiblings()):
            parent.remove(sibling)
        node = parent
    return total - sum(1 for _ in root.iter())
