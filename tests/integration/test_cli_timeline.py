"""``precis timeline``, run as the installed command: formats, notes about undated input, exit codes."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

Run = Callable[..., subprocess.CompletedProcess[str]]

RECORDS = [
    {
        "id": "r1",
        "date": "2023-05-12",
        "title": "Reservoir closed",
        "text": "The Fenwick reservoir was closed on Thursday after tests found algae in the water supply. "
        "Residents of three villages were told to boil their tap water until further notice.",
    },
    {
        "id": "r2",
        "date": "2023-05-16",
        "text": "Engineers began cleaning the intake pipes at the Fenwick reservoir on Monday morning. "
        "The reservoir had been closed on May 11 after algae were found in the water supply.",
    },
    {
        "id": "r3",
        "text": "The boil-water notice for the villages near the Fenwick reservoir was lifted on May 20, 2023. "
        "Anglers said on Sunday that the lake looked clear again after the pipes were cleaned.",
    },
]


def _write(tmp_path: Path, records: list[dict[str, str]]) -> Path:
    path = tmp_path / "coverage.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_cli_timeline_text_and_undated_note(run: Run, tmp_path: Path) -> None:
    proc = run("timeline", _write(tmp_path, RECORDS), "--dates", "2")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("2023-05-11\n")
    assert "\nSources\n[1] " in proc.stdout
    assert "no publication date for 1 article(s)" in proc.stderr
    assert "coverage.jsonl:3" in proc.stderr  # named by where it was read


def test_cli_timeline_json_cites_verbatim_spans(run: Run, tmp_path: Path) -> None:
    proc = run("timeline", _write(tmp_path, RECORDS), "--format", "json", "--per-date", "1")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["schema"] == "precis.timeline/1"
    assert doc["undated"] == ["r3"]
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    dates = [e["date"] for e in doc["entries"]]
    assert dates == sorted(dates) and dates
    for entry in doc["entries"]:
        assert len(entry["items"]) == 1
        for item in entry["items"]:
            c = item["citations"][0]
            assert texts[c["article_id"]][c["start"] : c["end"]] == item["text"]


def test_cli_timeline_markdown_to_file(run: Run, tmp_path: Path) -> None:
    proc = run("timeline", _write(tmp_path, RECORDS), "--format", "md", "-o", "out.md")
    assert proc.returncode == 0, proc.stderr
    out = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert out.startswith("## ")
    assert "**Sources**" in out


def test_cli_timeline_without_dates_exits_2(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("The lake was calm and the anglers were happy with their catch.\n", encoding="utf-8")
    proc = run("timeline", path)
    assert proc.returncode == 2
    assert "No timeline" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_timeline_bad_options_exit_2(run: Run, tmp_path: Path) -> None:
    proc = run("timeline", _write(tmp_path, RECORDS), "--dates", "0")
    assert proc.returncode == 2
    assert "dates" in proc.stderr
    assert run("timeline", tmp_path / "missing.jsonl").returncode == 2
