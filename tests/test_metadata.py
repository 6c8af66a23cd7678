"""Page metadata on small HTML snippets; the values are taken from pages of the dev corpora."""
from __future__ import annotations

import json

import pytest

from newscrawl.extraction.metadata import extract_metadata
from newscrawl.page.urls import strip_tracking
from newscrawl.page.document import Page


def page(url: str, head: str = "", body: str = "<p>Text.</p>", ld: dict | None = None) -> Page:
    if ld is not None:
        head += f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    return Page(url, f"<html><head>{head}</head><body>{body}</body></html>".encode("utf-8"))


# --- canonical URL ---------------------------------------------------------------

@pytest.mark.parametrize(("url", "head", "body", "expected"), [
    # relative canonical, resolved against the page
    ("https://www.theargus.co.uk/news/18701511.woman-hurt-hit-car-station-street-eastbourne/?ref=rss",
     '<link rel="canonical" href="/news/18701511.woman-hurt-hit-car-station-street-eastbourne/">', "",
     "https://www.theargus.co.uk/news/18701511.woman-hurt-hit-car-station-street-eastbourne/"),
    # og:url when there is no rel=canonical
    ("https://restofworld.org/2025/oman-space-industry-launchpad-satellites/?utm_source=rss&utm_medium=rss",
     '<meta property="og:url" content="https://restofworld.org/2025/oman-space-industry-launchpad-satellites/">', "",
     "https://restofworld.org/2025/oman-space-industry-launchpad-satellites/"),
    # tracking parameters dropped, the others kept
    ("https://www.dsv.de/synchronschwimmen/lesen/?tx_ttnews%5Btt_news%5D=1234",
     '<link rel="canonical" href="https://www.dsv.de/synchronschwimmen/lesen/?tx_ttnews%5Btt_news%5D=1234&utm_source=rss&fbclid=x#top">',
     "", "https://www.dsv.de/synchronschwimmen/lesen/?tx_ttnews%5Btt_news%5D=1234"),
    # a canonical that sends an article to the home page is a template default: og:url instead
    ("https://www.piratenpartei.at/volksbegehren-zum-bedingungslosen-grundeinkommen-bge/",
     '<link rel="canonical" href="https://www.piratenpartei.at">'
     '<meta property="og:url" content="https://www.piratenpartei.at/volksbegehren-zum-bedingungslosen-grundeinkommen-bge/">',
     "", "https://www.piratenpartei.at/volksbegehren-zum-bedingungslosen-grundeinkommen-bge/"),
    # a canonical that is no URL at all
    ("https://www.tramino.de/news/a", '<link rel="canonical" href="https://.tramino.de">', "", None),
    # <base href> decides what relative URLs resolve against
    ("https://web.archive.org/web/2014/http://www.time4talks.com/2013/08/07/x/",
     '<base href="http://www.time4talks.com/"><link rel="canonical" href="2013/08/07/weitere-digitalisierung/">', "",
     "http://www.time4talks.com/2013/08/07/weitere-digitalisierung/"),
    # a syndicated article names another host: kept as the publisher says
    ("https://www.fr.de/ratgeber/wohnen/ambrosia-giftig-zr-93036630.html",
     '<link rel="canonical" href="https://www.extratipp.com/service/ambrosia-giftig-zr-93036630.html">', "",
     "https://www.extratipp.com/service/ambrosia-giftig-zr-93036630.html"),
    # a broken page whose <link> ended up in the body
    ("http://www.bibliothek2null.de/2014/05/18/alles-neue-mach-der-mai/", "",
     '<link rel="canonical" href="http://www.bibliothek2null.de/2014/05/18/alles-neue-mach-der-mai/"><p>x</p>',
     "http://www.bibliothek2null.de/2014/05/18/alles-neue-mach-der-mai/"),
    # rel holding several tokens
    ("https://www.cbc.ca/news/world/gaza-1.7287711?cmp=rss", '<link rel="alternate canonical" href="https://www.cbc.ca/news/world/gaza-1.7287711">',
     "", "https://www.cbc.ca/news/world/gaza-1.7287711"),
    ("https://www.zamg.ac.at/cms/de/klima/news/histalp", "", "", None),
])
def test_canonical_url(url, head, body, expected):
    assert extract_metadata(page(url, head, body or "<p>x</p>")).canonical_url == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://x.test/a?utm_source=rss&utm_medium=rss&id=3", "https://x.test/a?id=3"),
    ("https://x.test/a?gclid=1&fbclid=2", "https://x.test/a"),
    ("https://x.test/a?page=2#comments", "https://x.test/a?page=2"),
    ("https://x.test/a?b=%5B1%5D", "https://x.test/a?b=%5B1%5D"),
])
def test_strip_tracking(url, expected):
    assert strip_tracking(url) == expected


