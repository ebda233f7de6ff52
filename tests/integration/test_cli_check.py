"""``precis check`` and ``precis summarize --verify``, run as the installed command."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
SOURCE = (
    "Engineers began cleaning the intake pipes at the Fenwick reservoir on Friday morning. "
    "The water board said that samples taken overnight showed the algae bloom was shrinking. "
    "A spokeswoman for the board thanked residents for their patience during the closure. "
    "The boil-water notice for the three villages remains in force for now.\n"
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "source": tmp_path / "source.txt",
        "good": tmp_path / "good.txt",
        "bad": tmp_path / "bad.txt",
        "empty": tmp_path / "empty.txt",
        "latin1": tmp_path / "latin1.txt",
        "binary": tmp_path / "photo.txt",
    }
    paths["source"].write_text(SOURCE, encoding="utf-8")
    paths["good"].write_text(
        "Engineers began cleaning the intake pipes at the Fenwick reservoir on Friday morning.\n", encoding="utf-8"
    )
    paths["bad"].write_text(
        "The boil-water notice for the five villages was lifted, says Tom Bradley, the mayor.\n"
        "The boil-water notice for the five villages was lifted.\n",
        encoding="utf-8",
    )
    paths["empty"].write_text("  \n", encoding="utf-8")
    paths["latin1"].write_bytes(SOURCE.replace("'", "\u2019").encode("cp1252"))
    paths["binary"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    return paths


def test_cli_check_text_report_passes_a_faithful_summary(run: Run, files: dict[str, Path]) -> None:
    proc = run("check", files["good"], "--source", files["source"], "--fail-on", "any")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Verdict: supported")
    assert "evidence: “Engineers began cleaning the intake pipes" in proc.stdout  # the quoted source sentence


def test_cli_check_flags_and_fails_on_invented_content(run: Run, files: dict[str, Path]) -> None:
    proc = run("check", files["bad"], "--source", files["source"], "--format", "json", "--fail-on", "unsupported")
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert report["schema"] == "precis.check/1"
    assert report["verdict"] != "supported"
    kinds = [{f["kind"] for f in s["flags"]} for s in report["sentences"]]
    assert "attribution" in kinds[0] and "number" in kinds[0]
    assert "repetition" in kinds[1]
    md = run("check", files["bad"], "--source", files["source"], "--format", "md")
    assert md.returncode == 0 and "**" in md.stdout


def test_cli_check_without_fail_on_exits_0_even_when_flagged(run: Run, files: dict[str, Path]) -> None:
    proc = run("check", files["bad"], "-s", files["source"])
    assert proc.returncode == 0, proc.stderr
    assert "attribution:" in proc.stdout


def test_cli_check_reads_a_precis_json_summary_and_its_articles(run: Run, files: dict[str, Path]) -> None:
    made = run("summarize", files["source"], "--words", "30", "--format", "json")
    assert made.returncode == 0, made.stderr
    (files["source"].parent / "summary.json").write_text(made.stdout, encoding="utf-8")
    proc = run("check", "summary.json", "--fail-on", "any")
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("empty",), "summary is empty"),
        (("good",), "No sources given"),
        (("missing",), "does not exist"),
        (("binary",), "not text"),
    ],
)
def test_cli_check_bad_input_exits_2_without_traceback(
    run: Run, files: dict[str, Path], args: tuple[str, ...], message: str
) -> None:
    summary = files.get(args[0], files["source"].parent / "missing.txt")
    extra = ["--source", str(files["source"])] if args[0] != "good" else []
    proc = run("check", summary, *extra)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_check_reads_a_source_saved_in_a_legacy_encoding(run: Run, files: dict[str, Path]) -> None:
    proc = run("check", files["good"], "--source", files["latin1"], "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["verdict"] == "supported"


def test_cli_summarize_verify_reports_a_clean_self_check(run: Run, examples_path: Path) -> None:
    proc = run("summarize", examples_path, "--words", "150", "--verify")
    assert proc.returncode == 0, proc.stderr
    assert "precis: verified:" in proc.stderr


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not beside the checkout")
def test_cli_check_catches_the_machine_summary_of_the_samples(run: Run) -> None:
    summary = next(SAMPLES.glob("000_*.txt"))
    sources = sorted(SAMPLES.glob("00[34]_*.txt"))
    proc = run("check", summary, "--source", *sources, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    flagged = [(s["text"], f) for s in report["sentences"] for f in s["flags"]]
    spans = {(f["kind"], text[f["start"] : f["end"]]) for text, f in flagged}
    assert any(kind == "attribution" and "John Sutter" in span for kind, span in spans)
    assert any(kind == "attribution" and "David Frum" in span for kind, span in spans)
    assert any(kind == "garbled" and "almostno" in span for kind, span in spans)
    assert any(kind == "garbled" and "andLuhansk" in span for kind, span in spans)
    assert sum(1 for kind, _ in spans if kind == "repetition") >= 5
    assert report["verdict"] != "supported"
