"""Files that appear under their final name only when complete.

A file being written is named ``.NAME.pidPID.inprogress`` beside its final ``NAME``
(hidden, and with a suffix no reader globs for), then renamed into place. A temporary
file whose process is gone was left by a crash.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

TMP_SUFFIX = ".inprogress"


def temp_path(final: Path) -> Path:
    """Where ``final`` is written by this process before it is renamed into place."""
    return final.with_name(f".{final.name}.pid{os.getpid()}{TMP_SUFFIX}")


def orphans(directory: Path, name_glob: str = "*") -> Iterator[tuple[Path, Path]]:
    """(temporary file, its final path) for each temporary file in ``directory`` whose writer is dead."""
    if not directory.is_dir():
        return
    for tmp in directory.glob(f".{name_glob}.pid*{TMP_SUFFIX}"):
        name, _, pid = tmp.name[1:].removesuffix(TMP_SUFFIX).rpartition(".pid")
        if name and pid.isdigit() and not pid_alive(int(pid)):
            yield tmp, directory / name


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
