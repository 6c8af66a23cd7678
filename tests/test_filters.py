"""The crawl's argument filters as plain functions: window and language (the pipelines only count and raise)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newscrawl.filters import Verdict, outside_window, wrong_language
from newscrawl.record import Article
from newscrawl.window import Window

URL = "https://example.com/2024/12/03/story"
WINDOW = Window.parse("2024-12-01", until="2024-12-05")


def article(published: str | None = None, precision: str | None = "second", language: str | None = "en") -> Article:
    utc = datetime.fromisoformat(published).astimezone(timezone.utc) if published else None
    return Article(url=URL, published=published, published_utc=utc, published_precision=precision, language=language)


@pytest.mark.parametrize("published, precision, want", [
    ("2024-12-03T10:00:00+00:00", "second", None),
    ("2024-11-30T23:59:59+00:00", "second", "too_old"),
    ("2024-11-30T00:00:00+00:00", "day", "too_old"),  # the whole day is before the start
    ("2024-12-01T01:00:00+02:00", "minute", "too_old"),  # 23:00 UTC the day before
    ("2024-12-05T23:59:00+00:00", "minute", None),  # until= takes in its whole day
    ("2024-12-06T00:00:00+00:00", "second", "too_new"),
    (None, None, None),  # undated: kept (the pipeline counts it)
])
def test_outside_window(published, precision, want):
    verdict = outside_window(article(published, precision), WINDOW)
    assert (verdict.reason if verdict else None) == want
    if verdict:
        assert verdict.detail == f"published {published}: {URL}"


@pytest.mark.parametrize("language, want", [
    ("en", None),
    ("de", None),
    ("fr", Verdict("language", f"fr, not de,en: {URL}")),
    (None, Verdict("language", f"unknown, not de,en: {URL}")),
])
def test_wrong_language(language, want):
    assert wrong_language(article(language=language), frozenset({"en", "de"})) == want
