"""``precis digest``, run as the installed command: formats, copies and conflicts visible, messages, exit codes."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

Run = Callable[..., subprocess.CompletedProcess[str]]
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PILE = (EXAMPLES / "geneva_talks.jsonl", EXAMPLES / "other_news.jsonl")


def test_cli_digest_text_shows_stories_copies_conflicts(run: Run) -> None:
    proc = run("digest", *PILE)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("1. U.S. and Russia end Geneva talks far apart on NATO\n")
    assert "\n2. River Lenn bursts its banks" in out and "\n3. Twelve-year-old wins" in out
    assert "Also carried by County Express (trimmed copy of Valley Gazette)" in out
    assert 'says "roughly 1,500 residents", not "about 1,200 residents"' in out
    assert "(2 outlets)" in out
    assert "Set apart (1 article, not in any story)" in out
    assert "set apart" in proc.stderr and "other_news.jsonl:5" in proc.stderr  # named by where it was read
    assert "Traceback" not in proc.stderr


def test_cli_digest_json_places_every_article(run: Run) -> None:
    proc = run("digest", *PILE, "--format", "json", "--words", "60")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["schema"] == "precis.digest/1"
    ids = [json.loads(line)["id"] for path in PILE for line in path.read_text(encoding="utf-8").splitlines()]
    assert [p["id"] for p in doc["placements"]] == ids
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    for story in doc["stories"]:
        assert sum(len(i["text"].split()) for i in story["items"]) <= 60
        for item in story["items"]:
            c = item["citations"][0]
            assert texts[c["article_id"]][c["start"] : c["end"]] == item["text"]


def test_cli_digest_markdown_to_file_with_a_story_limit(run: Run, tmp_path: Path) -> None:
    proc = run("digest", *PILE, "--format", "md", "--stories", "1", "--timeline-dates", "0", "-o", "out.md")
    assert proc.returncode == 0, proc.stderr
    out = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert out.startswith("## 1. ") and "**Timeline**" not in out
    assert "No summary: Not briefed: only the first 1 stories were asked for." in out


def test_cli_digest_progress_bar_on_request(run: Run) -> None:
    proc = run("digest", *PILE, "--progress")
    assert proc.returncode == 0, proc.stderr
    assert "grouping 10 articles into stories" in proc.stderr and "briefing stories" in proc.stderr


def test_cli_digest_bad_input_exits_2_with_a_message(run: Run, tmp_path: Path) -> None:
    foreign = tmp_path / "fr.txt"
    foreign.write_text("Le conseil municipal a voté mardi une nouvelle loi sur la gestion de l'eau potable.\n",
                       encoding="utf-8")  # fmt: skip
    proc = run("digest", foreign)
    assert proc.returncode == 2
    assert "No story" in proc.stderr and "does not look like English" in proc.stderr
    proc = run("digest", *PILE, "--words", "0")
    assert proc.returncode == 2 and "'words' parameter" in proc.stderr
    proc = run("digest", tmp_path / "missing.jsonl")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_cli_digest_the_same_file_twice_is_read_once(run: Run) -> None:
    """The same articles read twice (same id, same text) are one source each, not a copy of themselves."""
    proc = run("digest", PILE[1], PILE[1], "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    ids = [p["id"] for p in doc["placements"]]
    assert len(ids) == 5 and len(set(ids)) == 5 and not any("#" in i for i in ids)


def test_cli_digest_repeated_ids_of_other_texts_are_renamed_and_said(run: Run, tmp_path: Path) -> None:
    first = json.loads(Path(PILE[1]).read_text(encoding="utf-8").splitlines()[0])
    other = dict(first, text="Crews cleared the last of the mud from the Millbrook district on Friday. "
                 "Shops on the high street reopened after four days, the council said.")  # fmt: skip
    extra = tmp_path / "again.jsonl"
    extra.write_text(json.dumps(other) + "\n", encoding="utf-8")
    proc = run("digest", PILE[1], extra, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert "repeated an id already read" in proc.stderr and f"{first['id']}#2" in proc.stderr


def test_cli_digest_readme_example_is_what_the_command_prints(run: Run) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    start = readme.index("$ precis digest examples/geneva_talks.jsonl examples/other_news.jsonl")
    shown = readme[start : readme.index("```", start)].splitlines()
    proc = run("digest", *PILE, "--words", "60", "--timeline-dates", "2")
    assert proc.returncode == 0, proc.stderr
    assert "\n".join(shown[1:]).strip("\n") == proc.stdout.strip("\n")


def test_cli_digest_says_which_articles_are_undated(run: Run, tmp_path: Path) -> None:
    records = [json.loads(line) for line in PILE[1].read_text(encoding="utf-8").splitlines()]
    records[2].pop("date")
    path = tmp_path / "pile.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    proc = run("digest", path)
    assert proc.returncode == 0, proc.stderr
    assert "no publication date for 1 article(s): " in proc.stderr and "pile.jsonl:3" in proc.stderr
    assert "Hundreds flee as floodwater" in proc.stdout or "roughly 1,500 residents" in proc.stdout  # still briefed
