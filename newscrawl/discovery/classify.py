"""Article URL or not: :func:`is_article_url` reads only the URL, with signals that hold site-wide.

An article URL carries something that names one story: a date followed by more path, a numeric
id of five digits or more, a slug of three words or more, a page file with a worded name, or a
CMS id parameter (``?p=123``). Section, tag, author, search and pagination pages, feeds, static
files, service pages and the home page do not, or sit under a listing segment (``/tag/``,
``/author/``, ``/page/``…; the lists are data in ``newscrawl/data/urls/paths.toml``).
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlsplit
from .. import data


_MONTHS = ("jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|januar|februar|maerz|märz|mai|juni|juli|"
           "oktober|dezember|janvier|fevrier|février|mars|avril|juin|juillet|aout|août|octobre|decembre|décembre")
_YEAR = r"(?:19[89]\d|20[0-4]\d)"
_MONTH = rf"(?:0?[1-9]|1[0-2]|{_MONTHS})"
# /2019/11/18/, /2019/nov/18/, /2023-04/28/, /2024-10-15/, /20200516/, /2019/11/ (year and month at least)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_DATE_PATH = re.compile(
    rf"/{_YEAR}(?:[/_-]{_MONTH}(?:[/_-]{_DAY})?(?=[/_-]|$)|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?=/|$))", re.I
)
_LONG_NUMBER = re.compile(r"(?<![0-9])[0-9]{5,}(?![0-9])")
_HEX_ID = re.compile(r"(?<![0-9a-f])(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{16,}(?![0-9a-f])", re.I)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_NUMBER = re.compile(r"(?!(?:19|20)\d\d$)\d{3,}")  # a bare number that is no year: /822
_SHORT_ID = re.compile(r"(?<=[a-z][-_])(?!(?:19|20)\d\d(?![0-9]))\d{4}$", re.I)  # kraehenjagd-6871, not news-2021
_TOKEN_ID = re.compile(r"(?=[a-z]*[0-9])(?=[0-9]*[a-z])[a-z0-9]{6,}|\d{3,}", re.I)  # clymn8zyrp9o, 3834
_PAGE_TAIL = re.compile(r"&?(?:page|seite|p)?[=-]?\d{1,3}|[^\w]*|[\d.,_-]+")
_DIGITS3 = re.compile(r"\d{3}")
_WORD_SPLIT = re.compile(r"[-_+.,~\s]+")
_LANGUAGE = re.compile(r"[a-z]{2}(?:[-_][a-z]{2})?", re.I)


class PathRules:
    """The word lists of ``paths.toml``, read once."""

    def __init__(self, data: dict) -> None:
        low = lambda key: frozenset(s.lower() for s in data[key])  # noqa: E731
        self.listing, self.service, self.markers = low("listing_segments"), low("service_segments"), low("post_markers")
        self.index_stems, self.static, self.pages = low("index_stems"), low("static_extensions"), low("page_extensions")
        self.search, self.page_params, self.id_params = low("search_params"), low("page_params"), low("id_params")
        self.connectors = low("connectors")
        self.not_after_date = self.index_stems | self.listing | self.service


@lru_cache(maxsize=1)
def path_rules() -> PathRules:
    return PathRules(data.toml("urls/paths.toml"))


def split_extension(segment: str) -> tuple[str, str]:
    """``story-1.html`` -> (``story-1``, ``html``); no extension -> (segment, '')."""
    stem, dot, ext = segment.rpartition(".")
    if dot and stem and ext.isalnum() and len(ext) <= 5 and not ext.isdigit():
        return stem, ext.lower()
    return segment, ""


def slug_words(stem: str, connectors: frozenset[str] = frozenset()) -> int:
    """Words of a slug (tokens with a letter); ``food-and-drink`` counts 2 when ``and`` is a connector."""
    words = [w for w in _WORD_SPLIT.split(stem) if any(c.isalpha() for c in w)]
    if len(words) == 3 and words[1].lower() in connectors:
        return 2
    return len(words)


def is_article_url(url: str) -> bool:
    """True when ``url`` looks like one article's page rather than a listing, a service page or a file."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return False
    rules = path_rules()
    path = parts.path
    if parts.fragment.startswith("!/"):  # an AJAX-crawlable "#!/…" route is the page's real path
        path = path.rstrip("/") + parts.fragment[1:]
    segments = [s for s in unquote(path).split("/") if s and s.lower() != "amp"]
    ext = ""
    if segments:
        stem, ext = split_extension(segments[-1])
        if ext in rules.static:
            return False
        if ext in rules.pages:
            segments[-1] = stem
        else:
            ext = ""
    query = [(k.lower(), v.strip().rstrip("/")) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    if any(k in rules.search and v for k, v in query):
        return False
    if _has_id_param(query, rules):
        return True
    keys = [s.lower() for s in segments]
    content = [s for s in segments if not _LANGUAGE.fullmatch(s)]
    if not content or (len(content) == 1 and content[0].lower() in rules.index_stems):
        return False
    # After a listing segment, only what follows the name it lists counts; after a service segment,
    # what follows it.
    start = 0
    for i, key in enumerate(keys):
        if key in rules.listing:
            if _dated_story("/" + "/".join(segments[i + 1:]), rules):
                return True
            start = i + 2
        elif key in rules.service:
            start = i + 1
    return _signal(segments, start, ext, rules)


def _has_id_param(query: list[tuple[str, str]], rules: PathRules) -> bool:
    for name, value in query:
        if not (name in rules.id_params or name.endswith(("id", "no", "nr")) or "news" in name or "article" in name):
            continue
        if value.isdigit() and len(value) >= 3 and not (name in rules.page_params and name not in rules.id_params):
            return True
        if (_HEX_ID.search(value) or _UUID.fullmatch(value)) and len(value) <= 40:
            return True
    return False


def _dated_story(path: str, rules: PathRules) -> bool | None:
    """None without a date in ``path``; else whether a slug or an id follows it (a date alone is an archive)."""
    date = _DATE_PATH.search(path)
    if date is None:
        return None
    after = [split_extension(s)[0] for s in path[date.end():].lstrip("/_-").split("/") if s]
    if not after or after[0].lower() in rules.not_after_date:
        return False
    return any(sum(c.isalpha() for c in s) >= 4 or _DIGITS3.search(s) or "-" in s for s in after)


def _signal(segments: list[str], start: int, ext: str, rules: PathRules) -> bool:
    """Whether ``segments[start:]`` name one article (the segments before ``start`` count only as context)."""
    tail = segments[start:]
    if not tail:
        return False
    path = "/" + "/".join(tail)
    dated = _dated_story(path, rules)
    if dated is not None:
        return dated
    if any(_LONG_NUMBER.search(s) or _HEX_ID.search(s) or _UUID.search(s) for s in tail):
        return True
    last = tail[-1]
    if len(tail) >= 2 and _PAGE_TAIL.fullmatch(last):  # /slug-of-the-story/2 : page 2 of an article
        tail, last = tail[:-1], tail[-2]
    words = slug_words(last, rules.connectors)
    if words >= 3 or _SHORT_ID.search(last) or (words == 0 and _NUMBER.fullmatch(last)):
        return True
    before = segments[start + len(tail) - 2].lower() if start + len(tail) >= 2 else ""
    if before in rules.markers and (words == 2 or _TOKEN_ID.fullmatch(last)):
        return True
    return ext != "" and last.lower() not in rules.index_stems and (words >= 2 or any(c.isdigit() for c in last))
