"""Feeds: RSS 2.0, RSS 1.0 / RDF, Atom, JSON Feed; dates of feeds and sitemaps; the same safety rules."""
from __future__ import annotations

import gzip
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newscrawl.discovery import looks_like_feed_or_sitemap, parse_any, parse_feed, parse_rfc822, parse_w3c

FIXTURES = Path(__file__).parent / "fixtures" / "discovery"
UTC = timezone.utc


def feed(name: str, url: str = "https://www.khaama.com/feed/"):
    return parse_feed((FIXTURES / name).read_bytes(), url)


def test_wordpress_rss2_items():
    result = feed("wordpress-rss2.xml")
    assert (result.kind, result.title, result.language, result.error) == ("rss", "Khaama Press", "en-US", None)
    assert [(e.url, e.title, e.published, e.published_utc, e.author) for e in result.entries] == [
        ("https://www.khaama.com/iranian-fm-meets-assad-in-damascus-pledges-support/",
         "Iranian FM meets Assad in Damascus, pledges support",  # not the media:title beside it
         "Mon, 02 Dec 2024 05:30:12 +0000", datetime(2024, 12, 2, 5, 30, 12, tzinfo=UTC), "Khaama Press"),
        ("https://www.khaama.com/taliban-ban-women-from-medical-institutes/",  # relative <link> resolved
         "Taliban \u2018ban\u2019 women from medical institutes",  # double-escaped entities undone
         "2024-12-02T08:10:00+04:30", datetime(2024, 12, 2, 3, 40, tzinfo=UTC), "Khaama Press"),
        ("https://www.khaama.com/guid-only-story-as-permalink/",  # a permalink guid stands in for <link>
         "No link: the guid is the permalink",
         "Sun, 01 Dec 2024 22:00:00 GMT", datetime(2024, 12, 1, 22, 0, tzinfo=UTC), "editor@khaama.com (Sarah Jane)"),
    ]  # the item whose guid is no permalink, and has no link, is skipped
    assert {e.source for e in result.entries} == {"rss"} and {e.language for e in result.entries} == {"en-US"}


def test_feedburner_origlink_wins_over_the_redirect_link():
    result = feed("feedburner-rss2.xml", "https://feeds.feedburner.com/telesurenglish")
    assert [e.url for e in result.entries] == [
        "https://www.telesurenglish.net/news/iran-russia-and-turkiye-to-discuss-syrian-conflict-20241204-0012.html"
    ]
    assert result.entries[0].published_utc == datetime(2024, 12, 4, 17, 34, tzinfo=UTC)


def test_rss1_rdf_items_with_dc_date_and_rdf_about():
    result = feed("rss1.rdf", "https://www.heise.de/rss/heise.rdf")
    assert (result.kind, result.language) == ("rss", "de")
    assert [(e.url, e.published, e.author) for e in result.entries] == [
        ("https://www.lto.de/recht/hintergruende/h/gaza-waffen-waffenlieferungen-exporte-israel-ecchr-verfassungsbeschwerde?r=rss",
         "2025-10-20T00:00:00+02:00", "Dr. Max Kolter"),
        ("https://netzpolitik.org/2024/breakpoint-hilfe-die-fundis-kommen/", "2024-04-28T08:52:55+02:00", None),
    ]


def test_atom_alternate_links_xml_base_and_dates():
    result = feed("atom.xml", "https://www.srf.ch/news/bnf/rss/1922")
    assert (result.kind, result.title, result.language) == ("atom", "SRF News - International", "de-CH")
    assert [(e.url, e.title, e.published, e.lastmod, e.author) for e in result.entries] == [
        ("https://www.srf.ch/news/international/eskalation-im-nahen-osten-die-israelische-zurueckhaltung-hat-viel-mit-den-usa-zu-tun",
         "«Die israelische Zurückhaltung hat viel mit den USA zu tun»", "2024-04-15T13:38:00+02:00",
         datetime(2024, 4, 15, 12, 2, tzinfo=UTC), "srf/hosb, kesm"),
        ("https://www.srf.ch/news/international/nahost/minderheit-in-syrien-drusen-fordern-teilhabe-statt-schutzgarantien-von-neuer-regierung",
         "Drusen fordern Teilhabe statt Schutzgarantien von neuer Regierung", None,
         datetime(2025, 1, 5, 14, 23, 59, tzinfo=UTC), "Monika Bolliger"),
        ("https://www.srf.ch/news/schweiz/id-only-entry-as-the-link", "Only an id that is a URL", None,
         datetime(2025, 1, 5, 10, 0, tzinfo=UTC), None),
    ]


