"""The page-level choice: which evidence wins, what is kept, what is never taken."""
from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from newscrawl.page.document import Page
from newscrawl.extraction.dates import find_dates

FETCHED = datetime(2026, 11, 21, tzinfo=timezone.utc)
HEADLINE = "Iran's FM arrives from Damascus to Türkiye to discuss current situation in Syria"


def page(head: str = "", body: str = "", *, url: str = "https://example.org/news/iran-fm-ankara",
         tz: str | None = None, selector: str | None = None, lang: str = "en",
         fetched_at: datetime = FETCHED) -> Page:
    html = (f'<html lang="{lang}"><head><title>{HEADLINE} | Example</title>{head}</head>'
            f"<body><article><h1>{HEADLINE}</h1>{body}<p>{'Text of the article. ' * 20}</p></article>"
            "</body></html>")
    return Page(url, html.encode("utf-8"), {"content-type": "text/html; charset=utf-8"},
                fetched_at=fetched_at, tz=tz, date_selector=selector)


def ld(**fields) -> str:
    return f'<script type="application/ld+json">{json.dumps({"@context": "https://schema.org", **fields})}</script>'


def meta(prop: str, content: str) -> str:
    return f'<meta property="{prop}" content="{content}">'


def published(p: Page, hints=None):
    d = find_dates(p, hints=hints).published
    return (d.iso, d.precision, d.source) if d else None


@pytest.mark.parametrize(
    "p, expected",
    [
        # JSON-LD beats meta and visible text
        (page(ld(**{"@type": "NewsArticle", "datePublished": "2024-12-02T11:36:00+04:00"})
              + meta("article:published_time", "2024-12-01T09:00:00+04:00"),
              "<p>02 December 2024 11:36</p>"),
         ("2024-12-02T11:36:00+04:00", "second", "json-ld")),
        # inside @graph
        (page('<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "Caliber"},'
              ' {"@type": "NewsArticle", "datePublished": "2024-12-02T07:36:00Z"}]}</script>'
              + meta("article:published_time", "2024-12-02T11:36:00+04:00")),
         ("2024-12-02T11:36:00+04:00", "second", "json-ld")),  # the same instant, with the local offset
        # meta when there is no JSON-LD
        (page(meta("article:published_time", "2019-11-20T06:35:39Z")),
         ("2019-11-20T06:35:39+00:00", "second", "meta")),
        (page('<meta name="sailthru.date" content="2023-11-02 09:12:39">'), ("2023-11-02", "day", "meta")),
        # <time datetime> next to the headline
        (page(body='<p class="byline">By Staff <time datetime="2024-12-04T13:34:00-04:00">Dec. 4</time></p>'),
         ("2024-12-04T13:34:00-04:00", "second", "time")),
        # visible text under the headline, site zone applied
        (page(body="<p>REGION</p><p>02 December 2024 11:36</p>", tz="Asia/Baku"),
         ("2024-12-02T11:36:00+04:00", "minute", "text+site-tz")),
        (page(body="<p>December 4, 2024 Hour: 1:34 pm</p>", tz="America/Caracas"),
         ("2024-12-04T13:34:00-04:00", "minute", "text+site-tz")),
        (page(body="<p> date 2024-12-02 (MENAFN- Khaama Press)</p>"), ("2024-12-02", "day", "text")),
        # the URL's day
        (page(url="https://nypost.com/2023/11/02/news/ai-generated-nudes/"), ("2023-11-02", "day", "url")),
        (page(url="https://weisser-ring.de/media-news/meldungen/29-10-2021", lang="de"), ("2021-10-29", "day", "url")),
        # a day in a web.archive.org capture stamp is not the page's
        (page(url="https://web.archive.org/web/20110106023242/http://dzs-clan.de/index.php?site=news"), None),
    ],
)
def test_precedence(p, expected):
    assert published(p) == expected


def test_modified_never_passes_for_published():
    p = page(ld(**{"@type": "NewsArticle", "dateModified": "2023-03-06T10:00:00+01:00"}),
             "<p>Von Wenke Gürtler Aktualisiert am 06. Mär. 2023</p>", lang="de")
    found = find_dates(p)
    assert found.published is None
    assert found.modified.iso == "2023-03-06T10:00:00+01:00"


