"""Registry entries that change what a saved page gives: selectors need a fixture, the time zone places a bare time.

The saved pages are the per-site fixtures of tests/fixtures/sites (see test_site_fixtures.py)."""
from __future__ import annotations

import json
from dataclasses import fields
from datetime import datetime, timezone

import newscrawl
from newscrawl.sites import Site, all_sites

from .conftest import ROOT
from .test_site_fixtures import saved_page

FIXTURES = ROOT / "tests" / "fixtures" / "sites"
FETCHED = datetime(2024, 12, 10, tzinfo=timezone.utc)
OVERRIDES = {"byline_selector", "date_selector"}


def test_every_site_with_an_override_has_a_saved_page():
    for site in all_sites().values():
        if any(getattr(site, o) for o in OVERRIDES):
            assert (FIXTURES / site.name / "expected.json").is_file(), \
                f"{site.name} declares a selector: add its saved page to tests/fixtures/sites/{site.name}/"


def test_a_site_time_zone_is_what_places_a_bare_local_time():
    fixture = json.loads((FIXTURES / "caliber" / "expected.json").read_text(encoding="utf-8"))
    body, url = saved_page("caliber", fixture), fixture["url"]
    base = all_sites()["caliber"]
    elsewhere = Site(**{f.name: getattr(base, f.name) for f in fields(Site)} | {"timezone": "America/Caracas"})
    baku = newscrawl.extract(body, url, site=base, fetched_at=FETCHED)
    caracas = newscrawl.extract(body, url, site=elsewhere, fetched_at=FETCHED)
    assert baku.published == "2024-12-02T11:36:00+04:00"
    assert caracas.published == "2024-12-02T11:36:00-04:00"
    assert (caracas.published_utc - baku.published_utc).total_seconds() == 8 * 3600
