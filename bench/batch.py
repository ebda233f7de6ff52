"""Batch benchmark: ``precis batch`` throughput per engine, Dask's overhead, memory over 100,000 records, resume.

Run from the repository root (the machine should be quiet; say so if not):

    .venv/bin/python bench/batch.py throughput [--records 4000] [--out bench/results/batch_throughput.md]
    .venv/bin/python bench/batch.py scale [--records 100000] [--out bench/results/batch_scale.md]

``throughput``: the first ``--records`` ``cnn_stories`` records (one article
each), summarized to 3 sentences by ``precis batch`` as a subprocess, with
the local engine (1 and 2 workers) and the Dask engine (a ``LocalCluster``
of 1 and 2 workers). The four configurations run in turn, ``--passes``
times, each into a fresh folder; the table gives the best and median wall
time of the whole command (start-up included), the records/s of the best,
the CPU time of the command and its workers, and Dask's overhead against the
local pool with the same number of workers.

``scale``: the 7,054 ``cnn_stories`` records repeated (each copy with its own
id) up to ``--records`` records, gzipped, run with the local engine on 2
workers. The resident memory of the whole process tree (the command and its
workers) is sampled every second; the table gives it at each tenth of the
run, and the peak. Half-way through, the run is killed with SIGKILL and
started again with the same command: the table gives the time from the
restart to the first new part (the time to resume, reading past the done
records included), and the finished folder is checked to hold every input
line exactly once.

Inputs and outputs go to a temporary folder outside the repository
(``--work``, default the system's temp dir); the data is read from
``../shared/data`` and never copied into the repository.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import platform
import resource
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT.parent / "shared" / "data" / "cnn_stories.jsonl.gz"
TASK = ("--sentences", "3")
CHUNK = "200"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _command(source: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "precis", "batch", str(source), str(out), *TASK, "--chunk-size", CHUNK, *extra]


def _shown(command: list[str]) -> str:
    return shlex.join(["python", *command[1:]])


def _records(n: int) -> Iterator[str]:
    """``n`` cnn_stories records as JSONL lines, the dev set repeated with fresh ids."""
    copy = 0
    while True:
        with gzip.open(DATA, "rt", encoding="utf-8") as fh:
            for line in fh:
                if n == 0:
                    return
                record = json.loads(line)
                record.pop("refs", None)
                if copy:
                    record["id"] = f"{record['id']}-copy{copy}"
                yield json.dumps(record, ensure_ascii=False)
                n -= 1
        copy += 1


def _write_input(path: Path, n: int) -> Path:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as fh:  # type: ignore[operator]
        for line in _records(n):
            fh.write(line + "\n")
    return path


def _machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average at start {load}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )


def _tree_rss(proc: psutil.Process) -> int:
    """Resident memory of ``proc`` and all its descendants, in bytes."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def _done(out: Path) -> int:
    try:
        manifest = json.loads((out / "_manifest.json").read_text())
    except (OSError, ValueError):
        return 0
    return int(manifest["records"])


