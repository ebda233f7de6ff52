"""Tests for precis.readers.read_articles: files, JSONL, folders, stdin, failures."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from precis.errors import InputWarning
from precis.readers import ReadResult, read_articles

PROSE = (
    "The town council of Brackwell voted on Monday to close the old swimming baths. "
    "Members said the building needed repairs that the town could not afford.\n"
)
OTHER_PROSE = "A new library opened in the harbour district on Friday. It has room for ten thousand books.\n"


def _jsonl(path: Path, records: list[object]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _read(*paths: Path | str, **kwargs: object) -> ReadResult:
    return read_articles([str(p) for p in paths], **kwargs)  # type: ignore[arg-type]


def test_readers_plain_text_file_is_one_article_named_by_stem(tmp_path: Path) -> None:
    path = tmp_path / "council-vote.txt"
    path.write_text(PROSE, encoding="utf-8")
    result = _read(path)
    assert result.failures == []
    assert len(result.articles) == 1
    article = result.articles[0]
    assert article.id == "council-vote"
    assert article.text == PROSE
    assert (article.title, article.outlet, article.url, article.author, article.published) == (None,) * 5


def test_readers_jsonl_reads_every_metadata_field(tmp_path: Path) -> None:
    record = {
        "id": "bw-1",
        "title": "Baths to close",
        "outlet": "Brackwell Herald",
        "url": "https://herald.example/baths",
        "author": "Nell Ortiz",
        "date": "2024-03-04T18:30:00+01:00",
        "text": PROSE,
    }
    path = _jsonl(tmp_path / "story.jsonl", [record])
    result = _read(path)
    assert result.failures == []
    (article,) = result.articles
    assert article.id == "bw-1"
    assert article.title == "Baths to close"
    assert article.outlet == "Brackwell Herald"
    assert article.url == "https://herald.example/baths"
    assert article.author == "Nell Ortiz"
    assert article.text == PROSE
    assert isinstance(article.published, datetime)
    assert article.published.utcoffset() == timedelta(hours=1)
    assert article.published.hour == 18


def test_readers_jsonl_accepts_published_and_z_suffix(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "story.jsonl", [{"text": PROSE, "published": "2024-03-04T10:00:00Z"}])
    (article,) = _read(path).articles
    assert article.published is not None
    assert article.published.utcoffset() == timedelta(0)


def test_readers_jsonl_default_id_is_file_and_line(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "story.jsonl", [{"text": PROSE}, "", {"text": OTHER_PROSE}])
    result = _read(path)
    assert result.failures == []
    assert [a.id for a in result.articles] == [f"{path}:1", f"{path}:3"]


def test_readers_jsonl_bad_lines_fail_alone_and_name_file_and_line(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "mixed.jsonl",
        [
            {"id": "good-1", "text": PROSE},
            "{this is not json",
            {"id": "no-text", "title": "Headline only"},
            {"id": "bad-date", "text": OTHER_PROSE, "date": "last Tuesday"},
            {"id": "good-2", "text": OTHER_PROSE + " The ministry said more talks would follow."},
            '["a list", "not an object"]',
        ],
    )
    with pytest.warns(InputWarning, match="last Tuesday"):  # a date it cannot read: undated, one warning
        result = _read(path)
    assert [a.id for a in result.articles] == ["good-1", "bad-date", "good-2"]
    assert result.articles[1].published is None
    assert [f.source for f in result.failures] == [f"{path}:{n}" for n in (2, 3, 6)]
    for failure in result.failures:
        assert failure.source in failure.reason
    assert "JSON" in result.failures[0].reason
    assert "text" in result.failures[1].reason


def test_readers_folder_keeps_good_files_and_reports_each_bad_one(tmp_path: Path) -> None:
    root = tmp_path / "coverage"
    (root / "nested" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text(PROSE, encoding="utf-8")
    (root / "nested" / "b.md").write_text(OTHER_PROSE, encoding="utf-8")
    _jsonl(root / "nested" / "deeper" / "c.jsonl", [{"id": "c-1", "text": PROSE}])
    binary = root / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    latin1 = root / "nested" / "latin.txt"
    latin1.write_bytes("The café on Quay Street reopened on Monday after the strike.".encode("latin-1"))
    empty = root / "nested" / "deeper" / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")

    result = _read(root)

    assert sorted(a.id for a in result.articles) == ["a", "b", "latin"]
    assert next(a for a in result.articles if a.id == "a").also_ids == ("c-1",)  # c-1 holds a.txt's text again
    assert "The café on Quay Street" in next(a.text for a in result.articles if a.id == "latin")
    assert sorted(f.source for f in result.failures) == sorted(str(p) for p in (binary, empty))
    reasons = {f.source: f.reason for f in result.failures}
    assert "not text" in reasons[str(binary)]
    assert "empty" in reasons[str(empty)]
    for source, reason in reasons.items():
        assert source in reason


def test_readers_folder_skips_hidden_files_and_folders(tmp_path: Path) -> None:
    root = tmp_path / "coverage"
    (root / ".cache").mkdir(parents=True)
    (root / "seen.txt").write_text(PROSE, encoding="utf-8")
    (root / ".draft.txt").write_text(OTHER_PROSE, encoding="utf-8")
    (root / ".cache" / "copy.txt").write_text(OTHER_PROSE, encoding="utf-8")
    result = _read(root)
    assert [a.id for a in result.articles] == ["seen"]
    assert result.failures == []


def test_readers_dash_reads_the_given_stdin_stream(tmp_path: Path) -> None:
    result = read_articles(["-"], stdin=io.BytesIO(PROSE.encode("utf-8")))
    assert result.failures == []
    (article,) = result.articles
    assert article.id == "stdin"
    assert article.text == PROSE


def test_readers_dash_reads_jsonl_from_stdin() -> None:
    data = json.dumps({"id": "piped", "text": PROSE}).encode("utf-8") + b"\n"
    result = read_articles(["-"], stdin=io.BytesIO(data))
    assert [a.id for a in result.articles] == ["piped"]


def test_readers_empty_stdin_is_a_failure() -> None:
    result = read_articles(["-"], stdin=io.BytesIO(b""))
    assert result.articles == []
    assert [f.source for f in result.failures] == ["<stdin>"]


def test_readers_file_over_max_bytes_fails_naming_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(PROSE * 10, encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text(OTHER_PROSE, encoding="utf-8")
    assert big.stat().st_size > 500 > small.stat().st_size
    result = _read(big, small, max_bytes=500)
    assert [a.id for a in result.articles] == ["small"]
    (failure,) = result.failures
    assert failure.source == str(big)
    assert "500-byte limit" in failure.reason


def test_readers_file_of_exactly_max_bytes_is_read(tmp_path: Path) -> None:
    path = tmp_path / "exact.txt"
    path.write_text(PROSE, encoding="utf-8")
    result = _read(path, max_bytes=path.stat().st_size)
    assert [a.id for a in result.articles] == ["exact"]


def test_readers_missing_path_is_a_failure_not_an_exception(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    good = tmp_path / "here.txt"
    good.write_text(PROSE, encoding="utf-8")
    result = _read(missing, good)
    assert [a.id for a in result.articles] == ["here"]
    (failure,) = result.failures
    assert failure.source == str(missing)
    assert str(missing) in failure.reason
    assert "exist" in failure.reason


def test_readers_duplicate_ids_across_files_are_made_unique(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "report.txt").write_text(PROSE, encoding="utf-8")
    (tmp_path / "two" / "report.txt").write_text(OTHER_PROSE, encoding="utf-8")
    _jsonl(
        tmp_path / "more.jsonl",
        [{"id": "report", "text": PROSE + "It reopens in May."}, {"id": "report", "text": PROSE}],
    )
    result = _read(tmp_path / "one" / "report.txt", tmp_path / "two" / "report.txt", tmp_path / "more.jsonl")
    assert [a.id for a in result.articles] == ["report", "report#2", "report#3"]
    assert result.articles[1].text == OTHER_PROSE
    assert result.articles[0].also_ids == ()  # the same text under the same id again: nothing to keep


def test_readers_txt_file_holding_jsonl_is_read_as_jsonl(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "feed.txt", [{"id": "x-1", "text": PROSE}, {"id": "x-2", "text": OTHER_PROSE}])
    result = _read(path)
    assert [a.id for a in result.articles] == ["x-1", "x-2"]
    assert result.articles[0].text == PROSE


def test_readers_jsonl_file_holding_prose_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "misnamed.jsonl"
    path.write_text(PROSE, encoding="utf-8")
    result = _read(path)
    assert result.failures == []
    (article,) = result.articles
    assert article.id == "misnamed"
    assert article.text == PROSE


def test_readers_prose_opening_with_a_brace_is_text(tmp_path: Path) -> None:
    path = tmp_path / "brace.txt"
    text = "{Editor's note} The council met again on Tuesday. It voted to keep the baths open.\n"
    path.write_text(text, encoding="utf-8")
    (article,) = _read(path).articles
    assert article.text == text


WEB = Path(__file__).resolve().parent.parent / "data" / "web"


def test_readers_choose_the_reader_by_content_not_suffix(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_bytes((WEB / "article_minimal.html").read_bytes())
    (tmp_path / "feed.txt").write_bytes((WEB / "feed_atom.xml").read_bytes())
    (tmp_path / "pretty.txt").write_text(json.dumps([{"text": PROSE, "id": "p1"}], indent=2), encoding="utf-8")
    (tmp_path / "rows.txt").write_text(f'title,text\nBaths,"{PROSE.strip()}"\n', encoding="utf-8")
    (tmp_path / "prose.txt").write_text(PROSE + "Readers wrote in to ask what <p> means in HTML.\n", encoding="utf-8")
    result = _read(*(tmp_path / n for n in ("page.txt", "feed.txt", "pretty.txt", "rows.txt", "prose.txt")))
    assert result.failures == []
    origins = list(result.origins.values())
    assert origins[0] == str(tmp_path / "page.txt")  # the page: one article, no markup left
    assert "<p>" not in result.articles[0].text
    assert sum(o.startswith("https://") or "feed.txt" in o for o in origins) >= 2  # feed entries
    assert "p1" in result.origins and result.articles[-2].title == "Baths"
    assert result.articles[-1].text.endswith("what <p> means in HTML.\n")  # prose stays prose


def test_readers_a_front_page_fails_alone_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "front.html").write_bytes((WEB / "front_page.html").read_bytes())
    (tmp_path / "story.txt").write_text(PROSE, encoding="utf-8")
    result = _read(tmp_path)
    assert [a.id for a in result.articles] == ["story"]
    (failure,) = result.failures
    assert "front" in failure.source and "no article text" in failure.reason


def test_readers_an_unsupported_url_scheme_is_one_failure() -> None:
    result = _read("ftp://files.example/story.txt")
    assert result.articles == []
    assert "http://" in result.failures[0].reason
