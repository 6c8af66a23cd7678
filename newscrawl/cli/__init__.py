"""The ``newscrawl`` console command: ``newscrawl ccnews …``, ``newscrawl extract …``, ``newscrawl run …``, ``newscrawl sites``."""
from __future__ import annotations

import argparse
import sys
from importlib import import_module

COMMANDS = {
    "ccnews": ("newscrawl.cli.ccnews", "read Common Crawl's news archive (CC-NEWS) for a window of days into the dataset"),
    "extract": ("newscrawl.cli.extract", "re-extract saved pages (WARC or HTML files) into the Parquet dataset"),
    "run": ("newscrawl.cli.run", "crawl registered sites once, for cron: lock, manifest, log file"),
    "sites": ("newscrawl.cli.sites", "list the registered sites"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newscrawl", description="news-corpus collector")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_) in COMMANDS.items():
        sub.add_parser(name, help=help_, add_help=False)
    args, rest = parser.parse_known_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    module = import_module(COMMANDS[args.command][0])
    return int(module.main(rest, prog=f"newscrawl {args.command}") or 0)


if __name__ == "__main__":
    sys.exit(main())
