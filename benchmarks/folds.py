"""Site-disjoint folds of the dev corpora: every page of one site (its registered domain) lands in the same fold.

The fold of a site is a hash of its registered domain (``bbc.co.uk`` for ``www.bbc.co.uk``, ``cnn.com`` for
``edition.cnn.com``), so the assignment is the same on every machine and in every run, and a page added to a
corpus never moves the others.
"""
from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from courlan import extract_domain


def site_of(url: str) -> str:
    """The registered domain of the URL (public-suffix aware); the bare host where there is none (an IP)."""
    return extract_domain(url) or (urlsplit(url).hostname or url)


def fold_of(url: str, folds: int) -> int:
    """0 .. folds-1, by a stable hash of the URL's registered domain."""
    digest = hashlib.sha256(site_of(url).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % folds
