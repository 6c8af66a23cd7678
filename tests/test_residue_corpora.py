"""No residue line is left in the text of any dev-corpus page (what the retired "residue rate" figure counted).

Residue is judged by newscrawl's own lists (newscrawl/data/residue), so this is a test, not a quality figure: the
figure judged by other people's labels is the trafeval snippet F1 of ``benchmarks/quality.py``.
"""
from __future__ import annotations

import pytest

from newscrawl.extraction.residue import residue_lines

from .warcs import extracted


@pytest.mark.parametrize("name", ["aeb", "fundus", "htmldate"])
def test_no_residue_line_is_left_on_a_corpus_page(name, shared_dir):
    left = {page.url: residue_lines(art.text)[:3] for page, art in extracted(name) if art and residue_lines(art.text)}
    texts = sum(1 for _, art in extracted(name) if art and art.text)
    assert texts > 80, f"{name}: only {texts} pages with a text"
    assert not left, f"{name}: residue left on {len(left)} pages: {left}"
