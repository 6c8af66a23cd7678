"""The processes a command started, read from /proc (benchmarks/render.py, benchmarks/faults.py)."""
from __future__ import annotations

import os


def descendants(root: int) -> list[int]:
    """Every process below ``root`` (its children, theirs, …) running now."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        for child in children.get(pid, []):
            found.append(child)
            todo.append(child)
    return found
