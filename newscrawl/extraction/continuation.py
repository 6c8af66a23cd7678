"""The rest of a story that the page splits over several containers.

Some sites cut the article body into chunks with ads between them: several sibling
containers with the same class ("body__container article__body", ...). Trafilatura takes the
first container only. Here the container of the last paragraph extracted is found, and the
paragraphs of the containers with the same tag and class that follow it, under the same
ancestor and the same ``<article>``, are added when they are not in the text yet.
"""
from __future__ import annotations

import re

from lxml import etree

from ..page.document import Page
from .paragraphs import words

_PARAGRAPH_WITH = etree.XPath("//p[contains(., $s)]")
_SAME_CLASS = etree.XPath(".//*[@class=$c]")
# the class of a container that holds story text, not a teaser or a sidebar
_BODYISH = re.compile(r"body|article|content|text|story|chunk|post|entry", re.I)
_MIN_ANCHOR_WORDS = 12
_KEY_CHARS = 50
_LEVELS = 2  # how far up the shared ancestor of the chunks may be


def _article(el: etree._Element) -> etree._Element | None:
    for anc in el.iterancestors("article"):
        return anc
    return None


def continuation(page: Page, lines: list[str]) -> list[str]:
    """Paragraphs of later chunks of the story's container that ``lines`` lack."""
    anchors = [line for line in lines if len(line.split()) >= _MIN_ANCHOR_WORDS]
    if not anchors:
        return []
    key = " ".join(anchors[-1].split())[:_KEY_CHARS]
    found = _PARAGRAPH_WITH(page.tree, s=key)
    if len(found) != 1:
        return []
    box = found[0].getparent()
    cls = box.get("class") if box is not None else None
    if not cls or not _BODYISH.search(cls):
        return []
    top = box
    for _ in range(_LEVELS):
        if top.getparent() is None:
            return []
        top = top.getparent()
    boxes = [b for b in _SAME_CLASS(top, c=cls) if b.tag == box.tag]
    if len(boxes) < 2 or boxes[-1] is box:
        return []
    article = _article(box)
    have = {" ".join(words(line)) for line in lines}
    out: list[str] = []
    for later in boxes[boxes.index(box) + 1:]:
        if _article(later) is not article or later.find(".//h1") is not None:
            break  # another story (an infinite-scroll page) starts here
        for p in later.iter("p"):
            text = " ".join(p.text_content().split())
            if text and " ".join(words(text)) not in have:
                out.append(text)
    return out
