"""The site registry: one declarative entry a site, validated when it loads."""
from __future__ import annotations

import pytest

from newscrawl.sites import all_sites, get_site
from newscrawl.sites.registry import UnknownSite, load_registry, site_for_host


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


@pytest.mark.parametrize("entry, message", [
    ('domains = ["x.test"]\ntimezone = "Mars/Olympus"', "unknown time zone"),
    ('domains = []', "names no domains"),
    ('domains = ["x.test"]\nstart = ["https://x.test/"]', "unknown keys"),
    ('domains = ["x.test"]\ndate_selector = "div[["', "invalid date_selector"),
])
def test_a_bad_entry_is_one_clear_error(tmp_path, entry, message):
    with pytest.raises(ValueError, match=message):
        _load(tmp_path, f"[sites.x]\n{entry}\n")


def test_unknown_site_names_the_registered_ones():
    with pytest.raises(UnknownSite) as err:
        get_site("nope")
    assert str(err.value).startswith("unknown site 'nope'; registered: ") and "caliber" in str(err.value)
