"""Fuzzing every reader and every server request with hypothesis (issue #16): no input stops a run.

The contract under test: whatever bytes an input holds (any encoding, BOMs,
DOCTYPEs and prologs, JSON nested to any depth, HTML nested to any depth,
any size up to a few hundred KB), reading it gives articles or per-item
:class:`~precis.readers.ReadFailure` s and never raises; a batch record
gives a result row or an error row; a request body is either valid for its
schema or refused with a validation error, and a valid request is answered
or refused with a :class:`~precis.errors.PrecisError` (a 4xx), never with
another exception (a 500). Each strategy below would have found one of the
issue's findings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from precis.batch.inputs import Chunk
from precis.batch.records import parse_record
from precis.batch.tasks import make_spec, run_chunk
from precis.errors import InputError, PrecisError
from precis.readers import FieldMap, read_articles
from precis.readers._markup import root_tag
from precis.readers.corpus import iter_csv, iter_json, iter_jsonl
from precis.readers.dispatch import sniff
from precis.readers.nesting import MAX_DEPTH, depth, loads

pytest.importorskip("feedparser", reason="the [html] extra is not installed")

SETTINGS = settings(
    deadline=None,
    database=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
PROSE = (
    "The harbour board met on Monday to discuss the new ferry timetable for the summer. "
    "Members agreed to add two evening crossings from the first of June, the chair said."
)
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252")

# -- strategies ------------------------------------------------------------------------------------------------------

words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
depths = st.one_of(st.integers(0, 80), st.sampled_from([255, 256, 1_000, 5_000, 50_000]))


@st.composite
def nested_json(draw: st.DrawFn) -> str:
    """JSON text nested ``n`` deep (arrays, objects or both), sometimes inside a record, sometimes unclosed."""
    n = draw(depths)
    kind = draw(st.sampled_from(["array", "object", "mixed"]))
    opening = {"array": "[" * n, "object": '{"a":' * n, "mixed": '[{"a":' * (n // 2)}[kind]
    closing = {"array": "]" * n, "object": "}" * n, "mixed": "}]" * (n // 2)}[kind]
    core = opening + draw(st.sampled_from(["1", '"x"', "null", "[]"])) + closing
    if draw(st.booleans()):
        core = json.dumps({"text": PROSE})[:-1] + ', "extra": ' + core + "}"
    if draw(st.booleans()):
        core = core[: draw(st.integers(0, len(core)))]
    return core


prologs = st.lists(
    st.sampled_from([
        "\ufeff", "\n", '<?xml version="1.0" encoding="utf-8"?>', "<!-- a comment > with a bracket -->",
        '<?xml-stylesheet href="s.xsl"?>', '<!DOCTYPE rss [<!ENTITY nbsp "&#160;"> <!ENTITY gt ">">]>',
        '<!DOCTYPE feed SYSTEM "x.dtd">', "<!DOCTYPE html>", '<!DOCTYPE rss [\n<!ELEMENT rss ANY>\n]>',
    ]),
    max_size=4,
).map("".join)  # fmt: skip


@st.composite
def feeds(draw: st.DrawFn) -> str:
    """An RSS or Atom feed with a random prolog, random entry count and text."""
    n = draw(st.integers(0, 30))
    texts = [draw(st.sampled_from([PROSE, "", "&nbsp;" + PROSE, "<p>" + PROSE + "</p>"])) for _ in range(n)]
    if draw(st.booleans()):
        items = "".join(f"<item><title>T{i}</title><description>{t}</description></item>" for i, t in enumerate(texts))
        body = f'<rss version="2.0"><channel><title>Ledger</title>{items}</channel></rss>'
    else:
        items = "".join(f"<entry><title>T{i}</title><id>u{i}</id><summary>{t}</summary></entry>"
                        for i, t in enumerate(texts))  # fmt: skip
        body = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>Ledger</title><id>f</id>{items}</feed>'
    return draw(prologs) + body


@st.composite
def pages(draw: st.DrawFn) -> str:
    """An HTML page nested to a random depth, sometimes with JSON-LD nested to a random depth."""
    n = draw(depths.filter(lambda d: d <= 5_000))
    head = ""
    if draw(st.booleans()):
        head = f'<script type="application/ld+json">{draw(nested_json())}</script>'
    return (
        draw(prologs) + f"<html><head><title>Ferry</title>{head}</head><body>" + "<div>" * n
        + f"<article><p>{PROSE}</p><p>{PROSE}</p></article>" + "</div>" * n + "</body></html>"
    )  # fmt: skip


any_text = st.one_of(
    nested_json(),
    feeds(),
    pages(),
    words,
    st.text(max_size=3_000),
    st.builds(lambda w, n: (w + " ") * n, words, st.integers(0, 20_000)),  # sizes
    st.just("a. " * 10_000),
)


@st.composite
def input_bytes(draw: st.DrawFn) -> bytes:
    """Any of the texts above in any encoding, or raw bytes."""
    if draw(st.integers(0, 5)) == 0:
        return draw(st.binary(max_size=5_000))
    text = draw(any_text)
    return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


# -- readers ---------------------------------------------------------------------------------------------------------


@SETTINGS
@given(data=input_bytes(), suffix=st.sampled_from(["", ".txt", ".json", ".jsonl", ".csv", ".html", ".xml"]))
def test_fuzz_any_file_is_articles_or_failures_never_an_exception(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    result = read_articles([str(path)])
    assert result.articles or result.failures
    for failure in result.failures:
        assert failure.reason and "\n" not in failure.reason.strip()


@SETTINGS
@given(text=any_text)
def test_fuzz_the_corpus_readers_yield_records_or_errors(text: str) -> None:
    for reader in (iter_jsonl, iter_json, iter_csv):
        for got in reader(text, name="in", fields=FieldMap()):
            assert isinstance(got, InputError | tuple)


@SETTINGS
@given(text=any_text)
def test_fuzz_sniffing_and_root_tag_never_raise(text: str) -> None:
    assert sniff(text) in ("feed", "html", "jsonl", "json", "csv", "text")
    root = root_tag(text)
    assert root is None or root[0]


@SETTINGS
@given(prolog=prologs, atom=st.booleans())
def test_fuzz_a_feed_is_a_feed_whatever_its_prolog(prolog: str, atom: bool) -> None:
    body = ('<feed xmlns="http://www.w3.org/2005/Atom">' if atom else '<rss version="2.0">') + "..."
    if "<!DOCTYPE html>" in prolog:
        return  # an HTML doctype before a feed is not a feed's prolog
    assert sniff(prolog + body) == "feed"


@SETTINGS
@given(text=nested_json())
def test_fuzz_nesting_is_refused_above_the_limit_and_parsed_below(text: str) -> None:
    try:
        loads(text, where="x")
    except InputError as exc:
        assert "nests deeper" in str(exc) or "not valid JSON" in str(exc)
        return
    assert depth(text) <= MAX_DEPTH


# -- batch records ---------------------------------------------------------------------------------------------------


@settings(SETTINGS, max_examples=25)
@given(lines=st.lists(input_bytes().map(lambda b: b.replace(b"\n", b" ")), min_size=1, max_size=4))
def test_fuzz_batch_records_become_rows_or_error_rows(lines: list[bytes]) -> None:
    spec = make_spec("summarize", {"sentences": 1}, max_record_bytes=1_000_000)
    result = run_chunk(spec, Chunk(0, list(enumerate(lines, start=1))))
    assert len(result.rows) + len(result.errors) == len(lines)
    for line in lines:
        try:
            parse_record(line, line=1)
        except InputError:
            pass


# -- server requests -------------------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | words,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(words, inner, max_size=4),
    max_leaves=20,
)
article_in = st.fixed_dictionaries(
    {},
    optional={
        "text": st.one_of(st.just(PROSE), words),
        "document": any_text,
        "name": st.sampled_from(["a.html", "f.xml", "r.jsonl", "x"]),
        "id": words,
        "published": st.one_of(words, st.just("2022-01-10")),
        "title": words,
    },
)
big_ints = st.one_of(st.integers(-5, 200), st.just(int("9" * 400)), st.just(2**63))
REQUESTS: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "summarize": st.fixed_dictionaries(
        {"articles": st.lists(article_in, min_size=1, max_size=3)},
        optional={"words": big_ints, "sentences": big_ints, "ratio": st.floats(), "outline": st.booleans()},
    ),
    "check": st.fixed_dictionaries(
        {"summary": st.one_of(st.just(PROSE), words, json_values), "sources": st.lists(article_in, max_size=3)}
    ),
    "timeline": st.fixed_dictionaries(
        {"articles": st.lists(article_in, min_size=1, max_size=3)}, optional={"dates": big_ints, "per_date": big_ints}
    ),
    "digest": st.fixed_dictionaries(
        {"articles": st.lists(article_in, min_size=1, max_size=3)}, optional={"words": big_ints, "stories": big_ints}
    ),
}


@pytest.fixture(scope="module")
def engine() -> Any:
    pytest.importorskip("pydantic")
    from precis.server.jobs import Engine
    from precis.server.settings import ServerSettings

    return Engine(ServerSettings(workers=1))


@pytest.mark.parametrize("job", sorted(REQUESTS))
def test_fuzz_every_request_schema_answers_or_refuses_never_crashes(job: str, engine: Any) -> None:
    from pydantic import ValidationError

    from precis.server import schemas
    from precis.server.jobs import JOBS

    model = {"summarize": schemas.SummarizeRequest, "check": schemas.CheckRequest,
             "timeline": schemas.TimelineRequest, "digest": schemas.DigestRequest}[job]  # fmt: skip

    @settings(SETTINGS, max_examples=20)
    @given(body=REQUESTS[job] | st.dictionaries(words, json_values, max_size=3))
    def one(body: dict[str, Any]) -> None:
        try:
            request = model.model_validate(body)
        except ValidationError:
            return
        try:
            JOBS[job](engine, request.model_dump(exclude_none=True))
        except PrecisError:
            pass

    one()


@settings(SETTINGS, max_examples=30)
@given(body=nested_json().map(str.encode) | st.binary(max_size=2_000))
def test_fuzz_request_bodies_are_measured_before_parsing(body: bytes) -> None:
    from precis.readers.nesting import too_deep

    assert isinstance(too_deep(body), bool)  # what the server's NestingLimit asks of every body: never raises


@SETTINGS
@given(host=st.one_of(words, st.sampled_from(["evil.example", "127.0.0.1:8000", "[::1]", "localhost", "a.localhost"])))
def test_fuzz_host_allow_list_answers_only_addresses_localhost_and_named_hosts(host: str) -> None:
    from precis.server.limits import host_allowed

    allowed = host_allowed(host, frozenset({"briefs.example"}))
    name = host.strip().lower().rsplit(":", 1)[0] if host.count(":") == 1 else host.strip().lower()
    if name.rstrip(".") in ("evil.example",):
        assert not allowed
    if name in ("localhost", "127.0.0.1", "briefs.example"):
        assert allowed
