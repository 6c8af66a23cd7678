"""Sitemaps: urlset, index, Google News, text, gzip; and the safety rules (bombs, entities, malformed, size)."""
from __future__ import annotations

import gzip
import subprocess
import sys
import textwrap
import zlib
from datetime import datetime, timezone
from pathlib import Path

import pytest

from newscrawl.discovery import Entry, parse_sitemap, sitemap_urls_from_robots

FIXTURES = Path(__file__).parent / "fixtures" / "discovery"
UTC = timezone.utc


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def gzip_stream(prefix: bytes, filler: bytes, megabytes: int) -> bytes:
    """``prefix`` then ``megabytes`` MiB of ``filler``, gzipped chunk by chunk (never held whole)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = filler * ((1 << 20) // len(filler))
    return b"".join([comp.compress(prefix), *(comp.compress(block) for _ in range(megabytes)), comp.flush()])


@pytest.mark.parametrize(
    "url, published, published_utc, title, lastmod",
    [
        (
            "https://www.derstandard.at/story/3000000218734/nach-kalifat-rufen-in-hamburg-sind-wir-zu-sanft-zu-islamisten",
            "2024-05-03T15:47:42.389Z", datetime(2024, 5, 3, 15, 47, 42, 389000, UTC),
            "Nach Kalifat-Rufen in Hamburg: Sind wir zu sanft zu Islamisten?", datetime(2024, 5, 3, 16, 2, 11, tzinfo=UTC),
        ),
        (
            "https://www.sn.at/politik/innenpolitik/ex-ministerin-raab-chefin-migrations-thinktank-179519341",
            "2025-06-05T12:36:40+02:00", datetime(2025, 6, 5, 10, 36, 40, tzinfo=UTC),
            "Ex-Ministerin Raab neue Chefin von Migrations-Thinktank", None,
        ),
        (
            "https://www.diepresse.com/19765800/nennen-wir-ihn-doch-golf-von-nordamerika",
            "2025-06-05", datetime(2025, 6, 5, tzinfo=UTC), "Nennen wir ihn doch Golf von Nordamerika", None,
        ),
    ],
)
def test_news_sitemap_keeps_publication_date_title_and_lastmod(url, published, published_utc, title, lastmod):
    result = parse_sitemap(read("news-sitemap.xml"), "https://www.example-news.at/news-sitemap.xml")
    assert (result.kind, result.error, result.truncated) == ("urlset", None, False)
    by_url = {e.url: e for e in result.entries}
    assert len(by_url) == 3  # the image:loc inside image:image is no page
    entry = by_url[url]
    assert (entry.published, entry.published_utc, entry.title, entry.lastmod) == (published, published_utc, title, lastmod)
    assert (entry.source, entry.language) == ("news-sitemap", "de")


def test_sitemap_index_lists_children_with_lastmod_and_resolves_relative_locs():
    result = parse_sitemap(read("sitemap-index.xml"), "https://www.khaama.com/sitemap_index.xml")
    assert result.kind == "sitemapindex" and result.entries == [] and result.error is None
    assert [(s.url, s.lastmod) for s in result.sitemaps] == [
        ("https://www.khaama.com/post-sitemap.xml", datetime(2019, 3, 2, 6, 11, 45, tzinfo=UTC)),
        ("https://www.khaama.com/post-sitemap245.xml", datetime(2024, 12, 2, 9, 34, 2, tzinfo=UTC)),
        ("https://www.khaama.com/page-sitemap.xml", None),
        ("https://www.khaama.com/category-sitemap.xml", datetime(2024, 12, 2, tzinfo=UTC)),
    ]


def test_video_extension_and_missing_namespace_do_not_confuse_it():
    result = parse_sitemap(read("sitemap-video-no-ns.xml"), "https://www.telesurenglish.net/sitemap.xml")
    assert [e.url for e in result.entries] == [
        "https://www.telesurenglish.net/news/iran-russia-and-turkiye-to-discuss-syrian-conflict-20241204-0012.html",
        "https://www.telesurenglish.net/news/syrian-military-bolsters-defenses-in-hama-20241203-0021.html",
    ]
    assert result.entries[0].lastmod == datetime(2024, 12, 4, 17, 34, tzinfo=UTC)  # -04:00 turned into UTC
    assert result.entries[0].source == "sitemap" and result.entries[0].title is None


@pytest.mark.parametrize(
    "namespace",
    ['xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"', 'xmlns="https://www.sitemaps.org/schemas/sitemap/0.9"',
     'xmlns="http://www.google.com/schemas/sitemap/0.84"', ""],
)
def test_namespaces_in_the_wild_are_matched_on_local_names(namespace):
    body = f'<?xml version="1.0"?><urlset {namespace}><url><loc>https://caliber.az/en/post/a-b-c</loc>' \
           f"<lastmod>2024-12-02T11:36:00+04:00</lastmod></url></urlset>".encode()
    result = parse_sitemap(body, "https://caliber.az/sitemap.xml")
    assert result.entries == [Entry("https://caliber.az/en/post/a-b-c", lastmod=datetime(2024, 12, 2, 7, 36, tzinfo=UTC))]


def test_gzipped_sitemap_is_inflated_including_multi_member_gzip():
    body = read("news-sitemap.xml")
    plain = parse_sitemap(body, "https://x.example/s.xml")
    assert parse_sitemap(gzip.compress(body), "https://x.example/s.xml.gz").entries == plain.entries
    half = len(body) // 2
    two_members = gzip.compress(body[:half]) + gzip.compress(body[half:])
    assert parse_sitemap(two_members, "https://x.example/s.xml.gz").entries == plain.entries


def test_plain_text_sitemap_takes_url_lines_only():
    result = parse_sitemap(read("sitemap.txt"), "https://caliber.az/sitemap.txt")
    assert result.kind == "urlset" and result.error is None
    assert [e.url for e in result.entries] == [
        "https://caliber.az/en/post/iran-s-fm-arrives-from-damascus-to-turkiye-to-discuss-current-situation-in-syria",
        "https://caliber.az/en/post/syria-russia-launch-airstrikes-on-militant-clusters-in-aleppo",
        "https://caliber.az/en/region",
    ]


@pytest.mark.parametrize(
    "body, error",
    [
        (b"", "empty body"),
        (b"<!DOCTYPE html><html><head><title>Page not found</title></head><body></body></html>", "an HTML page"),
        (b"\x1f\x8b\x08\x00garbage", "gzip body"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage", "corrupt gzip"),
        (b"User-agent: *\nDisallow: /", "not a sitemap"),
    ],
)
def test_what_is_no_sitemap_gives_invalid_and_one_line_error(body, error):
    result = parse_sitemap(body, "https://www.khaama.com/sitemap.xml")
    assert result.kind == "invalid" and result.entries == [] and result.sitemaps == []
    assert error in result.error and "\n" not in result.error


def test_truncated_gzip_keeps_what_was_inflated():
    body = gzip.compress(b"<urlset><url><loc>https://www.sn.at/a-b-c-1</loc></url><url><loc>https://www.sn.at/a-b-c-2"
                         b"</loc></url></urlset>")[:-12]
    result = parse_sitemap(body, "https://www.sn.at/sitemap.xml.gz")
    assert "truncated gzip" in result.error
    assert [e.url for e in result.entries] == ["https://www.sn.at/a-b-c-1", "https://www.sn.at/a-b-c-2"]


def test_a_feed_served_as_sitemap_is_read_as_a_feed():
    result = parse_sitemap(read("wordpress-rss2.xml"), "https://www.khaama.com/feed/")
    assert result.kind == "urlset" and len(result.entries) == 3
    assert result.entries[0].url == "https://www.khaama.com/iranian-fm-meets-assad-in-damascus-pledges-support/"


def test_malformed_xml_keeps_what_came_before_the_break():
    body = (b'<?xml version="1.0"?><urlset><url><loc>https://www.sn.at/a-b-c-1</loc></url>'
            b"<url><loc>https://www.sn.at/a-b-c-2</loc></url><url><loc>https://www.sn.at/a-b-c-3</lo")
    result = parse_sitemap(body, "https://www.sn.at/sitemap.xml")
    assert [e.url for e in result.entries] == ["https://www.sn.at/a-b-c-1", "https://www.sn.at/a-b-c-2"]
    assert result.kind == "urlset" and result.error.startswith("malformed XML")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<urlset><url><loc>https://a.example/&lol9;</loc></url></urlset>"""


