"""Tests for precis.rendering.render: what a reader sees, and that the JSON keeps the source's characters."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from precis import Article, Summarizer, render
from precis.analysis.boilerplate import display_text

DEBRIS = (
    "The harbour board said it would `` act quickly '' -LRB- within weeks -RRB- , and the mayor 's office agreed . "
    "Work on the sea wall does n't start until May , officials said . "
    "The repairs will cost £ 4.2 million , or 10 % more than planned ."
)


def test_rendering_display_text_undoes_tokenization_debris() -> None:
    assert display_text("He said `` we do n't know '' -LRB- again -RRB- .") == "He said \"we don't know\" (again)."
    assert display_text("It cost $ 5 million , or 10 % more .") == "It cost $5 million, or 10% more."
    plain = 'Normal text, with "quotes" (and brackets).'
    assert display_text(plain + "\n\n") == plain


def test_rendering_shows_clean_text_while_json_and_citations_keep_the_source() -> None:
    article = Article("ledger-1", DEBRIS, outlet="Harbour Ledger")
    summary = Summarizer().summarize(article, sentences=2)
    text = render(summary, "text")
    assert " ," not in text and "``" not in text and "-LRB-" not in text and "n't" in text
    data = json.loads(render(summary, "json"))
    for item in data["items"]:
        (cite,) = item["citations"]
        assert DEBRIS[cite["start"] : cite["end"]] == item["text"]


def test_rendering_sources_fall_back_to_the_domain_and_show_bare_dates_as_dates() -> None:
    body = "The ferry to Corrin Point will run twice a day from May. The harbour board approved it on Tuesday."
    art = Article("a1", body, url="https://www.coastwire.example/ferry", published=datetime(2024, 10, 1))
    line = render(Summarizer().summarize(art, sentences=1), "text").split("Sources\n")[1]
    assert line.startswith("[1] coastwire.example, 2024-10-01, https://www.coastwire.example/ferry, id a1")


def test_rendering_omits_an_id_that_the_url_already_shows() -> None:
    body = "The ferry to Corrin Point will run twice a day from May. The harbour board approved it on Tuesday."
    when = datetime(2024, 10, 1, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    art = Article("coastwire.example/ferry", body, outlet="Coast Wire", url="https://coastwire.example/ferry",
                  published=when)  # fmt: skip
    line = render(Summarizer().summarize(art, sentences=1), "md").split("**Sources**\n\n")[1]
    assert line.startswith("1. Coast Wire, 2024-10-01 09:30+01:00, <https://coastwire.example/ferry> (chars")
