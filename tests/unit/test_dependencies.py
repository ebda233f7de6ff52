"""Every third-party module precis imports is declared in pyproject.toml: in core, or in the extra that guards it."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from functools import cache
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "precis"

# modules that only load once an extra is known to be installed (other imports must be core)
GUARDED_BY = {
    "server/": "server",  # loaded by `precis serve` only, which requires the server extra first
    "store/": "track",  # loaded by `precis track` (and the server's stories) only
    "readers/_transport.py": "html",  # loaded by Fetcher after require("httpx"/"httpcore", extra="html")
    "readers/fetching.py": "html",  # (httpx for type checking only)
}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _parse(requirement: str) -> tuple[str, list[str]]:
    """``"dask[distributed]>=2024.1"`` -> ``("dask", ["distributed"])``."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?", requirement)
    assert match, requirement
    extras = [e.strip() for e in (match.group(2) or "").split(",") if e.strip()]
    return _normal(match.group(1)), extras


@cache
def _project() -> dict[str, list[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {"core": project["dependencies"], **project["optional-dependencies"]}


def _extra_of_installed(dist: str, extra: str) -> set[str]:
    """What the installed distribution ``dist`` brings with its ``extra`` (``dask[distributed]`` -> distributed)."""
    try:
        requires = metadata.requires(dist) or []
    except metadata.PackageNotFoundError:
        return set()
    found = set()
    for line in requires:
        if re.search(rf"""extra\s*==\s*["']{re.escape(extra)}["']""", line):
            found.add(_parse(line)[0])
    return found


@cache
def declared(group: str) -> frozenset[str]:
    """Distributions a group (``core`` or an extra) declares, with the extras it names expanded."""
    out: set[str] = set()
    for requirement in _project()[group]:
        name, extras = _parse(requirement)
        for extra in extras:
            out |= declared(extra) if name == "precis" else _extra_of_installed(name, extra)
        if name != "precis":
            out.add(name)
    return frozenset(out)


@cache
def _providers() -> dict[str, list[str]]:
    return metadata.packages_distributions()


def _distribution(module: str) -> str:
    """The distribution that provides the top-level ``module`` (its own name when it is not installed)."""
    dists = _providers().get(module)
    return _normal(dists[0]) if dists else _normal(module)


def _third_party_imports(path: Path) -> tuple[set[str], set[tuple[str, str | None]]]:
    """Top-level third-party modules ``path`` imports, and its ``require(module, extra=...)`` calls."""
    imports: set[str] = set()
    required: set[tuple[str, str | None]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "require":
            module = node.args[0]
            extra = next((k.value for k in node.keywords if k.arg == "extra"), None)
            assert isinstance(module, ast.Constant) and isinstance(extra, ast.Constant), ast.dump(node)
            required.add((module.value.split(".")[0], extra.value))
        for name in names:
            top = name.split(".")[0]
            if top not in sys.stdlib_module_names and top != "precis":
                imports.add(top)
    return imports, required


def test_dependencies_every_import_is_declared_in_core_or_its_extra() -> None:
    missing = []
    for path in sorted(SRC.rglob("*.py")):
        where = path.relative_to(SRC).as_posix()
        guard = next((extra for prefix, extra in GUARDED_BY.items() if where.startswith(prefix)), None)
        imports, required = _third_party_imports(path)
        for module in imports:
            allowed = declared("core") | (declared(guard) if guard else frozenset())
            if _distribution(module) not in allowed:
                missing.append(f"{where}: import {module} ({_distribution(module)}) not in {guard or 'core'}")
        for module, extra in required:
            allowed = declared("core") | (declared(extra) if extra else frozenset())
            if _distribution(module) not in allowed:
                missing.append(f"{where}: require({module!r}, extra={extra!r}) not declared there")
    assert missing == []


def test_dependencies_the_check_sees_what_it_should() -> None:
    """The checker itself: known imports are found and extras expand."""
    assert {"numpy", "scipy"} <= declared("core") and "scikit-learn" not in declared("core")
    assert {"httpx", "httpcore"} <= declared("server")  # server names precis[html]
    imports, required = _third_party_imports(SRC / "readers" / "_transport.py")
    assert imports == {"httpx", "httpcore"} and required == set()
    _, required = _third_party_imports(SRC / "represent" / "embeddings.py")
    assert ("sentence_transformers", "embeddings-torch") in required
    _, required = _third_party_imports(SRC / "represent" / "onnx_encoder.py")
    assert {("onnxruntime", "embeddings"), ("safetensors", "embeddings")} <= required
