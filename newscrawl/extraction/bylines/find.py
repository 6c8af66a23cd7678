"""The byline of a page: people apart from agencies, from the best evidence the page gives.

Order of trust:

0. the registry's ``byline_selector`` for the site, when it credits somebody;
1. JSON-LD ``author`` of the article: Person -> authors, Organization -> agencies (the site
   itself aside). The visible byline replaces it when it names the same people and more
   ("Ingrid Treborg, Marlene Lundberg Holm" beside JSON-LD's one), or shows them as editors;
2. otherwise the first of these that names a person: the credit lines the body cleaner took out
   of the text ("By Khagan Isayev"), the ``author`` meta tags, the visible byline near the
   headline; failing a person, the first that names an agency;
3. when JSON-LD credits nobody but the site itself, that credit ("DER SPIEGEL") stands as agency.

Agencies named by credit lines ("mit dpa", "(AFP)") join the people found elsewhere.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...bylines.names import is_house_credit
from .sources import Found, from_credits, from_jsonld, from_meta, page_sites
from ...bylines.split import Split
from .visible import from_selector, from_visible
from ...bylines.vocab import agency_key, known_agency

if TYPE_CHECKING:
    from ...page.document import Page


@dataclass
class Byline:
    """What :func:`find_byline` returns: ``Article.authors``, ``.agencies`` and ``.byline_raw``."""

    authors: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    raw: str | None = None


def _fold(names: tuple[str, ...]) -> set[str]:
    return {" ".join(n.casefold().split()) for n in names}


def _agency_key(name: str) -> str:
    return agency_key(known_agency(name) or name)


def _byline(found: Found, also: tuple[str, ...] = (), extra: tuple[str, ...] = ()) -> Byline:
    """``found`` as a Byline, with the agencies ``also`` and those of ``extra`` (credit lines)
    that are wire services or newsrooms."""
    agencies: list[str] = []
    seen: set[str] = set()
    for a in (*found.split.agencies, *also, *(x for x in extra if known_agency(x) or is_house_credit(x))):
        if _agency_key(a) not in seen:
            seen.add(_agency_key(a))
            agencies.append(a)
    return Byline(authors=list(found.split.authors), agencies=agencies, raw=found.raw)


def _visible_wins(ld: Split, seen: Split) -> bool:
    """The visible byline names everyone JSON-LD does and more, or shows JSON-LD's people as editors."""
    people, shown = _fold(ld.authors), _fold(seen.authors)
    if not shown:
        return False
    return people < shown or (people <= _fold(seen.others) and not people & shown)


def find_byline(page: "Page", credits: list[str] | None = None) -> Byline:
    """Authors, agencies and the raw credit of ``page``; ``credits`` are credit lines cut from its text."""
    sites = page_sites(page)
    if page.byline_selector:
        chosen = from_selector(page, page.byline_selector, sites)
        if chosen.split:
            return _byline(chosen)

    from_lines = from_credits(credits, sites)
    ld = from_jsonld(page, sites)
    if ld.split.authors:
        seen = from_visible(page, sites, look_on=1, near=True)
        if _visible_wins(ld.split, seen.split):
            return _byline(seen, also=ld.split.agencies, extra=from_lines.split.agencies)
        return _byline(ld, extra=from_lines.split.agencies)
    if ld.split.agencies:
        return _byline(ld, extra=from_lines.split.agencies)

    if from_lines.split.authors:
        return _byline(from_lines)
    meta = from_meta(page, sites)
    if meta.split.authors:
        return _byline(meta, extra=from_lines.split.agencies)
    seen = from_visible(page, sites)  # the costliest source: read only when the others name nobody
    if seen.split.authors:
        return _byline(seen, extra=from_lines.split.agencies)
    for found in (from_lines, meta, seen):
        if found.split.agencies:
            return _byline(found)
    if ld.split.site:
        # JSON-LD names the outlet itself as the author: its newsroom's credit, like "Staff".
        # A site name in loose meta tags or the page's chrome credits nobody.
        return Byline(agencies=[ld.split.site[0]], raw=ld.raw)
    return Byline(raw=meta.raw or seen.raw)
