"""The outlet a copy names as its source: ``syndicated_from``.

The byline code already reads the credit ("(MENAFN- Khaama Press)", "Source: Reuters",
"Sources: EFE") into ``Article.agencies``; this only chooses among those names. An
outlet's own newsroom ("Staff", "Web Desk") and the outlet itself (its domain, its site
name) are not a source. When the first copy of the story is known, a credit naming its
outlet wins ("Khaama Press" on a copy of a khaama.com story); otherwise the first
credited outlet is the source.
"""
from __future__ import annotations

import re
from typing import Iterable

from ..bylines.names import is_house_credit
from ..bylines.vocab import agency_key, known_agency

_SQUASH = re.compile(r"[\W_]+")
_GENERIC_LABELS = {"www", "m", "amp", "news", "en", "english"}


def outlet_key(name: str) -> str:
    """An agency or outlet name folded for comparison: "Agencia EFE" -> "efe", "Khaama Press" -> "khaamapress"."""
    return _SQUASH.sub("", agency_key(known_agency(name) or name))


def domain_label(domain: str | None) -> str:
    """The name part of a host: "www.khaama.com" -> "khaama", "bbc.co.uk" -> "bbc"."""
    labels = [l for l in (domain or "").casefold().split(".") if l and l not in _GENERIC_LABELS]
    if all(l.isdigit() for l in labels):  # an IP address names no outlet
        return ""
    if len(labels) >= 3 and len(labels[-2]) <= 3:  # co.uk, com.au
        labels = labels[:-2]
    elif len(labels) >= 2:
        labels = labels[:-1]
    return _SQUASH.sub("", labels[-1]) if labels else ""


def outlets_of(domain: str | None, site: str | None, agencies: Iterable[str] | None = ()) -> tuple[str, ...]:
    """The keys an article's outlet goes by: its domain's name, its site, the outlets it credits."""
    keys = [domain_label(domain), _SQUASH.sub("", (site or "").casefold()), *(outlet_key(a) for a in agencies or ())]
    out: list[str] = []
    for key in keys:
        if len(key) >= 2 and key not in out and key != "news":
            out.append(key)
    return tuple(out)


def _names(key: str, outlets: Iterable[str]) -> bool:
    """``key`` (a credit) names one of ``outlets``: equal, or one contains the other ("khaama" in "khaamapress")."""
    for outlet in outlets:
        if key == outlet or (min(len(key), len(outlet)) >= 4 and (outlet in key or key in outlet)):
            return True
    return False


def syndicated_from(agencies: Iterable[str] | None, domain: str | None, site: str | None,
                    first_outlets: Iterable[str] = ()) -> str | None:
    """The credited outlet this article was taken from, or None when it credits none."""
    own = outlets_of(domain, site)
    credited = [a for a in agencies or () if not is_house_credit(a) and not _names(outlet_key(a), own)]
    first_outlets = tuple(first_outlets)
    for name in credited:
        if first_outlets and _names(outlet_key(name), first_outlets):
            return name
    return credited[0] if credited else None
