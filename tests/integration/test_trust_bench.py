"""The trust benchmark (``bench/trust.py --small``) runs on the written set and prints its table."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench" / "trust.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    return subprocess.run(
        [sys.executable, str(BENCH), "--small", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def test_small_run_prints_the_table(tmp_path: Path) -> None:
    out = tmp_path / "trust.md"
    done = _run("--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "| mode | runs | items |" in done.stdout
    for mode in ("summarize", "outline", "update", "timeline", "digest", "**all**"):
        assert f"| {mode} |" in done.stdout
    assert out.read_text(encoding="utf-8").strip() == done.stdout.strip()


def test_small_run_meets_the_targets() -> None:
    # the gate of issue #15 on the written set: citation precision >= 98%, conflict precision >= 90%,
    # conflict recall >= 80%, no context violation
    done = _run("--gate")
    assert done.returncode == 0, done.stdout[-2000:]
