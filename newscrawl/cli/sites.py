"""``newscrawl sites``: the registry, one line a site."""
from __future__ import annotations

import argparse

from ..sites import all_sites


def main(argv: list[str], prog: str = "newscrawl sites") -> int:
    argparse.ArgumentParser(prog=prog, description="list the registered sites").parse_args(argv)
    for site in all_sites().values():
        flags = [] if site.enabled else ["disabled"]
        if site.render:
            flags.append("render")
        print(f"{site.name:12s} {site.timezone or '-':18s} {', '.join(site.domains):28s} {' '.join(flags)}")
    return 0
