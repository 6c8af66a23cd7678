"""The headline, without the site name glued on.

A page states its headline in several places: the JSON-LD ``headline``,
``og:title``, ``twitter:title``, the ``<h1>`` and the ``<title>``, and a news
sitemap may carry one too (``hints["title"]``). Each is cleaned (entities
decoded, tags dropped, invisible characters removed, whitespace folded), then
the outlet's name is cut off wherever it is glued on with a separator
("Headline | Site", "Site - Headline", "Headline - Section - Site"). The
candidates are then compared: when one is another plus a separated piece
("Headline | X" beside "Headline", "Kicker: Headline" beside "Headline"), the
shorter is the headline, and two kickers before the same headline ("K1: Headline",
"K2 - Headline") leave the headline. Of what remains, the most preferred source
wins (``PREFERENCE``); an ``<h1>`` only counts when another source agrees with it.
"""
from __future__ import annotations

import re
from typing import Mapping

from lxml import etree

from .metadata import ARTICLE_TYPES, clean
from ..page.document import Page

# Sources in order of preference: a news sitemap's title, the JSON-LD headline (written for machines),
# og:title, the <h1>, twitter:title, <meta name=title>, and the <title> last (most often glued to the site name).
PREFERENCE = ("hint", "ld", "og", "h1", "twitter", "meta", "title")
STRONG = frozenset({"hint", "ld", "og", "twitter", "h1"})  # sources trusted to hold the bare headline

# a separator between a headline and what is glued to it
_SEP = re.compile(r"\s+(?:[|\-–—·•»›‹~/*]|::)\s+|\s*[｜：]\s*|\s+:\s+")
_TAIL_SEP = re.compile(r"\S(?:\s+(?:[|\-–—·•»›‹~/*]|::)|\s*[:：｜])\s*$")  # a kicker's separator, at its end
_HEAD_SEP = re.compile(r"(?:\s+(?:[|\-–—·•»›‹~/*]|::)|[:：｜])\s+")  # the same, inside a text
_NON_ALNUM = re.compile(r"[\W_]+")
_HEAD_TITLE = etree.XPath("/html/head/title")
_GOES_ON = re.compile(r"\s?\w")  # text that carries on a cut sentence (not a separator and a site name)
_QUOTES = {"'": "'", '"': '"', "‘": "’", "“": "”", "„": "“”", "‚": "‘’", "«": "»", "»": "«", "‹": "›", "「": "」", "『": "』"}
_MIN_CORE = 12  # a headline shorter than this is not trusted as the core of a longer one
CRUMB_WORDS = 3  # a piece after a pipe this short is a section, not part of the headline
# second-level labels under country domains (co.uk, com.au, or.jp): not the site's name
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "go", "gob", "nic", "ltd", "plc"})


def _key(text: str) -> str:
    return _NON_ALNUM.sub("", text.casefold())


def site_keys(page: Page) -> set[str]:
    """Normalised names the outlet goes by: og:site_name, publisher, registry, domain."""
    names = list(page.outlet_names)
    if page.domain:
        names.append(domain_label(page.domain))
    return {k for k in map(_key, (clean(n) for n in names)) if len(k) >= 2}


def domain_label(domain: str) -> str:
    """The name part of a host: "dailymail" for dailymail.co.uk, "spiegel" for www.spiegel.de."""
    parts = domain.lower().removeprefix("www.").split(".")
    if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-2] in _SECOND_LEVEL:
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else parts[0]


def _is_site(segment: str, keys: set[str]) -> bool:
    key = _key(segment)
    if not key:
        return True  # a bare separator or symbol
    if key in keys:
        return True
    if len(segment.split()) > 6:
        return False
    # "Daily Mail Online" for "Mail Online", "DER SPIEGEL" for spiegel.de, "ZEIT ONLINE" for zeit.de;
    # the name must make up a good part of the piece ("comwrap auf der DMEXCO" is not the site)
    for k in keys:
        short, long_ = (k, key) if len(k) <= len(key) else (key, k)
        if len(short) >= 4 and short in long_ and len(short) >= 0.4 * len(long_):
            return True
    return False


def strip_site(text: str, keys: set[str], sections: set[str] = frozenset()) -> str:
    """Cut the site name (and a section beside it) glued on with a separator."""
    if _key(text) in keys:
        return ""  # the text is the site's name, not a headline
    if not keys or not _SEP.search(text):
        return text
    parts = _SEP.split(text)
    seps = _SEP.findall(text)
    # trailing: "Headline - Section - Site" -> cut at the first piece after the headline that names the site
    for i in range(1, len(parts)):
        if _is_site(parts[i], keys):
            while i > 1 and _key(parts[i - 1]) in sections:
                i -= 1
            return _join(parts[:i], seps)
    # leading: "Site - Headline", "Site: Section | Headline"
    if len(parts) > 1 and _is_site(parts[0], keys):
        return _join(parts[1:], seps[1:])
    return text


def _join(parts: list[str], seps: list[str]) -> str:
    out = parts[0]
    for sep, part in zip(seps, parts[1:]):
        out += sep + part
    return out.strip()


def _opens_quote(prefix: str) -> bool:
    """True when ``prefix`` starts a quotation it does not close: a cut there would split a quote."""
    prefix = prefix.strip()
    closers = _QUOTES.get(prefix[:1])
    return bool(closers) and not any(c in prefix[1:] for c in closers)


def _glued(longer: str, core: str) -> bool:
    """True when ``longer`` is ``core`` with a piece glued on by a separator, before or after."""
    if len(core) < _MIN_CORE or len(longer) <= len(core):
        return False
    if longer.startswith(core):
        return _SEP.match(longer, len(core)) is not None
    if longer.endswith(core):
        head = longer[: len(longer) - len(core)]
        return _TAIL_SEP.search(head) is not None and not _opens_quote(head)
    return False


