"""The byline the reader sees: elements marked as author or byline, never comments nor teasers.

Bylines stand next to the headline, so the search reads a window of elements around the
page's ``h1`` (a few hundred elements after it, a few dozen before it) instead of the whole
page: that is faster, and safer, since teasers, author boxes and comments further down carry
bylines of their own.
"""
from __future__ import annotations

import re
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING, Iterable, Iterator

from ... import data
from ...bylines import vocab
from ...bylines.names import Sites, looks_like_name
from ...bylines.split import SOFT, split_byline
from ...dates.spans import spans_in
from .sources import NOTHING, Found

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from ...page.document import Page

_AFTER = 600  # elements read after the headline
_BEFORE = 150  # elements read before it (bylines above the headline)
_AFTER_NEAR, _BEFORE_NEAR = 150, 40  # the window when a byline is known and only compared
_MAX_CANDIDATES = 40
_MAX_TEXT = 200

_MARKUP = data.toml("bylines/markup.toml")
# parts of the words that mark a byline in class, id, itemprop, data-testid
_MARK = re.compile("|".join(map(re.escape, _MARKUP["mark_fragments"])))
# links to one author's page
_AUTHOR_PAGE = re.compile(r"/(?:%s)/[^/?#]*[^\W\d_]" % "|".join(_MARKUP["author_page_segments"]), re.I)
# a text that opens with a by-word ("By TPN, in News"); the by-words are the byline vocabulary's
_BY_START = re.compile(r"^\s*(?:%s)\s+\S" % vocab.alternation(vocab.words()["by_words"]), re.I)

# never read inside these
_SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "img", "picture", "video", "audio", "iframe", "button",
    "input", "select", "option", "textarea", "form", "figure", "figcaption", "time", "nav", "footer", "aside",
    "meta", "link", "head",
})
# inline tags whose boundaries do not separate two names
_INLINE = frozenset({"b", "strong", "i", "em", "u", "small", "abbr", "sup", "sub", "mark", "font", "bdi", "bdo", "wbr"})
# a link is one credit: "<a><span>Ingrid</span> <span>Treborg</span></a>" is one person
_ONE_NAME = frozenset({"a", "address"})
# containers that are never a byline themselves
_BLOCKS = frozenset({"article", "main", "section", "body", "html", "header", "table", "tbody"})
_HEADINGS = frozenset({"h1", "h2", "h3", "article"})
# class or id words of things inside a byline block that are not names: section badges, share bars, dates
_SKIP_INSIDE = frozenset(_MARKUP["skip_inside"])

_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
# class or id words of a container the byline of the article is never in
_FOREIGN = frozenset(_MARKUP["foreign"])
# class or id words of the element itself that mark something else than the byline
_NOT_BYLINE = _FOREIGN | frozenset(_MARKUP["not_byline"])
_STOP_AT = frozenset({"article", "main", "body", "html"})


def _tag(el: "HtmlElement") -> str:
    tag = el.tag
    return tag if isinstance(tag, str) else ""


def _words(el: "HtmlElement") -> set[str]:
    attrs = f"{el.get('class') or ''} {el.get('id') or ''}"
    return {w.lower() for w in _WORDS.findall(attrs)}


def _marked(el: "HtmlElement") -> bool:
    """Marked as a byline by its class, id, itemprop, data-testid or rel."""
    if el.get("rel") == "author":
        return True
    for key in ("class", "id", "itemprop", "data-testid"):
        value = el.get(key)
        if value and _MARK.search(value):
            return True
    return False


def _in_foreign_block(el: "HtmlElement") -> bool:
    for anc in el.iterancestors():
        tag = _tag(anc)
        if tag in ("body", "html"):  # the page's own classes ("cb-menu-light") say nothing
            return False
        if tag in _SKIP_TAGS or _words(anc) & _FOREIGN:
            return True
        if tag in _STOP_AT:
            return False
    return False