def test_published_and_modified_labelled():
    p = page(body="<p>Publié le 30 août 2023 à 14h52, modifié le 30 août 2023 à 15h54</p>", lang="fr", tz="Europe/Paris")
    found = find_dates(p)
    assert found.published.iso == "2023-08-30T14:52:00+02:00"


def test_updated_line_is_modified():
    p = page(body="<p>Updated: 15 oct 2024 - 17:38 CEST</p>", lang="es")
    found = find_dates(p)
    assert found.published is None
    assert found.modified.iso == "2024-10-15T17:38:00+02:00"


def test_a_generic_date_meta_gives_way_to_an_earlier_visible_day():
    """ejwue.de (TYPO3): <meta name="date"> holds the last change; the dateline the publication."""
    dateline = "<div class='news-single-timedata'>05.02.2020 <span>- Redaktion: Eberhard Fuhr</span></div>"
    head = '<meta name="date" content="2020-02-12">'
    assert published(page(head, dateline, lang="de")) == ("2020-02-05", "day", "text")
    assert published(page(head, "", lang="de")) == ("2020-02-12", "day", "meta")  # alone, it is all there is
    later = "<div class='news-single-timedata'>15.02.2020</div>"
    assert published(page(head, later, lang="de")) == ("2020-02-12", "day", "meta")  # a later day is not the publication


REUTERS_DATELINE = '<div class="ArticleHeader_date">January 19, 2020 /  12:25 PM / Updated 8 hours ago</div>'


def test_an_original_date_beside_the_update_beats_a_last_save_in_the_markup():
    """reuters.com: article:published_time is the very instant of article:modified_time (the last
    save); the dateline shows the first publication, then "Updated"."""
    head = meta("article:published_time", "2020-01-20T09:49:32+0000") + meta("article:modified_time", "2020-01-20T09:49:32+0000")
    assert published(page(head, REUTERS_DATELINE)) == ("2020-01-19", "day", "text")


def test_the_markup_stands_when_its_publication_is_not_its_last_save():
    head = meta("article:published_time", "2020-01-20T09:49:32+0000") + meta("article:modified_time", "2020-01-20T11:02:00+0000")
    assert published(page(head, REUTERS_DATELINE))[0] == "2020-01-20T09:49:32+00:00"


@pytest.mark.parametrize(
    "footer",
    [
        "<footer><p>Caliber.az © 2024. All rights reserved.</p></footer>",
        "<footer><p>Copyright 02.12.2024 Example Media</p></footer>",
        "<div class='copyright'>© 2 December 2024 Example</div>",
    ],
)
def test_copyright_is_never_a_date(footer):
    html = (f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>"
            f"<p>{'Text of the article. ' * 20}</p></article>{footer}</body></html>")
    p = Page("https://example.org/news/x", html.encode(), {}, fetched_at=FETCHED)
    assert find_dates(p).published is None


def test_future_dates_are_dropped():  # fetched 2026-11-21
    p = page(ld(**{"@type": "NewsArticle", "datePublished": "2027-01-05T10:00:00+01:00"}),
             "<p>3 December 2024</p>")
    assert published(p) == ("2024-12-03", "day", "text")


def test_one_day_of_zone_slop_is_allowed():
    p = page(ld(**{"@type": "NewsArticle", "datePublished": "2026-11-21T18:00:00-05:00"}))
    assert published(p) == ("2026-11-21T18:00:00-05:00", "second", "json-ld")
    p = page(ld(**{"@type": "NewsArticle", "datePublished": "2026-11-22T20:00:00-05:00"}))
    assert published(p) is None


def test_offset_borrowed_from_the_same_wall_time():  # n-tv: JSON-LD without offset, meta with it
    p = page(ld(**{"@type": "NewsArticle", "datePublished": "2023-04-28 18:11:01.0"})
             + '<meta name="date" content="2023-04-28T18:11:01+02:00">', lang="de")
    assert published(p) == ("2023-04-28T18:11:01+02:00", "second", "json-ld")


def test_utc_gives_way_to_the_local_wall_time():  # nypost: sailthru.date is the local time of the Z value
    p = page(ld(**{"@type": "NewsArticle", "datePublished": "2023-11-09T03:28:35Z"})
             + '<meta name="sailthru.date" content="2023-11-08 22:28:35">')
    assert published(p) == ("2023-11-08T22:28:35-05:00", "second", "json-ld")


