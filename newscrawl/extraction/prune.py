"""What to cut from a page before trafilatura reads it: captions, link lists, printed microdata.

The expressions are handed to ``trafilatura.bare_extraction(prune_xpath=...)``, which applies
them to its own copy of the tree, so the shared :class:`~newscrawl.page.document.Page` tree
is never changed. The tags are data (``newscrawl/data/residue/blocks.toml``). Pruning makes
trafilatura's own work lighter: the three expressions cost less than they save.
"""
from __future__ import annotations

from functools import cache
from .. import data

# Lists of links: two or more items, each either a link that is most of the item ("related
# stories", "more from the section") or a heading with a link in it (a list of story teasers).
# A list of facts with one link in it stays.
LINK_LISTS = (
    "(//ul|//ol)[li[2]]["
    "(not(li[not(.//a[normalize-space()])])"
    " and not(li[string-length(normalize-space(.)) > 2 * string-length(normalize-space(.//a[normalize-space()])) + 15]))"
    " or not(li[not(.//*[self::h2 or self::h3 or self::h4 or self::h5 or self::h6]//a)])]"
)
# Hidden microdata some sites print as text: keywords, dates, publisher, logo and image URLs.
MICRODATA = (
    "//@itemprop[.='keywords' or .='datePublished' or .='dateModified' or .='dateCreated'"
    " or .='publisher' or .='articleSection' or .='image']/.."
)


@cache
def prune_xpaths() -> tuple[str, ...]:
    """XPath expressions of the elements to drop before extraction."""
    tags = " | ".join(f"//{t}" for t in data.toml("residue/blocks.toml")["tags"])
    return (tags, LINK_LISTS, MICRODATA)
