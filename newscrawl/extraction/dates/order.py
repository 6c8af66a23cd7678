"""Which comes first in a numeric date written with slashes or dashes: the day or the month.

"02/11/2023" is 2 November in London and February 11 in New York. A number above 12
settles it (:func:`.parse.read_day`); otherwise the page's locale does. English pages of the
United States (and the few other places that write the month first) read month first; other
English regions and every other language read day first. An English page that names no
region goes by its country domain (.co.uk, .com.au, .ie: day first); on a generic domain
(.com, .org) it reads month first, as dateparser's English does.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...page.document import Page

# regions whose English writes the month first
MONTH_FIRST_REGIONS = frozenset({"US", "PH", "CA", "FM", "MH", "PW", "GU", "PR", "AS", "VI", "UM"})
# country domains used as generic ones (.io, .co, .tv…): they say nothing of the publisher's country
_GENERIC_CCTLDS = frozenset({"io", "co", "tv", "me", "ai", "fm", "ly", "cc", "ws", "gg", "to", "sh", "ac",
                             "so", "la", "am", "nu", "im"})


def month_first(page: Page) -> bool:
    """True when the page writes an ambiguous numeric date month first ("02/11/2023" = Feb 11)."""
    language, region = page.declared_locale or (None, None)
    if language not in (None, "en"):
        return False
    if region:
        return region in MONTH_FIRST_REGIONS
    tld = page.domain.rsplit(".", 1)[-1]
    if len(tld) == 2 and tld.isalpha() and tld not in _GENERIC_CCTLDS:
        return tld.upper() in MONTH_FIRST_REGIONS
    return True
