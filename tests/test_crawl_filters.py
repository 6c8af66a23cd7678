"""`-a language=en,de` and `-a max_articles=N`: filters users ask the peer tools for, on a local site."""
from __future__ import annotations

import re

import pyarrow.dataset as ds
import pytest

from newscrawl.demo.server import SiteServer

from .conftest import run_scrapy
from .crawling import crawl_news
from newscrawl.demo.sitegen import build_site

pytestmark = pytest.mark.crawl  # every test here crawls through a subprocess

GERMAN = ("Der Stadtrat hat am Dienstag nach langer Debatte beschlossen, die alte Brücke über den Fluss zu sanieren. "
          "Die Arbeiten sollen im Frühjahr beginnen und werden nach Angaben der Verwaltung etwa zwei Jahre dauern. "
          "Anwohner hatten sich seit Jahren über den schlechten Zustand beschwert, weil der Verkehr immer stärker "
          "wurde und die Fahrbahn mehrmals gesperrt werden musste.")
SPANISH = ("El ayuntamiento aprobó el martes, después de un largo debate, la reparación del viejo puente sobre el río. "
           "Las obras comenzarán en primavera y durarán unos dos años, según la administración municipal. "
           "Los vecinos se quejaban desde hace años del mal estado de la calzada, cerrada varias veces al tráfico.")


@pytest.fixture
def languages_site(tmp_path):
    """Six English articles, two German, two Spanish."""
    root = tmp_path / "site"
    paths = build_site(root, 10)
    for path, text, lang in [(paths[6], GERMAN, "de"), (paths[7], GERMAN, "de"),
                             (paths[8], SPANISH, "es"), (paths[9], SPANISH, "es")]:
        page = root / path.lstrip("/")
        html = page.read_text(encoding="utf-8").replace('lang="en"', f'lang="{lang}"')
        n = path.split("-number-")[1].split("-")[0]
        html = re.sub(r"(<p>.*?</p>)+(?=</article>)", lambda m: f"<p>{text} ({n})</p><p>{text}</p>", html, count=1,
                      flags=re.S)
        page.write_text(html, encoding="utf-8")
    server = SiteServer(root)
    yield server.start()
    server.stop()


def _languages(out):
    rows = ds.dataset(out, format="parquet", partitioning="hive").to_table(columns=["language"]).to_pylist()
    return sorted(r["language"] for r in rows)


def test_language_keeps_the_languages_named(languages_site, tmp_path):
    out = tmp_path / "out"
    stats = crawl_news(languages_site, out, tmp_path / "state", "-a", "language=en,de")
    assert _languages(out) == ["de"] * 2 + ["en"] * 6
    assert stats["newscrawl/dropped/language"] == 2
    everything = crawl_news(languages_site, tmp_path / "all", tmp_path / "state2")
    assert _languages(tmp_path / "all") == ["de"] * 2 + ["en"] * 6 + ["es"] * 2
    assert "newscrawl/dropped/language" not in everything


@pytest.fixture
def big_site(tmp_path):
    build_site(tmp_path / "site", 40)
    server = SiteServer(tmp_path / "site")
    yield server.start()
    server.stop()


def _rows(out):
    return ds.dataset(out, format="parquet", partitioning="hive").count_rows()


@pytest.mark.parametrize("n", [1, 7])
def test_max_articles_stops_after_exactly_n_stored(big_site, tmp_path, n):
    out, state = tmp_path / "out", tmp_path / "state"
    stats = crawl_news(big_site, out, state, "-a", f"max_articles={n}", "-s", "CONCURRENT_REQUESTS=16")
    assert _rows(out) == n and stats["newscrawl/parquet/rows"] == n
    assert stats["finish_reason"] == "max_articles"
    assert stats["newscrawl/articles/extracted"] < 40  # it stopped; it did not fetch everything and throw it away
    # the pages that were fetched but not stored are not remembered as seen: the next run stores all the others
    again = crawl_news(big_site, out, state)
    assert again["newscrawl/skipped/seen"] == n and _rows(out) == 40


def test_max_articles_also_limits_a_feed_export(big_site, tmp_path):
    feed = tmp_path / "articles.jsonl"
    crawl_news(big_site, tmp_path / "out", tmp_path / "state", "-a", "max_articles=5", "-O", str(feed),
               "-s", "NEWSCRAWL_DATASET_ENABLED=0")
    assert len(feed.read_text().splitlines()) == 5


@pytest.mark.parametrize("arg, line", [
    ("until=soon", "until='soon' is not a date like 2024-12-01"),
    ("days=-1", "days='-1' is not a number of days (0 or more)"),
    ("language=english", "language='english': english not ISO 639-1 codes (en,de)"),
    ("max_articles=0", "max_articles='0' is not a whole number of articles (1 or more)"),
    ("max_articles=ten", "max_articles='ten' is not a whole number of articles (1 or more)"),
])
def test_a_bad_filter_argument_is_one_line(arg, line):
    proc = run_scrapy("crawl", "news", "-a", "url=http://127.0.0.1:9/", "-a", arg)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == f"newscrawl: news: {line}"
