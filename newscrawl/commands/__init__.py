"""Project commands (``COMMANDS_MODULE``): ``crawl`` with one-line errors for what a user can get wrong."""
from __future__ import annotations