# --- description, section, tags ----------------------------------------------------------

def test_description_prefers_the_meta_description_and_is_cleaned():
    p = page("https://www.bmas.de/DE/x.html",
             '<meta name="description" content="Mit der am 15. Januar 2022 in Kraft getretenen '
             'Corona-Schutzmaßnahmen-Ausnahmever&shy;&shy;ordnung   wurden\n auch">'
             '<meta property="og:description" content="Anders.">')
    assert extract_metadata(p).description == (
        "Mit der am 15. Januar 2022 in Kraft getretenen Corona-Schutzmaßnahmen-Ausnahmeverordnung wurden auch")


def test_description_falls_back_to_og_and_json_ld():
    og = page("https://x.test/a", '<meta property="og:description" content="As the Gulf nation transitions from oil">')
    assert extract_metadata(og).description == "As the Gulf nation transitions from oil"
    ld = page("https://x.test/a", ld={"@type": "NewsArticle", "description": "Tax agency will hire more than 1,000 debt collectors"})
    assert extract_metadata(ld).description == "Tax agency will hire more than 1,000 debt collectors"


@pytest.mark.parametrize(("head", "ld", "expected"), [
    ("", {"@type": "NewsArticle", "articleSection": "Global,Innovation"}, "Global"),
    ("", {"@type": "NewsArticle", "articleSection": ["Politics", "UK"]}, "Politics"),
    ("", {"@type": "NewsArticle", "articleSection": "All Salon, Science &amp; Health"}, "All Salon"),
    ('<meta property="article:section" content="Innenpolitik">', None, "Innenpolitik"),
    ("", None, None),
])
def test_section(head, ld, expected):
    assert extract_metadata(page("https://x.test/a", head, ld=ld)).section == expected


@pytest.mark.parametrize(("head", "ld", "expected"), [
    # JSON-LD keywords as one string
    ("", {"@type": "NewsArticle", "keywords": "Kantonspolizei Bern, Studen, Unfälle, Verkehrsbehinderungen, Autobahn A6"},
     ["Kantonspolizei Bern", "Studen", "Unfälle", "Verkehrsbehinderungen", "Autobahn A6"]),
    # as a list, deduplicated without regard to case
    ("", {"@type": "NewsArticle", "keywords": ["Tony Blair", "Ukraine", "putin", "War", "Keir Starmer", "Labour", "ukraine"]},
     ["Tony Blair", "Ukraine", "putin", "War", "Keir Starmer", "Labour"]),
    # machine tags left out
    ("", {"@type": "NewsArticle", "keywords": ["subject:Local news (general_news)", "subject:crime-courts", "path:news",
                                               "clone:no", "Eastbourne"]}, ["Eastbourne"]),
    ("", {"@type": "NewsArticle", "keywords": "8f507083-bac4-423a-9015-2eb31e1bce50, Curated, India, Kashmir, "
                                              "PACKAGE:WORLD-NEWS, RSBI:HUMAN-RIGHTS, _Prio_3, 104746419, 2019"},
     ["Curated", "India", "Kashmir", "2019"]),
    ("", {"@type": "NewsArticle", "keywords": ["https://twitter.com/AP_Sports", "PERSON Hamidou Diallo PROFESSIONAL_ATHLETE "
                                               "SPORTS_FIGURE PERSON", "Oklahoma City Thunder"]}, ["Oklahoma City Thunder"]),
    # a headline pasted into the keywords is no tag
    ("", {"@type": "NewsArticle", "keywords": ["Michigan Officials: 6th Fatality Linked To Eastern Equine Encephalitis Reported",
                                               "Man Utd ace Dean Henderson morally right finish season Sheff Utd Wilder", "EEE"]},
     ["EEE"]),
    # article:tag, several meta tags
    ('<meta property="article:tag" content="Coronavirus"><meta property="article:tag" content="Forschung">', None,
     ["Coronavirus", "Forschung"]),
    # the keywords meta tag last, split on ; too, quotes trimmed
    ("<meta name=\"keywords\" content=\"'DITIB - Türkisch-Islamische Union der Anstalt für Religion e.V.; Moschee\">", None,
     ["DITIB - Türkisch-Islamische Union der Anstalt für Religion e.V.", "Moschee"]),
    ("", None, []),
])
def test_tags(head, ld, expected):
    assert extract_metadata(page("https://x.test/a", head, ld=ld)).tags == expected


