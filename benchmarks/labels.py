"""How far the dev labels let any rule go: an audit of the two figures issues 3 and 4 miss.

    python benchmarks/labels.py

Titles (fundus): each page states its headline in several places (JSON-LD, og:title,
twitter:title, <h1>, <title>, <meta name=title>). fundus's labels come from per-publisher
parsers, each taking one of them. The audit groups the pages by which of those sources agree
with each other (the only thing a rule that picks a source can go by), gives each group its
best fixed source, and prints the total: no source-picking rule can do better on these pages.

Publication days (htmldate): every page newscrawl gets wrong is sorted by what its label is,
judged from the page's own evidence (the same candidates the date finder reads).
"""
from __future__ import annotations

import os
import sys
from collections import Counter, defaultdict
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from benchmarks import corpus, metrics  # noqa: E402
from newscrawl.extraction.dates.evidence import MODIFIED, jsonld_candidates, markup_candidates, meta_candidates  # noqa: E402
from newscrawl.extraction.dates.text import text_candidates  # noqa: E402
import newscrawl  # noqa: E402
from newscrawl.page import NotHTML, Page  # noqa: E402
from newscrawl.extraction.title import _key, _sections, candidates, site_keys, strip_site  # noqa: E402

SOURCES = ("ld", "og", "twitter", "h1", "title", "meta")


def title_ceiling() -> None:
    groups: dict[tuple, list[dict[str, bool]]] = defaultdict(list)
    ours = total = unmatched = 0
    for p in corpus.load("fundus"):
        want = p.truth.get("title")
        if not want:
            continue
        total += 1
        page = Page(p.url, p.body, p.headers)
        ours += metrics.title_ok(want, newscrawl.extract(p.body, p.url, headers=p.headers, fetched_at=p.fetched_at).title)
        keys, sections = site_keys(page), _sections(page)
        texts: dict[str, str] = {}
        for source, text in candidates(page):
            texts.setdefault(source, strip_site(text, keys, sections))
        present = [s for s in SOURCES if s in texts]
        # which sources agree: each source points to the first source with the same text
        pattern = tuple((s, next(o for o in present if _key(texts[o]) == _key(texts[s]))) for s in present)
        hits = {s: metrics.title_ok(want, texts[s]) for s in present}
        unmatched += not any(hits.values())
        groups[pattern].append(hits)
    best = sum(max([sum(h[s] for h in pages) for s, _ in pattern] + [0]) for pattern, pages in groups.items())
    print("\n## fundus titles: the best any source-picking rule can do")
    print("| figure | pages | share |")
    print("|---|---|---|")
    print(f"| newscrawl | {ours} | {ours / total:.3f} |")
    print(f"| best fixed source per agreement pattern ({len(groups)} patterns) | {best} | {best / total:.3f} |")
    print(f"| label equal to no source on the page | {unmatched} | {unmatched / total:.3f} |")
    print(f"| goal | {int(0.95 * total + 0.999)} | 0.950 |")


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def date_misses() -> None:
    kinds: Counter = Counter()
    listed: dict[str, list[str]] = defaultdict(list)
    scored = 0
    for p in corpus.load("htmldate"):
        want = p.truth.get("published")
        if not isinstance(want, str):
            continue
        scored += 1
        try:
            art = newscrawl.extract(p.body, p.url, headers=p.headers, fetched_at=p.fetched_at)
        except NotHTML:
            art = None
        got = art.published if art else None
        if metrics.day_ok(want, got):
            continue
        label = _day(want)
        page = Page(p.url, p.body, p.headers, fetched_at=p.fetched_at)
        try:
            cands = [*jsonld_candidates(page), *meta_candidates(page), *markup_candidates(page),
                     *text_candidates(page, full=True)]
        except NotHTML:
            cands = []
        days = {c.stamp.day for c in cands}
        modified = {c.stamp.day for c in cands if c.role == MODIFIED}
        utc_day = art.published_utc.date() if art and art.published_utc else None
        if got and "T" in got and not got.endswith("+00:00") and utc_day == label:
            kind = "label is the UTC day of the local time we keep"
        elif label in modified:
            kind = "label is a day the page marks as modified (dateModified, 'Updated')"
        elif got and got.endswith("+00:00") and label not in days and abs((_day(got) - label).days) == 1:
            kind = "label is a day off an instant the page gives in UTC only"
        elif label not in days:
            kind = "label day stated nowhere we read (no date, or a form not read)"
        else:
            kind = "label is another of the page's dates, not marked as the publication"
        kinds[kind] += 1
        listed[kind].append(f"{p.url[:90]}  label {want[:10]}  ours {got}")
    print(f"\n## htmldate: the {sum(kinds.values())} missed publication days of {scored}, by what the label is")
    print("| label | pages |")
    print("|---|---|")
    for kind, n in kinds.most_common():
        print(f"| {kind} | {n} |")
    for kind, n in kinds.most_common():
        print(f"\n### {kind}")
        for line in listed[kind]:
            print(f"- {line}")


if __name__ == "__main__":
    title_ceiling()
    date_misses()
