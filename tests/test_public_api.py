"""The public surface: one sorted ``__all__`` that resolves, and a light ``import precis``."""

from __future__ import annotations

import json
import subprocess
import sys

import precis

HEAVY = (
    "torch",
    "sentence_transformers",
    "sklearn",
    "scipy",
    "dask",
    "distributed",
    "pyarrow",
    "fastapi",
    "starlette",
    "uvicorn",
    "onnxruntime",
    "tokenizers",
    "safetensors",
)
# what precis batch loads only when its engine or format is chosen
BATCH_HEAVY = ("dask", "distributed", "pyarrow", "tqdm")


def test_public_api_all_is_sorted_and_unique() -> None:
    assert precis.__all__ == sorted(precis.__all__)
    assert len(set(precis.__all__)) == len(precis.__all__)


def test_public_api_every_name_resolves() -> None:
    for name in precis.__all__:
        assert getattr(precis, name) is not None, name


def test_public_api_unknown_name_raises_attribute_error() -> None:
    try:
        precis.no_such_thing  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("precis.no_such_thing should not exist")


def test_public_api_import_leaves_heavy_modules_unloaded() -> None:
    code = (
        f"import json, sys\nimport precis\nprint(json.dumps(sorted(m for m in {list(HEAVY)!r} if m in sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


def test_public_api_heavy_check_can_fail() -> None:
    """The probe used above sees scipy once a summary has been made (TF-IDF vectors are scipy matrices)."""
    code = (
        "import json, sys\n"
        "import precis\n"
        "precis.summarize('The council met on Monday night. It approved the new harbour budget.')\n"
        "print(json.dumps('scipy' in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) is True


def test_public_api_batch_and_cli_imports_leave_dask_and_pyarrow_unloaded() -> None:
    code = (
        "import json, sys\n"
        "import precis.batch, precis.cli, precis.batch.runner, precis.batch.engines\n"
        "precis.batch.make_engine('local', workers=2)\n"
        f"print(json.dumps(sorted(m for m in {list(BATCH_HEAVY)!r} if m in sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []
