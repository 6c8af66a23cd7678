"""Real pages for tests, read from the dev corpora's WARC files."""
from __future__ import annotations

from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from .conftest import SHARED

FUNDUS = SHARED / "corpus" / "fundus" / "pages.warc.gz"


def corpus_pages(n: int, warc: Path = FUNDUS) -> list[tuple[str, bytes, list[tuple[str, str]]]]:
    """The first ``n`` response records of a corpus WARC: (URL, body, HTTP headers)."""
    out = []
    with open(warc, "rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type == "response":
                out.append((rec.rec_headers.get_header("WARC-Target-URI"), rec.content_stream().read(),
                            list(rec.http_headers.headers)))
                if len(out) == n:
                    break
    return out
