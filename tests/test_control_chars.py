"""One character XML forbids, in the headline or the first paragraph of a real page, costs nothing.

lxml refuses C0 control characters in the text trafilatura writes into its output tree, so one of them
used to lose the whole body (``too_short``). Every C0 character XML 1.0 forbids is put, once, into the
headline and the first paragraph of real pages (the demo site's, and corpus pages); the article must come
out with the same word count and title as the clean page.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from newscrawl import extract
from newscrawl.page.sniff import binary_kind

from .warcs import corpus_pages

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "newscrawl" / "demo" / "site"
# every C0 character XML 1.0 forbids (tab, LF and CR are allowed)
FORBIDDEN = [c for c in range(32) if c not in (9, 10, 13)]
MIN_WORDS = 20


def real_pages() -> list[tuple[str, bytes, dict[str, str]]]:
    """The demo site's articles and the first corpus pages, with their clean extraction."""
    pages = [(f"http://127.0.0.1:8000/{p.relative_to(DEMO).as_posix()}", p.read_bytes(), {})
             for p in sorted(DEMO.rglob("*.html"))]
    pages += [(url, body, dict(headers)) for url, body, headers in corpus_pages(6)]
    out = []
    for url, body, headers in pages:
        art = extract(body, url, headers=headers)
        if art.word_count >= MIN_WORDS and art.title:
            out.append((url, body, headers))
    return out


PAGES = real_pages()
CLEAN = {url: extract(body, url, headers=headers) for url, body, headers in PAGES}


def second_word_at(body: bytes, text: str, start: int) -> int | None:
    """Offset in ``body``, from ``start``, of the second word of ``text`` as the page writes it."""
    words = text.split()
    if len(words) < 2 or not all(w.isascii() for w in words[:2]):
        return None
    pattern = re.escape(words[0].encode()) + rb"(\s|&nbsp;)+(?=" + re.escape(words[1].encode()) + rb")"
    m = re.compile(pattern).search(body, start)
    return m.end() if m else None


def with_char(body: bytes, url: str, char: int) -> tuple[bytes, int]:
    """``body`` with ``char`` before the second word of the headline and of the first paragraph.

    Returns the page and how many places got the character (the headline in ``<title>``, in ``<h1>``, and
    the first paragraph, as far as each is found in the bytes)."""
    clean = CLEAN[url]
    first_line = clean.text.split("\n\n")[0]
    spots = []
    for tag in (rb"<title[^>]*>", rb"<h1[^>]*>"):
        m = re.search(tag, body)
        if m and (at := second_word_at(body, clean.title, m.end())) is not None:
            spots.append(at)
    body_start = body.find(b"<body")
    if (at := second_word_at(body, first_line, max(body_start, 0))) is not None:
        spots.append(at)
    for at in sorted(set(spots), reverse=True):
        body = body[:at] + bytes([char]) + body[at:]
    return body, len(set(spots))


def test_real_pages_found():
    assert len(PAGES) >= 10
    placed = [with_char(body, url, 8)[1] for url, body, _ in PAGES]
    assert all(n >= 1 for n in placed) and sum(n >= 2 for n in placed) >= len(PAGES) // 2


@pytest.mark.parametrize("char", FORBIDDEN, ids=lambda c: f"0x{c:02x}")
def test_control_char_keeps_the_article(char):
    """Each character in turn, in two real pages (taken in rotation so that every page gets some)."""
    for url, body, headers in (PAGES[char % len(PAGES)], PAGES[(char * 7 + 3) % len(PAGES)]):
        dirty, placed = with_char(body, url, char)
        assert placed and dirty != body
        art = extract(dirty, url, headers=headers)
        clean = CLEAN[url]
        assert art.word_count == clean.word_count, url
        assert art.title == clean.title
        assert art.text == clean.text or char == 0x0C  # a form feed is white space: it may stay a space


def test_backspace_in_every_page():
    """The case that was reported: one ``\\x08`` in the first paragraph and the headline of every page."""
    lost = []
    for url, body, headers in PAGES:
        dirty, _ = with_char(body, url, 8)
        art = extract(dirty, url, headers=headers)
        if art.word_count != CLEAN[url].word_count or art.word_count < MIN_WORDS:
            lost.append(url)
    assert lost == []


@pytest.mark.parametrize("body, binary", [
    (b"<html><head><title>A\x00B</title></head><body>" + b"<p>text</p>" * 300, False),  # one stray NUL
    ("<html><body>no byte-order mark</body></html>".encode("utf-16-le"), True),  # half the bytes NUL
])
def test_a_stray_nul_is_not_binary(body, binary):
    assert (binary_kind(body) is not None) is binary


def test_corpus_page_with_bell_characters():
    """The htmldate corpus page whose references carry 26 ``\\x07`` (copied from a PDF) was stored with 0 words."""
    from .warcs import SHARED
    from newscrawl.warc.reader import SavedPage, iter_warc

    page = next(p for p in iter_warc(SHARED / "corpus" / "htmldate" / "pages.warc.gz")
                if isinstance(p, SavedPage) and "careelite.de/flaechenverbrauch" in p.url)
    assert page.body.count(b"\x07") >= 20
    art = extract(page.body, page.url, headers=page.headers)
    assert art.word_count > 1500 and "\x07" not in art.text
    assert "Intergovernmental" in art.text and art.title.startswith("Flächenverbrauch für Fleisch")