def test_utc_gives_way_to_the_visible_local_day():  # kas.de: midnight in Berlin, stored in UTC
    p = page(meta("article:published_time", "2021-11-04T23:00Z"), '<span class="o-metadata--date">5. November 2021</span>',
             lang="de")
    assert published(p) == ("2021-11-05", "day", "text")


def test_visible_clock_fixes_the_offset_of_a_utc_value():  # tagesanzeiger
    p = page(ld(**{"@type": "NewsArticle", "datePublished": "2020-04-03T10:35:41.085Z"}),
             "<p>Christoph von Eichhorn</p><p>03.04.2020, 12:35</p>", lang="de")
    assert published(p) == ("2020-04-03T12:35:41+02:00", "second", "json-ld")


def test_consensus_of_the_other_evidence():  # outdoor-magazin: a stale JSON-LD value
    p = page(ld(**{"@type": "NewsArticle", "datePublished": "2022-01-04T07:29:00.000Z"})
             + meta("article:published_time", "2022-01-06T08:29:34"), "<p>06.01.2022</p>", lang="de")
    assert published(p)[0][:10] == "2022-01-06"
    p = page(ld(**{"@type": "NewsArticle", "datePublished": "2022-01-04T07:29:00.000Z"}), "<p>06.01.2022</p>", lang="de")
    assert published(p)[0][:10] == "2022-01-04"  # one voice against one: the precedence decides


def test_day_takes_the_clock_of_the_same_day():
    p = page(ld(**{"@type": "NewsArticle", "datePublished": "2024-12-02"}), "<p>02 December 2024 11:36</p>",
             tz="Asia/Baku")
    assert published(p) == ("2024-12-02T11:36:00+04:00", "minute", "json-ld+site-tz")
    p = page(ld(**{"@type": "NewsArticle", "datePublished": "2024-12-02"}), "<p>01 December 2024 11:36</p>",
             tz="Asia/Baku")
    assert published(p) == ("2024-12-02", "day", "json-ld")


def test_site_selector_first():
    p = page(ld(**{"@type": "NewsArticle", "datePublished": "2024-12-01T08:00:00+04:00"}),
             '<div class="news-date">02 December 2024 11:36</div>', tz="Asia/Baku", selector=".news-date")
    assert published(p) == ("2024-12-02T11:36:00+04:00", "minute", "selector+site-tz")


def test_site_selector_is_never_outvoted():
    """JSON-LD and meta agree on another day: the consensus would take it, but not over the registry."""
    head = (ld(**{"@type": "NewsArticle", "datePublished": "2024-12-01T08:00:00+04:00"})
            + meta("article:published_time", "2024-12-01T08:00:00+04:00"))
    body = '<div class="news-date">02 December 2024 11:36</div>'
    assert published(page(head, body, tz="Asia/Baku"))[0] == "2024-12-01T08:00:00+04:00"
    assert published(page(head, body, tz="Asia/Baku", selector=".news-date")) == (
        "2024-12-02T11:36:00+04:00", "minute", "selector+site-tz")


# --- the registry's date_selector on the saved demo pages (newscrawl/demo/site) ------------------
DEMO = Path(__file__).resolve().parent.parent / "newscrawl" / "demo" / "site"
CALIBER = DEMO / "en/post/iran-s-fm-arrives-from-damascus-to-turkiye-to-discuss-current-situation-in-syria/index.html"
WORDPRESS = DEMO / "2024/12/01/syria-russia-launch-airstrikes-on-militant-clusters-in-aleppo/index.html"


def demo(path: Path, url: str, **site) -> Page:
    return Page(url, path.read_bytes(), {"content-type": "text/html; charset=utf-8"}, fetched_at=FETCHED, **site)


def test_site_selector_on_a_saved_page():
    """Caliber.az registered with ``date_selector = ".post__date"``: its visible date wins over a
    (stale) news-sitemap entry, which the page's other evidence alone would not beat."""
    url = "https://caliber.az/en/post/iran-s-fm-arrives-from-damascus-to-turkiye-to-discuss-current-situation-in-syria/"
    stale = {"publication_date": "2024-12-03T08:00:00+04:00"}
    plain = find_dates(demo(CALIBER, url, tz="Asia/Baku"), hints=stale).published
    assert (plain.iso, plain.source) == ("2024-12-03T08:00:00+04:00", "sitemap")
    chosen = find_dates(demo(CALIBER, url, tz="Asia/Baku", date_selector=".post__date"), hints=stale).published
    assert (chosen.iso, chosen.precision, chosen.source, chosen.raw) == (
        "2024-12-02T11:36:00+04:00", "minute", "selector+site-tz", "02 December 2024")
    # a selector that matches nothing leaves the other evidence to decide
    missing = find_dates(demo(CALIBER, url, tz="Asia/Baku", date_selector=".no-such-date"), hints=stale).published
    assert missing.source == "sitemap"


