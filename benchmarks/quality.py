"""Extraction quality on the labelled dev corpora, newscrawl beside plain trafilatura.

    python benchmarks/quality.py                      # every corpus
    python benchmarks/quality.py --corpus fundus --failures authors
    python benchmarks/quality.py --check              # exit 1 when a figure falls below benchmarks/floors.toml
    python benchmarks/quality.py --folds 5            # each figure per site-disjoint fold, with its spread
    python benchmarks/quality.py --folds 5 --ablate residue           # what each residue list adds, per fold
    python benchmarks/quality.py --ablate residue/share --ablate residue/related
    python benchmarks/quality.py --folds 5 --ablate dates/htmldate    # what htmldate's day adds where we find none

Prints one table per corpus: each field scored with the metric of ../shared/corpus/README.md,
for newscrawl and for plain trafilatura run in the same process on the same pages. ``--folds K``
splits every corpus by site (registered domain, see benchmarks/folds.py) into K folds. ``--ablate
FAMILY`` runs newscrawl again with that rule family switched off (newscrawl/ablation.py; ``residue``
names every file of newscrawl/data/residue; ``dates/htmldate`` is htmldate as a date source) and prints what the family adds: the figure with it
minus the figure without it, on the whole corpus and on each fold.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from benchmarks import corpus, floors, systems  # noqa: E402
from benchmarks.folds import fold_of, site_of  # noqa: E402
from benchmarks.scoring import FIELDS, Tally, score  # noqa: E402
from benchmarks.trafilatura_memo import trafilatura_once  # noqa: E402
from newscrawl import ablation, data  # noqa: E402
from newscrawl.extraction.dates.library import FAMILY as HTMLDATE  # noqa: E402

ROWS = ("body precision", "body recall", "body F1", "snippet precision", "snippet recall", "snippet F1", "title",
        "authors", "day", "instant (60 s)", "mojibake rate", "lang = declared")
LABELS = {"newscrawl": "newscrawl", "trafilatura": "plain trafilatura"}
HEADLINE = ("body F1", "snippet F1", "title", "authors", "day", "instant (60 s)")  # the figures shown per fold


@dataclass
class Run:
    """One extractor's output on every page of a corpus, and the seconds the extraction alone took."""

    outputs: list[dict]
    seconds: float


def extract_all(pages: list[corpus.CorpusPage], fn: Callable[[corpus.CorpusPage], dict]) -> Run:
    outputs, seconds = [], 0.0
    for page in pages:
        t0 = time.perf_counter()
        outputs.append(fn(page))
        seconds += time.perf_counter() - t0  # the extraction only, not the scoring
    return Run(outputs, seconds)


def figures(pages: list[corpus.CorpusPage], run: Run, keep: Callable[[corpus.CorpusPage], bool] = lambda p: True,
            failures: list | None = None) -> dict[str, float | None]:
    tally = Tally()
    for page, out in zip(pages, run.outputs):
        if keep(page):
            for name, detail in score(tally, page, out):
                if failures is not None:
                    failures.append((name, page.url, detail))
    return tally.figures()


def per_fold(pages: list[corpus.CorpusPage], run: Run, k: int) -> list[dict[str, float | None]]:
    return [figures(pages, run, lambda p, i=i: fold_of(p.url, k) == i) for i in range(k)]


def _fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _spread(values: list[float | None]) -> str:
    got = [v for v in values if v is not None]
    return f"{min(got):.3f}–{max(got):.3f} ({max(got) - min(got):.3f})" if got else "-"


def print_table(name: str, pages: list[corpus.CorpusPage], runs: dict[str, Run], failures_of: str | None) -> None:
    failures: list = []
    figs = {label: figures(pages, run, failures=failures if label == "newscrawl" else None) for label, run in runs.items()}
    print(f"\n## {name}: {len(pages)} pages")
    print("| field | newscrawl | plain trafilatura |")
    print("|---|---|---|")
    for row in ROWS:
        a, b = figs["newscrawl"][row], figs["trafilatura"][row]
        if a is not None or b is not None:
            print(f"| {row} | {_fmt(a)} | {_fmt(b)} |")
    speed = {label: len(pages) / run.seconds for label, run in runs.items()}
    print(f"| pages/s | {speed['newscrawl']:.1f} | {speed['trafilatura']:.1f} |")
    if failures_of:
        wanted = [(url, detail) for field, url, detail in failures if field == failures_of]
        print(f"\n### {name}: failures on {failures_of} ({len(wanted)})")
        for url, detail in wanted:
            print(f"- {url}\n    {detail}")


def print_folds(name: str, pages: list[corpus.CorpusPage], runs: dict[str, Run], k: int) -> None:
    sizes = [sum(fold_of(p.url, k) == i for p in pages) for i in range(k)]
    sites = [len({site_of(p.url) for p in pages if fold_of(p.url, k) == i}) for i in range(k)]
    print(f"\n## {name}: {len(pages)} pages in {k} site-disjoint folds "
          f"(pages {' / '.join(map(str, sizes))}; sites {' / '.join(map(str, sites))})")
    print("| figure | extractor | all | " + " | ".join(f"fold {i}" for i in range(k)) + " | min–max (spread) |")
    print("|---|---|---|" + "---|" * k + "---|")
    for label, run in runs.items():
        whole, folds = figures(pages, run), per_fold(pages, run, k)
        for row in HEADLINE:
            if whole[row] is None:
                continue
            values = [f[row] for f in folds]
            print(f"| {row} | {LABELS[label]} | {_fmt(whole[row])} | " + " | ".join(map(_fmt, values)) + f" | {_spread(values)} |")


