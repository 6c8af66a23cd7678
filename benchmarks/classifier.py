"""How well :func:`newscrawl.discovery.is_article_url` tells articles from other pages.

Article rate: every page URL of the dev corpora (all are articles, or at least content pages).
Non-article rate: the table in ``tests/fixtures/discovery/non_article_urls.txt``.

    /work/.venv/bin/python benchmarks/classifier.py [--misses]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import CORPUS_DIR, NEWS as NAMES, iter_warc  # noqa: E402
from newscrawl.discovery import canonicalize, is_article_url  # noqa: E402

NON_ARTICLES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "discovery" / "non_article_urls.txt"


def corpus_urls() -> dict[str, list[str]]:
    return {name: [url for url, _, _ in iter_warc(CORPUS_DIR / name / "pages.warc.gz")] for name in NAMES}


def non_article_urls() -> list[str]:
    lines = NON_ARTICLES.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the URLs classified wrongly")
    args = parser.parse_args()
    by_corpus = corpus_urls()
    every = [u for urls in by_corpus.values() for u in urls]
    for name, urls in by_corpus.items():
        hits = sum(is_article_url(u) for u in urls)
        print(f"articles   {name:<9} {hits:4d}/{len(urls):<4d} {hits / len(urls):.3f}")
    hits = [u for u in every if is_article_url(u)]
    print(f"articles   {'all':<9} {len(hits):4d}/{len(every):<4d} {len(hits) / len(every):.3f}")
    others = non_article_urls()
    wrong = [u for u in others if is_article_url(u)]
    right = len(others) - len(wrong)
    print(f"non-articles        {right:4d}/{len(others):<4d} {right / len(others):.3f}")
    start = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        for u in every:
            is_article_url(u)
            canonicalize(u)
    per = (time.perf_counter() - start) / (rounds * len(every)) * 1e6
    print(f"speed      is_article_url + canonicalize: {per:.1f} us/URL")
    if args.misses:
        print("\narticles classified as non-articles:")
        print("\n".join("  " + u for u in every if u not in set(hits)))
        print("non-articles classified as articles:")
        print("\n".join("  " + u for u in wrong))


if __name__ == "__main__":
    main()
