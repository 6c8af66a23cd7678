"""Dates in the visible text of a page, as candidates (see :mod:`.choose` for the precedence).

Where we look, in this order:

* the per-site ``page.date_selector`` (CSS), when the registry gives one: its elements'
  machine value (``datetime``, ``content``, ``title``) or text, and nothing else then;
* the texts right after the headline (and a little before it): the nearer, the better;
* when those hold no date and the markup gave none either: elements whose class or id says
  they hold a date (hAtom's ``<abbr class="published" title=…>`` gives its machine value),
  ``<time>`` elements; as a last resort any dated line of the page (in a footer too, when
  labelled "Published:"/"Erschienen am:"), and then the page's description.

A ``<time datetime>`` gives its machine value at its place; its visible text is read too (it
shows the publisher's local day). Dates after a copyright mark, in comments, footers and
sidebars are never taken otherwise (:mod:`.regions`); a date in running prose ranks after the
URL's day.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from cssselect import SelectorError
from lxml import etree
from lxml.cssselect import CSSSelector

from ...dates.model import ANY, MODIFIED, PUBLISHED
from .evidence import NEAR, SELECTOR, TEXT, Candidate
from ...dates.parse import parse_machine, parse_relative
from ...page.blocks import skipped
from .regions import ALL_TEXT, FOLLOWING, PRECEDING, block_of, date_elements, in_prose, sentence, texts
from .order import month_first
from ...dates.spans import OTHER, Reading, label_after, label_before, relative_re, spans_in

if TYPE_CHECKING:
    from ...page.document import Page

_PROSE = 5000  # added to the order of a date in running prose

def text_candidates(page: Page, full: bool = True) -> list[Candidate]:
    """Dates in the visible text, each with its role (from labels) and its order (lower = better).

    The headline's surroundings are always read; with ``full``, when they hold no date, the
    date-classed elements and ``<time>`` elements of the whole page too, and as a last resort
    any dated line of the page."""
    reading = Reading((page.declared_language,) if page.declared_language else (), month_first(page))
    out: list[Candidate] = []
    if page.date_selector:
        out = _selected(page.tree, page.date_selector, reading)
        if out:
            return out
    seen: set = set()
    h1 = page.headline
    if h1 is not None:
        out.extend(_from_nodes(texts(FOLLOWING(h1), 60), reading, 0, seen))
        out.extend(_from_nodes(texts(PRECEDING(h1), 30, last=True), reading, 100, seen, before=True))
    if not full or any(c.role != MODIFIED and c.order < NEAR for c in out):
        return out
    n = 0
    for el in date_elements(page):
        if el.tag != "time" and el not in seen:
            out.extend(_from_element(el, reading, TEXT, NEAR + n))
            n += 1
    for el in page.tree.iter("time"):
        if el not in seen and not skipped(el):
            out.extend(_from_time(el, reading, NEAR + n))
            n += 1
    if not any(c.role != MODIFIED for c in out):  # last resort: a dated line anywhere in the page
        out.extend(c for c in _from_nodes(texts(ALL_TEXT(page.tree), 3000), reading, 3 * NEAR, seen, footers=True)
                   if c.role == PUBLISHED or c.order < 3 * NEAR + _PROSE)
    if not any(c.role != MODIFIED for c in out):  # the page's description: "… (Notizia del 14 Gennaio 2020)"
        desc = page.meta_first("description", "og:description", "twitter:description")
        if desc and len(desc) <= 300 and not sentence(desc):
            out.extend(c for c in _from_text(desc, reading, TEXT, 4 * NEAR, "description") if c.role != MODIFIED)
    return out


def _selected(tree, selector: str, reading: Reading) -> list[Candidate]:
    """The dates of the elements the site's ``date_selector`` picks (the first three): their
    machine value (``datetime``, ``content``, ``title``) or their text. Nothing is skipped
    there: the registry knows where the site puts its date."""
    select = _compiled(selector)
    out: list[Candidate] = []
    for el in select(tree)[:3] if select is not None else ():
        machine = el if _machine(el) else next((t for t in el.iter("time") if _machine(t)), None)
        if machine is not None:
            raw = _machine(machine)
            out.append(Candidate(parse_machine(raw), _class_role(machine), "selector", SELECTOR, raw, 0))
        else:
            out.extend(_from_text(" ".join(el.text_content().split()), reading, SELECTOR, 0, "selector", _class_role(el)))
    return out


@lru_cache(maxsize=256)
def _compiled(selector: str) -> CSSSelector | None:
    try:
        return CSSSelector(selector)
    except SelectorError:  # the registry is validated when loaded; a bad selector selects nothing
        return None


def _machine(el) -> str | None:
    """A machine date an element carries in an attribute: ``<time datetime>``, ``<meta content>``,
    hAtom's ``<abbr class="published" title="2008-03-01T12:00:00+01:00">``."""
    for attr in ("datetime", "content", "title"):
        raw = el.get(attr)
        if raw and len(raw) <= 40 and parse_machine(raw.strip()) is not None:
            return raw.strip()
    return None


