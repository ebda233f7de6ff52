"""The CLI, the server and ``precis batch`` share one rulebook (:mod:`precis.app`): same option
validation and message, same skip rule, same article field names."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.server_process import ServerProcess

from precis.app import DigestRequest, SummarizeRequest, TimelineRequest
from precis.errors import ConfigError

pytest.importorskip("fastapi", reason="the [server] extra is not installed")

Run = Callable[..., subprocess.CompletedProcess[str]]
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
GENEVA = EXAMPLES / "geneva_talks.jsonl"
GERMAN = "Die Gespräche in Genf endeten am Montag ohne Einigung, und die Minister reisten am Abend wieder ab. " * 2


def records() -> list[dict[str, Any]]:
    """The example JSONL's records as they are (``date``, not ``published``)."""
    return [json.loads(line) for line in GENEVA.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def api() -> Iterator[httpx.Client]:
    with ServerProcess("--workers", "1", "--timeout", "60") as server:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            yield client


def _message(make: Callable[[], object]) -> str:
    with pytest.raises(ConfigError) as caught:
        make()
    return str(caught.value)


BAD_OPTIONS = [
    pytest.param("summarize", {"ratio": 1.5}, ["--ratio", "1.5"], lambda: SummarizeRequest(ratio=1.5), id="ratio"),
    pytest.param(
        "digest",
        {"timeline_dates": -1},
        ["--timeline-dates", "-1"],
        lambda: DigestRequest(timeline_dates=-1),
        id="timeline-dates",
    ),
]


@pytest.mark.parametrize(("task", "body", "flags", "make"), BAD_OPTIONS)
def test_app_a_bad_option_gets_one_message_from_every_front_end(
    api: httpx.Client, run: Run, tmp_path: Path, task: str, body: dict[str, Any], flags: list[str], make: Any
) -> None:
    message = _message(make)
    cli = run(task, GENEVA, *flags, "--format", "json")
    assert (cli.returncode, cli.stdout) == (2, "")
    assert cli.stderr == f"precis: error: {message}\n"
    response = api.post(f"/v1/{task}", json={"articles": records(), **body})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == message
    (tmp_path / "in.jsonl").write_text(json.dumps({"docs": records()}) + "\n", encoding="utf-8")
    batch = run("batch", "in.jsonl", "out", "--task", task, *flags, "--quiet")
    assert batch.returncode == 2
    assert f"precis: error: {message}\n" in batch.stderr
    assert not (tmp_path / "out").exists()


def test_app_a_bad_timeline_option_gets_one_message_from_cli_and_server(api: httpx.Client, run: Run) -> None:
    message = _message(lambda: TimelineRequest(per_date=0))
    cli = run("timeline", GENEVA, "--per-date", "0")
    assert cli.stderr == f"precis: error: {message}\n"
    response = api.post("/v1/timeline", json={"articles": records(), "per_date": 0})
    assert (response.status_code, response.json()["detail"]) == (422, message)


def test_app_server_reads_the_example_jsonl_records_as_they_are(api: httpx.Client, run: Run) -> None:
    response = api.post("/v1/summarize", json={"articles": records(), "words": 60})
    cli = run("summarize", GENEVA, "--words", "60", "--format", "json")
    assert response.status_code == 200, response.text
    assert response.text == cli.stdout
    published = [a["published"] for a in response.json()["articles"]]
    assert all(published) and published[0].startswith("2022-01-10T19:45:00")
    # an alias of the JSONL table is read as the field (published for date), as in a JSONL record
    aliased = [{**{k: v for k, v in r.items() if k != "date"}, "published": r["date"]} for r in records()]
    assert api.post("/v1/summarize", json={"articles": aliased, "words": 60}).text == cli.stdout
    renamed = [{"headline": r["title"], "body": r["text"], "id": r["id"], "date": r["date"]} for r in records()]
    articles = api.post("/v1/summarize", json={"articles": renamed}).json()["articles"]
    assert [a["title"] for a in articles] == [r["title"] for r in records()]
    refused = api.post("/v1/summarize", json={"articles": [{"text": "A note.", "when": "2022-01-10"}]})
    assert refused.status_code == 422 and refused.json()["field"] == "articles[0].when"


def test_app_skip_rule_is_the_same_in_every_front_end(api: httpx.Client, run: Run, tmp_path: Path) -> None:
    german = {"id": "de", "text": GERMAN}
    (tmp_path / "pile.jsonl").write_text("\n".join(json.dumps(r) for r in [*records(), german]) + "\n", "utf-8")
    cli = run("summarize", "pile.jsonl", "--words", "60", "--format", "json")
    assert cli.returncode == 1, cli.stderr  # a skipped article is a failed input
    assert "precis: skipped pile.jsonl:6: " in cli.stderr and "English" in cli.stderr
    kept = [r["id"] for r in records()]
    assert [a["id"] for a in json.loads(cli.stdout)["articles"]] == kept

    response = api.post("/v1/summarize", json={"articles": [*records(), german], "words": 60})
    assert response.status_code == 200, response.text
    assert response.text == cli.stdout
    [skipped] = json.loads(response.headers["precis-skipped"])
    assert skipped["input"] == "articles[5]" and "English" in skipped["reason"]

    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "pile", "docs": [*records(), german]}) + "\n", "utf-8")
    batch = run("batch", "in.jsonl", "out", "--task", "summarize", "--words", "60", "--quiet")
    assert batch.returncode == 0, batch.stderr
    [row] = [json.loads(line) for line in (tmp_path / "out" / "part-000000.jsonl").read_text().splitlines()]
    assert row["result"] == json.loads(cli.stdout)
    assert len(row["skipped"]) == 1 and "'de'" in row["skipped"][0] and "English" in row["skipped"][0]

    # when no article is usable, all three refuse, naming the article's reason
    alone = run("summarize", "-", stdin=json.dumps(german) + "\n")
    assert alone.returncode == 2 and "English" in alone.stderr
    refused = api.post("/v1/summarize", json={"articles": [german]})
    assert refused.status_code == 422 and refused.json()["field"] == "articles[0]"
    assert "English" in refused.json()["detail"]
