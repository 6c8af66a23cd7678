"""Paragraph-level fixes of an extracted body, with what the page itself says.

- the headline (and a kicker glued to it) repeated at the top of the text is dropped, and so is
  a line that is only the page's own URL (a print header);
- a paragraph repeated word for word is kept once;
- when the page's JSON-LD ``articleBody`` holds the story, it arbitrates: paragraphs after the
  story's last one that it does not contain (related teasers, newsletter boxes) go,
  and when the extracted text holds only part of a multi-paragraph ``articleBody`` (a story
  split into several containers), the ``articleBody`` is taken instead.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from ..page.document import Page

_WORD = re.compile(r"\w+")
_TITLE_SPLIT = re.compile(r"\s+[|\-–—:·»]\s+")
_MIN_TITLE_CHARS = 8
_HEAD_LINES = 3  # the headline is looked for among the first lines only
_MIN_DUP_WORDS = 8  # shorter repeats may be rows of a table
_MIN_LD_CHARS = 200
_HIT = 0.5  # share of a paragraph's 4-word shingles found in articleBody to count as "in it"


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _key(text: str) -> str:
    return " ".join(words(text))


# --- headline -----------------------------------------------------------------------------
def title_keys(page: Page) -> set[str]:
    """Normalised forms of every headline the page states (its headline element, og/twitter title, JSON-LD, <title>)."""
    found: list[str] = [page.headline.text_content()] if page.headline is not None else []
    for key in ("og:title", "twitter:title"):
        found.extend(page.meta.get(key, []))
    for obj in page.jsonld:
        headline = obj.get("headline")
        if isinstance(headline, str):
            found.append(headline)
    title = page.tree.findtext(".//title")
    if title:
        found.append(title)
        found.extend(_TITLE_SPLIT.split(title))
    return {k for k in map(_key, found) if len(k) >= _MIN_TITLE_CHARS}


def _is_headline(key: str, titles: set[str]) -> bool:
    if key in titles:
        return True
    # "Europäische KommissionVerfahren: Brüssel prüft ...": a kicker glued before the headline
    return any(len(t) >= 20 and len(key) < len(t) + 40 and (key.endswith(t) or key.startswith(t)) for t in titles)


def drop_headline(lines: list[str], page: Page) -> tuple[list[str], list[str]]:
    """Lines without the headline repeated at the top (nor the page's own URL); and the lines dropped."""
    titles = title_keys(page)
    own = {page.url.rstrip("/"), (page.meta_first("og:url") or "").rstrip("/")}
    kept, dropped = [], []
    for i, line in enumerate(lines):
        if line.rstrip("/") in own or (i < _HEAD_LINES and titles and _is_headline(_key(line), titles)):
            dropped.append(line)
        else:
            kept.append(line)
    return kept, dropped


# --- repeats ------------------------------------------------------------------------------
def drop_repeats(lines: list[str]) -> tuple[list[str], list[str]]:
    seen: set[str] = set()
    kept, dropped = [], []
    for line in lines:
        key = " ".join(line.casefold().split())
        if key.count(" ") + 1 >= _MIN_DUP_WORDS:
            if key in seen:
                dropped.append(line)
                continue
            seen.add(key)
        kept.append(line)
    return kept, dropped


# --- JSON-LD articleBody -----------------------------------------------------------------------
def ld_body(page: Page) -> str | None:
    for obj in page.jsonld:
        body = obj.get("articleBody")
        if isinstance(body, str) and len(body) >= _MIN_LD_CHARS:
            return body
    return None


def _shingles(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + 4]) for i in range(len(tokens) - 3)}


def hits(lines: Iterable[str], body_tokens: list[str]) -> list[tuple[float, int]]:
    """(share of the line found in the body, number of words) for each line."""
    shingles = _shingles(body_tokens)
    joined = f" {' '.join(body_tokens)} "
    out = []
    for line in lines:
        toks = words(line)
        if len(toks) >= 4:
            own = _shingles(toks)
            out.append((sum(1 for s in own if s in shingles) / len(own), len(toks)))
        else:
            out.append((1.0 if toks and f" {' '.join(toks)} " in joined else 0.0, len(toks)))
    return out


def agree_with_ld(lines: list[str], page: Page) -> tuple[list[str], list[str], bool]:
    """Let a complete JSON-LD articleBody decide which paragraphs are the story.

    Returns the paragraphs kept, those dropped, and whether articleBody was complete enough to decide.
    """
    body = ld_body(page)
    if not body or not lines:
        return lines, [], False
    body_tokens = words(body)
    found_hits = hits(lines, body_tokens)
    total = sum(n for _, n in found_hits)
    inside = sum(h * n for h, n in found_hits)
    if not total:
        return lines, [], False
    share = inside / total
    body_lines = [p.strip() for p in body.splitlines() if p.strip()]
    if share >= 0.85 and len(body_tokens) > 1.6 * total and len(body_lines) >= 3:
        return body_lines, [], True  # we found part of the story; articleBody has all of it
    if share < 0.6 or len(body_tokens) < 0.6 * total:
        return lines, [], False  # articleBody is a summary, or another text: no arbiter
    last = max((i for i, (h, _) in enumerate(found_hits) if h >= _HIT), default=len(lines) - 1)
    # what follows the story's last paragraph and is not in articleBody is the page around the
    # story (teasers, newsletter boxes); before and inside it, standfirst and subheads stay
    return lines[: last + 1], lines[last + 1:], True
