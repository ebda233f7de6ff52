"""``precis batch`` over records with nothing to summarize (every article a crawl notice, a login wall or
empty): each is a row that says why, counted in the manifest and the closing line, and the run exits 0;
``precis summarize`` on the same articles refuses, naming every article (issue #15)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.crawl_pages import CRAWL, LOGIN, NOTICE

import precis

SRC = str(Path(precis.__file__).resolve().parents[1])
# all written for this test
BODY = (
    "The harbour board approved a new ferry route across the bay on Tuesday. "
    "The first crossings to the island are planned for the middle of May, the board said."
)
RECORDS = [
    {"id": "ferry", "text": BODY},
    {"id": "crawl", "docs": [{"id": "c1", "text": NOTICE}, {"id": "c2", "text": CRAWL}, {"id": "c3", "text": LOGIN}]},
    {"id": "blank", "docs": [{"id": "b1", "text": ""}, "  "]},
]


def _run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PRECIS_DEBUG"}
    env["PYTHONPATH"] = SRC + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", "precis", *args], capture_output=True, text=True, encoding="utf-8", env=env,
        timeout=300, cwd=cwd, input=stdin,
    )  # fmt: skip


def _rows(out: Path) -> dict[str, dict[str, Any]]:
    lines = [line for part in sorted(out.glob("part-*.jsonl")) for line in part.read_text("utf-8").splitlines()]
    return {row["id"]: row for row in map(json.loads, lines)}


def test_batch_records_with_nothing_to_summarize_are_rows_and_the_run_exits_0(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    proc = _run("batch", "in.jsonl", "out", "--task", "summarize", "--workers", "1", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "done 3 records (3 ok, 2 of them with nothing to summarize, 0 failed)" in proc.stderr
    assert (tmp_path / "out" / "_errors.jsonl").read_text("utf-8") == ""
    manifest = json.loads((tmp_path / "out" / "_manifest.json").read_text("utf-8"))
    assert (manifest["ok"], manifest["records_with_nothing"], manifest["failed"]) == (3, 2, 0)

    rows = _rows(tmp_path / "out")
    assert rows["ferry"]["skipped"] == [] and rows["ferry"]["result"]["items"]
    crawl = rows["crawl"]
    assert [s.split(" has ")[0] for s in crawl["skipped"]] == ["article 'c1'", "article 'c2'", "article 'c3'"]
    assert "web-page notices" in crawl["skipped"][0]
    result = crawl["result"]
    assert result["items"] == [] and result["articles"] == []
    assert result["reason"].startswith("Nothing to summarize: the 3 articles hold 1 sentence")
    assert rows["blank"]["skipped"] == [
        "blank#0: the article is empty (its 'text' field holds no text). It was left out.",
        "blank#1: the article is empty (its 'text' field holds no text). It was left out.",
    ]
    assert rows["blank"]["result"]["reason"] == "Nothing to summarize: no article with text was given."

    again = _run("batch", "in.jsonl", "out", "--task", "summarize", "--workers", "1", cwd=tmp_path)
    assert again.returncode == 0 and "(3 records, 2 with nothing to summarize, 0 failed)" in again.stderr


def test_batch_genuine_failures_stay_errors_beside_records_with_nothing(tmp_path: Path) -> None:
    records = [RECORDS[1], {"id": "untexted", "title": "no text field"}, {"id": "broken"}]
    lines = [json.dumps(r) for r in records[:2]] + ['{"id": "broken", "text": ']
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = _run("batch", "in.jsonl", "out", "--task", "summarize", "--workers", "1", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "(1 ok, 1 of them with nothing to summarize, 2 failed)" in proc.stderr
    errors = [json.loads(line) for line in (tmp_path / "out" / "_errors.jsonl").read_text("utf-8").splitlines()]
    assert [(e["line"], e["kind"]) for e in errors] == [(2, "record"), (3, "json")]


def test_batch_digest_of_a_crawl_pile_has_nothing_to_brief(tmp_path: Path) -> None:
    pile = {"id": "pile", "docs": [{"id": "c1", "text": NOTICE}, {"id": "c2", "text": CRAWL}, {"text": ""}]}
    (tmp_path / "in.jsonl").write_text(json.dumps(pile) + "\n", encoding="utf-8")
    proc = _run("batch", "in.jsonl", "out", "--task", "digest", "--workers", "1", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "(1 ok, 1 of them with nothing to brief, 0 failed)" in proc.stderr
    row = _rows(tmp_path / "out")["pile"]
    assert row["result"]["stories"] == [] and "No article could be used" in row["result"]["reason"]
    assert row["skipped"] == [  # the empty one as reading left it out, the others as the digest set them apart
        "pile#2: the article is empty (its 'text' field holds no text). It was left out.",
        *(f"article {k!r} has no news sentence: only boilerplate or web-page notices (newsletter, cookie, crawl "
          "or video-player text)" for k in ("c1", "c2")),
    ]  # fmt: skip


def test_summarize_refuses_the_same_articles_naming_each_and_why(tmp_path: Path) -> None:
    docs = RECORDS[1]["docs"]
    assert isinstance(docs, list)
    proc = _run("summarize", "-", cwd=tmp_path, stdin="\n".join(json.dumps(d) for d in docs) + "\n")
    assert proc.returncode == 2, proc.stderr
    (line,) = proc.stderr.splitlines()
    assert line.startswith("precis: error: Nothing to summarize: the 3 articles hold 1 sentence")
    assert "article 'c1' has no sentence" in line and "article 'c2' has no sentence" in line
    assert "article 'c3' has 1 sentence" in line and proc.stdout == ""
