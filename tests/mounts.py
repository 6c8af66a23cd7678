"""Small real file systems for disk-fault tests (benchmarks/faultlab/mounts.py): a test that cannot mount one
skips with the reason (mounting needs root, as on the CI machine)."""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

import pytest

from benchmarks.faultlab import mounts
from benchmarks.faultlab.mounts import fill

__all__ = ["fill", "tmpfs"]


@contextlib.contextmanager
def tmpfs(path: Path, size: str = "1m", read_only: bool = False) -> Iterator[Path]:
    """Mount a tmpfs of ``size`` at ``path`` (created) for the ``with`` block, or skip the test."""
    try:
        mount = mounts.tmpfs(path, size, read_only)
        mounted = mount.__enter__()
    except mounts.NoMount as why:
        pytest.skip(str(why))
    try:
        yield mounted
    finally:
        mount.__exit__(None, None, None)
