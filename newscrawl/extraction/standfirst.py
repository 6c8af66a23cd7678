"""The standfirst: the summary paragraph a page shows between headline and story.

It often sits outside the container trafilatura reads. The page's description (og:description,
description, twitter:description) is taken as the first paragraph when the text lacks it and
the page shows it in a visible element (not only in meta tags or scripts).
"""
from __future__ import annotations

import re

from lxml import etree

from ..page.document import Page
from .paragraphs import hits, words

_TEXT_WITH = etree.XPath("//text()[contains(., $s)]")
# a prefix of the description that HTML would not escape, to count it in the raw page cheaply
_PLAIN_PREFIX = re.compile(r"[\w \xa0,.;:!?()-]{20,40}")
_HIDDEN = {"script", "style", "noscript", "template", "title", "meta", "head"}
_HIDDEN_OPEN = tuple(f"<{t}" for t in ("script", "style", "title", "noscript", "template"))
_MIN_WORDS = 8
_KEY_CHARS = 40
_HEAD_CHARS = 3000  # a standfirst the text has is near its start


def standfirst(page: Page, lines: list[str]) -> str | None:
    """The description, when it is shown on the page and missing from ``lines``."""
    description = page.meta_first("og:description", "description", "twitter:description")
    if not description or len(words(description)) < _MIN_WORDS:
        return None
    text = " ".join(description.split())
    if _in_text(text, lines):
        return None
    key = text[:_KEY_CHARS]
    plain = _PLAIN_PREFIX.match(description.strip())  # raw: the page may hold no-break spaces
    if plain:
        return text if _opens_element(page.html, plain.group(0)) else None
    for node in _TEXT_WITH(page.tree, s=key):  # a prefix HTML may escape: ask the tree
        parent = node.getparent()
        if parent is not None and parent.tag not in _HIDDEN:
            return text
    return None


def _in_text(text: str, lines: list[str]) -> bool:
    """Most of the description is in the start of the extracted text already."""
    share, _ = hits([text], words(" ".join(lines)[:_HEAD_CHARS]))[0]
    return share >= 0.5


def _opens_element(html: str, piece: str) -> bool:
    """``piece`` starts the text of an element somewhere in the raw page (not an attribute or JSON)."""
    at = html.find(piece)
    while at >= 0:
        before = html[max(at - 200, 0):at].rstrip()
        if before.endswith(">") and not before.lower().endswith(("</script>", "<script>")):
            tag = before[before.rfind("<"):]
            if not tag.lower().startswith(_HIDDEN_OPEN):
                return True
        at = html.find(piece, at + 1)
    return False