def _shared_tail(a: str, b: str) -> str | None:
    """The headline two candidates share behind different kickers ("K1: Headline", "K2 - Headline")."""
    for m in _HEAD_SEP.finditer(a):
        tail = a[m.end():]
        if len(tail) < _MIN_CORE:
            return None
        if _opens_quote(a[: m.start()]):
            continue
        if b.endswith(tail) and _glued(b, tail) and _key(a[: m.start()]) != _key(b[: len(b) - len(tail)]):
            return tail
    return None


def candidates(page: Page, hints: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """(source, cleaned text) for every place the page states a headline, in order of preference."""
    out: list[tuple[str, str]] = []
    if hints and hints.get("title"):
        out.append(("hint", clean(hints["title"])))
    for obj in page.jsonld_of_type(*ARTICLE_TYPES):
        headline = obj.get("headline")
        if isinstance(headline, list) and headline:
            headline = headline[0]
        if isinstance(headline, str) and headline.strip():
            out.append(("ld", clean(headline)))
            break
    for source, key in (("og", "og:title"), ("twitter", "twitter:title"), ("meta", "title")):
        value = page.meta_first(key)
        if value:
            out.append((source, clean(value)))
    if page.headline is not None:
        out.append(("h1", clean(page.headline.text_content())))
    titles = _HEAD_TITLE(page.tree) or page.tree.findall(".//title")[:1]  # a stray <title> outside <head>
    if titles and titles[0].text:
        out.append(("title", clean(titles[0].text)))
    return [(s, t) for s, t in out if t]


def _sections(page: Page) -> set[str]:
    values = list(page.meta.get("article:section", []))
    for obj in page.jsonld_of_type(*ARTICLE_TYPES):
        sec = obj.get("articleSection")
        values += [sec] if isinstance(sec, str) else [s for s in sec or [] if isinstance(s, str)]
    return {_key(v) for v in values if v}


def _drop_pipe_crumbs(text: str) -> str:
    """Short pieces glued on with pipes after the headline are sections ("Headline | Sport | Local")."""
    if " | " not in text:
        return text
    pieces = text.split(" | ")
    while len(pieces) > 1 and len(pieces[-1].split()) <= CRUMB_WORDS:
        pieces.pop()
    return " | ".join(pieces)


def _one_pipe_piece(text: str) -> str:
    """A <title> still split by " | " once the site name is gone: keep the wordiest piece.

    What a <title> glues to a headline with a pipe is site names, sections and
    categories ("Title | iPhone | Forum", "Opinion | Title").
    """
    if " | " not in text:
        return text
    return max(text.split(" | "), key=lambda piece: len(piece.split()))


def _untruncated(text: str, others: list[str]) -> str:
    """The full text of a candidate cut short: with an ellipsis ("… in Morocco..."), or cut at a
    length limit ("… ces mesures et du") where two other sources agree on the longer text."""
    if text.endswith(("…", "...")):
        stem, support = text.rstrip(".… "), 1
    else:
        stem, support = text, 2
    if len(stem) < _MIN_CORE:
        return text
    longer = [o for o in set(others) if o != text and o.startswith(stem) and not o.endswith(("…", "..."))
              and (o == stem or _GOES_ON.match(o, len(stem))) and others.count(o) >= support]
    return max(longer, key=lambda o: (others.count(o), len(o))) if longer else text


def extract_title(page: Page, hints: Mapping[str, str] | None = None) -> str | None:
    """The headline, or None when the page states none."""
    cands = candidates(page, hints)
    if not cands:
        return None
    keys = site_keys(page)
    sections = _sections(page)
    texts = [(s, strip_site(t, keys, sections)) for s, t in cands]
    texts = [(s, _one_pipe_piece(t) if s == "title" else _drop_pipe_crumbs(t)) for s, t in texts]
    texts = [(s, t) for s, t in texts if t]
    if not texts:
        return None
    everything = [t for _, t in texts]
    texts = [(s, _untruncated(t, everything)) for s, t in texts]
    strong = list(dict.fromkeys(t for s, t in texts if s in STRONG))
    cores = set(strong)
    for i, a in enumerate(strong):
        for b in strong[i + 1:]:
            if not (_glued(a, b) or _glued(b, a)):
                tail = _shared_tail(a, b) or _shared_tail(b, a)
                if tail:
                    cores.add(tail)
    # agreement: a candidate that is another plus a glued-on piece reduces to the other
    reduced = []
    for s, t in texts:
        inner = [c for c in cores if _glued(t, c)]
        reduced.append((s, min(inner, key=len) if inner else t))
    return _pick(reduced)


def _pick(reduced: list[tuple[str, str]]) -> str:
    """The most preferred source's text; an <h1> counts only when another source agrees with it."""
    others = {_key(t) for s, t in reduced if s != "h1"}
    rank = {s: i for i, s in enumerate(PREFERENCE)}
    best: tuple[int, int, str] | None = None
    for i, (s, t) in enumerate(reduced):
        if s == "h1" and others and _key(t) not in others:
            continue  # an <h1> no other source agrees with may be a logo or a section name
        if best is None or (rank[s], i) < best[:2]:
            best = (rank[s], i, t)
    if best is None:
        return reduced[0][1]
    if reduced[best[1]][0] == "hint":  # a sitemap flattens typography ('bravery' for ‘bravery’): the page's own
        same = [t for s, t in reduced if s != "hint" and _key(t) == _key(best[2])]  # spelling of the same words wins
        if same:
            return same[0]
    return best[2]