def test_json_feed_items():
    result = feed("feed.json", "https://netzpolitik.org/feed.json")
    assert (result.kind, result.title, result.language) == ("json-feed", "netzpolitik.org", "de-DE")
    assert [(e.url, e.title, e.published_utc, e.lastmod, e.author, e.source) for e in result.entries] == [
        ("https://netzpolitik.org/2024/breakpoint-hilfe-die-fundis-kommen/", "Breakpoint: Hilfe, die Fundis kommen!",
         datetime(2024, 4, 28, 6, 52, 55, tzinfo=UTC), datetime(2024, 4, 28, 8, 0, tzinfo=UTC), "Carla Siepmann",
         "json-feed"),
        ("https://netzpolitik.org/2024/relative-link-to-a-story/", "Relative & resolved",
         datetime(2024, 4, 27, 9, 0, tzinfo=UTC), None, "Markus Reuter", "json-feed"),
    ]


def test_gzipped_feed_reads_like_the_plain_one():
    body = (FIXTURES / "atom.xml").read_bytes()
    url = "https://www.srf.ch/news/bnf/rss/1922"
    assert parse_feed(gzip.compress(body), url).entries == parse_feed(body, url).entries


@pytest.mark.parametrize(
    "body, error",
    [
        (b"", "empty body"),
        (b"<!DOCTYPE html><html lang=en><head><title>Feed</title></head></html>", "an HTML page"),
        (b'{"title": "not a JSON feed"}', "jsonfeed.org"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "malformed JSON"),
        (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
         b"<rss><channel><item><link>https://a.example/&xxe;</link></item></channel></rss>", "entities"),
    ],
)
def test_what_is_no_feed_gives_invalid(body, error):
    result = parse_feed(body, "https://www.khaama.com/feed/")
    assert result.kind == "invalid" and result.entries == [] and error in result.error


def test_malformed_feed_keeps_items_read_before_the_break():
    body = (b'<rss version="2.0"><channel><title>teleSUR English</title>'
            b"<item><title>One</title><link>https://www.telesurenglish.net/news/one-two-three-20241204-0012.html</link></item>"
            b"<item><title>Two &nbsp; broken</title><link>https://www.telesurenglish.net/news/x</link></item>")
    result = parse_feed(body, "https://www.telesurenglish.net/feed/")
    assert [e.url for e in result.entries] == ["https://www.telesurenglish.net/news/one-two-three-20241204-0012.html"]
    assert result.kind == "rss" and result.error.startswith("malformed XML")


