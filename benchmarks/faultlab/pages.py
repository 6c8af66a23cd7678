"""Faults in one page (issue 11 items 1, 3 and 8): pathological sizes, control characters, hostile headers, stray bytes."""
from __future__ import annotations

from functools import partial

from newscrawl.demo.sitegen import slow_paragraphs

from .crawl import crawl_case
from .site import HTML, Site, article
from .verdict import Case, Outcome, rows

MILLION = "/2024/12/02/a-story-with-a-million-links.html"
HUGE = "/2024/12/03/a-story-of-forty-megabytes.html"
SLOW = "/2024/12/04/a-story-slow-to-extract.html"
BULKY = "/2024/12/05/a-story-with-a-hundred-thousand-links.html"
STRAY = "/2024/12/06/a-utf8-story-with-stray-windows-1252-bytes.html"
STRAY_TITLE = "Ärger über Öl in der Nordsee – eine Übersicht"
HOSTILE_TYPE = "application/pdf\x1b[2J\x1b]0;owned\x07\x85"


def _million(site: Site) -> None:
    links = "".join(f'<a href="/2024/11/{1 + i % 28:02d}/a-linked-story-number-{i}-x.html">story</a>' for i in range(1_000_000))
    body = article(MILLION, f"<p>{links}</p>")
    assert len(body) > 60_000_000
    site.add(MILLION, (200, HTML, body))


def _huge(site: Site) -> None:
    body = article(HUGE, "<p>A sentence of the story, told again and again. </p>" * 800_000)
    assert len(body) > 40_000_000
    site.add(HUGE, (200, HTML, body))


def _slow(site: Site) -> None:
    site.add(SLOW, (200, HTML, article(SLOW, slow_paragraphs())))


def _bulky(site: Site) -> None:
    story = "".join(f"<p>{' '.join(['The harbour council met again about the budget'] * 6)} (part {k}).</p>" for k in range(4))
    links = "<ul>" + "".join(f'<li><a href="/l/{i}">Story {i}</a></li>' for i in range(150_000)) + "</ul>"
    site.add(BULKY, (200, HTML, article(BULKY, story + links, "A story in a heap of markup")), expected=True)


def _marked(stat: str):
    def check(o: Outcome, err: str, base: str, site: Site) -> None:
        o.check(f"Dropped: {stat}" in err or stat in err, f"no line says the page was dropped as {stat}")
    return check


def _with_char(char: str, site: Site) -> None:
    """``char`` before the second word of every good article's headline (title, og:title, JSON-LD, h1) and of its
    first paragraph."""
    for path in site.good:
        f = site.root / path.lstrip("/")
        html = f.read_text(encoding="utf-8").replace("Generated story", f"Generated{char} story")
        first = html.index("<p>", html.index('class="byline"')) + 3
        space = html.index(" ", first)
        f.write_text(html[:space] + char + html[space:], encoding="utf-8")


def _clean_titles(o: Outcome, err: str, base: str, site: Site) -> None:
    dirty = [r["url"] for r in rows(site.root.parent / "out") if any(ord(c) < 32 for c in r["title"] or "")]
    o.check(not dirty, f"{len(dirty)} titles stored with a control character")


def _hostile_header(site: Site) -> None:
    victim = site.good[0]
    site.expected.remove(victim)  # a page that says it is a PDF is skipped (not_html), the others are stored
    site.replies[victim] = lambda path, base: (200, {"Content-Type": HOSTILE_TYPE}, site._files(path, base)[2])


def _escaped(o: Outcome, err: str, base: str, site: Site) -> None:
    o.check("\x1b" not in err and "\x07" not in err, "a raw control character from a header reached the log")
    o.check("application/pdf\\x1b[2J" in err, "the hostile Content-Type is not logged escaped")


def _stray(site: Site) -> None:
    text = ("Österreich stellt sich nun die Frage, wie die Antwort im Umgang mit religiösen Fanatikern aussehen soll "
            "und wie groß das Problem der Radikalisierung tatsächlich ist. ") * 3
    paragraphs = "".join(f"<p>{text} (Teil {k}) STRAY-OPENUm seineSTRAY-CLOSE Worte.</p>" for k in range(3))
    body = article(STRAY, paragraphs, STRAY_TITLE).replace(b"STRAY-OPEN", b"\x84").replace(b"STRAY-CLOSE", b"\x93")
    assert b"\x84Um" in body
    site.add(STRAY, (200, HTML, body), expected=True)


def _stray_title(o: Outcome, err: str, base: str, site: Site) -> None:
    titles = [r["title"] for r in rows(site.root.parent / "out") if r["url"] == base + STRAY]
    o.check(titles == [STRAY_TITLE], f"the stray-byte page's title is stored as {titles[:1]}")


CASES = [
    Case("article with 1M links (60 MB), then a re-run", 1,
         lambda tmp: crawl_case(tmp, _million, check=_marked("too_large"), again=True)),
    Case("article of 40 MB", 1, lambda tmp: crawl_case(tmp, _huge, check=_marked("too_large"))),
    Case("article over the extraction time limit", 1,
         lambda tmp: crawl_case(tmp, _slow, "-s", "NEWSCRAWL_EXTRACT_TIMEOUT=0.5", check=_marked("extract_timeout"))),
    Case("article with 150,000 links (pruned, stored)", 1, lambda tmp: crawl_case(tmp, _bulky)),
    *(Case(f"\\x{ord(c):02x} in every headline and first paragraph", 3,
           lambda tmp, c=c: crawl_case(tmp, partial(_with_char, c), check=_clean_titles)) for c in "\x01\x08\x1b"),
    Case("control characters in a Content-Type header", 8,
         lambda tmp: crawl_case(tmp, _hostile_header, check=_escaped)),
    Case("declared UTF-8 page with stray windows-1252 bytes", 8,
         lambda tmp: crawl_case(tmp, _stray, check=_stray_title)),
]
