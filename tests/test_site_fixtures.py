"""A fixture per registered site: its saved page, extracted with the site's registry entry, gives the expected record.

``tests/fixtures/sites/NAME/expected.json`` gives the page's ``url``, the saved ``page`` (a path from the repository
root; ``page.html`` beside it when left out; ``base``, when given, is what ``{{base}}`` in a demo-site page stands
for), where the page comes from (``source``), the expected ``record`` (every column but the volatile ones, one case per column) and, in
``extractor_wrong``, the columns the extractor still gets wrong, with what is wrong: those cases are expected to
fail (strictly: one that passes fails, so that the note goes when the extractor is fixed).
Adding a site to ``newscrawl/sites/sites.toml`` adds its case here, and it fails until the site has a fixture.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from functools import cache

import pytest

import newscrawl
from newscrawl.record import COLUMNS
from newscrawl.sites import Site, all_sites

from .conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "sites"
FETCHED = datetime(2024, 12, 10, tzinfo=timezone.utc)
VOLATILE = {"fetched_at", "extractor"}  # the clock and the installed versions, not the page
# Registered sites with no saved page of their own anywhere in the repository or the shared seeds: the seeds
# hold an aggregator's rewrite of a Firstpost story and MENAFN's copy of a Khaama Press story, not these outlets'
# own pages. Strict: the case fails as soon as a fixture lands and the entry here is left behind.
NO_SAVED_PAGE = {
    "firstpost": "no saved firstpost.com page (seed 001 is a rewrite on another site)",
    "khaama": "no saved khaama.com page (seed 002 is MENAFN's syndicated copy)",
}


def extract(html: bytes, url: str, site: Site) -> dict:
    """The record of one saved page, extracted as a crawl of ``site`` would (the one call into extraction)."""
    article = newscrawl.extract(html, url, headers={"Content-Type": "text/html"}, site=site, fetched_at=FETCHED)
    return as_json(article.to_dict())


def as_json(record: dict) -> dict:
    """The record as JSON values (instants as ISO-8601 strings), volatile fields left out."""
    return {k: v.isoformat() if isinstance(v, (date, datetime)) else v for k, v in record.items() if k not in VOLATILE}


def _expected(name: str) -> dict | None:
    path = FIXTURES / name / "expected.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def saved_page(name: str, expected: dict) -> bytes:
    page = ROOT / expected["page"] if "page" in expected else FIXTURES / name / "page.html"
    html = page.read_bytes()
    return html.replace(b"{{base}}", expected["base"].encode()) if "base" in expected else html


@cache
def _extracted(name: str) -> dict:
    expected = _expected(name)
    return extract(saved_page(name, expected), expected["url"], all_sites()[name])


def _cases():
    """(site, column) for every column of every site's fixture; (site, None) for a site without one."""
    for name in sorted(all_sites()):
        expected = _expected(name)
        if name in NO_SAVED_PAGE:
            yield pytest.param(name, None, marks=pytest.mark.xfail(reason=NO_SAVED_PAGE[name], strict=True))
        elif expected is None:
            yield pytest.param(name, None)
        else:
            wrong = expected.get("extractor_wrong", {})
            for column in sorted(expected["record"]):
                marks = [pytest.mark.xfail(reason=wrong[column], strict=True)] if column in wrong else []
                yield pytest.param(name, column, marks=marks)


@pytest.mark.parametrize("name,column", list(_cases()))
def test_saved_page_gives_the_expected_record(name, column):
    expected = _expected(name)
    if expected is None:
        pytest.fail(f"site {name!r} has no fixture: add {(FIXTURES / name).relative_to(ROOT)}/expected.json")
    want, got = expected["record"][column], _extracted(name)[column]
    assert got == (pytest.approx(want, abs=1e-6) if isinstance(want, float) else want), f"{name}: {column}"


def test_every_fixture_lists_every_column():
    for name in sorted(all_sites()):
        expected = _expected(name)
        if expected is not None:
            assert set(expected["record"]) == set(COLUMNS) - VOLATILE, name
            assert set(expected.get("extractor_wrong", {})) <= set(expected["record"]), name


def test_every_fixture_belongs_to_a_registered_site():
    names = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert names <= set(all_sites()), f"fixtures of unregistered sites: {sorted(names - set(all_sites()))}"
    assert not names & set(NO_SAVED_PAGE), f"now with a fixture, drop from NO_SAVED_PAGE: {sorted(names & set(NO_SAVED_PAGE))}"


def write(name: str, url: str, source: str, page: str | None = None, base: str | None = None) -> None:
    """Write ``expected.json`` of a new fixture from the extractor's output; then READ it and fix by hand every field
    that is wrong, noting it under ``extractor_wrong`` (``python -c 'from tests.test_site_fixtures import write; ...'``)."""
    fixture = {"url": url} | ({"page": page} if page else {}) | ({"base": base} if base else {}) | {"source": source}
    record = extract(saved_page(name, fixture), url, all_sites()[name])
    text = json.dumps(fixture | {"record": record, "extractor_wrong": {}}, ensure_ascii=False, indent=1)
    (FIXTURES / name).mkdir(exist_ok=True)
    (FIXTURES / name / "expected.json").write_text(text + "\n", encoding="utf-8")
