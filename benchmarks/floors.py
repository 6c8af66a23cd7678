"""The pinned quality floors of ``python benchmarks/quality.py --check`` (benchmarks/floors.toml)."""
from __future__ import annotations

import tomllib
from pathlib import Path

FLOORS_FILE = Path(__file__).resolve().with_name("floors.toml")


def load(path: Path = FLOORS_FILE) -> dict[str, dict[str, float]]:
    """corpus -> figure name -> floor."""
    return tomllib.loads(path.read_text(encoding="utf-8"))


def fallen(figures: dict[str, dict[str, float | None]], floors: dict[str, dict[str, float]]) -> list[str]:
    """One line per pinned figure below its floor (or not measured at all); empty when every floor holds."""
    lines = []
    for name, pinned in floors.items():
        for figure, floor in pinned.items():
            got = figures.get(name, {}).get(figure)
            if got is None:
                lines.append(f"{name} {figure}: not measured (floor {floor:.3f})")
            elif got < floor:
                lines.append(f"{name} {figure}: {got:.4f} is {floor - got:.4f} below its floor {floor:.3f}")
    return lines
