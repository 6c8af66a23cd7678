"""htmldate as one more date source: asked only when the page's own evidence names no publication date.

htmldate (installed with trafilatura) reads the same tree with its own rules (``find_date(...,
original_date=True, extensive_search=False)``: header and JSON markup, the URL, date-classed elements,
then a bare date in the text). Its answer is a day; it becomes a publication candidate with the source
``htmldate`` and its own tier, below every source of our own, so it never overrides a date the page gives
(a time with its offset from markup least of all) and is not even computed when there is one. Its day is
refused when the page itself says the day is something else: a modification its markup gives (htmldate
falls back to the last change when it finds no publication), or a day its text shows only where it dates
something else (after "Copyright", in the comments or the footer: where our own search never looks).
The tree is not changed: htmldate prunes a copy of it.

What this family adds is measured with ``python benchmarks/quality.py --ablate dates/htmldate`` (the
figures are in the README). Asking htmldate also where our own evidence is only a visible date, the URL's
day, a script key or the description was measured and left out: on htmldate's pages it replaced 11 right
days and mended 1.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Iterator

from htmldate import find_date

from ... import ablation
from ...dates.model import MODIFIED, PUBLISHED
from ...dates.parse import Stamp
from ...dates.spans import OTHER, Reading, label_before, spans_in
from .evidence import LIBRARY, TEXT, Candidate
from .order import month_first
from .regions import ALL_TEXT, texts
from ...page.blocks import skipped

if TYPE_CHECKING:
    from ...page.document import Page

FAMILY = "dates/htmldate"  # the ablation family: ``--ablate dates/htmldate``
_NO_LIMIT = datetime(9999, 12, 31)  # without a fetch time nothing reads the clock (htmldate's own limit is today)
_TEXTS = 3000  # text nodes read for the refused days, as many as the last-resort text search reads


def htmldate_candidates(page: Page, ours: list[Candidate]) -> Iterator[Candidate]:
    """htmldate's publication day for ``page``, as a candidate, unless ``ours`` (the page's own candidates) give
    that day as the markup's modification or the page's text shows it only as something else; nothing when
    htmldate finds none, or when it is ablated. A day the visible text labels as a change ("last edited
    2019-11-10", a wiki's only date) is not refused: that label is weaker evidence than the markup's."""
    if ablation.is_off(FAMILY):
        return
    # no day after the fetch's (UTC) day: htmldate's bare day has no zone to allow the slop our own dates get
    limit = page.fetched_at if page.fetched_at is not None else _NO_LIMIT
    found = find_date(page.tree, original_date=True, extensive_search=False, url=page.url,
                      max_date=limit.replace(tzinfo=None))
    if not found:
        return
    day = date.fromisoformat(found)
    if any(c.role == MODIFIED and c.tier < TEXT and c.stamp.day == day for c in ours) or day in refused_days(page):
        return
    yield Candidate(Stamp(day=day), PUBLISHED, "htmldate", LIBRARY, found)


def refused_days(page: Page) -> set[date]:
    """The days the visible text shows only where they are no date of the article: after a label such as
    "©", "Copyright" or "Registered", or in the blocks the date search never reads (comments, footers, sidebars)."""
    reading = Reading((page.declared_language,) if page.declared_language else (), month_first(page))
    shown: set[date] = set()
    refused: set[date] = set()
    for owner, raw in texts(ALL_TEXT(page.tree), _TEXTS):
        text = " ".join((raw or "").split())
        hidden = bool(text) and skipped(owner)
        for m, stamp in spans_in(text, reading):
            other = hidden or label_before(text[:m.start()]) == OTHER
            (refused if other else shown).add(stamp.day)
    return refused - shown
