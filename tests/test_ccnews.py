"""``newscrawl ccnews`` against a CC-NEWS-style archive built from the dev corpora and served on 127.0.0.1:
the window's listings and files, the domain and language filters, the record, 404s, a re-run that reads
nothing, bad arguments."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pytest

from newscrawl.ccnews.listing import file_day, listing_url, months, parse_listing, select
from newscrawl.ccnews.records import domain_filter, host_of
from newscrawl.cli.ccnews import main
from newscrawl.discovery.urls import canonicalize
from newscrawl.state import SeenStore

from .ccnews_archive import Archive, Server, corpus_pages

UTC = timezone.utc
NOV30 = datetime(2024, 11, 30, 23, 50, 1, tzinfo=UTC)
DEC1 = datetime(2024, 12, 1, 0, 10, 5, tzinfo=UTC)
DEC2 = datetime(2024, 12, 2, 13, 0, 9, tzinfo=UTC)
DEC3 = datetime(2024, 12, 3, 0, 0, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def archive(tmp_path_factory, shared_dir):
    pages = corpus_pages("fundus", 22)
    a = Archive(tmp_path_factory.mktemp("ccnews"))
    a.add(NOV30, 7, pages[:3])  # the day before the window, in the other month's listing
    a.add(DEC1, 0, pages[3:11])
    a.add(DEC2, 1, pages[11:19])
    a.add(DEC2.replace(hour=14), 2, [], listed_only=True)  # listed, but the server has not got it
    a.add(DEC3, 0, pages[19:22])  # the day after
    with Server(a.root) as server:
        yield a, server


def rows(out: Path) -> list[dict]:
    if not out.exists():
        return []
    return duckdb.sql(f"select url, site, domain, fetched_at, crawl_date, language from read_parquet('{out}/**/*.parquet', "
                      "hive_partitioning = 1) order by url").fetchall()


def window_urls(a: Archive) -> list[tuple[str, datetime]]:
    return [r for rel, responses in a.files.items() if date(2024, 12, 1) <= file_day(rel) <= date(2024, 12, 2)
            for r in responses]


# --- pure parts -----------------------------------------------------------------------------------------
def test_months_of_a_window():
    assert months(date(2024, 11, 30), date(2025, 1, 2)) == [(2024, 11), (2024, 12), (2025, 1)]
    assert months(date(2024, 12, 5), date(2024, 12, 5)) == [(2024, 12)]
    assert listing_url("https://x.org/", 2024, 3) == "https://x.org/crawl-data/CC-NEWS/2024/03/warc.paths.gz"


def test_files_are_chosen_by_name():
    listing = parse_listing(b"crawl-data/CC-NEWS/2024/12/CC-NEWS-20241202000001-00004.warc.gz\n\n"
                            b"crawl-data/CC-NEWS/2024/12/CC-NEWS-20241201235959-00003.warc.gz\n"
                            b"crawl-data/CC-NEWS/2024/12/CC-NEWS-20241130120000-00001.warc.gz\n"
                            b"crawl-data/CC-NEWS/2024/12/not-a-cc-news-file.warc.gz\n")
    assert [p.rsplit("-", 1)[1] for p in select(listing, date(2024, 12, 1), date(2024, 12, 2))] == ["00003.warc.gz", "00004.warc.gz"]
    assert file_day("CC-NEWS-20241399000000-00000.warc.gz") is None


@pytest.mark.parametrize("uri, wanted", [
    ("https://www.waz.de/a/b", True), ("https://waz.de/", True), ("https://sport.waz.de/x", True),
    ("https://notwaz.de/x", False), ("https://waz.de.evil.com/", False), ("not a uri", False),
])
def test_domain_filter(uri, wanted):
    assert domain_filter(["waz.de", "www.n-tv.de"])(uri) is wanted
    assert domain_filter(None)(uri) is True


# --- the command ----------------------------------------------------------------------------------------
def test_window_domains_record_404_and_a_rerun_that_reads_nothing(archive, tmp_path, capsys, monkeypatch):
    a, server = archive
    in_window = window_urls(a)
    hosts = sorted({host_of(u) for u, _ in in_window})
    registered, other = hosts[0], hosts[1]  # one host of a registered site, one merely asked for
    sites = tmp_path / "sites.toml"
    sites.write_text(f'[sites.testsite]\ndomains = ["{registered}"]\ntimezone = "Europe/Berlin"\n')
    monkeypatch.setenv("NEWSCRAWL_SITES_FILE", str(sites))
    args = ["--since", "2024-12-01", "--until", "2024-12-02", "--domains", f"{registered}, www.{other}",
            "--base-url", server.url + "/", "-o", str(tmp_path / "out"), "--state", str(tmp_path / "state"),
            "--workers", "1"]
    server.log.clear()
    assert main(args) == 0
    err = capsys.readouterr()
    wanted = {(u, when) for u, when in in_window if host_of(u) in (registered, other)}
    got = rows(tmp_path / "out")
    assert {(r[0], r[3]) for r in got} == wanted  # every wanted page, no other; fetched_at is the WARC-Date
    assert {r[1] for r in got if r[2] == registered} == {"testsite"}
    assert {r[1] for r in got if r[2] != registered} == {"news"}
    assert all(str(r[4]) == r[3].astimezone(UTC).date().isoformat() for r in got)
    # the window's listing read (not November's); its files and none other fetched; the missing one counted
    fetched = {path.rsplit("/", 1)[1] for path, _, _ in server.log}
    assert fetched == {"warc.paths.gz", "CC-NEWS-20241201001005-00000.warc.gz", "CC-NEWS-20241202130009-00001.warc.gz",
                       "CC-NEWS-20241202140009-00002.warc.gz"}
    assert [p for p, _, _ in server.requests_for("warc.paths.gz")] == ["crawl-data/CC-NEWS/2024/12/warc.paths.gz"]
    assert "skipped not_found: " in err.err and "00002.warc.gz (HTTP 404)" in err.err
    assert "3 files from 2024-12-01 to 2024-12-02 in 1 listing" in err.err
    # a progress line per file read: 8 pages, 3 records each, and its warcinfo
    lines = [ln for ln in err.err.splitlines() if ln.startswith("ccnews: CC-NEWS-")]
    assert len(lines) == 2 and all(": done, 25 records, 8 responses, " in ln and " pages/s, " in ln and " MB/s" in ln
                                   for ln in lines)
    assert f"{len(wanted)} articles written" in err.out and "16 responses, " + str(16 - len(wanted)) + " of other domains" in err.out
    assert "files: done 2, not_found 1" in err.out

    # the same window again: nothing is read twice (the missing file is asked for again)
    server.log.clear()
    assert main(args) == 0
    again = capsys.readouterr()
    assert [p for p, _, _ in server.log if "CC-NEWS-" in p] == ["crawl-data/CC-NEWS/2024/12/CC-NEWS-20241202140009-00002.warc.gz"]
    assert "files: already_done 2, not_found 1" in again.out and "0 articles written" in again.out
    assert len(rows(tmp_path / "out")) == len(got)


def test_registry_domains_and_language(archive, tmp_path, capsys, monkeypatch):
    a, server = archive
    first = a.files["crawl-data/CC-NEWS/2024/12/CC-NEWS-20241201001005-00000.warc.gz"]
    hosts = sorted({host_of(u) for u, _ in first})
    sites = tmp_path / "sites.toml"
    sites.write_text(f'[sites.one]\ndomains = ["{hosts[0]}", "{hosts[1]}"]\n')
    monkeypatch.setenv("NEWSCRAWL_SITES_FILE", str(sites))
    base = ["--since", "2024-12-01", "--base-url", server.url, "--state", str(tmp_path / "state"), "--workers", "1",
            "--no-seen", "--domains", "registry"]
    assert main(base + ["-o", str(tmp_path / "all")]) == 0
    kept = rows(tmp_path / "all")
    assert {r[2] for r in kept} == {hosts[0], hosts[1]} and {r[1] for r in kept} == {"one"}
    # the same pages with a language none of them is in: read, extracted, counted, none written
    assert main(base + ["-o", str(tmp_path / "fr"), "--language", "fr", "--state", str(tmp_path / "state2")]) == 0
    out = capsys.readouterr().out
    assert rows(tmp_path / "fr") == [] and f"language {len(kept)}" in out


@pytest.mark.parametrize("args, message", [
    (["--since", "2024-13-01"], "--since '2024-13-01' is not a day like 2024-12-01"),
    (["--since", "2024-12-02", "--until", "2024-12-01"], "--until 2024-12-01 is before --since 2024-12-02"),
    (["--since", "2024-12-01", "--max-files", "0"], "--max-files must be at least 1, not 0"),
    (["--since", "2024-12-01", "--base-url", "ftp://x"], "--base-url 'ftp://x' is not an http(s) URL"),
    (["--since", "2024-12-01", "--language", "klingon"], "--language 'klingon' is not an ISO 639-1 code"),
    (["--since", "2024-12-01", "--retries", "0"], "--retries must be at least 1, not 0"),
    (["--since", "2024-12-01", "--timeout", "0"], "--timeout must be more than 0 seconds, not 0"),
])
def test_usage_errors_are_one_line_and_exit_2(args, message, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"newscrawl ccnews: error: {message}"]


def test_an_unreachable_archive_exits_1(tmp_path, capsys):
    # a port nothing listens on: the listing cannot be read, one line, exit 1 (two retries: 1.5 s of pauses, not
    # the default five and 15.5 s)
    assert main(["--since", "2024-12-01", "--base-url", "http://127.0.0.1:9", "-o", str(tmp_path / "o"),
                 "--state", str(tmp_path / "s"), "--retries", "2"]) == 1
    err = capsys.readouterr().err
    assert "error: listing http://127.0.0.1:9/crawl-data/CC-NEWS/2024/12/warc.paths.gz:" in err
    assert "Traceback" not in err


def test_a_page_already_stored_is_not_stored_again(archive, tmp_path, capsys):
    a, server = archive
    first = a.files["crawl-data/CC-NEWS/2024/12/CC-NEWS-20241201001005-00000.warc.gz"]
    hosts = sorted({host_of(u) for u, _ in first})[:2]
    crawled = next(u for u, _ in first if host_of(u) == hosts[0])
    store = SeenStore(tmp_path / "state" / "seen.sqlite3")
    store.mark([(canonicalize(crawled), "somesite", None, "stored")])  # as a crawl of that site would have
    store.close()
    assert main(["--since", "2024-12-01", "--base-url", server.url, "-o", str(tmp_path / "out"), "--state",
                 str(tmp_path / "state"), "--workers", "1", "--domains", ",".join(hosts)]) == 0
    got = [r[0] for r in rows(tmp_path / "out")]
    assert crawled not in got and got and "seen 1" in capsys.readouterr().out
