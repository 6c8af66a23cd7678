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


# Every test that starts a crawl in a subprocess carries the `crawl` marker, so that `-m "not crawl"` is the fast
# part: an audit hook sees each subprocess started while a test is set up or run, and the test errors at teardown
# when it started a crawl without the marker.
_RUNNING: list = [None]  # the test item being set up or run
_UNMARKED: dict[str, str] = {}  # node id -> the crawl command it started


def is_crawl(argv: list[str]) -> bool:
    """``scrapy crawl …`` or ``newscrawl run …``, whether run as an executable or with ``python -m``."""
    words = [os.path.basename(str(a)) for a in argv]
    return ("scrapy" in words and "crawl" in words) or (
        ("newscrawl" in words or "newscrawl.cli" in words) and "run" in words)


def _audit(event: str, args: tuple) -> None:
    if event == "subprocess.Popen" and _RUNNING[0] is not None and isinstance(args[1], (list, tuple)):
        item = _RUNNING[0]
        if item.get_closest_marker("crawl") is None and is_crawl(list(args[1])):
            _UNMARKED.setdefault(item.nodeid, " ".join(map(str, args[1][:4])))


sys.addaudithook(_audit)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    _RUNNING[0] = item
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    _RUNNING[0] = None
    result = yield
    if item.nodeid in _UNMARKED:
        raise pytest.fail.Exception(f"{item.nodeid} runs a crawl in a subprocess ({_UNMARKED.pop(item.nodeid)} …): "
                                    "mark it @pytest.mark.crawl")
    return result