@pytest.mark.parametrize(
    "body",
    [
        BILLION_LAUGHS,
        b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<urlset><url><loc>https://a.example/&xxe;</loc></url></urlset>",
        b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>'
        b"<urlset><url><loc>https://a.example/x</loc></url></urlset>",
    ],
)
def test_entity_declarations_are_refused_not_expanded_nor_fetched(body):
    result = parse_sitemap(body, "https://a.example/sitemap.xml")
    assert result.kind == "invalid" and result.entries == []
    assert "entit" in result.error
    assert "root:" not in repr(result)  # nothing of /etc/passwd came in


def test_gzip_bomb_is_refused_at_the_cap():
    bomb = gzip_stream(b'<?xml version="1.0"?><urlset><url><loc>https://a.example/first-story-here</loc></url>',
                       b"    ", megabytes=200)
    assert len(bomb) < 400_000  # 200 MiB of spaces
    result = parse_sitemap(bomb, "https://a.example/sitemap.xml.gz", max_bytes=2 * 1024 * 1024)
    assert result.truncated and "cap" in result.error
    assert [e.url for e in result.entries] == ["https://a.example/first-story-here"]


def test_text_gzip_bomb_is_refused_at_the_cap():
    bomb = gzip_stream(b"https://a.example/first-story-here\n", b"\n", megabytes=200)
    result = parse_sitemap(bomb, "https://a.example/sitemap.txt.gz", max_bytes=4 * 1024 * 1024)
    assert result.truncated and "cap" in result.error and len(result.entries) == 1