def test_undefined_entities_behind_an_external_dtd_are_not_fetched():
    body = (b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
            b'"http://127.0.0.1:9/rss-0.91.dtd"><rss version="0.91"><channel><item><title>Caf&eacute;</title>'
            b"<link>https://caliber.az/en/post/cafe-in-baku-opens-again</link></item></channel></rss>")
    result = parse_feed(body, "https://caliber.az/feed")
    assert result.error is None and [e.url for e in result.entries] == ["https://caliber.az/en/post/cafe-in-baku-opens-again"]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Mon, 02 Dec 2024 09:34:02 +0000", datetime(2024, 12, 2, 9, 34, 2, tzinfo=UTC)),
        ("Wed, 04 Dec 2024 13:34:00 -0400", datetime(2024, 12, 4, 17, 34, tzinfo=UTC)),
        ("Sun, 01 Dec 2024 22:00:00 GMT", datetime(2024, 12, 1, 22, 0, tzinfo=UTC)),
        ("Mon, 18 Nov 2019 10:00:00 -0000", datetime(2019, 11, 18, 10, 0, tzinfo=UTC)),  # "-0000": UTC, not naive
        ("18 Nov 2019 10:00 EST", datetime(2019, 11, 18, 15, 0, tzinfo=UTC)),
        ("Montag, 2. Dezember 2024", None),
        ("", None),
    ],
)
def test_parse_rfc822(raw, expected):
    assert parse_rfc822(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2024-05-03T15:47:42.389Z", datetime(2024, 5, 3, 15, 47, 42, 389000, tzinfo=UTC)),
        ("2025-06-05T12:36:40+02:00", datetime(2025, 6, 5, 10, 36, 40, tzinfo=UTC)),
        ("2024-12-02T08:10:00+04:30", datetime(2024, 12, 2, 3, 40, tzinfo=UTC)),
        ("2024-04-25T14:07:00", datetime(2024, 4, 25, 14, 7, tzinfo=UTC)),  # no offset: taken as UTC
        ("2025-06-05", datetime(2025, 6, 5, tzinfo=UTC)),
        ("2024-12", datetime(2024, 12, 1, tzinfo=UTC)),
        ("2024", datetime(2024, 1, 1, tzinfo=UTC)),
        ("2024-13-45", None),
        ("yesterday", None),
    ],
)
def test_parse_w3c(raw, expected):
    assert parse_w3c(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2024-04-28T08:52:55+02:00", datetime(2024, 4, 28, 6, 52, 55, tzinfo=UTC)),  # ISO in a pubDate
        ("Mon, 02 Dec 2024 05:30:12 +0000", datetime(2024, 12, 2, 5, 30, 12, tzinfo=UTC)),
        ("02 Dec 2024 05:30:12 +0000", datetime(2024, 12, 2, 5, 30, 12, tzinfo=UTC)),
    ],
)
def test_parse_any_takes_either_form(raw, expected):
    assert parse_any(raw) == expected
    assert parse_any(raw).utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "url, content_type, body_start, expected",
    [
        ("https://www.khaama.com/news-sitemap.xml", "text/xml; charset=UTF-8",
         (FIXTURES / "news-sitemap.xml").read_bytes()[:300], "sitemap"),
        ("https://www.khaama.com/sitemap_index.xml", "text/xml", (FIXTURES / "sitemap-index.xml").read_bytes()[:300],
         "sitemap"),
        ("https://www.khaama.com/post-sitemap.xml.gz", "application/x-gzip",
         gzip.compress((FIXTURES / "news-sitemap.xml").read_bytes()), "sitemap"),
        ("https://www.khaama.com/feed/", "application/rss+xml; charset=UTF-8",
         (FIXTURES / "wordpress-rss2.xml").read_bytes()[:200], "feed"),
        ("https://www.heise.de/rss/heise.rdf", "application/rdf+xml", (FIXTURES / "rss1.rdf").read_bytes()[:200], "feed"),
        ("https://www.srf.ch/news/bnf/rss/1922", "application/xml", (FIXTURES / "atom.xml").read_bytes()[:200], "feed"),
        ("https://netzpolitik.org/feed.json", "application/json", (FIXTURES / "feed.json").read_bytes()[:80], "feed"),
        ("https://caliber.az/sitemap.txt", "text/plain", (FIXTURES / "sitemap.txt").read_bytes()[:100], "sitemap"),
        ("https://www.khaama.com/feed/", "text/html; charset=UTF-8", b"<!DOCTYPE html>\n<html lang=\"en-US\">", None),
        ("https://www.khaama.com/feed/", "application/atom+xml", b"", "feed"),
        ("https://caliber.az/en/post/iran-s-fm-arrives", "text/html", b"", None),
        ("https://api.example.com/v1/items", "application/json", b'{"items": []}', None),
    ],
)
def test_looks_like_feed_or_sitemap(url, content_type, body_start, expected):
    assert looks_like_feed_or_sitemap(url, content_type, body_start) == expected
