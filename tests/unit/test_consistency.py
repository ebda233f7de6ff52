"""The consistency model: evidence windows, the shipped ONNX file on known pairs, and its use in ``check``."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from precis import CheckerConfig, check
from precis.app import CheckRequest
from precis.batch import make_spec
from precis.checking.consistency import MODEL_DIR, ModelInfo, load_model, model_available, sentence_windows
from precis.cli import main
from precis.errors import ConfigError

SOURCES = ["A one two.", "B three four.", "C five six.", "D seven eight.", "E nine ten."]


def test_consistency_windows_centre_on_evidence_best_first() -> None:
    starts = [True, False, False, False, False]
    got = sentence_windows([2, 0], SOURCES, starts, windows=2, neighbours=1)
    assert got == ["B three four. C five six. D seven eight.", "A one two. B three four."]


def test_consistency_windows_stop_at_an_article_start_and_drop_duplicates() -> None:
    starts = [True, False, True, False, False]  # a second article opens at sentence 2
    got = sentence_windows([2, 3, 1], SOURCES, starts, windows=3, neighbours=1)
    assert got[0] == "C five six. D seven eight."
    assert "B three four. C five six." not in got
    assert len(got) == len(set(got))


def test_consistency_windows_alone_and_capped() -> None:
    long = ["w " * 60, "x " * 30, "y " * 30]
    assert sentence_windows([1], SOURCES, [True] + [False] * 4, windows=1, neighbours=0) == ["B three four."]
    got = sentence_windows([1], long, [True, False, False], windows=1, neighbours=1)
    assert len(got[0].split()) <= 80


def test_consistency_windows_none_without_evidence() -> None:
    assert sentence_windows([], SOURCES, [True] * 5, windows=3, neighbours=1) == []


def test_consistency_config_rejects_unknown_scorer() -> None:
    with pytest.raises(ConfigError, match="scorer"):
        CheckerConfig(scorer="bert")  # type: ignore[arg-type]


def test_consistency_auto_without_the_model_says_the_rules_scored(monkeypatch: pytest.MonkeyPatch) -> None:
    from precis.checking import consistency

    monkeypatch.setattr(consistency, "model_available", lambda *a, **k: False)
    report = check("Talks opened in Geneva.", "Talks opened in Geneva on Monday. Russia spoke.",
                   config=CheckerConfig(scorer="auto"))  # fmt: skip
    scorer = json.loads(report.to_json())["settings"]["scorer"]
    assert scorer == {"name": "rules", "requested": "auto", "reason": "precis[model] is not installed"}


def test_consistency_default_report_names_no_scorer() -> None:
    source = "Talks opened in Geneva on Monday. Russia spoke."
    report = check("Talks opened in Geneva.", source)
    assert "scorer" not in json.loads(report.to_json())["settings"]  # today's reports, unchanged
    assert "scorer" not in CheckerConfig(scorer="rules").to_dict()
    assert CheckerConfig(scorer="auto").to_dict()["scorer"] == "auto"
    for scorer in ("rules", "model", "auto"):
        config = CheckerConfig(scorer=scorer)  # type: ignore[arg-type]
        assert CheckerConfig.from_dict(config.to_dict()) == config


def _check_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], *options: str) -> dict[str, object]:
    """The JSON report of ``precis check`` run in-process on a short summary of SOURCE."""
    (tmp_path / "summary.txt").write_text("The talks lasted nearly eight hours.", encoding="utf-8")
    (tmp_path / "source.txt").write_text(SOURCE, encoding="utf-8")
    args = [str(tmp_path / "summary.txt"), "--source", str(tmp_path / "source.txt"), "--format", "json"]
    assert main(["check", *args, *options]) == 0
    report: dict[str, object] = json.loads(capsys.readouterr().out)
    return report


def test_consistency_cli_rules_scorer_is_todays_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _check_cli(tmp_path, capsys, "--scorer", "rules") == _check_cli(tmp_path, capsys)


def test_consistency_batch_and_server_requests_carry_the_scorer() -> None:
    spec = make_spec("check", {"scorer": "model", "outline": False}, max_record_bytes=10_000)
    assert spec["request"]["scorer"] == "model" and spec["config"]["scorer"] == "model"
    assert "scorer" not in make_spec("check", {"scorer": None}, max_record_bytes=10_000)["config"]
    with pytest.raises(ConfigError, match="scorer do not apply to the 'summarize' task"):
        make_spec("summarize", {"scorer": "auto"}, max_record_bytes=10_000)
    pytest.importorskip("pydantic", reason="the [server] extra is not installed")
    from pydantic import ValidationError

    from precis.server.jobs import request_for
    from precis.server.schemas import CheckRequest as CheckBody
    from precis.server.settings import ServerSettings

    body = CheckBody.model_validate({"summary": "Talks opened.", "scorer": "auto"}).model_dump()
    assert request_for("check", body, ServerSettings(workers=1)) == CheckRequest(scorer="auto")
    assert CheckBody.model_validate({"summary": "Talks opened."}).scorer == "rules"
    with pytest.raises(ValidationError):
        CheckBody.model_validate({"summary": "Talks opened.", "scorer": "bert"})


# ---------------------------------------------------------------- the shipped model (precis[model])

SOURCE = (
    "Russian and American negotiators met in Geneva on Monday for talks on Ukraine. "
    "The talks lasted nearly eight hours, officials said. "
    "Deputy Foreign Minister Sergei Ryabkov said Moscow had no intention of invading Ukraine. "
    "US Deputy Secretary of State Wendy Sherman said the United States would not negotiate over NATO membership."
)


@pytest.mark.consistency
def test_consistency_model_ships_small_and_loads_once() -> None:
    assert model_available()
    assert (MODEL_DIR / "model.onnx").stat().st_size <= 30_000_000
    assert load_model() is load_model()
    info = ModelInfo.read(MODEL_DIR)
    assert 0.0 < info.threshold < 1.0 and info.max_length <= 256


@pytest.mark.consistency
def test_consistency_model_known_pairs() -> None:
    model = load_model()
    entailed = [
        (SOURCE, "Negotiators met in Geneva on Monday."),
        (SOURCE, "The talks in Geneva lasted nearly eight hours."),
        ("The company said it would cut 300 jobs by March.", "The company plans to cut 300 jobs."),
    ]
    contradicted = [  # another place, day and figure; a negation
        (SOURCE, "Negotiators met in Vienna on Monday."),
        (SOURCE, "Negotiators met in Geneva on Friday."),
        ("The company said it would cut 300 jobs by March.", "The company said it would cut 3,000 jobs by March."),
        ("The company said it would cut 300 jobs by March.", "The company said it would not cut any jobs."),
    ]
    p_in = model.entailment(entailed)
    p_out = model.entailment(contradicted)
    assert p_in.min() > p_out.max() + 0.3, (p_in, p_out)
    assert (p_out < model.info.threshold).all(), p_out


@pytest.mark.consistency
def test_consistency_model_batches_agree_with_single_pairs() -> None:
    model = load_model()
    pairs = [(SOURCE, "Talks were held in Geneva."), ("A dog ran.", "A cat slept in the sun all afternoon long.")]
    together = model.entailment(pairs, batch_size=2)
    alone = [model.entailment([p])[0] for p in pairs]
    assert together == pytest.approx(alone, abs=1e-4)  # weight-only int8: a score never depends on its batch
    assert model.entailment([]).shape == (0,)


@pytest.mark.consistency
def test_consistency_check_with_model_reports_scorer_and_keeps_flags() -> None:
    summary = "The talks lasted nearly eight hours. John Smith said Moscow would invade Ukraine."
    report = check(summary, SOURCE, config=CheckerConfig(scorer="model"))
    scorer = report.settings["scorer"]
    assert scorer["name"] == ModelInfo.read(MODEL_DIR).name
    assert scorer["threshold"] == ModelInfo.read(MODEL_DIR).threshold
    assert scorer["requested"] == "model" and scorer["calibration"] == "shipped"
    first, second = report.sentences
    assert first.verdict == "supported" and first.score >= scorer["threshold"]
    assert second.verdict != "supported"
    assert any(f.kind in ("entity", "attribution") for f in second.flags)  # the rule flags stay, with spans
    assert json.loads(report.to_json())["settings"]["scorer"]["name"] == scorer["name"]


@pytest.mark.consistency
def test_consistency_cli_and_server_job_score_with_the_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _check_cli(tmp_path, capsys, "--scorer", "model")
    settings = report["settings"]
    assert isinstance(settings, dict) and settings["scorer"]["name"] == ModelInfo.read(MODEL_DIR).name
    pytest.importorskip("pydantic", reason="the [server] extra is not installed")
    from precis.server.jobs import Engine
    from precis.server.jobs import check as check_job
    from precis.server.settings import ServerSettings

    body = {"summary": "The talks lasted nearly eight hours.", "sources": [{"text": SOURCE}], "scorer": "model"}
    job = check_job(Engine(ServerSettings(workers=1)), body)
    assert json.loads(job.body)["settings"] == settings  # the server's body is the CLI's JSON


@settings(max_examples=300, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1), st.floats(0.01, 0.99), st.floats(0.01, 0.99))
def test_consistency_rules_decide_only_where_no_model_probability_changes_the_verdict(
    rules: float, p: float, blend: float, threshold: float
) -> None:
    from precis.checking.checker import _rules_decide

    plain = SimpleNamespace(alignment=SimpleNamespace(exact=None), flags=())
    if _rules_decide(plain, rules, blend=blend, threshold=threshold):  # type: ignore[arg-type]
        assert (blend * p + (1 - blend) * rules >= threshold) == (rules >= threshold)
    verbatim = SimpleNamespace(alignment=SimpleNamespace(exact=0), flags=())
    assert not _rules_decide(verbatim, rules, blend=blend, threshold=threshold)  # type: ignore[arg-type]
    flagged = SimpleNamespace(alignment=SimpleNamespace(exact=None), flags=(SimpleNamespace(kind="entity"),))
    assert _rules_decide(flagged, rules, blend=blend, threshold=threshold)  # type: ignore[arg-type]


@pytest.mark.consistency
def test_consistency_check_asks_the_model_only_where_it_matters_and_keeps_every_verdict(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from precis.checking import checker as checker_module

    summary = (
        "The talks lasted nearly eight hours. John Smith said Moscow would invade Ukraine. "
        "The delegations met in Geneva. Bananas are yellow and grow in warm places."
    )
    asked: list[int] = []
    model = load_model()
    entailment = model.entailment
    monkeypatch.setattr(model, "entailment", lambda pairs, **k: asked.append(len(pairs)) or entailment(pairs, **k))
    report = check(summary, SOURCE, config=CheckerConfig(scorer="model"))
    decided = report.settings["scorer"]["decided_by_rules"]
    assert decided >= 1  # the invented name at least
    monkeypatch.setattr(checker_module, "_rules_decide", lambda *a, **k: False)
    every = check(summary, SOURCE, config=CheckerConfig(scorer="model"))
    assert [s.verdict for s in report.sentences] == [s.verdict for s in every.sentences]
    assert asked[0] < asked[1]  # fewer pairs were scored