# --- image ------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "head", "ld", "expected"), [
    ("https://www.sn.at/politik/x", '<meta property="og:image" content="https://www.sn.at/image/1920-1080-c/179529523/raab.jpg">',
     {"@type": "NewsArticle", "image": "https://www.sn.at/image/small.jpg"}, "https://www.sn.at/image/1920-1080-c/179529523/raab.jpg"),
    # relative and protocol-relative
    ("https://www.theargus.co.uk/news/1/", '<meta property="og:image" content="/resources/images/11779452.jpg/">', None,
     "https://www.theargus.co.uk/resources/images/11779452.jpg/"),
    ("https://www.abc.test/a", '<meta property="og:image" content="//cdn.abc.test/i/1.jpg">', None, "https://cdn.abc.test/i/1.jpg"),
    # an ImageObject reference (Yoast's "#primaryimage") resolved to the image's URL
    ("https://biancazapatka.com/de/bananenkuchen/", "",
     {"@graph": [{"@type": "Article", "image": {"@id": "https://biancazapatka.com/de/bananenkuchen/#primaryimage"}},
                 {"@type": "ImageObject", "@id": "https://biancazapatka.com/de/bananenkuchen/#primaryimage",
                  "url": "https://biancazapatka.com/wp-content/uploads/2023/10/bananenkuchen.jpg"}]},
     "https://biancazapatka.com/wp-content/uploads/2023/10/bananenkuchen.jpg"),
    # a list of ImageObjects
    ("https://x.test/a", "", {"@type": "NewsArticle", "image": [{"@type": "ImageObject", "url": "https://x.test/16x9.jpg"},
                                                                {"@type": "ImageObject", "url": "https://x.test/4x3.jpg"}]},
     "https://x.test/16x9.jpg"),
    # placeholders skipped, for the next source
    ("https://gizmeo.eu/makrophotos-von-insekten/", '<meta property="og:image" content="https://s0.wp.com/i/blank.jpg">', None, None),
    ("https://www.whiskyverkostung.com/a/",
     '<meta property="og:image" content="https://www.whiskyverkostung.com/wp-content/plugins/wordbooker/includes/wordbooker_blank.jpg">'
     '<meta name="twitter:image" content="https://www.whiskyverkostung.com/wp-content/uploads/tasting.jpg">', None,
     "https://www.whiskyverkostung.com/wp-content/uploads/tasting.jpg"),
    # "pixelio" (a stock photo site) is not "pixel"
    ("https://kleinegruenemonster.wordpress.com/2016/01/01/x/",
     '<meta property="og:image" content="https://kleinegruenemonster.files.wordpress.com/2016/01/neujahr-2016_r_k_b_by_creantion_pixelio-de.jpg">',
     None, "https://kleinegruenemonster.files.wordpress.com/2016/01/neujahr-2016_r_k_b_by_creantion_pixelio-de.jpg"),
    # entities left in the URL decoded; a broken template value skipped
    ("https://www.dailyherald.com/x", '<meta property="og:image" content="https://www.dailyherald.com/storyimage/AR-231109354.jpg&amp;amp;updated=202311">',
     None, "https://www.dailyherald.com/storyimage/AR-231109354.jpg&updated=202311"),
    ("https://www.salon.com/x", '<meta property="og:image" content="https://mediaproxy.salon.com/width/1200/<?= https://media.salon.com/a.jpg ?>">',
     None, None),
])
def test_image(url, head, ld, expected):
    assert extract_metadata(page(url, head, ld=ld)).image == expected


def test_article_json_ld_wins_over_the_webpage_node():
    ld = {"@graph": [{"@type": "WebPage", "keywords": "site, wide"},
                     {"@type": "NewsArticle", "keywords": "Hybride Kriegsführung", "articleSection": "China Science Investigation"}]}
    meta = extract_metadata(page("https://correctiv.org/x/", ld=ld))
    assert meta.tags == ["Hybride Kriegsführung"] and meta.section == "China Science Investigation"
