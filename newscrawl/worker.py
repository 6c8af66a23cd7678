"""Who this process is, in the names of the files it writes: ``HOST-PID``.

Workers of one shared crawl (on one machine or many) write into the same dataset and WARC folder;
a name that carries the host and the process id never collides and says who wrote the file.
"""
from __future__ import annotations

import os
import socket


def safe(text: str) -> str:
    """``text`` with only letters, digits and ``-_.`` (for file names and Redis keys)."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text) or "_"


def host_pid() -> str:
    return f"{safe(socket.gethostname())}-{os.getpid()}"
