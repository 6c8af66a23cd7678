"""Body extraction on real pages: saved, trimmed corpus pages and the bundled demo site.

The fixtures in ``tests/fixtures/pages`` are pages of the dev corpora (aeb: MIT, fundus: MIT)
with scripts (but JSON-LD), styles and media taken out; the first line names the page's URL.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.extraction.body import extract_body
from newscrawl.page.document import Page
from newscrawl.extraction.residue import residue_lines

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "fixtures" / "pages"
DEMO = ROOT / "newscrawl" / "demo" / "site"


def _fixture(name: str) -> Page:
    raw = (PAGES / name).read_bytes()
    url = raw.split(b"\n", 1)[0].split()[1].decode()
    return Page(url=url, body=raw)


CASES = [
    (
        # the story is cut into chunks with ads between them: trafilatura reads the first chunk only
        "wired_split_body.html",
        ["The latest wave of tech-based financial startups have a new angle on the banking sector",
         "But there are two problems with this potential disruption.",
         "A second problem is more serious."],
        ["The Future of Banking Is You're Broke"],
    ),
    (
        # headline repeated on top, lists of story teasers, a newsletter box
        "cbssports_teasers.html",
        ["The Steelers spent Monday trying to distance themselves from Thursday night's fight",
         "we get our shot"],
        ["Browns player on Mason Rudolph's role in fight with Myles Garrett: He asked for it",
         "Gronk, Serena perform with Laker Girls", "Pats place Olszewski on IR", "Pick Six Newsletter",
         "Thanks for signing up", "Get the day's big stories"],
    ),
    (
        # JSON-LD articleBody decides; the lede sits outside the story container; a teaser list
        "waz_articlebody.html",
        ["Die Ex-Grünen-Vorsitzende Ricarda Lang attackiert Julia Klöckner.",
         "Kontroversen um Klöckners Entscheidungen",
         "Diese Entscheidungen nährten den Vorwurf"],
        ["Auch interessant", "Klingbeil greift Klöckner an", "Werden die KI immer bei uns haben", "mit dpa"],
    ),
    (
        # the standfirst is shown above the story, outside its container; a paywall notice at the end
        "lemonde_standfirst.html",
        ["Reçue mardi 29 août à l’Elysée, la secrétaire générale de la CGT",
         "Sous les dorures du palais de l’Elysée", "« Désaccord total »"],
        ["Il vous reste", "réservée aux abonnés", "Sophie Binet met en garde Emmanuel Macron"],
    ),
]


@pytest.mark.parametrize("name,present,absent", CASES, ids=[c[0] for c in CASES])
def test_saved_page(name, present, absent):
    body = extract_body(_fixture(name))
    for phrase in present:
        assert phrase in body.text, f"missing: {phrase!r}"
    for phrase in absent:
        assert phrase not in body.text, f"kept: {phrase!r}"
    assert residue_lines(body.text) == []
    assert "\n\n" in body.text and "\n\n\n" not in body.text and body.text == body.text.strip()


def test_standfirst_comes_first():
    text = extract_body(_fixture("lemonde_standfirst.html")).text
    assert text.startswith("Reçue mardi 29")


def test_credit_line_is_handed_to_the_byline():
    body = extract_body(_fixture("waz_articlebody.html"))
    assert body.credits == ["mit dpa"]
    assert ("Auch interessant", "related") in body.removed


def test_removed_lines_say_why():
    body = extract_body(_fixture("cbssports_teasers.html"))
    reasons = dict((line, why) for line, why in body.removed)
    assert reasons["Browns player on Mason Rudolph's role in fight with Myles Garrett: He asked for it"] == "headline"


def test_the_shared_tree_is_not_pruned():
    page = _fixture("cbssports_teasers.html")
    before = len(page.tree.xpath("//figcaption | //ul | //ol"))
    extract_body(page)
    assert len(page.tree.xpath("//figcaption | //ul | //ol")) == before > 0


DEMO_ARTICLES = json.loads((ROOT / "tests" / "expected" / "demo.json").read_text(encoding="utf-8"))["articles"]


@pytest.mark.parametrize("expected", DEMO_ARTICLES, ids=[a["path"] for a in DEMO_ARTICLES])
def test_demo_page_has_the_story_and_no_residue(expected):
    path = DEMO / expected["path"].lstrip("/")
    if expected["path"].endswith("/"):
        path = path / "index.html"
    base = "http://127.0.0.1:8000"
    body = extract_body(Page(url=base + expected["path"], body=path.read_bytes().replace(b"{{base}}", base.encode())))
    for phrase in expected["must_contain"]:
        assert phrase in body.text, f"missing: {phrase!r}"
    for phrase in expected["must_not_contain"]:
        assert phrase not in body.text, f"residue survived: {phrase!r}"
    assert residue_lines(body.text) == []
