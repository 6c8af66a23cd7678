"""Keep, or drop with a reason: the checks a page and its article pass before they are stored.

Plain functions and small objects that know nothing of Scrapy: each answers ``None`` (keep) or a
:class:`Verdict` (drop, with the reason counted as ``newscrawl/skipped/REASON`` or
``newscrawl/dropped/REASON`` and a detail for the log line). The crawl's pipelines
(:mod:`newscrawl.pipelines.filters`) and ``newscrawl extract`` share them.
"""
from __future__ import annotations

from typing import NamedTuple

from .dedup import Deduplicator
from .page.sniff import binary_kind, is_html_type
from .record import Article
from .window import Window


class Verdict(NamedTuple):
    reason: str  # the stat's last part: "too_short", "duplicate_url", "not_html"…
    detail: str  # for the one log line


def page_problem(content_type: str | None, body: bytes) -> Verdict | None:
    """Why a fetched page is not worth extracting: not HTML by its type, empty, or binary whatever its type."""
    if not is_html_type(content_type):
        return Verdict("not_html", (content_type or "").lower())
    if not body.strip():
        return Verdict("empty", "")
    kind = binary_kind(body)
    if kind:
        return Verdict("binary", "" if kind == "binary" else kind)  # a known signature is named: "pdf"
    return None


def too_short(article: Article, min_words: int) -> Verdict | None:
    """A body too short to be an article (a section page, a paywall stub)."""
    words = article.word_count or 0
    if words < min_words:
        return Verdict("too_short", f"{words} words < {min_words}: {article.url}")
    return None


class Duplicates:
    """The same article under two URLs (canonical URL, or identical text) is kept once."""

    def __init__(self) -> None:
        self.urls: set[str] = set()
        self.hashes: set[str] = set()

    def check(self, article: Article) -> Verdict | None:
        """Drop what was seen; remember what is kept."""
        key = article.canonical_url or article.url
        if key in self.urls:
            return Verdict("duplicate_url", f"{article.url} is {key}, already stored")
        if article.text_hash and article.text_hash in self.hashes:
            return Verdict("duplicate_text", f"{article.url} has the text of an article already stored")
        self.urls.add(key)
        if article.text_hash:
            self.hashes.add(article.text_hash)
        return None


def outside_window(article: Article, window: Window) -> Verdict | None:
    """``too_old``/``too_new``: dated outside the crawl's publication window (an undated article is kept)."""
    reason = window.article_outside(article.published_utc, article.published_precision)
    if reason:
        return Verdict(reason, f"published {article.published}: {article.url}")
    return None


def wrong_language(article: Article, languages: frozenset[str]) -> Verdict | None:
    """``language``: not in one of ``languages`` (an article whose language is unknown is not kept)."""
    if article.language not in languages:
        return Verdict("language", f"{article.language or 'unknown'}, not {','.join(sorted(languages))}: {article.url}")
    return None


DEDUP_MODES = ("mark", "drop", "off")  # NEWSCRAWL_DEDUP, `newscrawl extract --dedup`


class NearDuplicates:
    """Near-duplicates across runs and sites (:mod:`newscrawl.dedup`): every article gets its ``dup_*``
    and ``syndicated_from`` columns; with ``drop``, a copy of an article stored before is dropped."""

    def __init__(self, dedup: Deduplicator, drop: bool = False) -> None:
        self.dedup = dedup
        self.drop = drop

    def check(self, article: Article) -> Verdict | None:
        """Fill in the cluster columns; drop a copy in drop mode."""
        got = self.dedup.assign_article(article)
        if got.dup_of and self.drop:
            return Verdict("near_duplicate", f"{article.url} is a copy of {got.dup_of} ({got.dup_similarity:.2f})")
        return None

    def flush(self) -> None:
        self.dedup.flush()

    def close(self) -> None:
        self.dedup.close()
