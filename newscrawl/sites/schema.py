"""The schema of a ``[sites.NAME]`` table: each key's type and check, and every mistake as one line.

:func:`problems` reads one parsed registry file and returns every mistake it finds, each as
``(site, key, problem)``; the loader turns them into ``FILE: [sites.NAME] key: problem`` lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cssselect import SelectorError
from lxml.cssselect import CSSSelector

NAME = re.compile(r"[a-z0-9_-]+")
# a host name or IP address, with an optional port ("127.0.0.1:8000")
HOST = re.compile(r"(?=.{1,253}(:\d{1,5})?$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?",
                  re.IGNORECASE)

Check = Callable[[Any], "str | None"]  # the problem with a value, or None


def known_zone(name: str) -> bool:
    """True for an IANA time zone name ("Asia/Kabul")."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _zone(value: str) -> str | None:
    return None if known_zone(value) else f"unknown time zone {value!r} (an IANA name such as Europe/Berlin)"


def _url(value: str) -> str | None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{value!r} is not an http(s) URL with a scheme (https://…)"
    return None


def _host(value: str) -> str | None:
    if "://" in value or "/" in value:
        return f"{value!r} is a URL; give the host name only (example.com)"
    if not HOST.fullmatch(value):
        return f"{value!r} is not a host name (example.com, or 127.0.0.1:8000)"
    return None


def _css(value: str) -> str | None:
    try:
        CSSSelector(value)
    except (SelectorError, ValueError) as exc:
        return f"invalid CSS selector {value!r}: {exc}"
    return None


@dataclass(frozen=True)
class Key:
    """One key of a site table: its TOML type (``str``, ``bool`` or a list of ``str``) and a check of each value."""

    kind: type
    many: bool = False  # a list of values
    required: bool = False
    check: Check | None = None


KEYS: dict[str, Key] = {
    "domains": Key(str, many=True, required=True, check=_host),
    "timezone": Key(str, check=_zone),
    "home": Key(str, check=_url),
    "sitemaps": Key(str, many=True, check=_url),
    "news_sitemaps": Key(str, many=True, check=_url),
    "feeds": Key(str, many=True, check=_url),
    "sections": Key(str, many=True, check=_url),
    "outlet_names": Key(str, many=True),
    "render": Key(bool),
    "byline_selector": Key(str, check=_css),
    "date_selector": Key(str, check=_css),
    "enabled": Key(bool),
    "description": Key(str),
}
_TYPE_NAMES = {str: "a string", bool: "true or false"}


def _value_problems(key: Key, value: Any) -> list[str]:
    if key.many:
        if not isinstance(value, list):
            return [f"must be a list of strings ([\"…\"]), not {_toml_type(value)} {value!r}"]
        if key.required and not value:
            return ["must name at least one"]
        out = []
        for item in value:
            if not isinstance(item, str):
                out.append(f"must be a list of strings, but holds {_toml_type(item)} {item!r}")
            elif key.check and (problem := key.check(item)):
                out.append(problem)
        return out
    if not isinstance(value, key.kind):
        return [f"must be {_TYPE_NAMES[key.kind]}, not {_toml_type(value)} {value!r}"]
    problem = key.check(value) if key.check else None
    return [problem] if problem else []


def _toml_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    return {str: "a string", int: "an integer", float: "a number", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__)


def problems(document: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Every mistake of a parsed registry file, as ``(site, key, problem)``; ``site`` or ``key`` may be empty."""
    found: list[tuple[str, str, str]] = []
    unknown_tables = sorted(set(document) - {"sites"})
    for table in unknown_tables:
        found.append(("", table, "unknown table (a registry file holds [sites.NAME] tables only)"))
    sites = document.get("sites", {})
    if not isinstance(sites, dict):
        return found + [("", "sites", "must be tables [sites.NAME]")]
    for name, entry in sites.items():
        if not NAME.fullmatch(name):
            found.append((name, "", "site name must be lower-case letters, digits, '_' or '-'"))
        if not isinstance(entry, dict):
            found.append((name, "", f"must be a table, not {_toml_type(entry)}"))
            continue
        for key in sorted(set(entry) - set(KEYS)):
            found.append((name, key, f"unknown key (known: {', '.join(KEYS)})"))
        for key, spec in KEYS.items():
            if key not in entry:
                if spec.required:
                    found.append((name, key, "missing (a required key)"))
                continue
            found.extend((name, key, p) for p in _value_problems(spec, entry[key]))
    return found