def test_site_selector_reads_the_machine_value():
    """A WordPress theme: the selected <time> gives its datetime, not just its visible day."""
    url = "https://example.org/2024/12/01/syria-russia-launch-airstrikes-on-militant-clusters-in-aleppo/"
    found = find_dates(demo(WORDPRESS, url, date_selector=".td-post-date time")).published
    assert (found.iso, found.source, found.raw) == ("2024-12-01T22:14:37+01:00", "selector", "2024-12-01T22:14:37+01:00")


def test_sitemap_hint():
    hints = {"publication_date": "2024-12-02T11:36:00+04:00", "lastmod": "2024-12-03T08:00:00+04:00"}
    found = find_dates(page(), hints=hints)
    assert (found.published.iso, found.published.source) == ("2024-12-02T11:36:00+04:00", "sitemap")
    assert found.modified.iso == "2024-12-03T08:00:00+04:00"
    # the page's own markup wins over the sitemap
    p = page(ld(**{"@type": "NewsArticle", "datePublished": "2024-12-02T11:35:00+04:00"}))
    assert find_dates(p, hints=hints).published.source == "json-ld"


def test_relative_date_against_the_fetch():
    p = page(body="<p class='date'>vor 2 Stunden</p>", lang="de",
             fetched_at=datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc))
    assert published(p) == ("2026-01-01T10:00:00+00:00", "minute", "text")


def test_dates_in_comments_are_not_taken():
    body = "<div id='comments'><p class='comment-date'>December 9, 2024</p></div>"
    assert published(page(body=body)) is None


def test_a_dateline_beats_a_date_in_prose():
    body = ("<p>On December 1, 2024, the minister met the president in Damascus and spoke of support.</p>"
            "<p class='meta'>Tehran | 02.12.2024</p>")
    assert published(page(body=body)) == ("2024-12-02", "day", "text")


def test_a_list_of_dates_is_not_the_page_date():
    """A forum's "latest posts" cell lists other posts' days; the page's own dated line wins."""
    html = ('<html lang="de"><body><table><tr><td>Neueste Themen<br>'
            + "".join(f'<img src="i.gif"> {d}, 02:31 pm<br>' for d in ("24/03/16", "02/03/16", "26/02/16", "11/02/16"))
            + "</td></tr></table><div class='post'><p>Forenregeln</p><p>Verfasst: 26.10.13</p>"
            + "<p>" + "Bitte die Regeln lesen. " * 20 + "</p></div></body></html>")
    p = Page("https://forum.example.org/t7-regeln", html.encode(), fetched_at=FETCHED)
    assert published(p) == ("2013-10-26", "day", "text")


def test_page_without_dates():
    assert find_dates(page()) == find_dates(page())
    assert find_dates(page()).published is None


