"""The import direction of docs/architecture.md: a module imports only from its own layer or below.

Every ``import`` and ``from ... import`` in ``src/precis`` counts, also those inside functions and
under ``TYPE_CHECKING``: a lazy import is still a dependency. ``precis/__init__.py`` (the public
facade, which loads everything lazily) and ``__main__.py`` are the only exceptions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "precis"

# Lowest first. The same list is drawn in docs/architecture.md.
LAYERS: list[set[str]] = [
    {"errors", "_version", "_optional", "_fast", "model", "config", "lexicon"},
    {"readers", "analysis"},
    {"represent"},
    {"summarizer", "checking"},
    {"stories"},
    {"rendering", "app", "evaluation"},
    {"cli", "server", "batch", "store"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}
# The data model is data only: it imports nothing from the package but the exception tree.
MODEL_MAY_IMPORT = {"errors", "model"}


def _modules() -> list[Path]:
    return sorted(
        p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).as_posix() not in {"__init__.py", "__main__.py"}
    )


def _unit(path: Path, root: Path = PACKAGE) -> str:
    """The top-level unit of a module: its first folder, or its own name for a top-level module."""
    return path.relative_to(root).parts[0].removesuffix(".py")


def _imported_units(path: Path, root: Path = PACKAGE) -> set[str]:
    """Top-level units of ``precis`` that ``path`` imports, however it imports them."""
    rel = path.relative_to(root)
    package = ["precis", *rel.parts[:-1]]  # the package the module is in
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = [*base, *(node.module.split(".") if node.module else [])]
                if len(target) == 1:  # ``from .. import x`` at the top: x is the unit
                    out.update(alias.name for alias in node.names)
                    continue
            else:
                target = (node.module or "").split(".")
            if target[0] == "precis" and len(target) > 1:
                out.add(target[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "precis" and len(parts) > 1:
                    out.add(parts[1])
    return out


def test_layers_every_unit_has_a_layer() -> None:
    units = {_unit(p) for p in _modules()}
    assert units <= set(RANK), f"place these in LAYERS and docs/architecture.md: {sorted(units - set(RANK))}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_layers_imports_point_down(path: Path) -> None:
    unit = _unit(path)
    imported = _imported_units(path) - {unit}
    if unit == "model":
        assert imported <= MODEL_MAY_IMPORT, f"the model imports {sorted(imported - MODEL_MAY_IMPORT)}"
    upward = sorted(name for name in imported if RANK.get(name, -1) > RANK[unit])
    assert not upward, f"{unit} (layer {RANK[unit]}) imports from a higher layer: {upward}"


def test_layers_checker_finds_upward_imports(tmp_path: Path) -> None:
    """The rule can fail: relative, absolute and lazy upward imports of a made-up module are all found."""
    probe = tmp_path / "analysis" / "probe.py"
    probe.parent.mkdir()
    probe.write_text(
        "from ..summarizer.summarizer import Summarizer\n"
        "import precis.stories.digest\n"
        "def f():\n    from .. import cli\n    from .segmenter import Segmenter\n",
        encoding="utf-8",
    )
    assert _imported_units(probe, tmp_path) == {"summarizer", "stories", "cli", "analysis"}
    assert _unit(probe, tmp_path) == "analysis"
