"""The layers of docs/ARCHITECTURE.md hold: a package imports only from its own package and
from lower layers, no module imports itself back through others, and every package the
code imports is declared in pyproject.toml."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from builders import ROOT

PACKAGE = ROOT / "briefing"
# Lowest first; a package may import from its own layer's package and from any layer below.
LAYERS = [
    ["briefing.errors", "briefing.models", "briefing.sockets"],
    ["briefing.settings"],
    ["briefing.endpoint"],
    ["briefing.text"],
    ["briefing.ingest", "briefing.verify"],
    ["briefing.sources", "briefing.cluster"],
    ["briefing.summarise"],
    ["briefing.compare"],
    ["briefing.output"],
    ["briefing.pipeline"],
    ["briefing.cli"],
]
LAYER_OF = {package: rank for rank, packages in enumerate(LAYERS) for package in packages}
ALLOWED_SIDEWAYS = {("briefing.output", "briefing.cluster")}  # the clusters' JSON shows cluster.explain's result


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path) -> set[str]:
    """The modules `path` imports anywhere in its body (absolute names)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import; use briefing.… (one style across the package)"
            found.add(node.module or "")
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def top_package(module: str) -> str | None:
    """`briefing.cluster` for `briefing.cluster.signals`; None for `briefing` itself or the outside."""
    return next((package for package in LAYER_OF if module == package or module.startswith(package + ".")), None)


def test_every_module_belongs_to_a_layer():
    unplaced = [name for name in modules() if name not in ("briefing", "briefing.__main__") and not top_package(name)]
    assert not unplaced, f"add these to LAYERS and to docs/ARCHITECTURE.md: {unplaced}"


@pytest.mark.parametrize("name", [name for name in modules() if top_package(name)])
def test_a_module_imports_only_its_own_package_and_lower_layers(name):
    own = top_package(name)
    assert own is not None
    wrong = []
    for imported in imports_of(modules()[name]):
        other = top_package(imported)
        if other is None or other == own or (own, other) in ALLOWED_SIDEWAYS:
            continue
        if LAYER_OF[other] >= LAYER_OF[own]:
            wrong.append(imported)
    assert not wrong, f"{name} (layer {LAYER_OF[own]}) imports from its layer or above: {sorted(wrong)}"


def test_no_import_cycle_between_modules():
    known = modules()
    graph = {name: {m for m in imports_of(path) if m in known and m != name} for name, path in known.items()}
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for other in sorted(graph[name]):
            if state.get(other) == "open":
                pytest.fail("import cycle: " + " → ".join([*trail[trail.index(other) :], other]))
            if other not in state:
                visit(other, [*trail, other])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


def test_every_imported_package_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_normalised(re.split(r"[<>=!~\[; ]", requirement)[0]) for requirement in project["dependencies"]}
    distributions = packages_distributions()
    undeclared = set()
    for path in modules().values():
        for imported in imports_of(path):
            top = imported.split(".")[0]
            if top in ("briefing", "") or top in sys.stdlib_module_names:
                continue
            names = {_normalised(name) for name in distributions.get(top, [top])}
            if not names & declared:
                undeclared.add(f"{top} ({path.relative_to(ROOT)})")
    assert not undeclared, f"imported but not in [project] dependencies: {sorted(undeclared)}"


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
