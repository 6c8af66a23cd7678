"""The byline of a whole page: JSON-LD, meta tags, the visible byline, credit lines.

The small pages below reproduce the markup of real pages of the dev corpora (named in each
case); the last test reads saved pages of the fundus corpus themselves.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from newscrawl.extraction.bylines import find_byline
from newscrawl.page.document import Page

FUNDUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "fundus"


def page(body: str, url: str = "https://news.example.com/2024/05/story", **kw) -> Page:
    html = f"<html><head>{kw.pop('head', '')}</head><body>{body}</body></html>"
    return Page(url=url, body=html.encode("utf-8"), headers={"content-type": "text/html; charset=utf-8"}, **kw)


def ld(obj: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj, ensure_ascii=False)}</script>'


def byline(p: Page, credits: list[str] | None = None) -> tuple[list[str], list[str]]:
    got = find_byline(p, credits=credits)
    return got.authors, got.agencies


ARTICLE = "<article><h1>Iran's FM arrives from Damascus to Türkiye</h1>{byline}<p>Story text.</p></article>"


@pytest.mark.parametrize(
    "head, body, expected",
    [
        pytest.param(  # derstandard.at: given and family names apart
            ld({"@type": "NewsArticle", "author": [
                {"@type": "Person", "givenName": "Birgit", "familyName": "Baumann"},
                {"@type": "Person", "givenName": "Anna Giulia", "familyName": "Fink"}],
                "publisher": {"@type": "Organization", "name": "DER STANDARD"}}),
            ARTICLE.format(byline=""),
            (["Birgit Baumann", "Anna Giulia Fink"], []),
            id="json-ld persons",
        ),
        pytest.param(  # globalnews.ca: one string for two people
            ld({"@type": "NewsArticle", "author": "Samya Kullab and Vasilisa Stepanenko"}),
            ARTICLE.format(byline=""),
            (["Samya Kullab", "Vasilisa Stepanenko"], []),
            id="json-ld string split",
        ),
        pytest.param(  # tagesanzeiger.ch: an agency beside the person
            ld({"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Paula Steiger"},
                                                    {"@type": "Organization", "name": "SDA"}]}),
            ARTICLE.format(byline=""),
            (["Paula Steiger"], ["SDA"]),
            id="json-ld organization is an agency",
        ),
        pytest.param(  # thegatewaypundit.com: the author is a reference into @graph
            ld({"@graph": [
                {"@type": "Article", "author": {"@id": "https://x.example/#/person/1"}},
                {"@type": "Person", "@id": "https://x.example/#/person/1", "name": "Paul Serran"}]}),
            ARTICLE.format(byline=""),
            (["Paul Serran"], []),
            id="json-ld @id reference",
        ),
        pytest.param(  # reuters.com: "byline" instead of "name"
            ld({"@type": "NewsArticle", "author": {"@type": "Person", "byline": "Gopal Sharma"}}),
            ARTICLE.format(byline=""),
            (["Gopal Sharma"], []),
            id="json-ld byline key",
        ),
        pytest.param(  # n-tv.de: JSON-LD credits the site; the page shows the reporter
            ld({"@type": "NewsArticle", "author": {"@type": "Organization", "name": "n-tv NACHRICHTEN"},
                "publisher": {"@type": "Organization", "name": "n-tv NACHRICHTEN"}})
            + '<meta property="og:site_name" content="n-tv.de">',
            ARTICLE.format(byline='<span class="article__author">Von Seb Dumitru</span>'),
            (["Seb Dumitru"], []),
            id="site organization gives way to the visible byline",
        ),
        pytest.param(  # spiegel.de: nobody but the outlet is credited
            ld({"@type": "NewsArticle", "author": {"@type": "Organization", "name": "DER SPIEGEL"},
                "publisher": {"@type": "Organization", "name": "DER SPIEGEL"}}),
            ARTICLE.format(byline=""),
            ([], ["DER SPIEGEL"]),
            id="the site alone stands as agency",
        ),
        pytest.param(  # netzpolitik.org: article:author
            '<meta property="article:author" content="Carla Siepmann">',
            ARTICLE.format(byline=""),
            (["Carla Siepmann"], []),
            id="meta article:author",
        ),
        pytest.param(  # stern.de: article:author is a Facebook URL
            '<meta property="article:author" content="https://www.facebook.com/stern">',
            ARTICLE.format(byline='<div class="authors"><span class="brand">capital</span>'
                                  '<ul><li class="authors__list-item">von Jemima Kelly</li></ul>'
                                  '<ul class="authors__meta-data"><li>05. November 2024</li></ul></div>'),
            (["Jemima Kelly"], []),
            id="meta url ignored",
        ),
        pytest.param(  # fr.de: "Von:" in its own element
            "",
            ARTICLE.format(byline='<p class="id-Story-authors"><span class="id-Story-authors-by">Von:</span>'
                                  '<a class="id-Story-authors-link" href="/autor/simone-jung/">Simone Jung</a></p>'),
            (["Simone Jung"], []),
            id="visible byline",
        ),
        pytest.param(  # dagbladet.no: first and last name in two spans of one link
            "",
            ARTICLE.format(byline='<div class="bylines">'
                                  '<a rel="author" href="mailto:a@db.no"><span class="firstname">Ingrid</span> '
                                  '<span class="lastname">Treborg</span></a>'
                                  '<a rel="author" href="mailto:b@db.no"><span class="firstname">Marlene Lundberg</span> '
                                  '<span class="lastname">Holm</span></a></div>'),
            (["Ingrid Treborg", "Marlene Lundberg Holm"], []),
            id="one link is one person",
        ),
        pytest.param(  # dagbladet.no: JSON-LD names one of the two people the page shows
            ld({"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Marlene Lundberg Holm"}]}),
            ARTICLE.format(byline='<div class="bylines"><a rel="author">Ingrid Treborg</a>'
                                  '<a rel="author">Marlene Lundberg Holm</a></div>'),
            (["Ingrid Treborg", "Marlene Lundberg Holm"], []),
            id="visible byline names more people",
        ),
        pytest.param(  # mediaindonesia.com: JSON-LD's person is the editor
            ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Heryadi"}}),
            ARTICLE.format(byline='<div class="author-2">Naufal Zuhdi</div>'
                                  '<div class="info-author">Editor : <a class="author">Heryadi</a></div>'),
            (["Naufal Zuhdi"], []),
            id="json-ld person labelled editor",
        ),
        pytest.param(  # ilanganews.co.za: WordPress's admin account is nobody
            ld({"@type": "BlogPosting", "author": {"@id": "https://ilanga.example/author/admin/", "name": "Ilanga D"}}),
            ARTICLE.format(byline='<span class="author vcard"><a href="https://ilanga.example/author/admin/" '
                                  'rel="author">Ilanga D</a></span>'),
            ([], []),
            id="cms account dropped",
        ),
        pytest.param(  # theportugalnews.com: no mark, only "By ..." under the headline
            "",
            ARTICLE.format(byline='<p class="text-sm">By TPN, in <a href="/news">News</a>, '
                                  '<a href="/portugal">Portugal</a></p>'),
            ([], ["TPN"]),
            id="by-text fallback",
        ),
        pytest.param(  # lto.de: a link to the author's page
            '<meta name="author" content="LTO"><meta property="og:site_name" content="Legal Tribune Online">',
            ARTICLE.format(byline='<p class="reader__meta-info">von <a href="/autoren/name/max-kolter">Dr. Max Kolter</a></p>'),
            (["Dr. Max Kolter"], []),
            id="author page link",
        ),
        pytest.param(  # aa.com.tr: the name printed bare, right before the date
            "",
            ARTICLE.format(byline='<div class="row"><span style="float:left">Sehernur Karsu &nbsp;|</span>'
                                  '<span class="tarih">05.04.2025 - Güncelleme : 05.04.2025</span></div>'),
            (["Sehernur Karsu"], []),
            id="bare name beside the date",
        ),
        pytest.param(  # chocolate.com: "| By" is for screen readers only, the name stands bare before the <time>
            "",
            ARTICLE.format(byline='<div class="article_meta_info"><span class="screen-reader-text">| By </span>'
                                  '<span>Cara Stiles</span> | <time class="entry-date">April 13, 2020</time></div>'),
            (["Cara Stiles"], []),
            id="bare name before a time element",
        ),
        pytest.param(  # a section label beside the date is nobody
            "",
            ARTICLE.format(byline='<div><span>Top Stories |</span><span class="date">05.04.2025</span></div>'),
            ([], []),
            id="section label beside the date",
        ),
        pytest.param(  # two capitalised words with no date after them are not taken
            "",
            ARTICLE.format(byline='<div><span>Sehernur Karsu</span><span>Ankara</span></div>'),
            ([], []),
            id="bare name without a date",
        ),
    ],
)
def test_find_byline(head: str, body: str, expected: tuple[list[str], list[str]]) -> None:
    assert byline(page(body, head=head)) == expected


def test_comment_authors_are_never_taken() -> None:
    # netzpolitik.org, globalnews.ca: every comment has its author, the article none shown
    body = ARTICLE.format(byline="") + (
        '<section id="comments"><ol class="comment-list"><li class="comment">'
        '<div class="comment-author vcard"><cite class="fn">Paul Coker</cite> sagt:</div>'
        "<p>Great piece.</p></li></ol></section>"
    )
    assert byline(page(body)) == ([], [])


def test_email_and_contact_links_are_not_names() -> None:
    body = ARTICLE.format(byline='<div class="byline">By <a href="/authors/jane-doe">Jane Doe</a>'
                                 '<a class="author-email" href="mailto:jd@example.com">Email the author</a></div>')
    assert byline(page(body)) == (["Jane Doe"], [])


def test_teaser_bylines_are_not_the_article_byline() -> None:
    # t-online.de: related articles under the story carry their own authors
    body = ARTICLE.format(byline="") + (
        '<section class="related"><article class="teaser"><h3>Other story</h3>'
        '<div class="teaser__author">Von Patrick Diekmann</div></article></section>'
    )
    assert byline(page(body)) == ([], [])


@pytest.mark.parametrize(
    "credits, expected",
    [
        (["By Khagan Isayev"], (["Khagan Isayev"], [])),  # seed 000 (caliber.az)
        (["(MENAFN- Khaama Press)"], ([], ["Khaama Press"])),  # seed 002
        (["teleSUR/ JF Sources: EFE"], ([], ["teleSUR", "EFE"])),  # seed 003
        (["IN-Redaktion"], ([], ["IN-Redaktion"])),  # israel-nachrichten.org
    ],
)
def test_credit_lines_from_the_text(credits: list[str], expected) -> None:
    assert byline(page(ARTICLE.format(byline="")), credits=credits) == expected


def test_seed_credit_keeps_initials_out_of_authors() -> None:
    got = find_byline(page(ARTICLE.format(byline=""), site_names=("teleSUR", "teleSUR English")),
                      credits=["teleSUR/ JF Sources: EFE"])
    assert got.agencies == ["EFE"] and got.authors == []
    assert got.raw == "teleSUR/ JF Sources: EFE"


def test_credit_line_agency_joins_the_people() -> None:
    head = ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Eileen Wagner"}})
    assert byline(page(ARTICLE.format(byline=""), head=head), credits=["mit dpa"]) == (["Eileen Wagner"], ["dpa"])


def test_registry_selector_comes_first() -> None:
    head = ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Web Editor"}})
    body = ARTICLE.format(byline='<div class="signature"><b>Von Ulrich Exner</b></div>')
    got = find_byline(page(body, head=head, byline_selector="div.signature"))
    assert (got.authors, got.raw) == (["Ulrich Exner"], "Von Ulrich Exner")


# --- saved pages of the fundus corpus ------------------------------------------------------------
@lru_cache(maxsize=1)
def _fundus() -> dict[str, bytes]:
    if not (FUNDUS / "pages.warc.gz").is_file():
        pytest.fail(f"the shared corpus is missing: {FUNDUS}")
    pages: dict[str, bytes] = {}
    with open(FUNDUS / "pages.warc.gz", "rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type == "response":
                pages[rec.rec_headers.get_header("WARC-Target-URI")] = rec.content_stream().read()
    return pages


@pytest.mark.parametrize(
    "url_part, authors, agencies",
    [
        ("derstandard.at/story/3000000218734", ["Birgit Baumann", "Anna Giulia Fink", "Jan Michael Marchart"], []),
        ("globalnews.ca/news/11862251", ["Samya Kullab", "Vasilisa Stepanenko"], []),
        ("braunschweiger-zeitung.de/sport", ["Felix Schröder", "Jörg Soldwisch"], ["dpa"]),
        ("n-tv.de/sport/olympia", ["Seb Dumitru", "Lille"], []),  # fundus' label too: the place reads as a name
        ("stern.de/capital", ["Jemima Kelly"], []),
        ("merkur.de/welt", ["Nadja Zinsmeister"], []),
        ("namibian.com.na/nam-sa", ["Timo Shihepo"], []),
        ("dagbladet.no/nyheter/nordmann", ["Ingrid Treborg", "Marlene Lundberg Holm"], []),
        ("mediaindonesia.com/ekonomi", ["Naufal Zuhdi"], []),
        ("mainichi.jp/articles", ["松岡大地"], []),
        ("spiegel.de/wirtschaft", [], ["DER SPIEGEL"]),
        ("mallorcamagazin.com", [], ["Deutsche Presse-Agentur", "MM-Redaktion"]),
        ("theportugalnews.com", [], ["TPN"]),
        ("ntv.com.tr/sporskor", [], ["Anadolu Ajansı"]),
        ("sermitsiaq.ag", ["Trine Juncher Jørgensen", "Tôrtia Reimer-Johansen"], []),
        ("netzpolitik.org/2024", ["Carla Siepmann"], []),
    ],
)
def test_fundus_pages(url_part: str, authors: list[str], agencies: list[str]) -> None:
    matches = [(u, b) for u, b in _fundus().items() if url_part in u]
    assert len(matches) == 1, url_part
    url, body = matches[0]
    got = find_byline(Page(url=url, body=body, headers={"content-type": "text/html"}))
    assert (got.authors, got.agencies) == (authors, agencies)