def test_corpus_pages(shared_dir):
    """The whole fundus corpus: the publication day of nearly every page, and its instant."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks import corpus, metrics

    day = instant = days = instants = 0
    for cp in corpus.load("fundus"):
        truth = cp.truth.get("published")
        p = Page(cp.url, cp.body, cp.headers, fetched_at=FETCHED)
        got = find_dates(p).published
        days += 1
        day += metrics.day_ok(truth, got.iso if got else None)
        if metrics.has_time(truth):
            instants += 1
            instant += metrics.instant_ok(truth, got.iso if got else None)
    assert day / days >= 0.98
    assert instant / instants >= 0.95


# --- visible dates the old rules missed: fragments of real pages (htmldate corpus) ----------------
def raw_page(url: str, head: str, body: str, lang: str = "de") -> Page:
    html = f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>'
    return Page(url, html.encode("utf-8"), {"content-type": "text/html; charset=utf-8"}, fetched_at=FETCHED)


SIDEBAR = "".join(f'<h3>Kolumne: Folge {n}</h3><p>Über anderes</p><p class="d">{n + 10}. Oktober 2023</p>' for n in range(3))


@pytest.mark.parametrize(
    "p, expected",
    [
        # nachtkritik: the headline writes "-" where the title has "–", a shorter heading is also in the
        # title; the date opens the intro paragraph in a date-classed span (a dateline, not prose)
        (raw_page("https://nachtkritik.de/kolumnen/kolumne-queer-royal",
                  "<title>Kolumne: Queer Royal – Über Dragqueens und Dragkings auf und jenseits der Bühne</title>",
                  '<div class="side"><h4>Kolumne: Queer Royal</h4><p class="text_titel">Georg Kasch</p>' + SIDEBAR + "</div>"
                  '<div class="page-header"><h2 itemprop="name">Kolumne: Queer Royal - Über Dragqueens und Dragkings '
                  'auf und jenseits der Bühne</h2></div><div class="intro"><p class="text_titel">Im Schlepptau</p>'
                  '<p><span class="text_datum">31. Oktober 2023.</span> Dragqueens sind Kunstfiguren aus Make-Up und '
                  "Glitter, auf Partys und in Shows, auch in der Freien Szene und im Stadttheater. Jetzt finden sie sich "
                  "zunehmend in den Schusslinien der Identitätsdebatten wieder.</p></div>"),
         ("2023-10-31", "day", "text")),
        # macwelt: the date line under the headline is padded with template whitespace (not a long paragraph);
        # it is nearer evidence than the URL's day
        (raw_page("https://www.macwelt.de/2021/12/14/iphone-14-warum-sich-das-warten-wirklich-lohnt",
                  "<title>iPhone 14: Warum sich das Warten wirklich lohnt</title>",
                  '<h1 class="headline">iPhone 14: Warum sich das Warten wirklich lohnt</h1><div class="author"><p>'
                  '<strong class="author">\n' + " " * 16 + "04.02.2022 | 15:33 Uhr\n" + " " * 160 + "|\n" + " " * 200
                  + '<span><a class="authors">Dennis Steimels</a></span></strong>'
                  "<script>$(function() { authorsPlugin.initOpenClick(); });</script></p></div>"),
         ("2022-02-04", "day", "text")),
        # literaturkritik: the only publication date is labelled in the review's footer
        (raw_page("https://literaturkritik.de/franke-cotten-die-anleitungen-der-vorfahren,30063.html",
                  "<title>Vom Boden aus gedacht - literaturkritik.de</title>",
                  "<h1>Vom Boden aus gedacht</h1><p>" + "Text der Rezension. " * 20 + "</p>"
                  '<div class="rez_footer"><p class="footerFrstLn" style="text-align:right;">Letzte Änderung: '
                  "31.10.2023 - 14:49:39<br>Erschienen am: 01.11.2023<br>Lesungen: 61<br>"
                  "&copy; bei der Autorin und bei literaturkritik.de</p></div>"),
         ("2023-11-01", "day", "text")),
        # parcoabruzzo: the visible dateline has a two-digit year; the description has the day
        (raw_page("http://www.parcoabruzzo.it/dettaglio.php?id=58354",
                  '<title>ORSO MARSICANO: 2019 UN ANNO DA RECORD | Parco Nazionale</title>'
                  '<meta name="description" content="ORSO MARSICANO: 2019 UN ANNO DA RECORD (Notizia del 14 Gennaio 2020)" />',
                  "<h1>ORSO MARSICANO: 2019 UN ANNO DA RECORD</h1><div id='colonna_testo'><em>( Pescasseroli, 14 Gennaio 20 )"
                  "</em><p>Sono almeno 9 le femmine di orso marsicano che si sono riprodotte nel 2019.</p></div>", "it"),
         ("2020-01-14", "day", "description")),
        # hAtom: the machine value is the title of <abbr class="published">
        (raw_page("https://example.org/blog/entry", "<title>An entry</title>",
                  '<div class="hentry"><h2 class="entry-title">Something else entirely</h2><div class="entry-content">'
                  + "<p>Words.</p>" * 80 + '</div><p class="byline">Posted <abbr class="published" '
                  'title="2008-03-01T12:00:00+01:00">March 1st, 2008</abbr></p></div>', "en"),
         ("2008-03-01T12:00:00+01:00", "second", "text")),
    ],
)
def test_visible_dates_on_real_pages(p, expected):
    assert published(p) == expected
