"""Extraction quality on the labelled dev corpora, newscrawl beside plain trafilatura.

    python benchmarks/quality.py                 # every corpus
    python benchmarks/quality.py --corpus fundus --failures authors

Prints one table per corpus: each field scored with the metric of
../shared/corpus/README.md, for newscrawl and for plain trafilatura run in the
same process on the same pages.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path
from dataclasses import dataclass, field

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import trafilatura  # noqa: E402

from benchmarks import corpus, metrics  # noqa: E402
import newscrawl  # noqa: E402
from newscrawl.page import NotHTML, Page  # noqa: E402
from newscrawl.extraction.residue import residue_lines  # noqa: E402

# U+FFFD, or UTF-8 read as a single-byte code page (Ã©, â€™, Ð¾…)
_MOJIBAKE = re.compile(r"\ufffd|[ÃÂ][\u0080-\u00bf]|â€[\u0080-\u00bf\u2018-\u203a\u2122]|[ÐÑ][\u0080-\u00bf]")


@dataclass
class Tally:
    body: metrics.BodyScore = field(default_factory=metrics.BodyScore)
    counts: dict[str, list[int]] = field(default_factory=dict)  # name -> [hits, total]
    seconds: float = 0.0

    def count(self, name: str, hit: bool) -> None:
        c = self.counts.setdefault(name, [0, 0])
        c[0] += int(hit)
        c[1] += 1

    def rate(self, name: str) -> str:
        hits, total = self.counts.get(name, [0, 0])
        return f"{hits / total:.3f}" if total else "-"


def plain_trafilatura(page: corpus.CorpusPage) -> dict:
    # trafilatura's defaults (as in the corpus README's reference figures), comments left out
    doc = trafilatura.bare_extraction(page.body, url=page.url, with_metadata=True, include_comments=False)
    if doc is None:
        return {}
    return {"text": doc.text or "", "title": doc.title, "authors": [a.strip() for a in (doc.author or "").split(";") if a.strip()],
            "agencies": [], "published": doc.date}


def ours(page: corpus.CorpusPage) -> dict:
    try:
        art = newscrawl.extract(page.body, page.url, headers=page.headers, fetched_at=page.fetched_at)  # the record's WARC-Date
    except NotHTML:
        return {}
    return {"text": art.text or "", "title": art.title, "authors": art.authors, "agencies": art.agencies,
            "published": art.published, "language": art.language}


def score(tally: Tally, page: corpus.CorpusPage, out: dict, failures: list, want: str | None) -> None:
    truth = page.truth
    text = out.get("text", "")
    if "body" in truth:
        p, r = tally.body.add(truth["body"], text)
        if want == "body" and p + r < 1.9:
            failures.append((page.url, f"P={p:.3f} R={r:.3f}"))
    tally.count("residue", bool(residue_lines(text)))
    if want == "residue" and residue_lines(text):
        failures.append((page.url, residue_lines(text)[:3]))
    tally.count("mojibake", bool(_MOJIBAKE.search(text + (out.get("title") or ""))))
    if want == "mojibake" and _MOJIBAKE.search(text):
        failures.append((page.url, _MOJIBAKE.findall(text)[:5]))
    checks = []
    if "title" in truth:
        checks.append(("title", metrics.title_ok(truth["title"], out.get("title")), truth["title"], out.get("title")))
    if "authors" in truth:
        ok = metrics.authors_ok(truth["authors"], out.get("authors", []), out.get("agencies", []))
        checks.append(("authors", ok, truth["authors"], (out.get("authors"), out.get("agencies"))))
    if isinstance(truth.get("published"), str):  # 3 htmldate labels are NaN: no label, not scored
        checks.append(("day", metrics.day_ok(truth["published"], out.get("published")), truth["published"], out.get("published")))
        if metrics.has_time(truth["published"]):
            checks.append(("instant", metrics.instant_ok(truth["published"], out.get("published")), truth["published"], out.get("published")))
    for name, ok, expected, got in checks:
        tally.count(name, ok)
        if want == name and not ok:
            failures.append((page.url, f"want {expected!r} got {got!r}"))
    if "language" in out:
        declared = Page(page.url, page.body, page.headers).declared_language
        if declared:
            tally.count("lang-agrees", declared == out["language"])


ROWS = [
    ("body precision", lambda t: f"{t.body.precision:.3f}" if t.body.precisions else "-"),
    ("body recall", lambda t: f"{t.body.recall:.3f}" if t.body.recalls else "-"),
    ("body F1", lambda t: f"{t.body.f1:.3f}" if t.body.precisions else "-"),
    ("title", lambda t: t.rate("title")),
    ("authors", lambda t: t.rate("authors")),
    ("day", lambda t: t.rate("day")),
    ("instant (60 s)", lambda t: t.rate("instant")),
    ("residue rate", lambda t: t.rate("residue")),
    ("mojibake rate", lambda t: t.rate("mojibake")),
    ("lang = declared", lambda t: t.rate("lang-agrees")),
]


def run(name: str, failures_of: str | None) -> None:
    pages = corpus.load(name)
    tallies = {"newscrawl": Tally(), "trafilatura": Tally()}
    failures: list = []
    for label, fn in (("newscrawl", ours), ("trafilatura", plain_trafilatura)):
        for page in pages:
            t0 = time.perf_counter()
            out = fn(page)
            tallies[label].seconds += time.perf_counter() - t0  # the extraction only, not the scoring
            score(tallies[label], page, out, failures if label == "newscrawl" else [], failures_of)
    print(f"\n## {name}: {len(pages)} pages")
    print("| field | newscrawl | plain trafilatura |")
    print("|---|---|---|")
    for row, fn in ROWS:
        a, b = fn(tallies["newscrawl"]), fn(tallies["trafilatura"])
        if a == "-" and b == "-":
            continue
        print(f"| {row} | {a} | {b} |")
    print(f"| pages/s | {len(pages) / tallies['newscrawl'].seconds:.1f} | {len(pages) / tallies['trafilatura'].seconds:.1f} |")
    if failures_of:
        print(f"\n### {name}: failures on {failures_of} ({len(failures)})")
        for url, detail in failures:
            print(f"- {url}\n    {detail}")


def run_demo() -> None:
    """The demo site: residue judged by the phrases tests/expected/demo.json lists for each page
    (written by hand from the seeds, independent of the cleaner's own patterns), beside plain trafilatura."""
    import json
    from datetime import datetime, timezone


    root = Path(__file__).resolve().parent.parent
    expected = json.loads((root / "tests" / "expected" / "demo.json").read_text(encoding="utf-8"))["articles"]
    site_dir = root / "newscrawl" / "demo" / "site"
    base = "http://127.0.0.1:8000"
    counts = {"newscrawl": 0, "trafilatura": 0}
    for item in expected:
        path = item["path"].lstrip("/")
        file = site_dir / (path + "index.html" if path.endswith("/") else path)
        body = file.read_bytes().replace(b"{{base}}", base.encode())
        url = f"{base}/{path}"
        ours_text = newscrawl.extract(body, url, headers={"content-type": "text/html"}, site="demo",
                                      fetched_at=datetime(2024, 12, 10, tzinfo=timezone.utc)).text or ""
        plain = trafilatura.bare_extraction(body, url=url, include_comments=False)
        for label, text in (("newscrawl", ours_text), ("trafilatura", (plain.text if plain else "") or "")):
            counts[label] += any(phrase in text for phrase in item["must_not_contain"])
    n = len(expected)
    print(f"\n## demo site: {n} pages (residue = a page whose text holds any listed residue phrase)")
    print("| field | newscrawl | plain trafilatura |")
    print("|---|---|---|")
    print(f"| residue rate | {counts['newscrawl'] / n:.3f} | {counts['trafilatura'] / n:.3f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", action="append", choices=corpus.NAMES, help="only this corpus (repeatable)")
    ap.add_argument("--failures", metavar="FIELD", help="list the pages that fail FIELD: body, title, authors, day, instant, residue, mojibake")
    args = ap.parse_args()
    for name in args.corpus or corpus.NAMES:
        run(name, args.failures)
    if not args.corpus:
        run_demo()


if __name__ == "__main__":
    main()
