"""Load, memory and start-up of ``precis serve`` on 127.0.0.1 (bounded in requests and in time).

    python bench/serve_load.py                       # the numbers in bench/results/serve.md
    python bench/serve_load.py --requests 300 --memory-requests 2000 --workers 2

Phases, each against a fresh server started here (``python -m precis serve
--port 0``, TF-IDF):

1. start-up: from launching the process to the first 200 from ``/healthz``
   (the server listens only once its workers are warm), median of ``--starts``;
2. load: ``--requests`` summaries of one typical article (an example article,
   120 words) by 1, 8 and 32 concurrent clients; throughput, p50/p99 latency,
   errors (anything but 200);
3. memory: ``--memory-requests`` more at 8 clients, with the resident memory
   of the server and its workers (proportional set size summed over the
   process tree, from ``/proc``) sampled every tenth of the way.

The client runs on the same machine as the server and competes for its CPUs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "geneva_talks" / "harbor-geneva.txt"
_RUNNING = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")


class Server:
    """``precis serve --port 0`` in a subprocess; ``url`` once it answers /healthz."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        self.began = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "precis", "serve", "--port", "0", "--log-level", "warning", *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        self.url = self._wait_for_url()
        self.ready_after = self._wait_healthy()

    def _wait_for_url(self) -> str:
        assert self.proc.stderr is not None
        # --log-level warning hides uvicorn's start-up line, so find the port from /proc instead
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            port = _listening_port(self.proc.pid)
            if port:
                return f"http://127.0.0.1:{port}"
            if self.proc.poll() is not None:
                raise RuntimeError(self.proc.stderr.read())
            time.sleep(0.005)
        raise RuntimeError("precis serve did not start within 120 s")

    def _wait_healthy(self) -> float:
        while True:
            try:
                if httpx.get(self.url + "/healthz", timeout=5).status_code == 200:
                    return time.perf_counter() - self.began
            except httpx.TransportError:
                pass
            time.sleep(0.005)

    def cpu(self) -> list[float]:
        """CPU seconds of each process in the tree: the server, the fork server, the workers."""
        return [_cpu_seconds(pid) for pid in _tree(self.proc.pid)]

    def rss_mb(self) -> float:
        """Memory of the server and all its descendants, in MB: proportional set size, so pages the
        forked workers share with the fork server are counted once, not once per process."""
        return sum(_pss_kb(pid) for pid in _tree(self.proc.pid)) / 1024

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stderr:
            self.proc.stderr.close()


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except OSError:
            pass
    return out


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _listening_port(pid: int) -> int | None:
    """The TCP port ``pid`` listens on (from /proc/net/tcp and its socket inodes)."""
    try:
        inodes = {os.readlink(f"/proc/{pid}/fd/{fd}")[8:-1] for fd in os.listdir(f"/proc/{pid}/fd")}
    except OSError:
        return None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[3] == "0A" and fields[9] in inodes:  # 0A = LISTEN
            return int(fields[1].split(":")[1], 16)
    return None


async def _load(url: str, body: dict[str, Any], *, requests: int, clients: int, max_seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    sent = 0
    deadline = time.perf_counter() + max_seconds

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal errors, sent
        while sent < requests and time.perf_counter() < deadline:
            sent += 1
            began = time.perf_counter()
            try:
                response = await http.post("/v1/summarize", json=body)
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append(time.perf_counter() - began)
            errors += not ok

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as http:
        began = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        wall = time.perf_counter() - began
    latencies.sort()
    return {
        "clients": clients,
        "requests": len(latencies),
        "seconds": wall,
        "throughput": len(latencies) / wall,
        "p50_ms": 1000 * latencies[len(latencies) // 2],
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
        "errors": errors,
    }


async def _memory(server: Server, body: dict[str, Any], *, requests: int, clients: int) -> list[tuple[int, float]]:
    samples = [(0, server.rss_mb())]
    step = max(1, requests // 10)
    done = 0
    while done < requests:
        got = await _load(server.url, body, requests=step, clients=clients, max_seconds=600)
        if got["errors"]:
            raise RuntimeError(f"{got['errors']} errors during the memory run")
        done += got["requests"]
        samples.append((done, server.rss_mb()))
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=1000, help="requests per concurrency level")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--max-seconds", type=float, default=120, help="time cap per concurrency level")
    parser.add_argument("--memory-requests", type=int, default=10_000)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--skip-load", action="store_true", help="measure start-up only")
    args = parser.parse_args()
    body = {"articles": [{"text": ARTICLE.read_text(encoding="utf-8"), "id": "harbor-geneva"}], "words": 120}
    words = len(body["articles"][0]["text"].split())  # type: ignore[index]
    print(f"# precis serve: --workers {args.workers}, TF-IDF, one {words}-word article, 120-word summary\n")

    starts, cpus = [], []
    for _ in range(args.starts):
        server = Server("--workers", str(args.workers))
        starts.append(server.ready_after)
        cpus.append(server.cpu())
        server.stop()
    load = os.getloadavg()[0]
    print(f"start-up to first healthy /healthz: median {statistics.median(starts):.2f} s "
          f"(min {min(starts):.2f}, max {max(starts):.2f}, {len(starts)} starts; load average {load:.1f})")  # fmt: skip
    print("CPU seconds by then, per process (server, fork server, workers...): "
          + "; ".join(", ".join(f"{c:.2f}" for c in run) for run in cpus) + "\n")
    if args.skip_load:
        return

    server = Server("--workers", str(args.workers), "--queue", "64")
    try:
        asyncio.run(_load(server.url, body, requests=50, clients=4, max_seconds=60))  # warm connections
        print("| clients | requests | throughput (req/s) | p50 (ms) | p99 (ms) | errors | load average |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for clients in args.clients:
            r = asyncio.run(_load(server.url, body, requests=args.requests, clients=clients,
                                  max_seconds=args.max_seconds))  # fmt: skip
            print(f"| {clients} | {r['requests']} | {r['throughput']:.1f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} "
                  f"| {r['errors']} | {os.getloadavg()[0]:.1f} |", flush=True)  # fmt: skip
        if args.memory_requests:
            samples = asyncio.run(_memory(server, body, requests=args.memory_requests, clients=8))
            print("\nmemory (PSS, MB) of server + fork server + workers after N more requests at 8 clients:\n")
            print("| requests | " + " | ".join(str(n) for n, _ in samples) + " |")
            print("| --- | " + " | ".join("---:" for _ in samples) + " |")
            print("| PSS (MB) | " + " | ".join(f"{mb:.0f}" for _, mb in samples) + " |")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
