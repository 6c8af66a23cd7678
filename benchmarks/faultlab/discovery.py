"""Faults in finding pages (issue 11 item 2): endless or wide sitemap indexes, a home page of 1M links, redirect
loops, a huge robots.txt, gzip and XML bombs."""
from __future__ import annotations

import zlib
from functools import cache

from .crawl import crawl_case
from .site import HTML, Site
from .verdict import Case, Outcome

XML = {"Content-Type": "application/xml"}
INDEX = '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</sitemapindex>'
SITEMAP = "<sitemap><loc>{}</loc></sitemap>"


def _index_of(site: Site, *children: str) -> None:
    """The site's sitemap.xml becomes an index of its articles' sitemap (articles.xml) and ``children``."""
    (site.root / "sitemap.xml").rename(site.root / "articles.xml")
    site.replies["/sitemap.xml"] = lambda path, base: (200, XML, INDEX.format("".join(
        SITEMAP.format(base + c) for c in ("/articles.xml", *children))).encode())


def _chain(site: Site) -> None:
    _index_of(site, "/chain/1.xml")

    def link(path: str, base: str):
        n = int(path.removeprefix("/chain/").removesuffix(".xml"))
        return 200, XML, INDEX.format(SITEMAP.format(f"{base}/chain/{n + 1}.xml")).encode()
    site.replies["/chain/*"] = link


def _chain_ended(o: Outcome, err: str, base: str, site: Site) -> None:
    assert site.server is not None
    deepest = max((int(p[7:-4]) for p in site.server.hits if p.startswith("/chain/")), default=0)
    o.check(deepest <= 10, f"the sitemap chain was followed {deepest} levels deep")


def _wide(site: Site) -> None:
    _index_of(site, *(f"/wide/{i}.xml" for i in range(20_000)))
    site.replies["/wide/*"] = (200, XML, INDEX.format("").encode())


def _home(site: Site) -> None:
    links = "".join(f'<a href="/2024/11/{1 + i % 28:02d}/s-{i}-x.html">s</a>' for i in range(1_000_000))
    site.replies["/"] = (200, HTML, f"<html><head><title>Home</title></head><body>{links}</body></html>".encode())
    site.replies["/2024/11/*"] = (404, HTML, b"<html><body>gone</body></html>")


def _redirects(site: Site) -> None:
    site.add("/2024/12/07/a-story-that-redirects-to-itself.html",
             (301, {"Location": "/2024/12/07/a-story-that-redirects-to-itself.html"}, b""))
    site.add("/2024/12/07/ping-story-of-a-redirect-loop.html",
             (302, {"Location": "/2024/12/07/pong-story-of-a-redirect-loop.html"}, b""))
    site.add("/2024/12/07/pong-story-of-a-redirect-loop.html",
             (302, {"Location": "/2024/12/07/ping-story-of-a-redirect-loop.html"}, b""))


def _robots(site: Site) -> None:
    rules = "".join(f"Disallow: /private/area-{i}/page-{i * 7}/\n" for i in range(300_000))
    body = f"User-agent: *\n{rules}Sitemap: {{{{base}}}}/sitemap.xml\n".encode()
    assert len(body) > 10_000_000
    site.replies["/robots.txt"] = (200, {"Content-Type": "text/plain"}, body)


@cache
def _gzip_of_zeros(megabytes: int, head: bytes) -> bytes:
    """``head`` then ``megabytes`` MiB of "0", gzipped (about 1,000 times smaller)."""
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"0" * 2**20
    parts = [z.compress(head)] + [z.compress(chunk) for _ in range(megabytes)] + [z.flush()]
    return b"".join(parts)


def _sitemap_bomb(site: Site) -> None:
    _index_of(site, "/sitemap-bomb.xml.gz")
    head = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>'
    site.replies["/sitemap-bomb.xml.gz"] = (200, {"Content-Type": "application/gzip"}, _gzip_of_zeros(1024, head))


def _page_bomb(site: Site) -> None:
    site.add("/2024/12/08/a-story-that-inflates-to-a-gigabyte.html",
             (200, {**HTML, "Content-Encoding": "gzip"}, _gzip_of_zeros(1024, b"<html><body><p>")))


def _xml_bomb(site: Site) -> None:
    _index_of(site, "/sitemap-entities.xml")
    site.replies["/sitemap-entities.xml"] = (200, XML, (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
        + '<!ENTITY ext SYSTEM "file:///etc/passwd">]><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        '<url><loc>&lol9;&ext;</loc></url></urlset>').encode())


CASES = [
    Case("endless chain of nested sitemap indexes", 2, lambda tmp: crawl_case(tmp, _chain, check=_chain_ended)),
    Case("sitemap index of 20,000 sitemaps", 2, lambda tmp: crawl_case(tmp, _wide)),
    Case("home page with 1M links", 2, lambda tmp: crawl_case(tmp, _home)),
    Case("redirect loops (to itself, A-B-A)", 2, lambda tmp: crawl_case(tmp, _redirects)),
    Case("robots.txt of 10 MB", 2, lambda tmp: crawl_case(tmp, _robots)),
    Case("gzip bomb sitemap (1 GB inflated)", 2, lambda tmp: crawl_case(tmp, _sitemap_bomb)),
    Case("gzip bomb article (Content-Encoding, 1 GB)", 2, lambda tmp: crawl_case(tmp, _page_bomb)),
    Case("XML bomb sitemap (billion laughs, external entity)", 2, lambda tmp: crawl_case(tmp, _xml_bomb)),
]
