"""A generated news site on disk (many distinct articles, robots.txt, sitemap) for crawl tests and benchmarks."""
from __future__ import annotations

import random
from pathlib import Path

WORDS = ("minister council river harbour election budget court village market storm energy school "
         "hospital railway festival museum border treaty farmers police report bridge vaccine drought "
         "parliament coalition strike airport refinery satellite archive mayor region province").split()

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Generated Times</title>
<meta property="og:title" content="{title}"><link rel="canonical" href="{{{{base}}}}{path}">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{title}",
"datePublished":"2024-12-{day:02d}T10:{minute:02d}:00+01:00","author":{{"@type":"Person","name":"Ana Example"}}}}</script>
</head><body><header><nav><a href="/">Home</a> <a href="/world/">World</a></nav></header>
<main><article><h1>{title}</h1><p class="byline">By Ana Example</p>{paragraphs}</article></main>
<footer>© 2024 Generated Times</footer></body></html>"""


def article_paths(n: int) -> list[str]:
    return [f"/2024/12/{1 + i % 28:02d}/generated-story-number-{i}-about-the-{WORDS[i % len(WORDS)]}.html" for i in range(n)]


def build_site(root: Path, n: int, seed: int = 1) -> list[str]:
    """Write ``n`` articles with distinct text, robots.txt and a sitemap under ``root``; return their paths."""
    rng = random.Random(seed)
    paths = article_paths(n)
    for i, path in enumerate(paths):
        paras = "".join(
            "<p>" + " ".join(rng.choice(WORDS) for _ in range(40)).capitalize() + f" (story {i}, part {k}).</p>"
            for k in range(4)
        )
        title = f"Generated story {i} about the {WORDS[i % len(WORDS)]}"
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(PAGE.format(title=title, path=path, day=1 + i % 28, minute=i % 60, paragraphs=paras),
                          encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /search\nSitemap: {{base}}/sitemap.xml\n")
    urls = "".join(f"<url><loc>{{{{base}}}}{p}</loc></url>" for p in paths)
    (root / "sitemap.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>')
    (root / "index.html").write_text("<html><body><h1>Generated Times</h1></body></html>")
    return paths


def slow_paragraphs() -> str:
    """An article body under every size limit and under the tree-pruning thresholds (newscrawl.page.bulk), whose
    extraction still takes seconds (4,500 links in one paragraph, then 20,000 short paragraphs: ~2.4 s here, a
    generated article ~0.05 s): for tests and benchmarks of NEWSCRAWL_EXTRACT_TIMEOUT."""
    links = " ".join(f'<a href="/2024/11/{1 + i % 28:02d}/s-{i}-x.html">Story {i}</a>' for i in range(4_500))
    return f"<p>{links}</p>" + "".join(f"<p>Paragraph {i} of a very long story about the harbour.</p>"
                                      for i in range(20_000))
