"""``precis batch`` run as a subprocess: results equal the CLI's JSON, engines agree, errors are clear."""

from __future__ import annotations

import gzip
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import precis
from precis import Article

TIMEOUT = 300
# the precis under test, whatever is installed: subprocesses import it from here
SRC = str(Path(precis.__file__).resolve().parents[1])

Run = Callable[..., subprocess.CompletedProcess[str]]


def precis_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PRECIS_DEBUG"}
    env["PYTHONPATH"] = SRC + os.pathsep + env.get("PYTHONPATH", "")
    return env


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """Run ``python -m precis ARGS...`` in ``tmp_path``."""

    def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "precis", *map(str, args)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=tmp_path,
            env=precis_env(),
            timeout=TIMEOUT,
        )

    return _run


def article_records(story: list[Article], n: int) -> list[dict[str, object]]:
    """``n`` distinct article records made from the story (each a few sentences, with its own id)."""
    out: list[dict[str, object]] = []
    for i in range(n):
        base = story[i % len(story)]
        text = f"{base.text} The desk filed report number {i} about the ferry on day {i % 28 + 1}."
        out.append({"id": f"{base.id}-{i}", "title": base.title, "outlet": base.outlet, "text": text})
    return out


def write_jsonl(path: Path, records: list[dict[str, object]], *, extra_lines: tuple[str, ...] = ()) -> Path:
    lines = [json.dumps(r) for r in records] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def output_of(folder: Path) -> tuple[bytes, bytes]:
    """The results (parts concatenated in name order) and the errors of a finished run."""
    parts = b"".join(p.read_bytes() for p in sorted(folder.glob("part-*.jsonl")))
    return parts, (folder / "_errors.jsonl").read_bytes()


def test_batch_cli_results_equal_precis_summarize_json(run: Run, tmp_path: Path, story: list[Article]) -> None:
    records = [{**a.to_dict(), "date": a.to_dict()["published"]} for a in story]
    write_jsonl(tmp_path / "story.jsonl", records)
    write_jsonl(tmp_path / "one.jsonl", records[:1])
    write_jsonl(tmp_path / "in.jsonl", [records[0], {"id": "all", "docs": records}])
    proc = run("batch", "in.jsonl", "out", "--words", "50", "--workers", "1", "--order", "relevance")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in (tmp_path / "out" / "part-000000.jsonl").read_text().splitlines()]
    assert [(r["id"], r["line"], r["skipped"]) for r in rows] == [("lakeside-1", 1, []), ("all", 2, [])]
    for row, name in zip(rows, ["one.jsonl", "story.jsonl"], strict=True):
        cli = run("summarize", name, "--words", "50", "--order", "relevance", "--format", "json")
        assert cli.returncode == 0, cli.stderr
        assert row["result"] == json.loads(cli.stdout)
    assert "done 2 records (2 ok, 0 failed)" in proc.stderr


