"""trafilatura's output on each page, computed once for the many ablation runs of ``quality.py --ablate``.

A residue family acts on trafilatura's text (or, ``residue/blocks``, on what is pruned before it reads the page), so
every ablation run would hand trafilatura the same tree with the same options again: within the block, each
``bare_extraction`` call on a parsed tree is answered from the first answer given for the same URL, the same tree
(its serialisation) and the same prune expressions. trafilatura is deterministic, so the figures are those of full runs at about half the cost.
Calls on raw bytes (plain trafilatura itself) are not kept.
"""
from __future__ import annotations

import hashlib
from contextlib import contextmanager
from typing import Iterator

import trafilatura
from lxml import etree


@contextmanager
def trafilatura_once() -> Iterator[dict]:
    real = trafilatura.bare_extraction
    kept: dict = {}

    def once(filecontent, *args, **kwargs):
        options = kwargs.get("options")
        if isinstance(filecontent, (bytes, str)) or options is None or args:
            return real(filecontent, *args, **kwargs)
        # the tree itself, not only the URL: a page may be handed over twice, the second time changed
        key = (options.url, hashlib.sha1(etree.tostring(filecontent)).digest(), tuple(kwargs.get("prune_xpath") or ()))
        if key not in kept:
            kept[key] = real(filecontent, **kwargs)
        return kept[key]

    trafilatura.bare_extraction = once
    try:
        yield kept
    finally:
        trafilatura.bare_extraction = real
