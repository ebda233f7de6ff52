"""Kill and resume: a real ``precis batch`` process killed with SIGKILL, then the same command run again.

The resumed output must equal an uninterrupted run's byte for byte: every
input record exactly once, in input order, errors included.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.integration.test_batch_cli import article_records, output_of, precis_env

from precis.readers import read_articles

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "geneva_talks.jsonl"

N_RECORDS = 400
CHUNK = "8"  # 50 chunks, so that a kill lands mid-run
BAD = ('{"id": "torn", "text": "the', '{"id": "no-text"}')


def _command(source: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "precis",
        "batch",
        str(source),
        str(out),
        "--words",
        "40",
        "--chunk-size",
        CHUNK,
        *extra,
    ]


def _done_chunks(out: Path) -> int:
    try:
        manifest = json.loads((out / "_manifest.json").read_text())
    except (OSError, ValueError):  # not written yet (it is replaced atomically, so never half-written)
        return 0
    return sum(hi - lo for lo, hi in manifest["done"])


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _all_gone(pids: list[int], *, within: float = 10.0) -> bool:
    """Whether every process in ``pids`` has exited within ``within`` seconds."""
    deadline = time.monotonic() + within
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(_alive(p) for p in pids)


def _kill_when(command: list[str], cwd: Path, ready: Callable[[], bool], *, limit: float = 120) -> list[int]:
    """Start ``command``, SIGKILL it as soon as ``ready()`` (fail if it finished first); its children's pids."""
    proc = subprocess.Popen(command, cwd=cwd, env=precis_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + limit
    while not ready():
        assert proc.poll() is None, f"the run ended before it could be killed: {proc.stderr.read()!r}"  # type: ignore[union-attr]
        assert time.monotonic() < deadline
        time.sleep(0.005)
    children = _children(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    proc.stderr.close()  # type: ignore[union-attr]
    return children


@pytest.fixture(scope="module")
def batch_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """400 article records made from the shipped example story, with two bad lines among them."""
    result = read_articles([str(EXAMPLES)])
    records = article_records(result.articles, N_RECORDS)
    lines = [json.dumps(r) for r in records[:200]] + [BAD[0]] + [json.dumps(r) for r in records[200:]] + [BAD[1]]
    path = tmp_path_factory.mktemp("batch-input") / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reference(batch_input: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """The output of one uninterrupted run."""
    folder = tmp_path_factory.mktemp("reference")
    proc = subprocess.run(
        _command(batch_input, folder / "out", "--workers", "1"),
        env=precis_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1, proc.stderr  # the two bad lines
    parts, errors = output_of(folder / "out")
    assert len(parts.splitlines()) == N_RECORDS and len(errors.splitlines()) == 2
    return parts, errors


def _parts_are_whole(out: Path) -> None:
    """Every part on disk, listed or not, is a whole file of whole JSON lines (never a torn write)."""
    for part in out.glob("part-*.jsonl"):
        data = part.read_bytes()
        assert data.endswith(b"\n")
        for line in data.splitlines():
            json.loads(line)


@pytest.mark.parametrize(
    ("workers", "moment"),
    [
        ("1", "start"),  # before any part: model loading, first chunk in flight
        ("1", "first part"),
        ("1", "mid-run"),
        ("2", "mid-run"),
    ],
)
def test_batch_resume_after_sigkill_gives_every_record_exactly_once(
    batch_input: Path, reference: tuple[bytes, bytes], tmp_path: Path, workers: str, moment: str
) -> None:
    out = tmp_path / "out"
    command = _command(batch_input, out, "--workers", workers)
    started = time.monotonic()
    ready = {
        "start": lambda: time.monotonic() - started > 0.3,
        "first part": lambda: _done_chunks(out) >= 1,
        "mid-run": lambda: _done_chunks(out) >= 25,
    }[moment]
    children = _kill_when(command, tmp_path, ready)
    killed_at = _done_chunks(out)
    if workers == "2":  # the pool's workers notice that their parent is gone and exit, rather than wait forever
        assert children
        assert _all_gone(children)
    assert killed_at < 50, "the run finished before the kill"
    _parts_are_whole(out)
    assert not (out / "_errors.jsonl").exists()
    resumed = subprocess.run(command, cwd=tmp_path, env=precis_env(), capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 1, resumed.stderr
    assert "done 402 records (400 ok, 2 failed" in resumed.stderr
    if killed_at:
        assert "done by an earlier run" in resumed.stderr
    assert output_of(out) == reference
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".lock", "_errors.jsonl", "_manifest.json"] + [f"part-{i:06d}.jsonl" for i in range(51)]
    )


def test_batch_resume_twice_killed_run_still_matches(
    batch_input: Path, reference: tuple[bytes, bytes], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    command = _command(batch_input, out, "--workers", "1")
    _kill_when(command, tmp_path, lambda: _done_chunks(out) >= 10)
    first = _done_chunks(out)
    _kill_when(command, tmp_path, lambda: _done_chunks(out) >= first + 10)
    resumed = subprocess.run(command, cwd=tmp_path, env=precis_env(), capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 1, resumed.stderr
    assert output_of(out) == reference


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_batch_ctrl_c_stops_the_run_and_the_rerun_finishes_it(
    batch_input: Path, reference: tuple[bytes, bytes], tmp_path: Path, workers: str
) -> None:
    out = tmp_path / "out"
    command = _command(batch_input, out, "--workers", workers)
    # a new process group, so that SIGINT reaches the command and its workers as a terminal's Ctrl-C does;
    # SIGINT back to its default first, since a suite started as a background job inherits it ignored
    proc = subprocess.Popen(
        command, cwd=tmp_path, env=precis_env(), stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=_default_sigint,
    )
    deadline = time.monotonic() + 120
    while _done_chunks(out) < 5:
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.005)
    children = _children(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert stderr.strip().endswith("interrupted; the finished parts are kept: rerun the same command to resume")
    assert "Traceback" not in stderr
    assert _all_gone(children)  # the pool's workers, and multiprocessing's resource tracker once they are gone
    assert _done_chunks(out) < 51
    resumed = subprocess.run(command, cwd=tmp_path, env=precis_env(), capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 1, resumed.stderr
    assert output_of(out) == reference
