"""Credit lines inside the body text ("By Khagan Isayev", "(MENAFN- Khaama Press)", "Sources: EFE")."""
from __future__ import annotations

import re

_CREDIT = re.compile(r"^\s*(?:by|von|por|par)\s+\S|^\(MENAFN-|\bSources?:\s*\S", re.I)


def is_credit_line(line: str) -> bool:
    """True when ``line`` is a credit line that belongs in the byline, not in the text."""
    return len(line) < 120 and bool(_CREDIT.search(line))
