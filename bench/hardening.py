"""Scaling and memory of hostile-sized inputs (issue #16): time and peak RSS of the ``precis`` command.

Runs, each as a fresh ``python -m precis`` process (peak RSS from ``wait4``):

- ``summarize`` of RSS feeds of 1k, 10k and 100k entries (real CNN sentences,
  with templated figures so that entries disagree, as wire feeds do);
- ``check`` of a three-sentence summary against 1, 5 and 20 MB of sources;
- ``summarize`` of 10 MB of ``"a. "`` and of one JSONL record of 10 and 50 MB.

Inputs over the default 10 MB limit are run with ``--max-bytes`` raised. The
memory budget stated in issue #16 is under 1 GB for inputs at the default size
limit (10 MB); rows above it are reported with their figure.

    PYTHONPATH=src python bench/hardening.py [--quick] [--out bench/results/hardening.md]

``--quick`` runs the small sizes only (1k feed, 1 MB check). Development data is
read from /work/shared/data (never copied into the repository).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("PRECIS_DATA", "/work/shared/data")) / "cnn_stories.jsonl.gz"
BUDGET_KB = 1_000_000  # 1 GB
TIMEOUT = 1_800
TEMPLATES = (
    "The city council approved a budget of {a} million dollars for the new harbour bridge on Monday.",
    "About {b} people attended the public meeting at the town hall, the organisers said.",
    "The ferry service will run {c} crossings a day from the first of June, the operator announced.",
    "Officials said repairs to the old bridge would take {d} weeks and cost {a} million dollars.",
)


def _stories(max_chars: int) -> list[str]:
    out, total = [], 0
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["docs"][0]["text"]
            out.append(text)
            total += len(text)
            if total >= max_chars:
                break
    return out


def _sentences(n: int) -> list[str]:
    found: list[str] = []
    for story in _stories(60 * n + 200_000):
        found += [s.strip().rstrip(".") + "." for s in story.replace("\n", " ").split(". ") if 40 < len(s) < 220]
        if len(found) >= n:
            break
    return found


def make_feed(n: int, path: Path) -> None:
    """An RSS feed of ``n`` entries: one real sentence and one templated figure each."""
    rng = random.Random(n)
    real = _sentences(min(n, 50_000))
    items = []
    for i in range(n):
        values = {
            "a": rng.randint(10, 99),
            "b": rng.randint(100, 999),
            "c": rng.randint(2, 30),
            "d": rng.randint(2, 40),
        }
        text = f"{rng.choice(real)} {rng.choice(TEMPLATES).format(**values)}"
        items.append(
            f"<item><title>Entry {i}</title><link>https://news{i % 50}.example/{i}</link>"
            f"<pubDate>Mon, {1 + i % 28:02d} Sep 2025 {i % 24:02d}:00:00 GMT</pubDate>"
            f"<description>{escape(text)}</description></item>"
        )
    head = '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>https://news.example/</link>'
    path.write_text(head + "".join(items) + "</channel></rss>", encoding="utf-8")


def make_sources(megabytes: int, path: Path) -> str:
    """``megabytes`` MB of real articles in one file; returns a summary made of three of their sentences."""
    stories = _stories(megabytes * 1_000_000)
    text = "\n\n".join(stories)[: megabytes * 1_000_000]
    path.write_text(text, encoding="utf-8")
    picked = [s for s in stories[len(stories) // 2].split(". ") if len(s) > 40][:3]
    return ". ".join(picked).rstrip(".") + "."


def measure(args: list[str], cwd: Path) -> tuple[float, int, int, str]:
    """Seconds, peak RSS (KB), exit code and stdout line count of ``python -m precis ARGS``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    began = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "precis", *args], cwd=cwd, env=env, stdout=out, stderr=err)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except KeyboardInterrupt:
            proc.kill()
            raise
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - began
        out.seek(0)
        lines = out.read().decode("utf-8", "replace").count("\n")
        err.seek(0)
        last = (err.read().decode("utf-8", "replace").strip().splitlines() or [""])[-1][:100]
    return seconds, usage.ru_maxrss, proc.returncode, f"{lines} lines" + (f"; {last}" if proc.returncode else "")


def run(quick: bool, out: Path) -> None:
    rows: list[tuple[str, str, float, int, int, str]] = []
    with tempfile.TemporaryDirectory(prefix="precis-hardening-") as tmp:
        work = Path(tmp)
        big = ["--max-bytes", "200000000"]
        for n in (1_000,) if quick else (1_000, 10_000, 100_000):
            feed = work / f"feed{n}.xml"
            make_feed(n, feed)
            size = f"{feed.stat().st_size / 1e6:.1f} MB"
            print(f"feed of {n:,} entries ({size})...", flush=True)
            rows.append((f"summarize, feed of {n:,} entries", size, *measure(["summarize", str(feed), *big], work)))
        for mb in (1,) if quick else (1, 5, 20):
            src = work / f"sources{mb}.txt"
            (work / "summary.txt").write_text(make_sources(mb, src), encoding="utf-8")
            print(f"check against {mb} MB...", flush=True)
            args = ["check", "summary.txt", "--source", str(src), *big]
            rows.append((f"check, {mb} MB of sources", f"{mb} MB", *measure(args, work)))
        if not quick:
            (work / "a.txt").write_text("a. " * 3_333_333, encoding="utf-8")
            rows.append(("summarize, 10 MB of 'a. '", "10 MB", *measure(["summarize", "a.txt", *big], work)))
            for mb in (10, 50):
                line = work / f"line{mb}.jsonl"
                body = "\n\n".join(_stories(mb * 1_000_000))[: mb * 1_000_000 - 20]
                line.write_text(json.dumps({"text": body}) + "\n", encoding="utf-8")
                print(f"one JSONL line of {mb} MB...", flush=True)
                rows.append(
                    (
                        f"summarize, one JSONL line of {mb} MB",
                        f"{mb} MB",
                        *measure(["summarize", str(line), *big], work),
                    )
                )
    _write(rows, out, quick=quick)


def _write(rows: list[tuple[str, str, float, int, int, str]], out: Path, *, quick: bool) -> None:
    lines = [
        "# Hardening: scaling and memory (issue #16)",
        "",
        f"Generated by `bench/hardening.py{' --quick' if quick else ''}` on {time.strftime('%Y-%m-%d')}, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs. The machine was shared with other jobs, so "
        "times are indicative (within perhaps 2x); peak RSS is the process's own maximum resident set.",
        "",
        "Budget: under 1 GB peak RSS for inputs at the default size limit (10 MB per input).",
        "",
        "| run | input | seconds | peak RSS (MB) | exit | output | within budget |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for name, size, seconds, rss_kb, code, note in rows:
        within = "yes" if rss_kb < BUDGET_KB else "no"
        lines.append(f"| {name} | {size} | {seconds:.1f} | {rss_kb / 1024:.0f} | {code} | {note} | {within} |")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "hardening.md")
    options = parser.parse_args()
    run(options.quick, options.out)


if __name__ == "__main__":
    main()
