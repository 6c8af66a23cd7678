"""Choose the publication and modification dates among the candidates.

Precedence (lower tier wins; within a tier, the lower ``order``):

0. ``selector`` — the site's own ``date_selector`` (registry), when it matches;
1. ``json-ld`` — ``datePublished`` (else ``dateCreated``) / ``dateModified`` of an
   article-type object (``NewsArticle``, ``BlogPosting``…, in ``@graph`` too);
2. ``meta`` — ``article:published_time``, ``itemprop``, Dublin Core, parsely, sailthru… in
   the order of ``newscrawl/data/dates/sources.toml``;
3. ``json-ld`` of a page-level object (``WebPage``);
4. ``markup`` — a visible element with ``itemprop="datePublished"``;
5. ``sitemap`` — the news sitemap's ``publication_date`` (``lastmod`` for modified);
6. ``text`` / ``time`` — a visible date or ``<time datetime>`` next to the headline, the
   nearest first (a "Published" label counts as 300 characters nearer);
7. ``url`` — a day in the URL path (else in the canonical URL the page declares);
8. ``script`` — a publication key of an inline script (``dataLayer``, app state), read only
   when the markup gives no publication date;
9. ``text`` / ``time`` far from the headline (date-classed elements, hAtom ``<abbr title>``,
   ``<time>`` elsewhere, a dated line anywhere, a labelled "Published:" line in a footer), then
   dates inside running prose, then a date in the page's description.

A candidate of role ``modified`` never becomes the publication date; one of role ``any``
(unlabelled markup or text) may be either, and counts as published. Candidates later than
the fetch (plus one day of zone slop) are dropped; so are copyright years (never found as
days, and the text search skips dates after a copyright mark).

A last save is not a publication: when the markup's publication time is the very instant of
its modification time and the visible date nearest the headline is labelled as the publication
("Published …", or followed at once by "Updated …") and names an earlier day, it wins.

A key that names "a date" without saying which (``<meta name="date">``, TYPO3's last change)
gives way to an earlier day shown next to the headline.

Consensus: when the other kinds of evidence (JSON-LD, meta, markup, the visible date next to
the headline…) agree on another day — two kinds or more, and more kinds than back the
winner — their day wins (a JSON-LD ``datePublished`` two days before the ``og`` time and
the visible date is a stale value of the CMS). The site's ``date_selector`` is never overruled.

The winner is then made as precise as the page allows, without inventing anything:

* a wall time with no offset takes the offset of another candidate that gives the same
  wall time with one (``2023-04-28 18:11:01`` + ``2023-04-28T18:11:01+02:00``);
* a UTC rendering gives way to another rendering of the same instant with a local offset,
  or to a zone-less wall time that sits a whole-quarter-hour offset away (sailthru's
  ``22:28:35`` beside ``03:28:35Z``) — the publisher's local time;
* when the page only ever gives the instant in UTC and its visible date names another
  day, the visible (local) day wins; with a visible clock too, the offset follows from it;
* a day alone takes the clock of another candidate of the same day.

Then :func:`.parse.to_value` applies the site's zone to a zone-less time (``+site-tz``), or
keeps just the day when no zone is known.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from typing import Iterable

from .evidence import GENERIC, JSONLD_PAGE, MODIFIED, NEAR, PUBLISHED, SCRIPT, SELECTOR, TEXT, Candidate
from ...dates.parse import Stamp

_SLOP = timedelta(days=1)
_QUARTER = timedelta(minutes=15)
_LABELLED = 30  # a date labelled "Published" counts as 300 characters nearer the headline


def usable(cands: Iterable[Candidate], fetched_at: datetime | None) -> list[Candidate]:
    """Drop what cannot be a date of this page: after the fetch (when the fetch time is known), or absurdly early."""
    limit = fetched_at + _SLOP if fetched_at is not None else None
    if limit is not None and limit.tzinfo is None:
        limit = limit.replace(tzinfo=timezone.utc)
    out = []
    for c in cands:
        s = c.stamp
        if s.day is None or s.day.year < 1900 or s.day == date(1970, 1, 1):
            continue
        if c.tier >= TEXT and s.day.year < 1990:
            continue
        at = s.instant() or datetime.combine(s.day, datetime.min.time(), timezone.utc)
        if limit is not None and at > limit:
            continue
        out.append(c)
    return out


def best(cands: list[Candidate], role: str) -> Candidate | None:
    allowed = (PUBLISHED, "any") if role == PUBLISHED else (MODIFIED,)
    pool = [c for c in cands if c.role in allowed]
    if not pool:
        return None
    return min(pool, key=lambda c: (_rank(c), c.order - (_LABELLED if c.role == role else 0)))


def consensus(win: Candidate, cands: list[Candidate]) -> Candidate:
    """The winner, unless the page's other kinds of evidence agree on another day (the site's
    own ``date_selector`` is never overruled)."""
    if win.tier == SELECTOR:
        return win
    kinds: dict = {}
    for c in cands:
        if c.role in (PUBLISHED, "any") and _trusted(c) and c.stamp.day is not None:
            kinds.setdefault(c.stamp.day, set()).add(c.source.split("+")[0] if c.tier != JSONLD_PAGE else "json-ld")
    mine = kinds.get(win.stamp.day, set())
    for day, k in kinds.items():
        if day != win.stamp.day and len(k) >= 2 and len(k) > len(mine):
            return min((c for c in cands if c.stamp.day == day and c.role in (PUBLISHED, "any") and _trusted(c)),
                       key=lambda c: (_rank(c), c.order))
    return win


def stated_original(win: Candidate, cands: list[Candidate]) -> Candidate:
    """The winner, unless the markup's publication time is the very instant of its modification
    time (a CMS writing the last save into both) and the page shows, next to the headline, an
    earlier day it labels as the publication ("Published …", "… / Updated 8 hours ago")."""
    at = win.stamp.instant()
    if win.tier >= TEXT or at is None:
        return win
    if not any(c.role == MODIFIED and c.tier < TEXT and c.stamp.instant() == at for c in cands):
        return win
    return _earlier_shown(win, cands, (PUBLISHED,))


def earlier_shown(win: Candidate, cands: list[Candidate]) -> Candidate:
    """The winner, unless it comes from a meta key that does not say which date it is
    (``<meta name="date">``, a CMS's last change) and the visible date nearest the headline
    names an earlier day: that is the publication."""
    if not (win.source == "meta" and win.order >= GENERIC):
        return win
    return _earlier_shown(win, cands, (PUBLISHED, "any"))


def _earlier_shown(win: Candidate, cands: list[Candidate], roles: tuple[str, ...]) -> Candidate:
    """The visible date nearest the headline (of one of ``roles``: the page's own, not a teaser's
    further down) when it names a day before the winner's; else the winner."""
    shown = [c for c in cands if c.tier == TEXT and c.order < NEAR and c.role in roles and c.stamp.day is not None]
    nearest = min(shown, key=lambda c: c.order, default=None)
    return nearest if nearest is not None and nearest.stamp.day < win.stamp.day else win


def _rank(c: Candidate) -> float:
    """The tier, except that a visible date far from the headline ranks after the URL's day
    and the scripts' publication keys."""
    if c.tier == TEXT and c.order >= NEAR:
        return SCRIPT + 0.5
    return c.tier


def refine(win: Candidate, cands: list[Candidate]) -> Candidate:
    """Make the winner as precise and as local as the other evidence allows."""
    s = win.stamp
    others = [c for c in cands if c is not win]
    if s.clock is not None and s.offset is None:
        for c in others:
            o = c.stamp
            if o.offset is not None and o.wall() is not None and _same_wall(o, s):
                return replace(win, stamp=s.with_offset(o.offset))
        return win
    if s.clock is not None and s.offset == timedelta(0):
        return _localise(win, others)
    if s.clock is None:
        for c in sorted(others, key=lambda c: (c.tier, c.order)):
            o = c.stamp
            if o.day == s.day and o.clock is not None and c.role != MODIFIED and _trusted(c):
                return replace(win, stamp=o)
    return win


def _trusted(c: Candidate) -> bool:
    """Markup, or a visible date next to the headline (not one picked up elsewhere on the page)."""
    return c.tier < TEXT or (c.tier == TEXT and c.order < NEAR)


def _same_wall(a: Stamp, b: Stamp) -> bool:
    wa, wb = a.wall(), b.wall()
    if a.seconds and b.seconds:
        return wa == wb
    return wa.replace(second=0) == wb.replace(second=0)


def _localise(win: Candidate, others: list[Candidate]) -> Candidate:
    s = win.stamp
    at = s.instant()
    for c in others:  # the same instant, written with a local offset
        o = c.stamp
        if o.offset not in (None, timedelta(0)) and o.instant() is not None and abs(o.instant() - at) < timedelta(seconds=60):
            return replace(win, stamp=replace(s, day=o.day, clock=o.clock, offset=o.offset))
    utc_wall = at.replace(tzinfo=None)
    for c in others:  # a zone-less wall time a plausible offset away
        o = c.stamp
        if o.offset is None and o.wall() is not None and _trusted(c):
            delta = _offset_between(o, utc_wall)
            if delta and _plausible(delta):
                return replace(win, stamp=_shifted(s, delta))
    visible = [c for c in others if c.tier == TEXT and c.role != MODIFIED and c.stamp.offset is None]
    if not visible:
        return win
    c = min(visible, key=lambda c: (c.tier, c.order))  # the page's own visible date
    o = c.stamp
    if abs((o.day - s.day).days) != 1 or c.order >= NEAR:
        return win
    if o.clock is not None:
        delta = _offset_between(o, utc_wall)
        if delta is not None and _plausible(delta):
            return replace(win, stamp=_shifted(s, delta))
        return win
    start = datetime.combine(o.day, datetime.min.time())
    if start - timedelta(hours=14) <= utc_wall < start + timedelta(days=1, hours=12):
        return replace(c, role=win.role)
    return win


def _shifted(s: Stamp, offset: timedelta) -> Stamp:
    """The same instant as ``s``, written at ``offset``."""
    local = s.instant().astimezone(timezone(offset))
    return replace(s, day=local.date(), clock=local.time().replace(tzinfo=None), offset=offset)


def _offset_between(local: Stamp, utc_wall: datetime) -> timedelta | None:
    """The offset that turns ``utc_wall`` into the wall time of ``local`` (to its precision)."""
    if local.seconds:
        return local.wall() - utc_wall
    return local.wall() - utc_wall.replace(second=0, microsecond=0)


def _plausible(delta: timedelta) -> bool:
    return -timedelta(hours=12) <= delta <= timedelta(hours=14) and delta % _QUARTER == timedelta(0)
