"""The README's own commands and code, for tests that run them as written."""
from __future__ import annotations

import ast
import re
from typing import Any

from .conftest import ROOT

README = ROOT / "README.md"


def blocks(lang: str) -> list[str]:
    """Every fenced code block of the README in ``lang`` (```sql, ```python, ```cron…), in order."""
    text = README.read_text(encoding="utf-8")
    return [m.group(1) for m in re.finditer(rf"^```{lang}\n(.*?)^```$", text, flags=re.S | re.M)]


def block(lang: str, marker: str) -> str:
    """The one ``lang`` block of the README that contains ``marker``."""
    found = [b for b in blocks(lang) if marker in b]
    assert len(found) == 1, f"README: {len(found)} {lang} blocks contain {marker!r}"
    return found[0]


def run_python(code: str, namespace: dict[str, Any]) -> list[tuple[str, Any]]:
    """Run a README Python block statement by statement; return (source, value) of each expression."""
    values = []
    for node in ast.parse(code).body:
        source = ast.get_source_segment(code, node) or ""
        if isinstance(node, ast.Expr):
            values.append((source, eval(compile(ast.Expression(node.value), "README.md", "eval"), namespace)))
        else:
            exec(compile(ast.Module([node], []), "README.md", "exec"), namespace)
    return values