def test_batch_cli_check_results_equal_precis_check_json(run: Run, tmp_path: Path, story: list[Article]) -> None:
    claim = "Fishing boats rescued all forty-two passengers. The ferry company was fined by the mayor."
    (tmp_path / "claim.txt").write_text(claim, encoding="utf-8")
    docs = [{"id": a.id, "text": a.text} for a in story]
    write_jsonl(tmp_path / "sources.jsonl", docs)
    write_jsonl(tmp_path / "in.jsonl", [{"id": "c1", "summary": claim, "docs": docs}])
    proc = run("batch", "in.jsonl", "out", "--task", "check", "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    [row] = [json.loads(line) for line in (tmp_path / "out" / "part-000000.jsonl").read_text().splitlines()]
    cli = run("check", "claim.txt", "--source", "sources.jsonl", "--format", "json")
    assert cli.returncode == 0, cli.stderr
    assert row["result"] == json.loads(cli.stdout)
    assert row["result"]["verdict"] == "unsupported"


def test_batch_cli_digest_results_equal_precis_digest_json(
    run: Run, tmp_path: Path, story: list[Article], examples_path: Path
) -> None:
    examples = [json.loads(line) for line in examples_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pile = examples + [{**a.to_dict(), "date": a.to_dict()["published"]} for a in story]
    write_jsonl(tmp_path / "pile.jsonl", pile)
    write_jsonl(tmp_path / "in.jsonl", [{"id": "monday", "docs": pile}, {"id": "empty-pile", "docs": [{"x": 1}]}])
    proc = run("batch", "in.jsonl", "out", "--task", "digest", "--words", "50", "--timeline-dates", "2")
    assert proc.returncode == 1, proc.stderr  # the second pile has no usable article
    [row] = [json.loads(line) for line in (tmp_path / "out" / "part-000000.jsonl").read_text().splitlines()]
    cli = run("digest", "pile.jsonl", "--words", "50", "--timeline-dates", "2", "--format", "json")
    assert cli.returncode == 0, cli.stderr
    assert row["id"] == "monday"
    assert row["result"] == json.loads(cli.stdout)
    assert len(row["result"]["stories"]) >= 2  # the Geneva talks and the ferry are told apart
    [error] = [json.loads(line) for line in (tmp_path / "out" / "_errors.jsonl").read_text().splitlines()]
    assert (error["id"], error["kind"]) == ("empty-pile", "record")
    bad = run("batch", "in.jsonl", "out2", "--task", "digest", "--timeline-dates", "-1")
    assert bad.returncode == 2 and "timeline_dates" in bad.stderr
    stray = run("batch", "in.jsonl", "out2", "--task", "digest", "--sentences", "3")
    assert stray.returncode == 2 and "sentences do not apply to the 'digest' task" in stray.stderr


def test_batch_cli_output_is_identical_on_one_or_two_workers_and_on_dask(
    run: Run, tmp_path: Path, story: list[Article]
) -> None:
    pytest.importorskip("distributed")
    bad = ('{"id": "torn", "text": "half', '{"id": "no-text"}', "[1, 2]")
    write_jsonl(tmp_path / "in.jsonl", article_records(story, 60), extra_lines=bad)
    common = ("--words", "40", "--chunk-size", "7")
    runs = {
        "one": ("--workers", "1"),
        "two": ("--workers", "2"),
        "dask": ("--workers", "2", "--engine", "dask"),
    }
    outputs = {}
    for name, args in runs.items():
        proc = run("batch", "in.jsonl", name, *common, *args)
        assert proc.returncode == 1, proc.stderr  # three records fail, on every engine
        assert "done 63 records (60 ok, 3 failed)" in proc.stderr
        outputs[name] = output_of(tmp_path / name)
    assert outputs["one"] == outputs["two"] == outputs["dask"]
    assert len(outputs["one"][0].splitlines()) == 60
    assert [json.loads(e)["line"] for e in outputs["one"][1].splitlines()] == [61, 62, 63]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_batch_cli_runs_unchanged_on_a_cluster_started_with_dasks_own_commands(
    run: Run, tmp_path: Path, story: list[Article]
) -> None:
    pytest.importorskip("distributed")
    dask = Path(sys.executable).parent / "dask"
    if not dask.exists():
        pytest.skip("the dask command is not installed")
    write_jsonl(tmp_path / "in.jsonl", article_records(story, 20))
    address = f"tcp://127.0.0.1:{_free_port()}"
    port = address.rsplit(":", 1)[1]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": precis_env(), "start_new_session": True}
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"], **quiet)
    worker = subprocess.Popen(
        [dask, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard"], **quiet
    )
    try:
        on_cluster = run(
            "batch", "in.jsonl", "cluster", "--engine", "dask", "--scheduler", address, "--chunk-size", "3"
        )
        assert on_cluster.returncode == 0, on_cluster.stderr
    finally:
        for proc in (worker, scheduler):
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=60)
    local = run("batch", "in.jsonl", "local", "--workers", "1", "--chunk-size", "3")
    assert local.returncode == 0, local.stderr
    assert output_of(tmp_path / "cluster") == output_of(tmp_path / "local")
    assert len(output_of(tmp_path / "local")[0].splitlines()) == 20


@pytest.mark.slow
def test_batch_cli_unreachable_scheduler_is_a_clear_error(run: Run, tmp_path: Path, story: list[Article]) -> None:
    pytest.importorskip("distributed")
    write_jsonl(tmp_path / "in.jsonl", article_records(story, 2))
    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there: the client gives up after 20 s
    unreachable = run("batch", "in.jsonl", "nowhere", "--engine", "dask", "--scheduler", address)
    assert unreachable.returncode == 2
    assert f"Cannot reach the Dask scheduler at {address}" in unreachable.stderr
    assert "Traceback" not in unreachable.stderr


def test_batch_cli_failed_records_go_to_the_errors_file_with_id_line_and_reason(
    run: Run, tmp_path: Path, story: list[Article]
) -> None:
    records = article_records(story, 3)
    lines = [
        json.dumps(records[0]),
        '{"id": "torn", "text": "The ferry',
        json.dumps({"id": "headline-only", "title": "Ferry"}),
        "",
        json.dumps(records[1]),
        json.dumps({"id": "huge", "text": "word " * 3000}),
        json.dumps(records[2]),
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run("batch", "in.jsonl", "out", "--workers", "1", "--max-record-bytes", "10000")
    assert proc.returncode == 1, proc.stderr
    assert "done 6 records (3 ok, 3 failed)" in proc.stderr
    assert "failures in out/_errors.jsonl" in proc.stderr
    errors = [json.loads(line) for line in (tmp_path / "out" / "_errors.jsonl").read_text().splitlines()]
    assert [(e["id"], e["line"], e["kind"]) for e in errors] == [
        (None, 2, "json"),
        ("headline-only", 3, "record"),
        (None, 6, "too_large"),
    ]
    assert "not valid JSON" in errors[0]["reason"]
    assert "neither a text" in errors[1]["reason"]
    rows = [json.loads(line) for line in (tmp_path / "out" / "part-000000.jsonl").read_text().splitlines()]
    assert [r["line"] for r in rows] == [1, 5, 7]


def test_batch_cli_record_time_limit_fails_the_record_not_the_run(
    run: Run, tmp_path: Path, story: list[Article]
) -> None:
    write_jsonl(tmp_path / "in.jsonl", article_records(story, 3))
    proc = run("batch", "in.jsonl", "out", "--workers", "1", "--record-timeout", "0.00001")
    assert proc.returncode == 1, proc.stderr
    errors = [json.loads(line) for line in (tmp_path / "out" / "_errors.jsonl").read_text().splitlines()]
    assert {e["kind"] for e in errors} == {"timeout"}
    assert len(errors) == 3


@pytest.mark.parametrize(
    ("make", "args", "message"),
    [
        (lambda d: None, ("missing.jsonl", "out"), "missing.jsonl: no such file"),
        (lambda d: (d / "empty.jsonl").write_text(""), ("empty.jsonl", "out"), "holds no records"),
        (lambda d: (d / "blank.jsonl").write_text("\n  \n"), ("blank.jsonl", "out"), "holds no records"),
        (lambda d: (d / "in.jsonl").write_text('{"text": "x"}\n'), ("in.jsonl", "in.jsonl"), "is the input"),
        (
            lambda d: (d / "in.jsonl").write_text('{"text": "x"}\n'),
            ("in.jsonl", "in.jsonl/out"),
            "Cannot write the output folder",
        ),
        (lambda d: (d / "in.jsonl").write_text('{"text": "x"}\n'), ("in.jsonl", "."), "lies inside the output"),
        (lambda d: (d / "data").mkdir(), ("data", "data/out"), "lies inside the input folder"),
        (lambda d: (d / "in.jsonl").write_text('{"text": "x"}\n'), ("in.jsonl", "o", "--words", "0"), "words"),
        (
            lambda d: (d / "in.jsonl").write_text('{"text": "x"}\n'),
            ("in.jsonl", "o", "--scheduler", "tcp://127.0.0.1:1"),
            "needs engine='dask'",
        ),
    ],
)
def test_batch_cli_whole_run_problems_exit_2_with_a_clear_message(
    run: Run, tmp_path: Path, make: Callable[[Path], object], args: tuple[str, ...], message: str
) -> None:
    make(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    proc = run("batch", *args, "--workers", "1")
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert proc.stderr.startswith("precis: error: ")
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_batch_cli_rerun_of_a_finished_run_does_nothing_and_another_command_is_refused(
    run: Run, tmp_path: Path, story: list[Article]
) -> None:
    write_jsonl(tmp_path / "in.jsonl", article_records(story, 4))
    first = run("batch", "in.jsonl", "out", "--words", "40", "--workers", "1")
    assert first.returncode == 0, first.stderr
    done = output_of(tmp_path / "out")
    again = run("batch", "in.jsonl", "out", "--words", "40", "--workers", "1")
    assert again.returncode == 0, again.stderr
    assert "already complete (4 records, 0 failed); nothing to do" in again.stderr
    other = run("batch", "in.jsonl", "out", "--words", "30", "--workers", "1")
    assert other.returncode == 2
    assert "another command" in other.stderr and "words: 40 -> 30" in other.stderr and "--restart" in other.stderr
    assert output_of(tmp_path / "out") == done
    restarted = run("batch", "in.jsonl", "out", "--words", "30", "--workers", "1", "--restart")
    assert restarted.returncode == 0, restarted.stderr
    assert output_of(tmp_path / "out") != done
    assert json.loads((tmp_path / "out" / "part-000000.jsonl").read_text().splitlines()[0])["result"]["budget"] == {
        "unit": "words",
        "value": 30,
    }


def test_batch_cli_reads_gzip_and_parquet_and_writes_parquet(run: Run, tmp_path: Path, story: list[Article]) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    records = article_records(story, 5)
    (tmp_path / "in.jsonl.gz").write_bytes(gzip.compress(("\n".join(map(json.dumps, records)) + "\n").encode()))
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "in.parquet")
    from_gz = run("batch", "in.jsonl.gz", "gz", "--workers", "1", "--chunk-size", "2")
    from_pq = run("batch", "in.parquet", "pq", "--workers", "1", "--chunk-size", "2")
    to_pq = run("batch", "in.jsonl.gz", "topq", "--workers", "1", "--chunk-size", "2", "--output-format", "parquet")
    for proc in (from_gz, from_pq, to_pq):
        assert proc.returncode == 0, proc.stderr
    assert output_of(tmp_path / "gz") == output_of(tmp_path / "pq")
    table = pq.read_table(tmp_path / "topq")
    rows = [json.loads(line) for line in output_of(tmp_path / "gz")[0].splitlines()]
    assert table.column("id").to_pylist() == [r["id"] for r in rows]
    assert [json.loads(r) for r in table.column("result").to_pylist()] == [r["result"] for r in rows]
