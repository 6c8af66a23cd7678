"""The JavaScript-shell detector: real-shaped framework shells, small counter-examples, all 705 corpus pages."""
from __future__ import annotations

import pytest

from benchmarks.corpus import NAMES, load
from newscrawl.extraction import extract_article
from newscrawl.render.detect import BARE_TEXT, SHELL_TEXT, is_js_shell, shell_signs, visible_text_bytes
from newscrawl.defaults import default

NEWSCRAWL_MIN_WORDS = default("NEWSCRAWL_MIN_WORDS")
from newscrawl.sites import Site

from .conftest import ROOT

SHELLS = ROOT / "tests" / "fixtures" / "render" / "shells"
APP = ROOT / "tests" / "fixtures" / "render" / "site" / "en" / "post"


@pytest.mark.parametrize("name, app_root, noscript", [
    ("create-react-app.html", True, True),  # <div id="root">, "You need to enable JavaScript to run this app."
    ("vite-react.html", True, False),  # <div id="root">, a module script
    ("next-client-only.html", True, False),  # <div id="__next"></div>, __NEXT_DATA__ without page props
    ("vue-cli.html", True, True),  # <div id="app">, "…doesn't work properly without JavaScript enabled"
    ("angular-cli.html", True, False),  # <app-root></app-root>, module scripts
    ("nuxt-spa.html", True, False),  # <div id="__nuxt"> holding only "Loading..."
    ("sveltekit-spa.html", False, False),  # no root id at all: a bare body and an inline import()
    ("blogger-dynamic-views.html", False, False),  # empty widget sections filled by blogger.ui()
    ("vue-ssr-header-only.html", True, False),  # server-rendered menu, the article left to the client
])
def test_framework_shells_are_shells(name, app_root, noscript):
    html = (SHELLS / name).read_bytes()
    signs = shell_signs(html)
    assert signs.script and signs.app_root == app_root and signs.noscript == noscript
    assert signs.text < SHELL_TEXT
    assert is_js_shell(html)


def test_the_crawl_fixture_page_is_a_shell():
    html = next(APP.glob("*/index.html")).read_bytes()
    assert is_js_shell(html)


@pytest.mark.parametrize("html, expected", [
    # nothing a browser would add: no script
    (b"<html><body><div id='root'></div></body></html>", False),
    (b"<html><body><p>Short note.</p></body></html>", False),
    # the only script is data, not code
    (b'<html><head><script type="application/ld+json">{"@type":"NewsArticle"}</script></head>'
     b'<body><div id="root"></div></body></html>', False),
    # a short page with a script but no sign of an app: a photo and its caption
    (b"<html><body><script src='/ads.js'></script><figure><img src='a.jpg'><figcaption>"
     + "Iran’s Foreign Minister Abbas Araghchi has arrived in Ankara to discuss bilateral and regional issues "
       "with high-ranking Turkish officials.".encode() + b"</figcaption></figure></body></html>", False),
    # a server-rendered Next.js article: the root holds the story
    (b'<html><body><div id="__next"><article><h1>Syria, Russia launch airstrikes on militant clusters in Aleppo</h1>'
     + b"<p>" + ("Syrian and Russian airstrikes hit areas in northern Syria as Iran's top diplomat travelled to "
                 "Damascus in a show of support for President Bashar al-Assad after Islamist militants launched a "
                 "surprise offensive and seized control of Aleppo. " * 4).encode()
     + b'</p></article></div><script src="/_next/static/chunks/main.js"></script></body></html>', False),
    # a tracking-pixel <noscript> and a JavaScript warning for comments do not make an article page a shell
    (b'<html><body><noscript><img src="/pixel.gif"></noscript><div id="app"><p>'
     + ("Regional developments, especially the current situation in Syria is high on the agenda of "
        "Araghchi's scheduled meetings with Turkish officials. " * 5).encode()
     + b"</p></div><noscript>Please enable JavaScript to view the comments powered by Disqus.</noscript>"
       b"<script src='/embed.js'></script></body></html>", False),
    # almost no text while a script is there: a shell even without a known root
    (b"<html><body><div class='page'><span>Loading\xe2\x80\xa6</span></div><script src='/bundle.js'></script>"
     b"</body></html>", True),
    # an app root holding only a menu: the article is left to the client
    (b"<html><body><div id='root'><nav>" + b"<a href='/x'>Section</a>" * 20 + b"</nav></div>"
     b"<script src='/bundle.js'></script></body></html>", True),
])
def test_small_pages(html, expected):
    assert is_js_shell(html) is expected


@pytest.mark.parametrize("html, text", [
    (b"<body><p>Caliber.Az reports</p><script>var a = '<p>not text</p>';</script></body>", len("Caliber.Azreports")),
    (b"<body><!-- a comment <p>hidden</p> --><style>p{color:red}</style><p>A&nbsp;B</p></body>", 2),
    (b"<body><noscript>Enable JavaScript</noscript><template><p>later</p></template></body>", 0),
    (b"<head><title>Not counted</title></head><body>\xc3\x9cber</body>", 5),  # bytes: \xc3\x9c is one letter
    (b"<body><svg><text>12</text></svg><p>x", 3),  # unclosed elements do not hide what follows
    (b"<body><script>never closed <p>text</p>", 0),  # an unclosed script runs to the end, as in a browser
])
def test_visible_text_bytes(html, text):
    assert visible_text_bytes(html) == text


def test_thresholds_are_ordered():
    assert 0 < BARE_TEXT < SHELL_TEXT


@pytest.fixture(scope="module")
def corpus_pages(shared_dir):
    return [page for name in NAMES for page in load(name)]


def test_no_corpus_page_with_its_text_in_the_html_is_a_shell(corpus_pages):
    """All 705 dev pages: a page called a shell must yield no article without a browser.

    Three pages of the htmldate split are genuine shells (a Vue CLI app, a Blogger "dynamic
    views" blog, a Vue page whose server render holds only the menu): plain extraction gets
    nothing from them, so they are the ones a browser should fetch.
    """
    assert len(corpus_pages) == 705
    shells = [page for page in corpus_pages if is_js_shell(page.body)]
    for page in shells:
        article = extract_article(page.body, page.url, page.headers, Site(name=page.corpus, domains=("example.org",)))
        assert article.word_count < NEWSCRAWL_MIN_WORDS, page.url
    assert len(shells) == 3
