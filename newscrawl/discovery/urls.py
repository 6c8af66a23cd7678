"""One spelling per page: :func:`canonicalize` strips what makes two URLs of one article differ.

Lower-cased scheme and host, no default port, no fragment (but a ``#!`` route), no tracking or
feed-referral parameters, no AMP variant, the other ``name=value`` parameters sorted (bare words
first, in their order); the path keeps its case and its percent-encoding. The parameter lists
are data (``newscrawl/data/urls/query.toml``).
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote_plus, urlsplit, urlunsplit
from .. import data

DEFAULT_PORTS = {"http": 80, "https": 443}
_AMP_SEGMENT = re.compile(r"/amp(?=/|$)", re.I)
_AMP_HTML = re.compile(r"\.amp(\.html?)$", re.I)


class QueryRules:
    """The parameters to drop, read once from the data file."""

    def __init__(self, data: dict) -> None:
        self.tracking = {n.lower() for n in data["tracking"]}
        self.prefixes = tuple(p.lower() for p in data["tracking_prefixes"])
        self.referral_names = {n.lower() for n in data["referral_names"]}
        self.referral_values = {v.lower() for v in data["referral_values"]}
        self.amp_any = {n.lower() for n in data["amp_any"]}
        self.amp_pairs = {(n.lower(), v.lower()) for n, v in data["amp_pairs"]}

    def drops(self, name: str, value: str) -> bool:
        name, value = name.lower(), value.lower()
        return (
            name in self.tracking
            or name.startswith(self.prefixes)
            or name in self.amp_any
            or (name, value) in self.amp_pairs
            or (name in self.referral_names and value in self.referral_values)
        )


@lru_cache(maxsize=1)
def query_rules() -> QueryRules:
    return QueryRules(data.toml("urls/query.toml"))


def canonicalize(url: str) -> str:
    """The canonical spelling of ``url``; idempotent. A string that is not a URL comes back stripped."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if not scheme or not parts.netloc:
        return url
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    netloc = host
    if port is not None and DEFAULT_PORTS.get(scheme) != port:
        netloc = f"{host}:{port}"
    if parts.username is not None:
        userinfo = parts.netloc.rpartition("@")[0]
        netloc = f"{userinfo}@{netloc}"
    path = strip_amp_path(parts.path) or "/"
    fragment = parts.fragment if parts.fragment.startswith("!") else ""  # "#!/route" names the page itself
    return urlunsplit((scheme, netloc, path, clean_query(parts.query), fragment))


def strip_amp_path(path: str) -> str:
    """``/a/amp/`` -> ``/a/``, ``/a/amp`` -> ``/a``, ``/amp/a`` -> ``/a``, ``/a.amp.html`` -> ``/a.html``."""
    path = _AMP_HTML.sub(r"\1", path)
    while _AMP_SEGMENT.search(path):
        path = _AMP_SEGMENT.sub("", path, count=1)
    return path


def clean_query(query: str) -> str:
    """The query without tracking, referral and AMP parameters, the rest sorted, encoding untouched."""
    if not query:
        return ""
    rules = query_rules()
    flags, pairs = [], []
    for pair in query.split("&"):
        if not pair:
            continue
        name, equals, value = pair.partition("=")
        name, value = unquote_plus(name).strip(), unquote_plus(value).strip()
        if rules.drops(name, value):
            continue
        if equals:
            pairs.append((name, value, pair))
        else:
            flags.append(pair)  # a bare word (?print, Domino's ?OpenDocument) keeps its place, first
    pairs.sort()
    return "&".join(flags + [pair for _, _, pair in pairs])