def _from_time(el, reading: Reading, order: int) -> list[Candidate]:
    raw = (el.get("datetime") or "").strip()
    if raw and (stamp := parse_machine(raw)):
        role = PUBLISHED if el.get("pubdate") is not None else _class_role(el)
        return [Candidate(stamp, role, "time", TEXT, raw, order)]
    return _from_element(el, reading, TEXT, order, source="time")


def _class_role(el: etree._Element) -> str:
    attrs = ((el.get("class") or "") + " " + (el.get("itemprop") or "")).lower()
    if re.search(r"publish|posted|created|entry-date", attrs):
        return PUBLISHED
    if re.search(r"modif|updat", attrs):
        return MODIFIED
    return ANY


def _from_element(el, reading: Reading, tier, order, source="text") -> list[Candidate]:
    if skipped(el):
        return []
    role = _class_role(el)
    for abbr in el.iter("abbr"):  # hAtom / microformats: <abbr class="published" title="2008-03-01T12:00:00+01:00">
        if raw := _machine(abbr):
            return [Candidate(parse_machine(raw), _class_role(abbr) if role == ANY else role, source, tier, raw, order)]
    return _from_text(" ".join(el.text_content().split()), reading, tier, order, source, role)


def _from_text(text: str, reading: Reading, tier, order, source="text", role_hint=ANY) -> list[Candidate]:
    """The dates of one short text (an element's, the page's description), labels read."""
    if not text or len(text) > 300:
        return []
    out = []
    for m, stamp in spans_in(text, reading):
        role = label_before(text[:m.start()]) or role_hint
        if role == OTHER:
            continue
        out.append(Candidate(stamp, role, source, tier, m.group(0), order))
    if not out and len(text) <= 60:
        for m in relative_re().finditer(text):
            if stamp := parse_relative(m.group(0), reading.languages or ("en",)):
                role = label_before(text[:m.start()]) or role_hint
                if role != OTHER:
                    out.append(Candidate(stamp, role, source, tier, m.group(0), order + 100))
                break
    return out


def _from_nodes(items: list, reading: Reading, base: int, seen: set, before: bool = False,
                footers: bool = False) -> list[Candidate]:
    """Dates in a run of texts (and ``<time>`` elements, in document order) after or
    ``before`` the headline; the order grows with the distance from it.

    A date inside running prose (a long paragraph) is what the article talks about, not
    when it was written: it ranks after every date that stands in a line of its own.
    With ``footers``, a date labelled as the publication ("Erschienen am: 01.11.2023") is
    taken from a footer too."""
    parts, owners, offsets, times = [], [], [], []
    pos = 0
    for owner, raw in items:
        if raw is None:  # a <time datetime>: its machine value, at its place
            if owner not in seen and not skipped(owner):
                times.append((pos, owner))
            seen.add(owner)
            continue
        text = " ".join(raw.split())
        if not text:
            continue
        offsets.append(pos)
        owners.append(owner)
        parts.append(text)
        pos += len(text) + 1
    joined = " ".join(parts)
    out = []
    for at, el in times:
        for c in _from_time(el, reading, 0):
            role = c.role if c.role != ANY else (label_before(joined[:at]) or ANY)
            if role == OTHER:
                continue
            distance = (len(joined) - at) if before else at
            out.append(replace(c, role=role, order=base + distance // 10))
    found = [(m, stamp, bisect_right(offsets, m.start()) - 1) for m, stamp in spans_in(joined, reading)]
    listings = _listings([(owners[i], stamp.day) for _, stamp, i in found]) if footers else set()
    for m, stamp, i in found:  # (a <time>'s own text too: it shows the local day)
        if listings and block_of(owners[i]) in listings:
            continue
        hidden = skipped(owners[i])
        if hidden and not footers:
            continue
        role = label_before(joined[:m.start()]) or label_after(joined[m.end():])
        if role == OTHER or hidden and (role != PUBLISHED or skipped(owners[i], footers=False)):
            continue
        distance = (len(joined) - m.end()) if before else m.start()
        order = base + distance // 10 + (_PROSE if in_prose(owners[i], parts[i]) else 0)
        out.append(Candidate(stamp, role or ANY, "text", TEXT, m.group(0), order))
    return out


_LISTING = 3  # a block naming this many different days lists other items (recent posts, an archive)


def _listings(dated: list) -> set:
    """The blocks whose text names several different days: a list of posts, not a page's date."""
    days: dict = {}
    for owner, day in dated:
        days.setdefault(block_of(owner), set()).add(day)
    return {block for block, ds in days.items() if len(ds) >= _LISTING}
