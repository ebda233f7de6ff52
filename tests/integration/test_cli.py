"""The installed ``precis`` command, run as a subprocess: output formats, budgets, errors, -o."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

TIMEOUT = 120

GOOD_A = (
    "The regional water board closed the Fenwick reservoir on Thursday after tests found algae in the water. "
    "Residents of three villages were told to boil their tap water until further notice. "
    "The board said the closure would last at least a week while engineers clean the intake pipes. "
    "Shops in the villages sold out of bottled water by the afternoon.\n"
)
GOOD_B = (
    "Engineers began cleaning the intake pipes at the Fenwick reservoir on Friday morning. "
    "The water board said that samples taken overnight showed the algae bloom was shrinking. "
    "A spokeswoman for the board thanked residents for their patience during the closure. "
    "The boil-water notice for the three villages remains in force for now.\n"
)
GERMAN = (
    "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke über den Fluss abzureißen. "
    "Die Bauarbeiten sollen im Frühjahr beginnen und etwa zwei Jahre dauern. "
    "Viele Anwohner sind mit der Entscheidung nicht einverstanden und wollen dagegen klagen. "
    "Der Bürgermeister sagte, es gebe keine andere Lösung für das marode Bauwerk.\n"
)


def _assert_ok(proc: subprocess.CompletedProcess[str]) -> None:
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
    assert "Traceback" not in proc.stderr


def test_cli_summarize_text(run: Callable[..., subprocess.CompletedProcess[str]], examples_path: Path) -> None:
    proc = run("summarize", examples_path)
    _assert_ok(proc)
    body, _, sources = proc.stdout.partition("\nSources\n")
    assert sources, proc.stdout
    assert "[1]" in body
    assert sources.startswith("[1] ")


def test_cli_summarize_markdown(run: Callable[..., subprocess.CompletedProcess[str]], examples_path: Path) -> None:
    proc = run("summarize", examples_path, "--format", "md")
    _assert_ok(proc)
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("- ")
    assert "**Sources**" in lines
    assert any(line.startswith("1. ") for line in lines)


def test_cli_summarize_json(run: Callable[..., subprocess.CompletedProcess[str]], examples_path: Path) -> None:
    proc = run("summarize", examples_path, "--format", "json")
    _assert_ok(proc)
    doc = json.loads(proc.stdout)
    assert doc["schema"] == "precis.summary/1"
    assert doc["items"]
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    for item in doc["items"]:
        assert item["citations"]
        for cite in item["citations"]:
            assert set(cite) == {"article_id", "start", "end"}
            assert cite["article_id"] in texts
            assert 0 <= cite["start"] < cite["end"] <= len(texts[cite["article_id"]])
        first = item["citations"][0]
        assert texts[first["article_id"]][first["start"] : first["end"]] == item["text"]
    assert any(len({c["article_id"] for c in item["citations"]}) >= 2 for item in doc["items"])


def test_cli_words_budget_is_respected(
    run: Callable[..., subprocess.CompletedProcess[str]], examples_path: Path
) -> None:
    proc = run("summarize", examples_path, "--words", "40", "--format", "json")
    _assert_ok(proc)
    doc = json.loads(proc.stdout)
    assert doc["budget"] == {"unit": "words", "value": 40}
    assert doc["items"]
    assert sum(len(item["text"].split()) for item in doc["items"]) <= 40


def test_cli_outline(run: Callable[..., subprocess.CompletedProcess[str]], examples_path: Path) -> None:
    proc = run("summarize", examples_path, "--outline", "--format", "json")
    _assert_ok(proc)
    doc = json.loads(proc.stdout)
    assert doc["mode"] == "outline"
    assert doc["items"]
    assert sum(len(item["text"].split()) for item in doc["items"]) <= 120


def test_cli_reads_stdin_with_dash(run: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    proc = run("summarize", "-", "--sentences", "2", "--format", "json", stdin=GOOD_A)
    _assert_ok(proc)
    doc = json.loads(proc.stdout)
    assert [a["id"] for a in doc["articles"]] == ["stdin"]
    assert doc["articles"][0]["text"] == GOOD_A
    assert 1 <= len(doc["items"]) <= 2
    for item in doc["items"]:
        assert item["text"] in GOOD_A


def test_cli_python_m_version() -> None:
    from precis import __version__

    proc = subprocess.run(
        [sys.executable, "-m", "precis", "--version"], capture_output=True, text=True, timeout=TIMEOUT
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"precis {__version__}"


def _write(name: str, data: str | bytes) -> Callable[[Path], list[str]]:
    def setup(tmp_path: Path) -> list[str]:
        path = tmp_path / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        return [name]

    return setup


def _example(*options: str) -> Callable[[Path], list[str]]:
    def setup(tmp_path: Path) -> list[str]:
        path = tmp_path / "story.txt"
        path.write_text(GOOD_A + "\n" + GOOD_B, encoding="utf-8")
        return [path.name, *options]

    return setup


UNPUNCTUATED = " ".join(["the town council discussed the bridge repairs and the new budget"] * 6) + "\n"

# (case id, setup returning the command arguments, substring naming the input, substring of the reason)
BAD_INPUTS = [
    ("empty", _write("empty.txt", ""), "empty.txt", "empty"),
    ("whitespace", _write("blank.txt", "   \n\n\t \n"), "blank.txt", "empty"),
    ("binary", _write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01"), "image.txt", "binary"),
    ("too-large", lambda p: [*_write("large.txt", GOOD_A * 6)(p), "--max-bytes", "1000"], "large.txt", "1,000-byte"),
    ("no-punctuation", _write("rambling.txt", UNPUNCTUATED), "rambling", "punctuation"),
    (
        "one-sentence",
        _write("single.txt", "The town council met on Monday to discuss the bridge.\n"),
        "single",
        "sentence",
    ),
    ("german", _write("bericht.txt", GERMAN), "bericht", "English"),
    ("words-zero", _example("--words", "0"), "words", "at least 1"),
    ("words-negative", _example("--words", "-3"), "words", "at least 1"),
    ("ratio-too-big", _example("--ratio", "1.5"), "ratio", "(0, 1]"),
    ("two-budgets", _example("--words", "50", "--sentences", "3"), "--sentences", "not allowed"),
    ("format-xml", _example("--format", "xml"), "xml", "choice"),
    ("missing-file", lambda p: ["does-not-exist.txt"], "does-not-exist.txt", "exist"),
]


@pytest.mark.parametrize(("setup", "names", "why"), [pytest.param(s, n, w, id=i) for i, s, n, w in BAD_INPUTS])
def test_cli_bad_input_exits_2_with_a_message(
    run: Callable[..., subprocess.CompletedProcess[str]],
    tmp_path: Path,
    setup: Callable[[Path], list[str]],
    names: str,
    why: str,
) -> None:
    proc = run("summarize", *setup(tmp_path))
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert "precis: error:" in proc.stderr
    assert names in proc.stderr
    assert why in proc.stderr


def test_cli_folder_with_one_bad_file_exits_1_and_still_summarizes(
    run: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "first.txt").write_text(GOOD_A, encoding="utf-8")
    (folder / "second.txt").write_text(GOOD_B, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\xff\xfe\x00\x00garbage\x00")
    proc = run("summarize", "reports", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "broken.txt" in proc.stderr
    assert "first.txt" not in proc.stderr and "second.txt" not in proc.stderr
    doc = json.loads(proc.stdout)
    assert sorted(a["id"] for a in doc["articles"]) == ["first", "second"]
    assert doc["items"]


def test_cli_unusable_article_among_good_ones_is_skipped_by_path(
    run: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    (tmp_path / "good.txt").write_text(GOOD_A, encoding="utf-8")
    (tmp_path / "bericht.txt").write_text(GERMAN, encoding="utf-8")
    proc = run("summarize", "good.txt", "bericht.txt", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    assert "skipped bericht.txt" in proc.stderr and "English" in proc.stderr
    doc = json.loads(proc.stdout)
    assert [a["id"] for a in doc["articles"]] == ["good"]


def test_cli_content_error_names_the_file_path(
    run: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    (tmp_path / "bericht.txt").write_text(GERMAN, encoding="utf-8")
    proc = run("summarize", "bericht.txt")
    assert proc.returncode == 2
    assert proc.stderr.count("precis:") == 1
    assert "precis: error: bericht.txt:" in proc.stderr


def test_cli_output_file_is_written(run: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(GOOD_A, encoding="utf-8")
    proc = run("summarize", "story.txt", "--sentences", "2", "-o", "out.txt")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    written = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert "Sources" in written
    assert "[1]" in written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt", "story.txt"]


def test_cli_failing_run_leaves_no_output_file(
    run: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    proc = run("summarize", "empty.txt", "-o", "out.txt")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt"]


def test_cli_failing_run_leaves_existing_output_untouched(
    run: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    (tmp_path / "single.txt").write_text("The council met on Monday to talk about the bridge.\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    out.write_text("an earlier summary\n", encoding="utf-8")
    proc = run("summarize", "single.txt", "-o", "out.txt")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert out.read_text(encoding="utf-8") == "an earlier summary\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt", "single.txt"]


def test_cli_eval_prints_a_rouge_table_and_dumps(
    run: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    record = {"id": "x", "docs": [{"id": "d1", "text": GOOD_A}, {"id": "d2", "text": GOOD_B}], "refs": [GOOD_A]}
    (tmp_path / "cnn_tiny.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    proc = run("eval", "cnn_tiny.jsonl", "--dump", "dump.jsonl")
    assert proc.returncode == 0, proc.stderr
    assert "| precis (tfidf) |" in proc.stdout and "ROUGE-2 f1" in proc.stdout
    dumped = [json.loads(line) for line in (tmp_path / "dump.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in dumped] == ["x"] and dumped[0]["scores"]["r1"]["f1"] > 0


def test_cli_eval_needs_a_protocol_it_can_tell(
    run: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    (tmp_path / "mystery.jsonl").write_text('{"docs": [], "refs": []}\n', encoding="utf-8")
    proc = run("eval", "mystery.jsonl")
    assert proc.returncode == 2 and "--protocol" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_single_sentence_error_names_the_file(
    run: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    (tmp_path / "short.txt").write_text(
        "The reservoir at Fenwick was closed on Thursday by the board.\n", encoding="utf-8"
    )
    proc = run("summarize", "short.txt")
    assert proc.returncode == 2
    assert "precis: error: short.txt:" in proc.stderr and "two full sentences" in proc.stderr


def test_cli_eval_missing_file_says_so(run: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    proc = run("eval", "nowhere.jsonl.gz")
    assert proc.returncode == 2
    assert "nowhere.jsonl.gz does not exist" in proc.stderr and "--protocol" not in proc.stderr
