"""Machine-readable date evidence: inline scripts, the URL and the canonical URL, damaged JSON-LD.
Real strings from the htmldate and fundus dev corpora."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newscrawl.extraction.dates import find_dates
from newscrawl.extraction.dates.evidence import url_candidates
from newscrawl.extraction.dates.scripts import publication_key, script_candidates
from newscrawl.page.document import Page

FETCHED = datetime(2026, 11, 21, tzinfo=timezone.utc)


def page(head: str = "", body: str = "<p>Text.</p>", url: str = "https://example.org/a/story") -> Page:
    html = f"<html lang='de'><head><title>A story</title>{head}</head><body>{body}</body></html>"
    return Page(url, html.encode("utf-8"), {"content-type": "text/html; charset=utf-8"}, fetched_at=FETCHED)


# --- inline scripts ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "script, raw",
    [
        # Shopify product state (happycoffee)
        ('var meta = {"product":{"body_html":"\\u003cp\\u003eAngebaut.\\u003c\\/p\\u003e",'
         '"published_at":"2019-03-02T06:22:28+01:00","created_at":"2019-03-02T06:27:24+01:00","vendor":"Happy Coffee"}};',
         "2019-03-02T06:22:28+01:00"),
        # an API document in the app state (munich2022): block "createdAt" keys are not publication keys
        ('window.__STATE__ = {"blocks":[{"createdAt":"2022-01-31T15:58:43+01:00","updatedAt":"2022-01-31T16:36:51+01:00"}],'
         '"plannedKillDate":null,"plannedLiveDate":null,"publicationDate":"2022-01-31T14:27:32+01:00","slug":"europas-topathleten"};',
         "2022-01-31T14:27:32+01:00"),
        # Kameleoon meta object (fr.de, merkur.de)
        ('var k5aMeta = {"section":"Ratgeber","subsection":"Wohnen","publishtime":"2024-04-26T20:44:00+0200","author":["Simone Jung"]};',
         "2024-04-26T20:44:00+0200"),
        # trustpilot review state
        ('{"publishedDate":"2016-11-04T20:37:27Z","updatedDate":"2016-11-04T20:39:47Z","reportedDate":null}',
         "2016-11-04T20:37:27Z"),
        # a dataLayer push with single quotes, and an epoch
        ("dataLayer.push({'pageType': 'article', 'firstPublishedAt': 1588371766});", "1588371766"),
    ],
)
def test_script_publication_keys(script, raw):
    found = list(script_candidates(page(f"<script>{script}</script>")))
    assert found and found[0].raw == raw
    assert found[0].source == "script" and found[0].role == "published"


@pytest.mark.parametrize(
    "script",
    [
        # abcnews: the last publication and the modification are not the publication
        '{"lastPublishedDate":"2023-11-09T04:26:00Z","dateModified":"2023-11-09T04:26:00Z","updatedAt":"2023-11-09T04:26:00Z"}',
        # rtl.de: dotted days are not machine values; "display_date" is the update
        '{"article_date_published":"16.03.2021","display_date":"2021-03-20T14:00:17Z"}',
        # houzz: an epoch under a key that says nothing of publication
        '{"likes":0,"featured":1643182900,"currentVisitorId":"484a0db5"}',
    ],
)
def test_script_keys_that_are_not_the_publication(script):
    assert list(script_candidates(page(f"<script>{script}</script>"))) == []


@pytest.mark.parametrize(
    "key, ok",
    [("datePublished", True), ("first_published_at", True), ("article_date_published", True), ("pubdate", True),
     ("lastPublishedDate", False), ("updated_at", False), ("createdAt", False), ("published", False)],
)
def test_publication_key(key, ok):
    assert publication_key(key) is ok


def test_scripts_are_read_only_without_markup():
    """The page's markup wins; a script is the last machine-readable resort."""
    script = '<script>var k5aMeta = {"publishtime":"2024-04-25T10:00:00+0200"};</script>'
    meta = '<meta property="article:published_time" content="2024-04-26T20:44:00+02:00">'
    assert find_dates(page(meta + script)).published.iso == "2024-04-26T20:44:00+02:00"
    assert find_dates(page(script)).published.iso == "2024-04-25T10:00:00+02:00"


