"""The ``newscrawl`` console command: ``newscrawl ccnews …``, ``newscrawl extract …``, ``newscrawl dedup …``, ``newscrawl run …``,
``newscrawl sites``."""
from __future__ import annotations

import argparse
import sys
from importlib import import_module

from .. import __version__
from ..sites.registry import RegistryError

COMMANDS = {
    "ccnews": ("newscrawl.cli.ccnews", "read Common Crawl's news archive (CC-NEWS) for a window of days into the dataset"),
    "extract": ("newscrawl.cli.extract", "re-extract saved pages (WARC or HTML files) into the Parquet dataset"),
    "dedup": ("newscrawl.cli.dedup", "near-duplicate clusters of an existing dataset, as a table that joins on url"),
    "run": ("newscrawl.cli.run", "crawl registered sites once, for cron: lock, manifest, log file"),
    "sites": ("newscrawl.cli.sites", "list the registered sites"),
}
EXIT_USAGE = 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newscrawl", description="news-corpus collector")
    parser.add_argument("--version", action="version", version=f"newscrawl {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_) in COMMANDS.items():
        sub.add_parser(name, help=help_, add_help=False)
    args, rest = parser.parse_known_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    module = import_module(COMMANDS[args.command][0])
    try:
        return int(module.main(rest, prog=f"newscrawl {args.command}") or 0)
    except RegistryError as exc:  # a mistake in sites.toml or NEWSCRAWL_SITES_FILE: one line each
        print("\n".join(exc.lines), file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
