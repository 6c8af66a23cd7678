"""One date string -> the record's value: real strings from the seeds and the dev corpora."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newscrawl.dates.parse import parse_machine, parse_relative, resolve_relative, to_value
from newscrawl.extraction.dates.order import month_first
from newscrawl.dates.parse import _dateparser_day, read_day
from newscrawl.dates.spans import Reading, label_after, label_before, spans_in
from newscrawl.extraction import Page


def first_value(text: str, langs: tuple[str, ...], tz: str | None, month_first: bool | None = None):
    found = list(spans_in(text, Reading(langs, month_first)))
    assert found, f"no date found in {text!r}"
    match, stamp = found[0]
    return to_value(stamp, "text", match.group(0), tz)


# --- machine strings (JSON-LD, meta, <time datetime>, sitemaps) ------------------------------
@pytest.mark.parametrize(
    "raw, tz, iso, precision, source",
    [
        ("2024-05-03T15:47:42.389000+00:00", None, "2024-05-03T15:47:42+00:00", "second", "json-ld"),  # derstandard
        ("2024-04-15T13:38:00+02:00", None, "2024-04-15T13:38:00+02:00", "second", "json-ld"),  # srf
        ("2019-11-20T06:35:39Z", None, "2019-11-20T06:35:39+00:00", "second", "json-ld"),
        ("2019-11-19T21:57:01+0000", None, "2019-11-19T21:57:01+00:00", "second", "json-ld"),
        ("20200414T00:38:07Z", None, "2020-04-14T00:38:07+00:00", "second", "json-ld"),  # registerguard
        ("2021-11-04T23:00Z", None, "2021-11-04T23:00:00+00:00", "minute", "json-ld"),  # kas.de
        ("2025-01-13T21:37:00+09:00", None, "2025-01-13T21:37:00+09:00", "second", "json-ld"),
        ("2020-12-01T14:02:00+06:00", None, "2020-12-01T14:02:00+06:00", "second", "json-ld"),
        ("2024-07-19T09:45:39-05:00", None, "2024-07-19T09:45:39-05:00", "second", "json-ld"),
        ("Sat, 19 Oct 2019 00:04:00 +0200", None, "2019-10-19T00:04:00+02:00", "second", "json-ld"),  # nachrichten.at
        ("Mon Jan 20 09:49:32 UTC 2020", None, "2020-01-20T09:49:32+00:00", "second", "json-ld"),  # reuters
        ("1570020082", None, "2019-10-02T12:41:22+00:00", "second", "json-ld"),  # epoch seconds
        # a wall time without offset: the site's zone, else only the day
        ("2023-04-28 18:11:01.0", None, "2023-04-28", "day", "json-ld"),  # n-tv
        ("2023-04-28 18:11:01.0", "Europe/Berlin", "2023-04-28T18:11:01+02:00", "second", "json-ld+site-tz"),
        ("2024-04-26 20:44", "Europe/Berlin", "2024-04-26T20:44:00+02:00", "minute", "json-ld+site-tz"),  # fr.de
        ("2026-04-20T14:09:42.493", "Europe/Istanbul", "2026-04-20T14:09:42+03:00", "second", "json-ld+site-tz"),  # aa
        ("2020/10/04 15:05:21", None, "2020-10-04", "day", "json-ld"),
        # a day stays a day
        ("2024-04-15", None, "2024-04-15", "day", "json-ld"),
        ("2025-10-20", "Europe/Berlin", "2025-10-20", "day", "json-ld"),
    ],
)
def test_machine_strings(raw, tz, iso, precision, source):
    value = to_value(parse_machine(raw), "json-ld", raw, tz)
    assert (value.iso, value.precision, value.source) == (iso, precision, source)
    assert value.utc.tzinfo is not None
    assert value.raw == raw


@pytest.mark.parametrize("raw", ["not a date", "2024-13-45", "12345", "2024-02-30T10:00:00Z", "Jetzt"])
def test_machine_rejects(raw):
    assert parse_machine(raw) is None


def test_day_is_midnight_in_site_zone():
    value = to_value(parse_machine("2024-12-02"), "url", "/2024/12/02/", "Asia/Baku")
    assert value.utc == datetime(2024, 12, 1, 20, 0, tzinfo=timezone.utc)
    value = to_value(parse_machine("2024-12-02"), "url", "/2024/12/02/", None)
    assert value.utc == datetime(2024, 12, 2, tzinfo=timezone.utc)


# --- visible text -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, langs, tz, iso, precision, source",
    [
        # the seeds
        ("02 December 2024 11:36", ("en",), "Asia/Baku", "2024-12-02T11:36:00+04:00", "minute", "text+site-tz"),
        ("02 December 2024 11:36", ("en",), None, "2024-12-02", "day", "text"),  # no zone known: no time
        (" date 2024-12-02 ", (), None, "2024-12-02", "day", "text"),
        (" date 2024-12-02 (MENAFN- Khaama Press)", (), "Asia/Kabul", "2024-12-02", "day", "text"),
        ("December 4, 2024 Hour: 1:34 pm", ("en",), "America/Caracas", "2024-12-04T13:34:00-04:00", "minute", "text+site-tz"),
        ("Wednesday, December 4, 2024", ("en",), None, "2024-12-04", "day", "text"),
        # English
        ("Published Nov. 8, 2023, 10:28 p.m. ET", ("en",), None, "2023-11-08T22:28:00-05:00", "minute", "text"),  # nypost
        ("Monday Apr 13, 2020 at 4:38 PM", ("en",), "America/Los_Angeles", "2020-04-13T16:38:00-07:00", "minute", "text+site-tz"),
        ("January 19, 2020 / 12:25 PM / Updated 8 hours ago", ("en",), "UTC", "2020-01-19T12:25:00+00:00", "minute", "text+site-tz"),
        ("Publish Date:Sat, 28 Nov 2020 01:34 PM (IST)", ("hi", "en"), "Asia/Kolkata", "2020-11-28T13:34:00+05:30", "minute", "text+site-tz"),
        ("Posted on Maret 30, 2015 by Admin", ("id",), None, "2015-03-30", "day", "text"),
        # German
        ("Dienstag, 29. Januar 2019", ("de",), None, "2019-01-29", "day", "text"),  # horizont
        ("5. November 2021", ("de",), None, "2021-11-05", "day", "text"),  # kas.de
        ("Stand: 26.04.2024, 20:44 Uhr", ("de",), "Europe/Berlin", "2024-04-26T20:44:00+02:00", "minute", "text+site-tz"),
        ("Do 25.04.24 | 14:07 Uhr | Von Eva Kirchner-Rätsch", ("de",), "Europe/Berlin", "2024-04-25T14:07:00+02:00", "minute", "text+site-tz"),
        ("Kathrin Führes am Mittwoch, 26.01.2022 - 14:30", ("de",), "Europe/Berlin", "2022-01-26T14:30:00+01:00", "minute", "text+site-tz"),
        ("Gunter Frank / 22.04.2020 / 06:15 / Foto: Achgut.com", ("de",), "Europe/Berlin", "2020-04-22T06:15:00+02:00", "minute", "text+site-tz"),
        ("erstellt: 01. April 2025, 15:25", ("de",), "Europe/Rome", "2025-04-01T15:25:00+02:00", "minute", "text+site-tz"),
        ("Aktualisiert am 06. Mär. 2023", ("de",), None, "2023-03-06", "day", "text"),  # eatsmarter
        # French, Spanish, Italian, Portuguese
        ("Publié le 30 août 2023 à 14h52, modifié le 30 août 2023 à 15h54", ("fr",), "Europe/Paris", "2023-08-30T14:52:00+02:00", "minute", "text+site-tz"),
        ("Par Loïc Le Clerc | 30 septembre 2018", ("fr",), None, "2018-09-30", "day", "text"),
        ("peine maximale ! 27 Sep 2016", ("fr",), None, "2016-09-27", "day", "text"),
        ("Opinion mardi 10.12.19", ("fr",), None, "2019-12-10", "day", "text"),  # aoc.media
        ("Alberto Órfão 25 de mayo de 2025 16:51 h", ("es",), "Europe/Madrid", "2025-05-25T16:51:00+02:00", "minute", "text+site-tz"),
        ("Bruselas - 15 oct 2024 - 08:22", ("es",), "Europe/Madrid", "2024-10-15T08:22:00+02:00", "minute", "text+site-tz"),
        ("Actualizado: 15 oct 2024 - 17:38 CEST", ("es",), None, "2024-10-15T17:38:00+02:00", "minute", "text"),  # zone given
        ("Marco Pizzorno 4 Febbraio 2025 - 14:41", ("it",), "Europe/Rome", "2025-02-04T14:41:00+01:00", "minute", "text+site-tz"),
        ("02 Novembre 2023 Aggiornato alle 16:58", ("it",), None, "2023-11-02", "day", "text"),  # repubblica
        ("Agência O Globo - | 26/11/2020 20:02", ("pt",), "America/Sao_Paulo", "2020-11-26T20:02:00-03:00", "minute", "text+site-tz"),
        ("Carlos Nadalim 27/09/2018 Comente!", ("pt",), None, "2018-09-27", "day", "text"),
        # Russian, Turkish, Arabic, Polish, Hungarian, Nordic
        ("1 Декабря 2020 14:02 Поделиться", ("ru",), "Asia/Almaty", "2020-12-01T14:02:00+06:00", "minute", "text+site-tz"),
        ("Мир 14.05.2025, 20:28", ("ru",), "Europe/Moscow", "2025-05-14T20:28:00+03:00", "minute", "text+site-tz"),
        ("Fatma Sevinç Çetin 20 Nisan 2026", ("tr",), None, "2026-04-20", "day", "text"),
        ("Giriş: 03.07.2024 - 18:24 Güncelleme: 03.07.2024 - 18:57", ("tr",), "Europe/Istanbul", "2024-07-03T18:24:00+03:00", "minute", "text+site-tz"),
        ("تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً", ("ar",), "Asia/Amman", "2020-04-24T21:22:00+03:00", "minute", "text+site-tz"),
        ("كتب ضحى عرفة 2020/12/25 - 1:59 صباحًا", ("ar",), "Africa/Cairo", "2020-12-25T01:59:00+02:00", "minute", "text+site-tz"),
        ("17:55 GMT 17 مارس/ آذار 2020", ("ar",), None, "2020-03-17T17:55:00+00:00", "minute", "text"),
        ("Anna Dobiega 31 stycznia 2020 | 10:00", ("pl",), "Europe/Warsaw", "2020-01-31T10:00:00+01:00", "minute", "text+site-tz"),
        ("lassú kilábalás 2020. 08. 18. 21:35", ("hu",), "Europe/Budapest", "2020-08-18T21:35:00+02:00", "minute", "text+site-tz"),
        ("Gramnæs Publisert 06.01.2026 - 17:29", ("nb",), "Europe/Oslo", "2026-01-06T17:29:00+01:00", "minute", "text+site-tz"),
        ("Publisert torsdag 09. mai 2024 - 13:26", ("no",), "Europe/Oslo", "2024-05-09T13:26:00+02:00", "minute", "text+site-tz"),
        ("innehåll torsdag 8 januari 2026", ("sv",), None, "2026-01-08", "day", "text"),
        # CJK
        ("渡辺洋介 2025年1月13日 21時37分 印刷する", ("ja",), "Asia/Tokyo", "2025-01-13T21:37:00+09:00", "minute", "text+site-tz"),
        ("이용민 기자 | 2020-03-04 16:52:59", ("ko",), "Asia/Seoul", "2020-03-04T16:52:59+09:00", "second", "text+site-tz"),
        ("입력 2020.08.27 20:27 KBO리그", ("ko",), "Asia/Seoul", "2020-08-27T20:27:00+09:00", "minute", "text+site-tz"),
        # a short form right after a byline is a date, not a version
        ("von Klaus-Peter Schöppner, 8.5.12", ("de",), None, "2012-05-08", "day", "text"),  # carta.info
    ],
)
def test_visible_dates(text, langs, tz, iso, precision, source):
    value = first_value(text, langs, tz)
    assert (value.iso, value.precision, value.source) == (iso, precision, source)


@pytest.mark.parametrize(
    "text",
    [
        "Version 1.2.21 released",  # a version, not a day
        "3 Kommentare 2014",  # a word that is no month
        "Mai 2014",  # a month is not a day
        "Bis 26. April",  # no year: never guessed
        "Caliber.az © 2024.",  # a copyright year
        "Telefon: 0561 940 83-14",
    ],
)
def test_not_dates(text):
    assert list(spans_in(text, Reading(("de", "en")))) == []


# --- numeric dates: day or month first --------------------------------------------------------------
@pytest.mark.parametrize(
    "text, langs, first, iso",
    [
        ("02/11/2023 02:00pm GMT", ("en",), False, "2023-11-02T14:00:00+00:00"),  # huffingtonpost.co.uk
        ("Published 12/10/2020", ("en",), False, "2020-10-12"),  # diem25.org, en-GB
        ("12/04/2020", ("en",), False, "2020-04-12"),  # flawlessfood.co.uk, en-GB
        ("11/8/2023", ("en",), True, "2023-11-08"),  # dailyherald.com, en-US
        ("06/01/2020", ("en",), True, "2020-06-01"),  # zitrod.com, en_US
        ("Le 02/11/2023 à 15:57", ("fr",), False, "2023-11-02"),  # lepoint.fr
        ("02/11/23", ("fr",), None, "2023-11-02"),  # 20minutes.fr: a two-digit year is this century
        ("24/03/16, 02:31 pm", ("de",), None, "2016-03-24"),  # forumieren.com
        ("13/01/16", ("en",), True, "2016-01-13"),  # a day above 12 settles it, whatever the locale
        ("01/13/2016", ("en",), False, "2016-01-13"),
        ("06/10/2020", ("es",), None, "2020-10-06"),  # radionacional.com.ar: another language, day first
        ("02/11/2023", ("en",), None, "2023-02-11"),  # English with nothing else known: dateparser's month first
    ],
)
def test_numeric_order(text, langs, first, iso):
    assert first_value(text, langs, None, first).iso == iso


@pytest.mark.parametrize(
    "html, url, first",
    [
        ('<html lang="en-GB">', "https://diem25.org/x", False),
        ('<html lang="en-US">', "https://www.dailyherald.com/x", True),
        ('<html><head><meta property="og:locale" content="en_US"></head>', "https://zitrod.com/x", True),
        ('<html lang="en">', "https://www.huffingtonpost.co.uk/entry/x", False),  # the country domain
        ('<html lang="en">', "https://www.smh.com.au/x", False),
        ('<html lang="en">', "https://www.cbc.ca/news/x", True),
        ('<html lang="en">', "https://techcrunch.com/x", True),
        ('<html lang="en">', "https://example.io/x", True),  # .io says nothing of a country
        ('<html lang="de">', "https://motor.at/x", False),
        ('<html>', "https://www.lemonde.fr/x", False),  # no language: the country domain
        ('<html>', "https://example.com/x", True),
    ],
)
def test_month_first(html, url, first):
    assert month_first(Page(url, (html + "<body><p>x</p></body></html>").encode())) is first


# --- labels before a date ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "context, role",
    [
        ("Von Wenke Gürtler Aktualisiert am ", "modified"),
        ("Article mis à jour le ", "modified"),
        ("Fatma Sevinç Çetin 20 Nisan 2026 • Güncelleme: ", "modified"),
        ("Published ", "published"),
        ("Veröffentlicht am ", "published"),
        ("Andrea Rossi Publicado el ", "published"),
        ("Caliber.az © ", "other"),
        ("Registriert: ", "other"),
        ("Aktuelle Zeit: ", "other"),
        ("© Karina Hessland-Wissel ", None),  # a photo credit, then the date
        ("Von Christian am ", None),
    ],
)
def test_labels(context, role):
    assert label_before(context) == role


# --- relative phrases, against the fetch time ---------------------------------------------------------------
FETCHED = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "text, langs, tz, iso, precision",
    [
        ("vor 2 Stunden", ("de",), None, "2026-01-01T10:00:00+00:00", "minute"),
        ("2 hours ago", ("en",), "Asia/Baku", "2026-01-01T14:00:00+04:00", "minute"),
        ("il y a 5 minutes", ("fr",), "Europe/Paris", "2026-01-01T12:55:00+01:00", "minute"),
        ("hace 3 días", ("es",), None, "2025-12-29", "day"),
        ("prije 26 minuta", ("bs",), None, "2026-01-01T11:34:00+00:00", "minute"),
        ("3 days ago", ("en",), None, "2025-12-29", "day"),
    ],
)
def test_relative(text, langs, tz, iso, precision):
    stamp = parse_relative(text, langs)
    value = to_value(resolve_relative(stamp, FETCHED, tz), "text", text, tz)
    assert (value.iso, value.precision) == (iso, precision)


# --- month names read without dateparser: the same day dateparser gives ------------------------------
@pytest.mark.parametrize(
    "text, langs, day",
    [
        ("15 listopada 2020", ("pl",), "2020-11-15"),  # November in Polish…
        ("15. listopada 2020", ("hr",), "2020-10-15"),  # …October in Croatian
        ("02 December 2024", ("en",), "2024-12-02"),  # caliber.az (seed)
        ("December 4, 2024", ("en",), "2024-12-04"),  # telesur (seed)
        ("Nov. 8, 2023", ("en",), "2023-11-08"),  # nypost
        ("1er mars 2024", ("fr",), "2024-03-01"),
        ("25 de mayo de 2025", ("es",), "2025-05-25"),
        ("4 Febbraio 2025", ("it",), "2025-02-04"),
        ("06. Mär. 2023", ("de",), "2023-03-06"),  # eatsmarter
        ("31 stycznia 2020", ("pl",), "2020-01-31"),
        ("20 Nisan 2026", ("tr",), "2026-04-20"),
    ],
)
def test_month_names_read_directly(text, langs, day):
    assert read_day(text, langs).isoformat() == day
    assert read_day(text, langs) == _dateparser_day(text, langs)


@pytest.mark.parametrize(
    "after, role",
    [
        (" /  12:25 PM / Updated 8 hours ago", "published"),  # reuters: the first publication, then the update
        (" 14:30 Uhr, aktualisiert 15:00 Uhr", "published"),
        (" | Updated: Jan 2", "published"),
        (" - The minister said on Sunday", None),
        (" 10:00", None),
    ],
)
def test_label_after(after, role):
    assert label_after(after) == role
