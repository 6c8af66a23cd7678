"""Reading JSON-LD nodes, shared by the page, title and byline code (no imports of theirs)."""
from __future__ import annotations

from typing import Any


def ld_names(obj: dict[str, Any]) -> list[str]:
    """The name a JSON-LD Person or Organization gives: ``name``, given + family name, byline, alternateName."""
    name = obj.get("name")
    if isinstance(name, list):
        name = next((n for n in name if isinstance(n, str)), None)
    if isinstance(name, str) and name.strip():
        return [name.strip()]
    given, family = obj.get("givenName"), obj.get("familyName")
    if isinstance(given, str) and isinstance(family, str):
        return [f"{given.strip()} {family.strip()}"]
    for key in ("byline", "alternateName"):
        if isinstance(obj.get(key), str) and obj[key].strip():
            return [obj[key].strip()]
    return []


def by_id(nodes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The nodes that carry an ``@id`` (and more than it), by that id."""
    return {o["@id"]: o for o in nodes if isinstance(o.get("@id"), str) and len(o) > 1}


def resolve(entry: dict[str, Any], ids: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A reference ``{"@id": ...}`` completed from the node it points to."""
    ref = entry.get("@id")
    if isinstance(ref, str) and ref in ids and not ld_names(entry):
        return {**ids[ref], **entry}
    return entry
