"""One tally of figures per corpus (or fold): each page's output scored with the metric of ../shared/corpus/README.md."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from benchmarks import metrics
from benchmarks.corpus import CorpusPage
from newscrawl.page import Page

# U+FFFD, or UTF-8 read as a single-byte code page (Ã©, â€™, Ð¾…)
_MOJIBAKE = re.compile(r"\ufffd|[ÃÂ][\u0080-\u00bf]|â€[\u0080-\u00bf\u2018-\u203a\u2122]|[ÐÑ][\u0080-\u00bf]")

FIELDS = ("body", "snippets", "title", "authors", "day", "instant", "mojibake")


@dataclass
class Tally:
    body: metrics.BodyScore = field(default_factory=metrics.BodyScore)
    snippets: metrics.SnippetScore = field(default_factory=metrics.SnippetScore)
    counts: dict[str, list[int]] = field(default_factory=dict)  # name -> [hits, total]

    def count(self, name: str, hit: bool) -> None:
        c = self.counts.setdefault(name, [0, 0])
        c[0] += int(hit)
        c[1] += 1

    def rate(self, name: str) -> float | None:
        hits, total = self.counts.get(name, [0, 0])
        return hits / total if total else None

    def figures(self) -> dict[str, float | None]:
        """Every figure of this tally by name; None where the corpus has no label for it."""
        body = bool(self.body.precisions)
        snippets = bool(self.snippets.tp + self.snippets.fn)
        return {
            "body precision": self.body.precision if body else None,
            "body recall": self.body.recall if body else None,
            "body F1": self.body.f1 if body else None,
            "snippet precision": self.snippets.precision if snippets else None,
            "snippet recall": self.snippets.recall if snippets else None,
            "snippet F1": self.snippets.f1 if snippets else None,
            "title": self.rate("title"),
            "authors": self.rate("authors"),
            "day": self.rate("day"),
            "instant (60 s)": self.rate("instant"),
            "mojibake rate": self.rate("mojibake"),
            "lang = declared": self.rate("lang-agrees"),
        }


def score(tally: Tally, page: CorpusPage, out: dict) -> list[tuple[str, object]]:
    """Add one page's output to the tally; return its failures as (field, detail)."""
    truth = page.truth
    text = out.get("text", "")
    failures: list[tuple[str, object]] = []
    if "body" in truth:
        p, r = tally.body.add(truth["body"], text)
        if p + r < 1.9:
            failures.append(("body", f"P={p:.3f} R={r:.3f}"))
    if "with" in truth or "without" in truth:
        missed, found = tally.snippets.add(truth.get("with", []), truth.get("without", []), text)
        if missed or found:
            failures.append(("snippets", f"missed {missed!r} kept {found!r}"))
    mojibake = _MOJIBAKE.findall(text + (out.get("title") or ""))
    tally.count("mojibake", bool(mojibake))
    if mojibake:
        failures.append(("mojibake", mojibake[:5]))
    checks = []
    if "title" in truth:
        checks.append(("title", metrics.title_ok(truth["title"], out.get("title")), truth["title"], out.get("title")))
    if "authors" in truth:
        ok = metrics.authors_ok(truth["authors"], out.get("authors", []), out.get("agencies", []))
        checks.append(("authors", ok, truth["authors"], (out.get("authors"), out.get("agencies"))))
    if isinstance(truth.get("published"), str):  # 3 htmldate labels are NaN: no label, not scored
        got = out.get("published")
        checks.append(("day", metrics.day_ok(truth["published"], got), truth["published"], got))
        if metrics.has_time(truth["published"]):
            checks.append(("instant", metrics.instant_ok(truth["published"], got), truth["published"], got))
    for name, ok, expected, got in checks:
        tally.count(name, ok)
        if not ok:
            failures.append((name, f"want {expected!r} got {got!r}"))
    if "language" in out:
        declared = Page(page.url, page.body, page.headers).declared_language
        if declared:
            tally.count("lang-agrees", declared == out["language"])
    return failures
