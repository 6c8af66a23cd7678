"""The site registry: one declarative entry a site, validated when it loads."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from newscrawl.sites import all_sites, get_site
from newscrawl.sites.registry import RegistryError, UnknownSite, load_registry, site_for_host

from .conftest import ROOT


def _load(tmp_path, text):
    path = tmp_path / "sites.toml"
    path.write_text(text)
    return load_registry(path)


def test_bundled_registry_has_the_seed_sites_with_their_zones():
    sites = all_sites()
    zones = {name: sites[name].timezone for name in ("caliber", "firstpost", "khaama", "menafn", "telesur")}
    assert zones == {"caliber": "Asia/Baku", "firstpost": "Asia/Kolkata", "khaama": "Asia/Kabul",
                     "menafn": "Asia/Amman", "telesur": "America/Caracas"}
    for name in zones:
        assert sites[name].start_urls and sites[name].home.startswith("https://")
    assert site_for_host("www.khaama.com").name == "khaama"
    assert site_for_host("news.caliber.az").name == "caliber"
    assert site_for_host("example.org") is None


def test_one_entry_is_a_site(tmp_path):
    sites = _load(tmp_path, '[sites.x]\ndomains = ["x.test"]\ntimezone = "Europe/Madrid"\nfeeds = ["https://x.test/rss"]\n'
                            'byline_selector = ".author a"\n')
    assert sites["x"].feeds == ("https://x.test/rss",) and sites["x"].byline_selector == ".author a"


@pytest.mark.parametrize("entry, line", [
    ('domains = ["x.test"]\ntimezone = "Mars/Olympus"',
     "[sites.x] timezone: unknown time zone 'Mars/Olympus' (an IANA name such as Europe/Berlin)"),
    ('domains = []', "[sites.x] domains: must name at least one"),
    ('home = "https://x.test/"', "[sites.x] domains: missing (a required key)"),
    ('domains = "x.test"', "[sites.x] domains: must be a list of strings ([\"…\"]), not a string 'x.test'"),
    ('domains = ["https://x.test/"]', "[sites.x] domains: 'https://x.test/' is a URL; give the host name only (example.com)"),
    ('domains = ["x.test"]\nstart = ["https://x.test/"]', "[sites.x] start: unknown key (known: domains, timezone, "),
    ('domains = ["x.test"]\ndate_selector = "div[["', "[sites.x] date_selector: invalid CSS selector 'div[['"),
    ('domains = ["x.test"]\nfeeds = "https://x.test/rss"',
     "[sites.x] feeds: must be a list of strings ([\"…\"]), not a string 'https://x.test/rss'"),
    ('domains = ["x.test"]\nfeeds = ["x.test/rss"]', "[sites.x] feeds: 'x.test/rss' is not an http(s) URL with a scheme"),
    ('domains = ["x.test"]\nhome = "//x.test/"', "[sites.x] home: '//x.test/' is not an http(s) URL with a scheme"),
    ('domains = ["x.test"]\nrender = "yes"', "[sites.x] render: must be true or false, not a string 'yes'"),
    ('domains = ["x.test"]\nenabled = 1', "[sites.x] enabled: must be true or false, not an integer 1"),
    ('domains = ["x.test"]\noutlet_names = ["X", 3]', "[sites.x] outlet_names: must be a list of strings, but holds an integer 3"),
])
def test_a_bad_entry_is_one_line_naming_file_site_and_key(tmp_path, entry, line):
    with pytest.raises(RegistryError) as err:
        _load(tmp_path, f"[sites.x]\n{entry}\n")
    (got,) = err.value.lines
    assert got.startswith(f"{tmp_path / 'sites.toml'}: {line}"), got


@pytest.mark.parametrize("name", ["Caliber", "my site", "news.com", "ü"])
def test_site_names_are_lower_case_letters_digits_dash_underscore(tmp_path, name):
    with pytest.raises(RegistryError) as err:
        _load(tmp_path, f'[sites."{name}"]\ndomains = ["x.test"]\n')
    assert err.value.lines == [f"{tmp_path / 'sites.toml'}: [sites.{name}]: site name must be lower-case letters, "
                               f"digits, '_' or '-'"]


def test_every_mistake_of_a_file_is_reported_and_none_of_it_is_loaded(tmp_path):
    with pytest.raises(RegistryError) as err:
        _load(tmp_path, '[sites.a]\ndomains = "a.test"\n[sites.b]\ndomains = ["b.test"]\nrender = "yes"\n'
                        '[sites.c]\ndomains = ["c.test"]\n')
    assert [line.split(": ", 1)[1].split(":")[0] for line in err.value.lines] == ["[sites.a] domains", "[sites.b] render"]


def test_a_port_claims_that_port_only(tmp_path):
    sites = _load(tmp_path, '[sites.x]\ndomains = ["127.0.0.1:8123", "x.test"]\n')
    x = sites["x"]
    assert x.owns_url("http://127.0.0.1:8123/a") and not x.owns_url("http://127.0.0.1:8124/a")
    assert x.owns_url("https://www.x.test/a") and x.owns_url("http://news.x.test:8080/")
    assert x.hosts == ("127.0.0.1", "x.test")


BROKEN = {
    "syntax": ("[sites.x\n", ["{f}: not valid TOML: Expected ']' at the end of a table declaration (at line 1, column 9)"]),
    "missing file": (None, ["{f}: no such file (named by NEWSCRAWL_SITES_FILE)"]),
    "two mistakes": ('[sites.x]\ndomains = "x.com"\ncolor = "red"\n',
                     ["{f}: [sites.x] color: unknown key (known: domains, timezone, home, sitemaps, news_sitemaps, "
                      "feeds, sections, outlet_names, render, byline_selector, date_selector, enabled, description)",
                      "{f}: [sites.x] domains: must be a list of strings ([\"…\"]), not a string 'x.com'"]),
}
COMMANDS = {
    "newscrawl sites": [sys.executable, "-m", "newscrawl.cli", "sites"],
    "newscrawl run": [sys.executable, "-m", "newscrawl.cli", "run", "caliber"],
    "scrapy list": [sys.executable, "-m", "scrapy", "list"],
    "scrapy crawl": [sys.executable, "-m", "scrapy", "crawl", "caliber"],
}


@pytest.mark.crawl
@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_sites_file_is_its_lines_and_exit_2(tmp_path, command, case):
    text, want = BROKEN[case]
    path = tmp_path / "sites.toml"
    if text is not None:
        path.write_text(text)
    env = {**os.environ, "NEWSCRAWL_SITES_FILE": str(path), "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    proc = subprocess.run(COMMANDS[command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines() == [line.format(f=path) for line in want]
    assert proc.stdout == ""


def test_unknown_site_names_the_registered_ones():
    with pytest.raises(UnknownSite) as err:
        get_site("nope")
    assert str(err.value).startswith("unknown site 'nope'; registered: ") and "caliber" in str(err.value)
