"""Tests for precis.batch.parts and precis.batch.progress: output folder, manifest, resume, progress lines."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from precis.batch.parts import ERRORS, MANIFEST, Manifest, OutputDir, iter_rows
from precis.batch.progress import Progress, format_seconds
from precis.batch.tasks import ChunkResult
from precis.errors import InputError

SETTINGS = {"spec": {"task": "summarize", "options": {"words": 60}}, "chunk_size": 2}


def _result(index: int, *, failed: bool = False) -> ChunkResult:
    rows = [(f"r{2 * index}", 2 * index + 1, [], json.dumps({"n": 2 * index}))]
    errors = [(None, 2 * index + 2, "json", "line: not valid JSON")] if failed else []
    if not failed:
        rows.append((f"r{2 * index + 1}", 2 * index + 2, ["skipped one"], json.dumps({"n": 2 * index + 1})))
    return ChunkResult(index, rows, errors)


def _open(path: Path, settings: dict[str, object] = SETTINGS, *, restart: bool = False) -> OutputDir:
    return OutputDir.open(path, settings=dict(settings), fmt="jsonl", restart=restart)


def test_batch_parts_rows_hold_id_line_skipped_and_the_result(tmp_path: Path) -> None:
    out = _open(tmp_path / "out")
    out.commit(_result(0), seconds=1.0)
    out.close()
    first = (tmp_path / "out" / "part-000000.jsonl").read_text().splitlines()[1]
    assert first == '{"id": "r1", "line": 2, "skipped": ["skipped one"], "result": {"n": 1}}'


def test_batch_parts_resume_lists_done_chunks_and_finish_gathers_errors_in_input_order(tmp_path: Path) -> None:
    path = tmp_path / "out"
    out = _open(path)
    out.commit(_result(2, failed=True), seconds=1.0)  # chunks finish in any order
    out.commit(_result(0, failed=True), seconds=1.0)
    out.close()
    again = _open(path)
    assert again.manifest.done == {0, 2}
    assert (again.manifest.ok, again.manifest.failed) == (2, 2)
    again.commit(_result(1), seconds=1.0)
    again.finish()
    again.close()
    assert [row["line"] for row in iter_rows(path)] == [1, 3, 4, 5]
    assert [json.loads(line)["line"] for line in (path / ERRORS).read_text().splitlines()] == [2, 6]
    manifest = json.loads((path / MANIFEST).read_text())
    assert manifest["complete"] is True
    assert manifest["done"] == [[0, 3]]
    assert not (path / "_errors").exists()


def test_batch_parts_resume_deletes_what_the_manifest_does_not_list(tmp_path: Path) -> None:
    path = tmp_path / "out"
    out = _open(path)
    out.commit(_result(0), seconds=1.0)
    out.close()
    # what a kill can leave: a temporary file, and a part (with its errors) written but not yet in the manifest
    (path / ".part-000001.jsonl.123.tmp").write_text("half a li")
    (path / "part-000001.jsonl").write_text('{"id": "x"}\n')
    (path / "_errors").mkdir()
    (path / "_errors" / "part-000001.jsonl").write_text("{}\n")
    assert [row["id"] for row in iter_rows(str(path))] == ["r0", "r1"]  # only what the manifest lists
    _open(path).close()
    assert sorted(p.name for p in path.iterdir()) == [".lock", "_errors", MANIFEST, "part-000000.jsonl"]
    assert list((path / "_errors").iterdir()) == []


def test_batch_parts_another_command_is_refused_until_restart(tmp_path: Path) -> None:
    path = tmp_path / "out"
    out = _open(path)
    out.commit(_result(0), seconds=1.0)
    out.close()
    other = {**SETTINGS, "spec": {"task": "summarize", "options": {"words": 30}}}
    with pytest.raises(InputError, match=r"another command \(spec\.options\.words: 60 -> 30\).*--restart"):
        _open(path, other)
    fresh = _open(path, other, restart=True)
    assert fresh.manifest.done == set()
    fresh.close()
    assert not (path / "part-000000.jsonl").exists()


def test_batch_parts_refuse_a_folder_of_other_files_a_file_and_a_second_writer(tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not empty and holds no precis batch run"):
        _open(tmp_path / "full", restart=True)
    assert (tmp_path / "full" / "notes.txt").read_text() == "mine"
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="is not a folder"):
        _open(tmp_path / "file")
    with pytest.raises(InputError, match="Cannot write the output folder"):
        _open(tmp_path / "file" / "out")
    first = _open(tmp_path / "out")
    with pytest.raises(InputError, match="Another precis batch is writing"):
        _open(tmp_path / "out")
    first.close()
    _open(tmp_path / "out").close()


def test_batch_parts_rows_of_a_folder_that_is_no_run_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is not the output of precis batch"):
        list(iter_rows(tmp_path))


def test_batch_parts_manifest_round_trips_with_done_chunks_as_ranges() -> None:
    manifest = Manifest(fingerprint="f", settings={"a": 1}, done={0, 1, 2, 5, 7, 8}, ok=9, failed=1, seconds=2.5)
    data = manifest.to_dict()
    assert data["done"] == [[0, 3], [5, 6], [7, 9]]
    assert Manifest.from_dict(json.loads(json.dumps(data))) == manifest


def test_batch_parts_parquet_parts_read_back_in_input_order(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = OutputDir.open(tmp_path / "out", settings=SETTINGS, fmt="parquet", restart=False)
    out.commit(_result(1), seconds=1.0)
    out.commit(_result(0, failed=True), seconds=1.0)
    out.finish()
    out.close()
    table = pq.read_table(tmp_path / "out")  # the _manifest, _errors and .lock files are not part of the data
    assert table.column_names == ["id", "line", "skipped", "result"]
    assert table.column("line").to_pylist() == [1, 3, 4]
    assert table.column("skipped").to_pylist() == [[], [], ["skipped one"]]


def test_batch_progress_plain_lines_give_share_rate_and_time_left() -> None:
    stream = io.StringIO()
    progress = Progress(stream=stream, tty=False, interval=0.0)
    progress.start(done=100, failed=1)
    progress.set_total(1100)
    progress._start -= 10.0  # ten seconds ago
    progress.advance(100, 2)
    line = stream.getvalue().strip()
    assert line.startswith("precis: batch: 200/1100 records (18.2%), 3 failed, ")
    rate = float(line.split(", ")[2].split()[0])
    assert 9.0 < rate <= 10.0  # this run's 100 records over ~10 s, not the 200 done in all
    assert line.endswith("left") and "about 1m" in line


def test_batch_progress_lines_are_spaced_by_the_interval() -> None:
    stream = io.StringIO()
    progress = Progress(stream=stream, tty=False, interval=3600.0)
    progress.start(done=0, failed=0)
    for _ in range(5):
        progress.advance(10, 0)
    assert stream.getvalue() == ""


def test_batch_progress_bar_on_a_terminal_shows_count_and_failures() -> None:
    pytest.importorskip("tqdm")
    stream = io.StringIO()
    progress = Progress(stream=stream, tty=True)
    progress.start(done=0, failed=0)
    progress.set_total(50)
    progress.advance(20, 3)
    progress.close()
    shown = stream.getvalue()
    assert "20/50" in shown and "failed=3" in shown and "rec/s" in shown


@pytest.mark.parametrize(("seconds", "text"), [(3.24, "3.2s"), (61, "1m01s"), (3725, "1h02m")])
def test_batch_progress_formats_durations(seconds: float, text: str) -> None:
    assert format_seconds(seconds) == text
