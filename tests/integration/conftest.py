"""Fixtures for running the installed ``precis`` command as a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

TIMEOUT = 120
BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def precis_exe() -> str:
    exe = shutil.which("precis", path=str(BIN))
    assert exe is not None, f"the precis command is not installed in {BIN}"
    return exe


@pytest.fixture
def run(precis_exe: str, tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``precis ARGS...`` in ``tmp_path`` and capture its output as text."""
    env = {k: v for k, v in os.environ.items() if k != "PRECIS_DEBUG"}

    def _run(*args: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [precis_exe, *map(str, args)],
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=tmp_path,
            env=env,
            timeout=TIMEOUT,
        )

    return _run