# --- the URL, and the canonical URL ---------------------------------------------------------------
@pytest.mark.parametrize(
    "url, head, day",
    [
        ("https://aoc.media/opinion/2019/12/09/pour-le-neoliberalisme-la-retraite-est-un-archaisme/", "", "2019-12-09"),
        ("https://news.sina.com.tw/article/20200121/34046328.html", "", "2020-01-21"),
        ("https://www.registerguard.com/news/20200413/second-suspect-in-shooting-turns-himself-in", "", "2020-04-13"),
        ("https://www.news24.com/World/News/australian-megablaze-brought-under-control-20200113", "", "2020-01-13"),
        # a syndicated copy (asiapacificstar) declares the original as canonical
        ("http://www.asiapacificstar.com/news/263700449/australian-megablaze-brought-under-control",
         '<link rel="canonical" href="https://www.news24.com/World/News/australian-megablaze-brought-under-control-20200113" />',
         "2020-01-13"),
        # an ID is not a day
        ("https://www.rtl.de/cms/bericht-bund-und-laender-wollen-lockdown-verlaengern-4723862.html", "", None),
        ("https://www.welt.de/wirtschaft/article245055596/BIP-Diese-Grafiken.html", "", None),
    ],
)
def test_url_day(url, head, day):
    found = list(url_candidates(page(head, url=url)))
    assert (str(found[0].stamp.day) if found else None) == day


def test_canonical_day_beats_the_site_header_date():
    """asiapacificstar: the only visible date is today's, in the site header."""
    p = page('<link rel="canonical" href="https://www.news24.com/World/News/australian-megablaze-brought-under-control-20200113" />',
             '<header><div class="new_text"><span class="date">Tue, 14 Jan 2020</span></div>'
             + "".join(f'<a href="/section/{n}">Section {n}</a>' for n in range(40)) + "</header>"
             "<h1>Australian megablaze brought under control</h1><p>Text of the article.</p>",
             url="http://www.asiapacificstar.com/news/263700449/australian-megablaze-brought-under-control")
    assert (find_dates(p).published.iso, find_dates(p).published.source) == ("2020-01-13", "url")


# --- damaged JSON-LD ---------------------------------------------------------------------------
def test_json_ld_with_a_stray_brace():
    """avaz.ba: one closing brace too many after the NewsArticle object."""
    ld = ('<script type="application/ld+json">\n    {\n        "@context": "http://schema.org",\n'
          '        "@type": "NewsArticle",\n        "headline": "Generalni direktor EPRS pozitivan na koronavirus",\n'
          '        "datePublished": "2020-10-26T18:10:00+01:00",\n        "dateModified": "2020-10-26T18:13:30+01:00"\n'
          "    }\n    }\n</script>")
    p = page(ld, '<h1>Generalni direktor EPRS pozitivan na koronavirus</h1><p class="date">09.08.2020</p>')
    found = find_dates(p)
    assert (found.published.iso, found.published.source) == ("2020-10-26T18:10:00+01:00", "json-ld")
    assert found.modified.iso == "2020-10-26T18:13:30+01:00"


def test_script_json_inside_a_string():
    """zdfheute: the app state is JSON escaped inside a JS string."""
    script = 'self.__next_f.push([1,"{\\"@type\\":\\"NewsArticle\\",\\"datePublished\\":\\"2025-11-06T04:05:23.161+01:00\\",\\"dateModified\\":\\"2025-11-06T09:00:00+01:00\\"}"])'
    found = list(script_candidates(page(f"<script>{script}</script>")))
    assert [c.raw for c in found] == ["2025-11-06T04:05:23.161+01:00"]
