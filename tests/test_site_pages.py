"""Every registered site with a saved page: extracted with its registry entry, its fields come out right."""
from __future__ import annotations

import json
import tomllib
from dataclasses import fields
from datetime import datetime, timezone

import pytest

from newscrawl.extraction import extract_article
from newscrawl.sites import Site, all_sites

from .conftest import ROOT

PAGES = tomllib.loads((ROOT / "tests" / "fixtures" / "sites" / "pages.toml").read_text(encoding="utf-8"))
EXPECTED = {a["path"]: a for a in json.loads((ROOT / "tests" / "expected" / "demo.json").read_text())["articles"]}
FETCHED = datetime(2024, 12, 10, tzinfo=timezone.utc)
OVERRIDES = {"byline_selector", "date_selector"}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_saved_page_with_the_registry_entry(name):
    site = all_sites()[name]
    spec = PAGES[name]
    want = EXPECTED[spec["demo_path"]]
    art = extract_article((ROOT / spec["page"]).read_bytes(), spec["url"], {"Content-Type": "text/html"}, site,
                          fetched_at=FETCHED)
    assert art.site == name and site.owns(art.domain)
    assert art.title == want["title"]
    assert art.published == want["published"]
    assert art.authors == want["authors"]
    for agency in want.get("agencies", []) + want.get("agencies_include", []):
        assert agency in art.agencies
    if "published_source" in spec:
        assert art.published_source == spec["published_source"]
    for phrase in want["must_not_contain"]:
        assert phrase not in art.text


def test_every_site_with_an_override_has_a_saved_page():
    for site in all_sites().values():
        if any(getattr(site, o) for o in OVERRIDES):
            assert site.name in PAGES, f"{site.name} declares a selector: add its saved page to pages.toml"


def test_a_site_time_zone_is_what_places_a_bare_local_time():
    spec = PAGES["caliber"]
    body = (ROOT / spec["page"]).read_bytes()
    base = all_sites()["caliber"]
    elsewhere = Site(**{f.name: getattr(base, f.name) for f in fields(Site)} | {"timezone": "America/Caracas"})
    baku = extract_article(body, spec["url"], None, base, fetched_at=FETCHED)
    caracas = extract_article(body, spec["url"], None, elsewhere, fetched_at=FETCHED)
    assert baku.published == "2024-12-02T11:36:00+04:00"
    assert caracas.published == "2024-12-02T11:36:00-04:00"
    assert (caracas.published_utc - baku.published_utc).total_seconds() == 8 * 3600
