"""The package's imports run one way, down the data flow: no cycle between modules or between packages,
and no import of the package's own modules hidden inside a function."""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "newscrawl"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in ROOT.rglob("*.py")}


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str) -> list[tuple[str, ast.AST, bool]]:
    """(imported newscrawl module, node, inside a function?) for every import of ``module``."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            targets: list[str] = []
            if isinstance(child, ast.Import):
                targets = [a.name for a in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = _absolute(child, module, path.name == "__init__.py")
                # "from . import data" names a module; "from .x import name" names x
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in child.names]
            for target in targets:
                while target and target not in MODULES:  # "newscrawl.page.document.Page" -> its module
                    target = target.rpartition(".")[0]
                if target.startswith("newscrawl") and target != module:
                    out.append((target, child, in_function))
            visit(child, nested)

    visit(tree, False)
    return out


GRAPH = {m: sorted({t for t, _, _ in imports_of(m)}) for m in MODULES}


def package_of(module: str) -> str:
    """The room a module sits in: ``newscrawl.X`` for everything under ``newscrawl/X/``."""
    parts = module.split(".")
    return ".".join(parts[:2])


def cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return found


def test_the_walk_sees_the_imports():
    """The walk is not vacuous: it finds the arrows we know of."""
    assert "newscrawl.page.document" in GRAPH["newscrawl.extraction.article"]
    assert "newscrawl.dates.spans" in GRAPH["newscrawl.extraction.bylines.visible"]
    assert "newscrawl.data" in GRAPH["newscrawl.dates.parse"]
    assert cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c"]]


def test_no_cycle_between_modules():
    assert cycles(GRAPH) == []


def test_no_cycle_between_packages():
    packages: dict[str, set[str]] = defaultdict(set)
    for module, targets in GRAPH.items():
        for target in targets:
            if package_of(target) != package_of(module):
                packages[package_of(module)].add(package_of(target))
    assert cycles({k: sorted(v) for k, v in packages.items()}) == []


# The page layer and the normalisers sit below every field finder: they never import one.
LOWER = ("newscrawl.page", "newscrawl.dates", "newscrawl.bylines", "newscrawl.language", "newscrawl.data",
         "newscrawl.record")
UPPER = ("newscrawl.extraction", "newscrawl.api", "newscrawl.spiders", "newscrawl.pipelines", "newscrawl.cli",
         "newscrawl.middlewares", "newscrawl.extensions")


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith(LOWER)))
def test_lower_layers_never_import_upper_ones(module):
    assert [t for t in GRAPH[module] if t.startswith(UPPER)] == []


def test_normalisers_know_nothing_of_pages():
    """dates/ and bylines/ turn strings into values: no parsed page, no lxml tree."""
    for module in MODULES:
        if module.startswith(("newscrawl.dates", "newscrawl.bylines")):
            assert not [t for t in GRAPH[module] if t.startswith("newscrawl.page")], module
            source = MODULES[module].read_text(encoding="utf-8")
            assert "lxml" not in source, module


def test_no_own_import_inside_a_function():
    hidden = [f"{m}:{node.lineno} imports {t}" for m in MODULES for t, node, inner in imports_of(m) if inner]
    assert hidden == []
