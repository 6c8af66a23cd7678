"""The README is the contract: its layout names every folder, its settings tables every setting, and its
Python example runs as written."""
from __future__ import annotations

import re
import subprocess
import sys

from newscrawl.defaults import SETTINGS

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"## {title}")
    end = README.find("\n## ", start + 3)
    return README[start:end if end > 0 else None]


def test_the_layout_names_every_folder():
    layout = _section("Layout")
    named = set(re.findall(r"^\s+([a-z_]+)/", layout, re.M)) | set(re.findall(r"\s([a-z_]+)/\s", layout))
    folders = {p.name for p in (ROOT / "newscrawl").iterdir()
               if p.is_dir() and (p / "__init__.py").exists()}
    folders |= {p.name for p in (ROOT / "newscrawl" / "extraction").iterdir() if (p / "__init__.py").exists()}
    assert folders - named == set()
    assert named - folders - {"newscrawl", "benchmarks", "tests"} == set()  # nothing named that is not there


def test_every_setting_is_documented():
    missing = [name for name in SETTINGS if name not in README and name.rsplit("_", 1)[0] + "_" not in README]
    assert missing == []


def test_the_python_example_runs_as_written():
    block = _section("From Python").split("```python\n", 1)[1].split("```", 1)[0]
    out = subprocess.run([sys.executable, "-c", block], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    first = out.stdout.splitlines()[0]
    assert first == "caliber 2024-12-02T11:36:00+04:00 ['Khagan Isayev']"
