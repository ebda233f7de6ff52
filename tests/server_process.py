"""A real ``precis serve`` in a subprocess on 127.0.0.1, on a free port, for API and browser tests.

    with ServerProcess("--workers", "1", "--timeout", "2") as server:
        httpx.get(server.url + "/healthz")

The port is chosen by uvicorn (``--port 0``) and read from its start-up line,
so parallel runs never collide. The server's log is kept in ``server.log``
(a test can assert that a traceback went there and not to the client).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Self

__all__ = ["ServerProcess"]

_RUNNING = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")
_SRC = str(Path(__file__).resolve().parents[1] / "src")


class ServerProcess:
    """``python -m precis serve --port 0 ARGS...`` until :meth:`stop`."""

    def __init__(self, *args: str, start_timeout: float = 90.0) -> None:
        self.args = args
        self.start_timeout = start_timeout
        self.url = ""
        self.lines: list[str] = []
        self.started_in = 0.0
        self._proc: subprocess.Popen[str] | None = None

    @property
    def log(self) -> str:
        """Everything the server has written to stderr so far."""
        return "".join(self.lines)

    def start(self) -> Self:
        """Start the server and wait until it listens (its workers are warm by then)."""
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_SRC, os.environ.get("PYTHONPATH")]))}
        began = time.perf_counter()
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "precis", "serve", "--host", "127.0.0.1", "--port", "0", *self.args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        found = threading.Event()

        def drain() -> None:
            assert self._proc is not None and self._proc.stderr is not None
            for line in self._proc.stderr:
                self.lines.append(line)
                match = _RUNNING.search(line)
                if match:
                    self.url = match.group(1)
                    found.set()
            found.set()  # the process ended

        threading.Thread(target=drain, daemon=True).start()
        if not found.wait(self.start_timeout) or not self.url:
            self.stop()
            raise RuntimeError(f"precis serve did not start:\n{self.log}")
        self.started_in = time.perf_counter() - began
        return self

    def stop(self) -> int | None:
        """Stop the server as Ctrl-C would; returns its exit code."""
        if self._proc is None:
            return None
        if self._proc.poll() is None:
            self._proc.send_signal(signal.SIGINT)
            try:
                self._proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=10)
        if self._proc.stderr is not None:
            self._proc.stderr.close()
        return self._proc.returncode

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
