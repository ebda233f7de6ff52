"""Kill and run again: a real ``precis track run`` killed with SIGKILL, then run again to the end.

The store must be consistent after the kill (SQLite is read while the run
writes, then checked), and after the second run it must hold exactly what
one uninterrupted run stores: every article once, none lost, each in one
story, every story's size its member count.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.integration.test_batch_cli import article_records, precis_env

from precis.readers import read_articles

pytest.importorskip("sqlalchemy")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
N_RECORDS = 240
BATCH = "24"  # ten transactions, so that a kill lands between and inside them


def _track(store: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "precis", "track", "--store", str(store), *args]


def _count(store: Path, sql: str = "SELECT count(*) FROM articles") -> int:
    try:
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.Error:  # not created yet
        return 0


def _kill_when(command: list[str], ready: Callable[[], bool], *, limit: float = 120) -> None:
    proc = subprocess.Popen(command, env=precis_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + limit
    while not ready():
        assert proc.poll() is None, f"the run ended before it could be killed: {proc.stderr.read()!r}"  # type: ignore[union-attr]
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    proc.stderr.close()  # type: ignore[union-attr]


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=precis_env(), capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """240 distinct article records made from the shipped examples (two stories and a few others)."""
    articles = read_articles([str(EXAMPLES / "geneva_talks.jsonl"), str(EXAMPLES / "other_news.jsonl")]).articles
    path = tmp_path_factory.mktemp("track-input") / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in article_records(articles, N_RECORDS)) + "\n", encoding="utf-8")
    return path


def _contents(store: Path) -> list[tuple[str, str, bool]]:
    """Each stored article: its id in the source, its text hash, and whether it is in a story."""
    with sqlite3.connect(store) as conn:
        return sorted(conn.execute(
            "SELECT a.read_id, a.content_hash, m.story_id IS NOT NULL FROM articles a "
            "LEFT JOIN members m ON m.article_id = a.id"))  # fmt: skip


def _consistent(store: Path) -> None:
    with sqlite3.connect(store) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        sizes = conn.execute(
            "SELECT s.id, s.size, (SELECT count(*) FROM members m WHERE m.story_id = s.id) FROM stories s"
        ).fetchall()
        assert all(size == members for _, size, members in sizes), sizes
        placed = conn.execute("SELECT count(*) FROM articles a LEFT JOIN members m ON m.article_id = a.id "
                              "WHERE m.story_id IS NULL AND a.set_apart IS NULL").fetchone()[0]  # fmt: skip
        assert placed == 0  # every article is in a story or set apart with a reason


@pytest.fixture(scope="module")
def reference(source: Path, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, bool]]:
    store = tmp_path_factory.mktemp("reference") / "store.db"
    assert _run(_track(store, "add", str(source))).returncode == 0
    done = _run(_track(store, "run", "--batch-size", BATCH))
    assert done.returncode == 0, done.stderr
    contents = _contents(store)
    assert len(contents) == N_RECORDS
    return contents


@pytest.mark.parametrize("moment", ["start", "first batch", "middle", "late"])
def test_track_run_killed_then_rerun_stores_every_article_once(
    moment: str, source: Path, reference: list[tuple[str, str, bool]], tmp_path: Path
) -> None:
    store = tmp_path / "store.db"
    assert _run(_track(store, "add", str(source))).returncode == 0
    ready = {
        "start": lambda: True,
        "first batch": lambda: _count(store) >= 1,
        "middle": lambda: _count(store) >= N_RECORDS // 2,
        "late": lambda: _count(store) >= N_RECORDS - 2 * int(BATCH),
    }[moment]
    _kill_when(_track(store, "run", "--batch-size", BATCH), ready)
    _consistent(store)
    assert _count(store, "SELECT count(*) FROM runs WHERE status = 'done'") == 0
    again = _run(_track(store, "run", "--batch-size", BATCH))
    assert again.returncode == 0, again.stderr
    _consistent(store)
    assert _contents(store) == reference
    statuses = [r[0] for r in sqlite3.connect(store).execute("SELECT status FROM runs ORDER BY id")]
    assert statuses == (["done"] if moment == "start" and len(statuses) == 1 else ["interrupted", "done"])
    third = _run(_track(store, "run", "--batch-size", BATCH))
    assert f"read {N_RECORDS} articles; 0 new" in third.stdout