def _hidden(node: "HtmlElement") -> bool:
    style = (node.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or node.get("hidden") is not None or node.get("aria-hidden") == "true"


def _text(el: "HtmlElement") -> str:
    """Text of ``el`` with a SOFT mark at every element boundary (names in two links stay apart)."""
    out: list[str] = []
    size = 0

    def walk(node: "HtmlElement", one_name: bool, root: bool = False) -> None:
        nonlocal size
        if size > _MAX_TEXT * 2:
            return
        tag = _tag(node)
        if tag == "br":
            out.append(" " if one_name else SOFT)
            return
        if not tag or tag in _SKIP_TAGS:
            return
        if not root and (_hidden(node) or _words(node) & _SKIP_INSIDE):
            return
        sep = not one_name and tag not in _INLINE
        one_name = one_name or tag in _ONE_NAME
        if sep:
            out.append(SOFT)
        if node.text:
            out.append(node.text)
            size += len(node.text)
        for child in node:
            walk(child, one_name)
            if child.tail:
                out.append(child.tail)
                size += len(child.tail)
        if sep:
            out.append(SOFT)

    walk(el, False, root=True)
    return "".join(out)


# --- where to look ------------------------------------------------------------------------------
def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _following(node: "HtmlElement") -> Iterator["HtmlElement"]:
    """Elements after ``node`` in document order, its own subtree left out."""
    while node is not None:
        for sib in node.itersiblings():
            yield from sib.iter()
        node = node.getparent()


def _preceding(node: "HtmlElement", levels: int = 5) -> Iterator["HtmlElement"]:
    """Elements just before ``node``: the subtrees of its and its ancestors' earlier siblings."""
    for _ in range(levels):
        for sib in node.itersiblings(preceding=True):
            yield from sib.iter()
        node = node.getparent()
        if node is None or _tag(node) in ("body", "html"):
            return


def window(page: "Page", after: int = _AFTER, before: int = _BEFORE) -> Iterator["HtmlElement"]:
    """The elements near the headline, nearest first: after it, then before it (read lazily)."""
    h1 = page.headline
    if h1 is None:
        start = next(page.tree.iter("article"), None)
        if start is None:
            start = page.tree.find("body")
        if start is not None:
            yield from islice(start.iter(), after)
        return
    yield from islice(_following(h1), after)
    yield from islice(_preceding(h1), before)


def _cms_account(el: "HtmlElement") -> bool:
    """A link to a CMS login's page (WordPress ``/author/admin/``): its name is nobody's."""
    return any((a.get("href") or "").rstrip("/").lower().endswith("/admin") for a in el.iter("a"))


def _contains_heading(el: "HtmlElement") -> bool:
    return any(_tag(d) in _HEADINGS for d in islice(el.iterdescendants(), 200))


def candidates(elements: Iterable["HtmlElement"]) -> Iterator["HtmlElement"]:
    """The byline-looking ones among ``elements``, outside comments and teasers."""
    found = 0
    for el in elements:
        values = el.values()  # one call for every attribute value: most elements stop here
        if not values or not _MARK.search(" ".join(values)):
            continue
        tag = _tag(el)
        if tag in _SKIP_TAGS or tag in _BLOCKS:
            continue
        if not _marked(el) and not (tag == "a" and _AUTHOR_PAGE.search(el.get("href") or "")):
            continue
        if el.get("rel") != "author" and _words(el) & _NOT_BYLINE:
            continue
        if _in_foreign_block(el) or _contains_heading(el) or _cms_account(el):
            continue
        found += 1
        if found > _MAX_CANDIDATES:
            return
        yield el


def _by_texts(elements: Iterable["HtmlElement"]) -> Iterator["HtmlElement"]:
    """Short texts that open with a by-word ("By TPN, in News"), outside links and lists."""
    for el in elements:
        tag = _tag(el)
        text = el.text
        if not text or tag in _SKIP_TAGS or tag == "a" or len(text) > 240 or not _BY_START.match(text):
            continue
        if len(text.strip()) > 120 or _in_foreign_block(el):
            continue
        if any(_tag(a) in ("a", "li") for a in el.iterancestors()):
            continue  # a byline inside a link or a list item is a teaser's
        yield el


_BESIDE = 80  # elements after the headline searched for a name printed beside the date
_SEPARATORS = " |·•,–—-/\u00a0"


def _beside_dates(elements: Iterable["HtmlElement"]) -> Iterator["HtmlElement"]:
    """An unmarked name printed right before the visible date, under the headline:
    ``<span>Sehernur Karsu |</span><span class="tarih">05.04.2025</span>``."""

    for el in islice(elements, _BESIDE):
        tag = _tag(el)
        if tag in _SKIP_TAGS or tag == "a" or len(el) or not el.text:
            continue
        text = el.text.strip(_SEPARATORS + "\n\t")
        if len(text.split()) < 2 or not looks_like_name(text) or _in_foreign_block(el):  # a full name only
            continue
        nxt = el.getnext()
        if nxt is None or not isinstance(nxt.tag, str):
            continue
        if next(spans_in(" ".join(nxt.text_content().split())[:80]), None) is not None:
            yield el


def _raw(text: str) -> str:
    parts = [" ".join(p.split()) for p in text.split(SOFT)]
    return " ".join(p for p in parts if p)


def from_elements(elements: Iterable["HtmlElement"], sites: Sites, look_on: int = 0) -> Found:
    """The first element whose text credits somebody.

    With ``look_on``, that many more elements are read for people credited in other roles
    ("Editor: Heryadi"), added to the result's ``others``.
    """
    found = NOTHING
    others: list[str] = []
    for el in elements:
        text = _text(el)
        raw = _raw(text)
        if not raw or len(raw) > _MAX_TEXT:
            continue
        split = split_byline(text, sites)
        if found.raw is None:
            if split or split.site:
                found = Found(raw, split)
                if not look_on:
                    break
        else:
            others += split.others
            look_on -= 1
            if look_on <= 0:
                break
    if others:
        found = Found(found.raw, replace(found.split, others=found.split.others + tuple(others)))
    return found


def from_visible(page: "Page", sites: Sites, look_on: int = 0, near: bool = False) -> Found:
    """The visible byline nearest the headline; failing marked elements, a short "By ..." text there,
    then a bare name printed right before the date.

    ``near`` reads a smaller window and skips the "By ..." texts: enough to compare with a
    byline found elsewhere, at a third of the cost.
    """
    if near:
        return from_elements(candidates(window(page, _AFTER_NEAR, _BEFORE_NEAR)), sites, look_on)
    read: list["HtmlElement"] = []  # kept for the second pass: reading the tree again costs more
    found = from_elements(candidates(_keep(window(page), read)), sites, look_on)
    if found.raw is None:
        found = from_elements(_by_texts(read), sites)
    if found.raw is None:
        found = from_elements(_beside_dates(read), sites)
    return found


def _keep(elements: Iterator["HtmlElement"], into: list["HtmlElement"]) -> Iterator["HtmlElement"]:
    for el in elements:
        into.append(el)
        yield el


def from_selector(page: "Page", selector: str, sites: Sites) -> Found:
    """The registry's CSS selector for the site's byline."""
    try:
        elements = page.tree.cssselect(selector)
    except Exception:  # a bad selector in the registry must not stop the extraction
        return NOTHING
    return from_elements(elements, sites)
