"""The entry point: every piece of date evidence on a page -> published and modified."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Mapping

from . import choose
from .evidence import (
    MODIFIED, PUBLISHED, SITEMAP, Candidate, hint_candidates, jsonld_candidates, markup_candidates,
    meta_candidates, url_candidates,
)
from ...dates.model import DateFields, DateValue
from ...dates.parse import resolve_relative, to_value
from .scripts import script_candidates
from .text import text_candidates

if TYPE_CHECKING:
    from ...page.document import Page


def find_dates(page: Page, hints: Mapping[str, str] | None = None) -> DateFields:
    """Publication and modification dates of ``page`` (precedence: see :mod:`.choose`).

    ``hints`` may carry ``publication_date`` and ``lastmod`` from a (news) sitemap.
    """
    cands = [*jsonld_candidates(page), *meta_candidates(page), *markup_candidates(page),
             *hint_candidates(hints), *url_candidates(page)]
    cands = choose.usable(cands, page.fetched_at)
    need = "headline" if page.date_selector else None
    need = _text_needed(cands) or need
    if need:
        cands += choose.usable(_absolute(text_candidates(page, full=need == "full"), page), page.fetched_at)
    if need == "full":
        cands += choose.usable(list(script_candidates(page)), page.fetched_at)
    pub = choose.best(cands, PUBLISHED)
    mod = choose.best(cands, MODIFIED)
    if pub is not None:
        pub = choose.consensus(pub, cands)
        pub = choose.refine(choose.earlier_shown(choose.stated_original(pub, cands), cands), cands)
    if mod is not None:
        mod = choose.refine(mod, cands)
    published = _value(pub, page)
    modified = _value(mod, page)
    if published and modified and modified.utc < published.utc and modified.precision != "day":
        modified = None
    return DateFields(published, modified)


def _text_needed(cands: list[Candidate]) -> str | None:
    """How much of the visible text to read: none when the markup gives the publication time
    with a local offset; the headline's surroundings when it gives only a day, a zone-less time
    or UTC (the visible date then tells the clock or the publisher's local day); the whole
    page when the markup gives no publication date."""
    for c in cands:
        if c.role == PUBLISHED and c.tier <= SITEMAP:
            s = c.stamp
            return "headline" if s.clock is None or not s.offset else None
    return "full"


def _absolute(cands: list[Candidate], page: Page) -> list[Candidate]:
    out = []
    for c in cands:
        if c.stamp.ago is not None:
            if page.fetched_at is None:
                continue
            c = replace(c, stamp=resolve_relative(c.stamp, page.fetched_at, page.tz))
        out.append(c)
    return out


def _value(c: Candidate | None, page: Page) -> DateValue | None:
    return to_value(c.stamp, c.source, c.raw, page.tz) if c is not None else None