def _timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the command and all its workers) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(command, env=_env(), capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{_shown(command)} failed: {proc.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def throughput(args: argparse.Namespace) -> str:
    machine = _machine()
    work = Path(tempfile.mkdtemp(prefix="precis-bench-batch-", dir=args.work))
    source = _write_input(work / "in.jsonl", args.records)
    configs = [
        ("local", "1", ("--workers", "1")),
        ("local", "2", ("--workers", "2")),
        ("dask", "1", ("--workers", "1", "--engine", "dask")),
        ("dask", "2", ("--workers", "2", "--engine", "dask")),
    ]
    walls: dict[tuple[str, str], list[float]] = {(e, w): [] for e, w, _ in configs}
    cpus: dict[tuple[str, str], list[float]] = {(e, w): [] for e, w, _ in configs}
    for k in range(args.passes):  # passes interleaved, so that a burst of load elsewhere hits every engine alike
        for engine, workers, extra in configs:
            out = work / f"out-{engine}-{workers}-{k}"
            wall, cpu = _timed(_command(source, out, *extra, "--quiet"))
            walls[engine, workers].append(wall)
            cpus[engine, workers].append(cpu)
            shutil.rmtree(out)
            print(f"pass {k}: {engine} {workers}: {wall:.2f} s wall, {cpu:.2f} s CPU", file=sys.stderr)
    shutil.rmtree(work)
    lines = [
        "## Throughput by engine",
        "",
        f"{args.records} `cnn_stories` records (one article each), `--sentences 3`, chunks of {CHUNK}; "
        f"{args.passes} passes, the four configurations interleaved in each. Wall time of the whole command, "
        "start-up (worker processes, LocalCluster) included: the best pass and the median. CPU: user + system "
        "seconds of the command and all its workers (median pass), which load elsewhere on the machine "
        "disturbs less than the wall time.",
        "",
        f"Machine: {machine}; load average at the end {', '.join(f'{x:.2f}' for x in os.getloadavg())}.",
        "",
        "| engine | workers | best s | records/s (best) | median s | CPU s | CPU ms/record | Dask vs local (best) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for engine, workers, _ in configs:
        best, med = min(walls[engine, workers]), statistics.median(walls[engine, workers])
        cpu = statistics.median(cpus[engine, workers])
        vs = "" if engine == "local" else f"{100 * (best / min(walls['local', workers]) - 1):+.1f}%"
        lines.append(
            f"| {engine} | {workers} | {best:.2f} | {args.records / best:.1f} | {med:.2f} | {cpu:.1f} | "
            f"{1000 * cpu / args.records:.2f} | {vs} |"
        )
    commands = [_shown(_command(Path("IN.jsonl"), Path("OUT"), *extra, "--quiet")) for _, _, extra in configs]
    lines += ["", "Commands (IN.jsonl is the input above):", "", "```sh", *commands, "```", ""]
    return "\n".join(lines)


class _Sampler(threading.Thread):
    """Samples the process tree's RSS every ``every`` seconds with the records done at that moment."""

    def __init__(self, proc: subprocess.Popen[bytes], out: Path, every: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.proc, self.out, self.every = psutil.Process(proc.pid), out, every
        self.samples: list[tuple[float, int, int]] = []  # (time, records done, rss)
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.samples.append((time.perf_counter(), _done(self.out), _tree_rss(self.proc)))
            except psutil.Error:
                return
            self.stop.wait(self.every)


Samples = list[tuple[float, int, int]]


def _run_sampled(command: list[str], out: Path, *, kill_at: int | None) -> tuple[Samples, list[float], float]:
    """Run ``command``; SIGKILL it once ``kill_at`` records are done.

    Returns the memory samples, the times at which parts landed (seconds from the start) and the wall time.
    """
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sampler = _Sampler(proc, out)
    sampler.start()
    landed: list[float] = []
    last = _done(out)
    while proc.poll() is None:
        done = _done(out)
        if done != last:
            landed.append(time.perf_counter() - started)
            last = done
        if kill_at is not None and done >= kill_at:
            children = psutil.Process(proc.pid).children(recursive=True)
            os.kill(proc.pid, signal.SIGKILL)
            for child in children:  # the pool's workers die too, as they would if the machine went down
                child.kill()
            break
        time.sleep(0.05)
    proc.wait()
    sampler.stop.set()
    sampler.join()
    return sampler.samples, landed, time.perf_counter() - started


def _check_exactly_once(out: Path, n: int) -> str:
    lines: list[int] = []
    for part in sorted(out.glob("part-*.jsonl")):
        with open(part, "rb") as fh:
            lines.extend(json.loads(row[: row.index(b', "skipped"')] + b"}")["line"] for row in fh)
    with open(out / "_errors.jsonl", "rb") as fh:
        failed = [json.loads(row)["line"] for row in fh]
    every = sorted(lines + failed)
    ok = every == list(range(1, n + 1)) and lines == sorted(lines)
    return f"{len(lines)} result rows + {len(failed)} failed = {len(every)}; every line 1..{n} exactly once: {ok}"


def scale(args: argparse.Namespace) -> str:
    machine = _machine()
    work = Path(tempfile.mkdtemp(prefix="precis-bench-batch-", dir=args.work))
    source = _write_input(work / "in.jsonl.gz", args.records)
    out = work / "out"
    command = _command(source, out, "--workers", "2")
    first, _, first_wall = _run_sampled(command, out, kill_at=args.records // 2)
    killed_at = _done(out)
    second, landed, second_wall = _run_sampled(command, out, kill_at=None)
    resume = landed[0] if landed else float("nan")
    gaps = sorted(b - a for a, b in itertools.pairwise(landed))
    gap = gaps[len(gaps) // 2] if gaps else float("nan")
    check = _check_exactly_once(out, args.records)
    samples = first + second
    total = first_wall + second_wall
    peak = max(rss for _, _, rss in samples)
    lines = [
        f"## Memory over {args.records:,} records, kill and resume",
        "",
        f"`cnn_stories` (7,054 records) repeated to {args.records:,} records, gzipped; local engine, 2 workers, "
        f"`--sentences 3`, chunks of {CHUNK}. Killed with SIGKILL (the command and its workers) at "
        f"{killed_at:,} records done, then the same command run again.",
        "",
        f"Machine: {machine}; load average at the end {', '.join(f'{x:.2f}' for x in os.getloadavg())}.",
        "",
        f"- wall time: {total:.0f} s in all ({first_wall:.0f} s before the kill, {second_wall:.0f} s after), "
        f"{args.records / total:.1f} records/s overall",
        f"- time to resume: {resume:.1f} s from the restart to its first new part (start-up, reading past "
        f"{killed_at:,} done records, and one chunk's work on each worker included); later parts landed every "
        f"{gap:.2f} s (median), so a chunk per worker takes about {2 * gap:.1f} s of that",
        f"- output check: {check}",
        f"- peak RSS of the process tree: {peak / 2**20:.0f} MiB",
        "",
        "| records done | RSS of the process tree (MiB) |",
        "| --- | --- |",
    ]
    shown: set[int] = set()
    for tenth in range(11):
        target = args.records * tenth // 10
        near = min(samples, key=lambda s: (abs(s[1] - target), -s[2]))
        if near[1] not in shown:
            shown.add(near[1])
            lines.append(f"| {near[1]:,} | {near[2] / 2**20:.0f} |")
    lines += ["", "Command (IN.jsonl.gz is the input above):", "", "```sh"]
    lines += [_shown(_command(Path("IN.jsonl.gz"), Path("OUT"), "--workers", "2")), "```", ""]
    shutil.rmtree(work)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=("throughput", "scale"))
    parser.add_argument("--records", type=int)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--work", help="folder for inputs and outputs (default: the system temp dir)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.what == "throughput":
        args.records = args.records or 4000
        text = throughput(args)
    else:
        args.records = args.records or 100_000
        text = scale(args)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
