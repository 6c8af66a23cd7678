from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCRAPY = [sys.executable, "-m", "scrapy"]


def run_scrapy(*args: str, cwd: Path = ROOT, timeout: float = 300, **popen) -> subprocess.CompletedProcess:
    """Run a real ``scrapy`` command of this project; return the finished process (text output)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    return subprocess.run([*SCRAPY, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, **popen)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.fail(f"the shared corpora are missing: {SHARED / 'corpus'}")
    return SHARED