def residue_families() -> list[str]:
    """One family per file of newscrawl/data/residue: ``residue/share``, ``residue/blocks``…"""
    files = data.names("residue", ".txt") + data.names("residue", ".toml")
    return sorted(f"residue/{name.rpartition('.')[0]}" for name in files)


def expand(families: list[str]) -> list[str]:
    residue = residue_families()
    known = [*residue, HTMLDATE]
    out: list[str] = []
    for family in families:
        names = residue if family == "residue" else [family]
        for one in names:
            if one not in known:
                raise SystemExit(f"quality.py: unknown rule family {one!r} (known: residue, {', '.join(known)})")
            if one not in out:
                out.append(one)
    return out


def print_ablation(name: str, pages: list[corpus.CorpusPage], base: Run, families: list[str], k: int) -> None:
    """What each family adds: the figure with it minus the figure without it, overall and per fold."""
    whole, folds = figures(pages, base), per_fold(pages, base, k) if k else []
    print(f"\n## {name}: what each rule family adds (figure with it − without it; + means it helps)")
    print("| family | figure | all |" + "".join(f" fold {i} |" for i in range(k)))
    print("|---|---|---|" + "---|" * k)
    idle = []
    with trafilatura_once():
        for family in families:
            with ablation.without(family):
                run = extract_all(pages, systems.newscrawl)
            rows = family_rows(family, whole, folds, figures(pages, run), per_fold(pages, run, k) if k else [])
            print("\n".join(rows), flush=True) if rows else idle.append(family)
        if figures(pages, extract_all(pages, systems.newscrawl)) != whole:  # kept answers, nothing off: the same
            raise SystemExit("quality.py: trafilatura's kept output changed the figures; the ablation is not valid")
    if idle:
        print(f"\nno change on any figure of {name} without: {', '.join(idle)}")


def family_rows(family: str, whole: dict, folds: list[dict], ablated: dict, ablated_folds: list[dict]) -> list[str]:
    rows = []
    for row in HEADLINE:
        if whole[row] is None:
            continue
        deltas = [whole[row] - ablated[row]] + [
            (a[row] - b[row]) if a[row] is not None and b[row] is not None else None
            for a, b in zip(folds, ablated_folds)]
        if any(d for d in deltas if d is not None):
            rows.append(f"| {family} | {row} | " + " | ".join(_fmt_delta(d) for d in deltas) + " |")
    return rows


def _fmt_delta(value: float | None) -> str:
    return "-" if value is None else f"{value:+.4f}"


def check(names: list[str], floors_file: Path) -> int:
    """Score newscrawl alone and compare with the pinned floors; 1 when a figure fell."""
    t0 = time.perf_counter()
    try:
        pinned = floors.load(floors_file)
    except (OSError, ValueError) as exc:  # tomllib.TOMLDecodeError is a ValueError
        raise SystemExit(f"quality.py: cannot read the floors {floors_file}: {exc}") from None
    measured = {}
    for name in names:
        pages = corpus.load(name)
        measured[name] = figures(pages, extract_all(pages, systems.newscrawl))
    pinned = {name: figs for name, figs in pinned.items() if name in names}
    print("| corpus | figure | measured | floor | margin |")
    print("|---|---|---|---|---|")
    for name, figs in pinned.items():
        for figure, floor in figs.items():
            got = measured[name].get(figure)
            margin = "-" if got is None else f"{got - floor:+.4f}"
            print(f"| {name} | {figure} | {_fmt(got, 4)} | {floor:.3f} | {margin} |")
    fell = floors.fallen(measured, pinned)
    for line in fell:
        print(f"quality floor: {line}", file=sys.stderr)
    print(f"\n{'FAILED' if fell else 'ok'}: {len(fell)} of {sum(map(len, pinned.values()))} figures below their "
          f"floor ({floors_file.name}), {time.perf_counter() - t0:.0f} s")
    return 1 if fell else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", action="append", choices=corpus.NAMES, help="only this corpus (repeatable)")
    ap.add_argument("--failures", metavar="FIELD", choices=FIELDS, help="list the pages that fail FIELD: " + ", ".join(FIELDS))
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure falls below its floor")
    ap.add_argument("--floors", type=Path, default=floors.FLOORS_FILE, help="the floors of --check (default: %(default)s)")
    ap.add_argument("--folds", type=int, default=0, metavar="K", help="also score K site-disjoint folds")
    ap.add_argument("--ablate", action="append", default=[], metavar="FAMILY",
                    help=f"what a rule family adds (repeatable): residue/NAME, residue for every residue list, {HTMLDATE}")
    args = ap.parse_args()
    names = args.corpus or list(corpus.NAMES)
    if args.check:
        return check(names, args.floors)
    if args.folds == 1 or args.folds < 0:
        ap.error("--folds needs at least 2 folds")
    families = expand(args.ablate)
    for name in names:
        pages = corpus.load(name)
        runs = {"newscrawl": extract_all(pages, systems.newscrawl), "trafilatura": extract_all(pages, systems.plain_trafilatura)}
        print_table(name, pages, runs, args.failures)
        if args.folds:
            print_folds(name, pages, runs, args.folds)
        if families:
            print_ablation(name, pages, runs["newscrawl"], families, args.folds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
