"""Regression tests for issue #16 on the installed command: failures of the machine are exit 2 with one line,
never "a bug in precis" (finding 3), and the small surprises of finding 6 (files, folders, options)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]

GOOD = (
    "The harbour board met on Monday to discuss the new ferry timetable for the summer. "
    "Members agreed to add two evening crossings from the first of June, the chair said. "
    "The change will cost the board about 40,000 pounds a year, according to its own figures.\n"
)


def _one_clear_line(proc: subprocess.CompletedProcess[str], code: int = 2) -> str:
    assert proc.returncode == code, proc.stderr
    assert "bug in precis" not in proc.stderr and "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    return lines[0]


def _raw(precis_exe: str, tmp_path: Path, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PRECIS_DEBUG"}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [precis_exe, *args], capture_output=kwargs.pop("capture", True), text=True, cwd=tmp_path, env=env,
        timeout=120, **kwargs,
    )  # fmt: skip


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


# 3. environment failures --------------------------------------------------------------------------------------------


def test_hardening_3_closed_stdout_is_exit_2(precis_exe: str, tmp_path: Path, article: Path) -> None:
    proc = _raw(precis_exe, tmp_path, "summarize", str(article), capture=False, stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE, pass_fds=(), close_fds=True, preexec_fn=lambda: os.close(1))  # fmt: skip
    assert "Standard output is closed" in _one_clear_line(proc)


def test_hardening_3_closed_stdin_is_exit_2(precis_exe: str, tmp_path: Path) -> None:
    proc = _raw(precis_exe, tmp_path, "summarize", "-", capture=False, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, preexec_fn=lambda: os.close(0))  # fmt: skip
    assert "<stdin> is closed" in _one_clear_line(proc)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_hardening_3_a_full_device_is_exit_2(precis_exe: str, tmp_path: Path, article: Path) -> None:
    with open("/dev/full", "w") as full:
        proc = _raw(precis_exe, tmp_path, "summarize", str(article), capture=False, stdout=full,
                    stderr=subprocess.PIPE)  # fmt: skip
    assert "No space left on device" in _one_clear_line(proc)


def test_hardening_3_output_naming_a_folder_is_exit_2(run: Run, tmp_path: Path, article: Path) -> None:
    (tmp_path / "out").mkdir()
    assert "it is a folder" in _one_clear_line(run("summarize", article, "-o", "out"))


def test_hardening_3_a_number_of_400_digits_is_exit_2(run: Run, article: Path) -> None:
    assert "too large" in _one_clear_line(run("summarize", article, "--words", "9" * 400))


# 6. files, folders and options --------------------------------------------------------------------------------------


def test_hardening_6_negative_max_bytes_is_refused(run: Run, article: Path) -> None:
    assert "--max-bytes" in _one_clear_line(run("summarize", article, "--max-bytes", "-1"))


def test_hardening_6_output_follows_the_umask_and_a_replaced_file_keeps_its_mode(
    precis_exe: str, tmp_path: Path, article: Path
) -> None:
    def run_with_umask(*args: str) -> subprocess.CompletedProcess[str]:
        return _raw(precis_exe, tmp_path, *args, preexec_fn=lambda: os.umask(0o022))

    assert run_with_umask("summarize", str(article), "-o", "new.txt").returncode == 0
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644
    (tmp_path / "new.txt").chmod(0o640)
    assert run_with_umask("summarize", str(article), "-o", "new.txt").returncode == 0
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_hardening_6_an_output_that_is_an_input_is_refused(run: Run, article: Path) -> None:
    assert "one of the inputs" in _one_clear_line(run("summarize", article, "-o", article))
    assert article.read_text(encoding="utf-8") == GOOD


def test_hardening_6_a_missing_folder_is_refused_by_batch_as_by_o(run: Run, tmp_path: Path, article: Path) -> None:
    (tmp_path / "in.jsonl").write_text(json.dumps({"text": GOOD}) + "\n", encoding="utf-8")
    one = _one_clear_line(run("summarize", article, "-o", "missing/deep/out.txt"))
    two = _one_clear_line(run("batch", "in.jsonl", "missing/deep/out", "--workers", "1"))
    assert "does not exist" in one and "does not exist" in two
    assert not (tmp_path / "missing").exists()


def test_hardening_6_batch_of_a_binary_file_is_one_error_exit_2(run: Run, tmp_path: Path) -> None:
    (tmp_path / "prog").write_bytes(bytes(range(256)) * 400)
    assert "binary" in _one_clear_line(run("batch", "prog", "out", "--workers", "1"))


def test_hardening_output_to_a_device_writes_into_it_and_keeps_it_a_device(tmp_path: Path) -> None:
    """`-o /dev/null` must not replace the device with a file (the atomic replace did, as root)."""
    import stat as _stat

    from precis.cli.output import write_output

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    import threading

    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    write_output("hello\n", str(fifo))
    reader.join(timeout=10)
    assert got == ["hello\n"]
    assert _stat.S_ISFIFO(fifo.stat().st_mode)
    write_output("x", os.devnull)
    assert _stat.S_ISCHR(os.stat(os.devnull).st_mode)
