"""The labelled dev corpora in ../shared/corpus: pages from WARC, labels from truth.jsonl."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from newscrawl.warc.reader import SavedPage
from newscrawl.warc.reader import iter_warc as read_warc


ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = Path(os.environ.get("NEWSCRAWL_CORPUS_DIR", ROOT.parent / "shared" / "corpus"))
NEWS = ("aeb", "fundus", "htmldate")  # news articles only: what the crawl and URL-classifier benchmarks read
NAMES = (*NEWS, "trafeval")  # every dev corpus; trafeval adds blogs, magazines and institutional pages


@dataclass
class CorpusPage:
    corpus: str
    url: str
    body: bytes
    headers: dict[str, str]
    truth: dict
    fetched_at: datetime  # the record's WARC-Date


def labels(name: str) -> dict[str, dict]:
    """URL -> the labels of that page (``truth.jsonl``), in file order."""
    truth = {}
    with open(CORPUS_DIR / name / "truth.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                obj = json.loads(line)
                truth[obj["url"]] = obj
    return truth


def load(name: str) -> list[CorpusPage]:
    folder = CORPUS_DIR / name
    truth = labels(name)
    pages = []
    for url, body, headers, fetched_at in records(folder / "pages.warc.gz"):
        pages.append(CorpusPage(name, url, body, headers, truth.get(url, {"url": url}), fetched_at))
    return pages


def iter_warc(path: Path) -> Iterator[tuple[str, bytes, dict[str, str]]]:
    for url, body, headers, _ in records(path):
        yield url, body, headers


def records(path: Path) -> Iterator[tuple[str, bytes, dict[str, str], datetime]]:
    """(URL, body, HTTP headers, WARC-Date) of each response record, read as ``newscrawl extract`` reads them."""
    for page in read_warc(path):
        if isinstance(page, SavedPage):
            yield page.url, page.body, page.headers, page.fetched_at or datetime.now(timezone.utc)
