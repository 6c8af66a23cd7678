"""A page under the size limit but with too many links or tags is extracted from a pruned tree: its story is
stored, the bulk around it is cut, and it says so (newscrawl.page.bulk). No dev-corpus page is pruned."""
from __future__ import annotations

import random

import pyarrow.dataset as ds
import pytest
from warcio.warcwriter import WARCWriter

import newscrawl
from benchmarks import corpus
from newscrawl.cli import main as cli_main
from newscrawl.demo.server import LocalServer, folder_lookup
from newscrawl.page import Page
from newscrawl.page.bulk import KEEP, WIDE, bulky
from newscrawl.pool import PRUNED, Job, extract_one

from .crawling import add_article, crawl_news_process, dataset_urls
from newscrawl.demo.sitegen import PAGE, WORDS, build_site
from .test_extract_cli import response

URL = "https://example.org/2024/12/02/a-story-in-a-heap-of-markup.html"
_rng = random.Random(7)
STORY = [" ".join(_rng.choice(WORDS) for _ in range(40)).capitalize() + f" (part {k})." for k in range(6)]


def words(n: int) -> str:
    return " ".join(_rng.choice(WORDS) for _ in range(n))


# the bulk after the story, each shape over 5,000 links or 50,000 tags and under the 8 MB size limit
SHAPES = {
    "a list of 150,000 links": lambda: "<ul>" + "".join(f'<li><a href="/l/{i}">Story {i}</a></li>' for i in range(150_000)) + "</ul>",
    "150,000 links in one paragraph": lambda: "<p>" + " ".join(f'<a href="/l/{i}">s{i}</a>' for i in range(150_000)) + "</p>",
    "150,000 links, each in a div": lambda: "".join(f'<div><a href="/l/{i}">Story {i}</a></div>' for i in range(150_000)),
    "150,000 short paragraphs": lambda: "".join(f"<p>{words(3)}</p>" for _ in range(150_000)),
    "150,000 nested spans": lambda: "".join(f"<div><span>{words(2)}</span></div>" for _ in range(150_000)),
    "a table of 100,000 rows": lambda: "<table>" + "".join(f"<tr><td>{i}</td><td>{words(2)}</td></tr>" for i in range(100_000)) + "</table>",
    "60,000 divs, 5 deep": lambda: "".join(f"<div><div><div><div><div>{i}</div></div></div></div></div>" for i in range(12_000)) * 5,
}


def page_with(bulk: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY) + bulk
    return PAGE.format(title="A story in a heap of markup", path="/x.html", day=2, minute=5,
                       paragraphs=paragraphs).replace("{{base}}", "https://example.org").encode()


@pytest.mark.parametrize("shape", SHAPES)
def test_the_story_of_a_bulky_page_is_stored_and_the_bulk_cut(shape):
    body = page_with(SHAPES[shape]())
    assert len(body) < 8 * 1024 * 1024 and bulky(body)
    page = Page(URL, body)
    tree = page.tree
    assert page.pruned and page.pruned != "removed nothing"
    assert sum(1 for _ in tree.iter()) <= KEEP
    assert all(len(el) <= WIDE for el in tree.iter())
    article, reason, detail = extract_one(Job(URL, body, {"content-type": "text/html; charset=utf-8"}))
    assert reason == PRUNED and detail.endswith("tree pruned") and article is not None
    assert article.title == "A story in a heap of markup"
    assert article.text.split("\n\n")[:6] == STORY
    assert str(article.published_date) == "2024-12-02" and article.authors == ["Ana Example"]


def test_a_pruned_page_keeps_the_text_between_the_links_it_removes():
    body = page_with("<div>" + "".join(f'<a href="/l/{i}">s{i}</a>' for i in range(6_000)) + " The last word.</div>")
    tree = Page(URL, body).tree
    assert tree.xpath("count(//a[starts-with(@href, '/l/')])") == 0
    assert "The last word." in tree.text_content()


def test_an_ordinary_page_is_not_pruned():
    body = page_with("<ul>" + "".join(f'<li><a href="/l/{i}">Story {i}</a></li>' for i in range(1_500)) + "</ul>")
    page = Page(URL, body)
    assert bulky(body) is None and page.tree is not None and page.pruned is None
    assert extract_one(Job(URL, body, {}))[1] == ""
    assert newscrawl.extract(body, URL).text.split("\n\n")[:6] == STORY


@pytest.mark.parametrize("name", corpus.NAMES)
def test_no_dev_corpus_page_is_pruned(name, shared_dir):
    pages = corpus.load(name)
    assert len(pages) > 80
    assert [p.url for p in pages if bulky(p.body)] == []


@pytest.mark.crawl
def test_a_crawl_stores_a_bulky_page_from_its_pruned_tree_and_says_so(tmp_path):
    root = tmp_path / "site"
    good = build_site(root, 3)
    bulky_path = "/2024/12/05/a-story-with-a-hundred-thousand-links.html"
    add_article(root, bulky_path, page_with(SHAPES["a list of 150,000 links"]()))
    out = tmp_path / "out"
    with LocalServer(folder_lookup(root)) as base:
        stats, proc = crawl_news_process(base, out, tmp_path / "state")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert sorted(dataset_urls(out)) == sorted(base + p for p in [*good, bulky_path])
    assert stats["newscrawl/articles/pruned"] == 1
    assert f"page too big to extract whole (150,002 links: tree pruned): {base}{bulky_path}" in proc.stderr
    rows = ds.dataset(out, format="parquet", partitioning="hive").to_table(columns=["url", "text"]).to_pylist()
    assert next(r["text"] for r in rows if r["url"] == base + bulky_path).split("\n\n")[:6] == STORY


def test_newscrawl_extract_writes_a_bulky_page_and_says_it_was_pruned(tmp_path, capsys):
    warc = tmp_path / "pages.warc.gz"
    with open(warc, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(response(w, URL, page_with(SHAPES["150,000 short paragraphs"]()), [("Content-Type", "text/html")]))
    out = tmp_path / "out"
    assert cli_main(["extract", str(warc), "-o", str(out), "--workers", "1", "-q"]) == 0
    captured = capsys.readouterr()
    assert f"pruned: {URL} (300,0" in captured.err
    assert "1 articles written (1 from a pruned tree: too big to extract whole)" in captured.out
    assert dataset_urls(out) == [URL]