def write_huge_sitemap(path: Path, n: int) -> None:
    with open(path, "wb") as fh:
        fh.write(b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                 b'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">')
        for i in range(n):
            fh.write(b"<url><loc>https://www.example-news.com/news/2024/05/01/story-number-%d</loc>"
                     b"<lastmod>2024-05-01T10:00:00+02:00</lastmod><image:image><image:loc>"
                     b"https://img.example-news.com/%d.jpg</image:loc></image:image></url>\n" % (i, i))
        fh.write(b"</urlset>")


def test_huge_sitemap_honours_max_entries(tmp_path):
    path = tmp_path / "sitemap.xml"
    write_huge_sitemap(path, 200_000)
    result = parse_sitemap(path.read_bytes(), "https://www.example-news.com/sitemap.xml", max_entries=5_000)
    assert len(result.entries) == 5_000 and result.truncated and result.error is None
    assert result.entries[-1].url.endswith("/story-number-4999")


def test_huge_sitemap_is_streamed_in_bounded_memory(tmp_path):
    """All 200k entries come out while the process grows far less than a parsed tree would need (~250 MB)."""
    path = tmp_path / "sitemap.xml"
    write_huge_sitemap(path, 200_000)
    code = textwrap.dedent(f"""
        import resource, sys
        from newscrawl.discovery import parse_sitemap
        body = open({str(path)!r}, "rb").read()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        result = parse_sitemap(body, "https://www.example-news.com/sitemap.xml")
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        print(len(result.entries), result.error, int(grown))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    count, error, grown_mb = out.stdout.split()
    assert (int(count), error) == (200_000, "None")
    assert int(grown_mb) < 120, f"grew {grown_mb} MB"


@pytest.mark.parametrize(
    "text, expected",
    [
        ((FIXTURES / "robots.txt").read_text(), ["https://www.khaama.com/sitemap_index.xml",
                                                  "https://www.khaama.com/news-sitemap.xml",
                                                  "https://www.khaama.com/video-sitemap.xml"]),
        ("\ufeffSitemap: https://caliber.az/sitemap.xml\r\n", ["https://caliber.az/sitemap.xml"]),
        ("User-agent: *\nDisallow: /search\n", []),
        ("<html><body>Not found</body></html>", []),
        ("Sitemap: ftp://caliber.az/sitemap.xml\n", []),
    ],
)
def test_sitemap_urls_from_robots(text, expected):
    assert sitemap_urls_from_robots(text, "https://www.khaama.com/robots.txt") == expected
