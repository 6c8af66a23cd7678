"""``newscrawl.extract``: the public API the crawl and ``newscrawl extract`` call, on real saved pages."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

import newscrawl
from newscrawl.record import Article
from newscrawl.sites import UnknownSite

from .conftest import ROOT

CALIBER = ROOT / "newscrawl/demo/site/en/post/iran-s-fm-arrives-from-damascus-to-turkiye-to-discuss-current-situation-in-syria/index.html"
CALIBER_URL = "https://caliber.az/en/post/iran-s-fm-arrives-from-damascus-to-turkiye-to-discuss-current-situation-in-syria"
FETCHED = datetime(2024, 12, 10, tzinfo=timezone.utc)


def test_bytes_from_a_registered_site_found_by_domain():
    art = newscrawl.extract(CALIBER.read_bytes(), CALIBER_URL, fetched_at=FETCHED)
    assert isinstance(art, Article)
    assert art.site == "caliber"
    assert art.title == "Iran's FM arrives from Damascus to Türkiye to discuss current situation in Syria"
    # the page prints a bare local time; the registry's Asia/Baku zone places it, as in a crawl
    assert art.published == "2024-12-02T11:36:00+04:00"
    assert art.published_source == "text+site-tz"
    assert art.authors == ["Khagan Isayev"]
    assert art.fetched_at == FETCHED
    assert art.word_count > 300


def test_str_gives_the_same_record_as_bytes():
    body = CALIBER.read_bytes()
    from_bytes = newscrawl.extract(body, CALIBER_URL, fetched_at=FETCHED)
    from_str = newscrawl.extract(body.decode("utf-8"), CALIBER_URL, fetched_at=FETCHED)
    for field in ("title", "text", "authors", "published", "published_utc", "language", "canonical_url"):
        assert getattr(from_str, field) == getattr(from_bytes, field), field


def test_an_explicit_time_zone_wins_over_the_registry():
    art = newscrawl.extract(CALIBER.read_bytes(), CALIBER_URL, fetched_at=FETCHED, timezone="America/Caracas")
    assert art.published == "2024-12-02T11:36:00-04:00"
    assert art.site == "caliber"  # still the registry's site: only its zone was overridden


def test_an_unregistered_domain_keeps_a_bare_time_to_its_day():
    art = newscrawl.extract(CALIBER.read_bytes(), "https://mirror.example.org/story", fetched_at=FETCHED)
    assert art.site is None
    assert art.published == "2024-12-02"  # no zone known: an offset would be invented
    zoned = newscrawl.extract(CALIBER.read_bytes(), "https://mirror.example.org/story", fetched_at=FETCHED,
                              timezone="Europe/Berlin")
    assert zoned.published == "2024-12-02T11:36:00+01:00"


def test_a_site_named_applies_to_any_url_and_an_unknown_name_is_one_line():
    art = newscrawl.extract(CALIBER.read_bytes(), "https://mirror.example.org/story", fetched_at=FETCHED, site="caliber")
    assert art.site == "caliber" and art.published == "2024-12-02T11:36:00+04:00"
    with pytest.raises(UnknownSite, match="unknown site 'nosuch'"):
        newscrawl.extract(CALIBER.read_bytes(), CALIBER_URL, site="nosuch")


def test_outlet_names_are_never_authors():
    art = newscrawl.extract(CALIBER.read_bytes(), "https://mirror.example.org/story", fetched_at=FETCHED,
                            outlet_names=("Khagan Isayev",))
    assert "Khagan Isayev" not in art.authors


RELATIVE = (b"<html><head><title>A story</title></head><body><article><h1>A story about the harbour</h1>"
            b"<p class='date'>3 hours ago</p>"
            + b"<p>" + b"The harbour reopened on Monday after a week of storms closed it to ships. " * 6 + b"</p>"
            b"</article></body></html>")


def test_without_fetched_at_nothing_but_fetched_at_reads_the_clock():
    before = datetime.now(timezone.utc)
    art = newscrawl.extract(RELATIVE, "https://example.org/2024/story")
    assert art.published is None  # "3 hours ago" needs a fetch time to mean anything
    assert before <= art.fetched_at <= datetime.now(timezone.utc)
    given = newscrawl.extract(RELATIVE, "https://example.org/2024/story", fetched_at=FETCHED)
    assert given.published_utc == FETCHED - timedelta(hours=3)


def test_not_html_is_said():
    with pytest.raises(newscrawl.NotHTML):
        newscrawl.extract(b"%PDF-1.7 binary", "https://example.org/file.pdf")
