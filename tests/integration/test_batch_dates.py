"""``precis batch`` over records whose dates read both ways, are impossible, or whose story holds an empty
article: every record succeeds, and what was left out is in its ``skipped`` messages (issue #15)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import precis

SRC = str(Path(precis.__file__).resolve().parents[1])
BODY = (
    "The harbour board approved a new ferry route across the bay on Tuesday. "
    "The first crossings to the island are planned for the middle of May, the board said."
)
RECORDS = [
    {"id": "ambiguous", "text": BODY, "date": "09/04/1998 11:19:00"},
    {"id": "impossible", "text": BODY, "date": "1999-02-30 14:27:00"},
    {"id": "story", "docs": [{"text": BODY, "date": "10/22/1998 13:00:00"}, {"text": BODY, "date": "09/04/1998"}]},
    {"id": "empty-doc", "docs": [{"id": "a", "text": BODY}, {"id": "b", "text": ""}]},
]


def test_batch_with_bad_dates_and_an_empty_article_exits_0_with_notes(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PRECIS_DEBUG"}
    env["PYTHONPATH"] = SRC + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run(
        [sys.executable, "-m", "precis", "batch", str(source), str(tmp_path / "out"), "--task", "summarize",
         "--workers", "1"],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "4 ok, 0 failed" in proc.stderr
    rows = {}
    for part in sorted((tmp_path / "out").glob("part-*.jsonl")):
        for line in part.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            rows[row["id"]] = row
    assert set(rows) == {"ambiguous", "impossible", "story", "empty-doc"}
    # "09/04/1998" is read month first, as the file's "10/22/1998" shows
    assert rows["ambiguous"]["skipped"] == [] and rows["story"]["skipped"] == []
    assert '"published": "1998-09-04T11:19:00"' in json.dumps(rows["ambiguous"]["result"])
    (note,) = rows["impossible"]["skipped"]  # undated, with one note naming the field and the fix
    assert "not a day of the calendar" in note and "field 'date'" in note and "--field date=NAME" in note
    assert rows["empty-doc"]["skipped"] == [
        "empty-doc#1: the article is empty (its 'text' field holds no text). It was left out."
    ]
