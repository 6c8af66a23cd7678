"""The labelled dev corpora in ../shared/corpus: pages from WARC, labels from truth.jsonl."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = Path(os.environ.get("NEWSCRAWL_CORPUS_DIR", ROOT.parent / "shared" / "corpus"))
NAMES = ("aeb", "fundus", "htmldate")


@dataclass
class CorpusPage:
    corpus: str
    url: str
    body: bytes
    headers: dict[str, str]
    truth: dict
    fetched_at: datetime  # the record's WARC-Date


def load(name: str) -> list[CorpusPage]:
    folder = CORPUS_DIR / name
    truth = {}
    with open(folder / "truth.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                obj = json.loads(line)
                truth[obj["url"]] = obj
    pages = []
    for url, body, headers, fetched_at in records(folder / "pages.warc.gz"):
        pages.append(CorpusPage(name, url, body, headers, truth.get(url, {"url": url}), fetched_at))
    return pages


def iter_warc(path: Path) -> Iterator[tuple[str, bytes, dict[str, str]]]:
    for url, body, headers, _ in records(path):
        yield url, body, headers


def records(path: Path) -> Iterator[tuple[str, bytes, dict[str, str], datetime]]:
    """(URL, body, HTTP headers, WARC-Date) of each response record."""
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type != "response":
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI")
            headers = {k.lower(): v for k, v in rec.http_headers.headers} if rec.http_headers else {}
            date = rec.rec_headers.get_header("WARC-Date") or ""
            try:
                fetched_at = datetime.fromisoformat(date.replace("Z", "+00:00"))
            except ValueError:
                fetched_at = datetime.now(timezone.utc)
            yield url, rec.content_stream().read(), headers, fetched_at
