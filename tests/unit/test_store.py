"""The store of ``precis track`` on SQLite and on a real PostgreSQL server: one contract for both."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("sqlalchemy")

from sqlalchemy.exc import IntegrityError
from tests.pg_server import fresh_postgres_db, postgres_url  # noqa: F401

from precis import Article
from precis.store import StoreError, open_store
from precis.store.base import Batch, BriefedStory, NewArticle
from precis.store.briefing import BriefOptions, build_briefing, record_briefing
from precis.store.briefing_render import render_briefing
from precis.store.identity import canonical_url, content_hash
from precis.store.schema import MIGRATIONS, SCHEMA_VERSION
from precis.store.sql import SqlStore
from precis.store.tracking import RunOptions, run_sources

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new store's location: an SQLite file, or an empty database on a real PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("fresh_postgres_db"))


def _new(key: str, text: str, *, url: str | None = None, story: int | str | None = None) -> NewArticle:
    article = Article(key, text, title=text.split(".")[0], url=url, published=datetime(2022, 1, 10, tzinfo=UTC))
    return NewArticle(key, article, None, canonical_url(url), content_hash(text), read_id=key, story=story)


def test_store_runs_and_skips_what_it_read(location: str) -> None:
    with open_store(location) as store:
        assert store.add_sources([str(EXAMPLES / "geneva_talks.jsonl"), str(EXAMPLES / "other_news.jsonl")]) == [
            (str(EXAMPLES / "geneva_talks.jsonl"), True), (str(EXAMPLES / "other_news.jsonl"), True)]  # fmt: skip
        first = run_sources(store)
        assert (first.read, first.new, first.copies, first.new_stories) == (10, 10, 2, 3)
        again = run_sources(store)
        assert (again.new, again.skipped) == (0, {"same URL": 10})
        assert store.counts() == {"articles": 10, "sources": 2, "runs": 2, "briefings": 0, "stories": 3}
        stories = store.stories()
        assert [s.size for s in stories] == [5, 3, 1]
        members = store.members(stories[0].id)
        copies = [m for m in members if m.copy_of is not None]
        assert len(copies) == 1 and copies[0].copy_kind == "reworded"
        assert all(m.article.id == f"a{m.pk}" for m in members)


def test_store_run_in_batches_analyses_each_stored_article_once(location: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from precis.analysis.document import Document

    with open_store(location) as store:
        store.add_sources([str(EXAMPLES / "geneva_talks.jsonl")])
        run_sources(store)
        store.add_sources([str(EXAMPLES / "other_news.jsonl")])
        analysed: list[str] = []
        init = Document.__init__

        def counting(self: Document, article: Article) -> None:
            analysed.append(article.id)
            init(self, article)

        monkeypatch.setattr(Document, "__init__", counting)
        report = run_sources(store, RunOptions(batch_size=1))  # one batch per new article: 5 batches
    stored = [i for i in analysed if i.startswith("a")]
    assert report.new == 5 and len(stored) > 5  # each batch compares the stored ones
    assert len(stored) == len(set(stored))  # but analyses each once per run, not once per batch


def test_store_same_text_under_another_url_is_skipped(location: str, tmp_path: Path) -> None:
    text = "The Marl bridge closed after floods on Monday. Crews pumped water all night. The mayor visited at noon."
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.txt").write_text(text.replace(". ", ".  "))
    with open_store(location) as store:
        store.add_sources([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
        report = run_sources(store)
        assert (report.new, report.skipped) == (1, {"same text": 1})


def test_store_briefing_tells_news_once_per_reader(location: str) -> None:
    with open_store(location) as store:
        store.add_sources([str(EXAMPLES / "geneva_talks.jsonl")])
        run_sources(store)
        document, told = build_briefing(store, BriefOptions(words=40, timeline_dates=2))
        assert [p["mode"] for p in document["stories"]] == ["summary"]
        part = document["stories"][0]
        assert len(part["new"]) == 4 and part["seen"] == 0  # five articles, one a copy
        for item in part["items"]:
            for c in item["citations"]:
                assert c["quote"] and c["article_id"] in part["articles"]
        record_briefing(store, document, told)
        assert build_briefing(store, BriefOptions())[0]["stories"] == []
        other, _ = build_briefing(store, BriefOptions(reader="ana"))
        assert len(other["stories"]) == 1  # each reader has their own memory
        since, _ = build_briefing(store, BriefOptions(since=datetime(2022, 1, 13, tzinfo=UTC)))
        assert sorted(since["stories"][0]["new"]) == sorted(  # published on 13 and 14 January
            m.article.id for m in store.members(1) if m.article.published and m.article.published.day >= 13)
        assert store.story_brief(1) is not None
        for fmt in ("text", "md", "json", "html"):
            assert "Geneva" in render_briefing(document, fmt)  # type: ignore[arg-type]


def test_store_briefing_says_where_a_vague_amount_gets_its_figure(location: str) -> None:
    # the lead's "tens of thousands of troops" stands for the "about 100,000" its article gives later
    with open_store(location) as store:
        store.add_sources([str(EXAMPLES / "geneva_talks.jsonl")])
        run_sources(store)
        document, _ = build_briefing(store, BriefOptions(words=150))
        conflicts = [k for p in document["stories"] for i in p["items"] for k in i["conflicts"] if "said_citation" in k]
        assert conflicts and all(k["said_citation"]["quote"] for k in conflicts)
        text, html = render_briefing(document, "text"), render_briefing(document, "html")
        assert 'not "about 100,000 troops" (the figure [' in text
        assert "about 100,000 troops&rdquo; (the figure [" in html


def test_store_update_briefing_names_only_what_changed(location: str, tmp_path: Path) -> None:
    with open_store(location) as store:
        store.add_sources([str(EXAMPLES / "geneva_talks.jsonl")])
        run_sources(store)
        record_briefing(store, *build_briefing(store, BriefOptions(words=40)))
        store.add_sources([str(EXAMPLES / "track" / "day1")])
        run_sources(store)
        document, _ = build_briefing(store, BriefOptions(words=60))
        talks = next(p for p in document["stories"] if p["id"] == "s1")
        assert talks["mode"] == "update" and talks["seen"] == 4
        cited = {c["article_id"] for i in talks["items"] for c in i["citations"]}
        assert cited <= set(talks["new"])  # what changed cites only the news


def test_store_merges_two_stories_when_a_batch_joins_them(location: str) -> None:
    a = "Floods closed the Marl bridge on Monday. Crews pumped water from the bridge all night long."
    b = "A chess prodigy won the Marlow city open on Sunday. She is twelve and beat three masters."
    with open_store(location) as store:
        run = store.begin_run()
        batch = Batch(articles=[_new("n0", a, story="x"), _new("n1", b, story="y")], new_stories={"x": "A", "y": "B"})
        store.commit_batch(run, batch)
        s1, s2 = sorted(s.id for s in store.stories())
        joined = _new("n2", "Both stories in one: the Marl bridge and the chess open.", story=s1)
        store.commit_batch(run, Batch(articles=[joined], merges={s2: s1}))
        assert [(s.id, s.size) for s in store.stories()] == [(s1, 3)]
        gone = store.story(s2)
        assert gone is not None and gone.merged_into == s1


def test_store_commit_skips_an_article_stored_meanwhile(location: str) -> None:
    with open_store(location) as store:
        run = store.begin_run()
        text = "The ferry to Arle stops in November. The council blamed rising costs and low demand."
        first = store.commit_batch(run, Batch(articles=[_new("n0", text, url="https://x.example/a", story="s")],
                                              new_stories={"s": "Ferry"}))  # fmt: skip
        again = store.commit_batch(run, Batch(articles=[_new("n0", text + " ", url="https://x.example/a/")]))
        assert list(first) == ["n0"] and again == {}
        assert store.counts()["articles"] == 1


def test_store_record_briefing_is_one_transaction(location: str) -> None:
    with open_store(location) as store:
        run = store.begin_run()
        text = "The ferry to Arle stops in November. The council blamed rising costs and low demand."
        pk = store.commit_batch(run, Batch(articles=[_new("n0", text, story="s")], new_stories={"s": "Ferry"}))["n0"]
        with pytest.raises(IntegrityError):  # a story that does not exist breaks the foreign key
            store.record_briefing("r", since=None, run_id=run, stories=[BriefedStory(1, (pk,), "{}"),
                                                                         BriefedStory(999, (pk,), "{}")])  # fmt: skip
        assert store.last_briefing("r") is None


def test_identity_canonical_url_and_hash() -> None:
    assert canonical_url("https://WWW.example.com/a/?utm_medium=x#f") == canonical_url("https://example.com/a")
    assert canonical_url("https://example.com/a?b=1") != canonical_url("https://example.com/a?b=2")
    assert canonical_url(None) is None
    assert content_hash("a  b\n") == content_hash("a b") != content_hash("a c")


# --- opening: what is refused, never changed -----------------------------------------------------------------


def test_store_refuses_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"my notes, not a database\n")
    with pytest.raises(StoreError, match="not a precis store"):
        open_store(str(path))
    assert path.read_bytes() == b"my notes, not a database\n"


def test_store_refuses_another_programs_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another program"):
        open_store(str(path))
    assert path.read_bytes() == before


def test_store_refuses_a_corrupt_store(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    open_store(str(path)).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the header stays, the schema page is gone
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=r"cannot be used|not a precis store|another program"):
        open_store(str(path))
    assert path.read_bytes() == bytes(data)


def test_store_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    open_store(str(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99, 'later')")
    with pytest.raises(StoreError, match="newer precis"):
        open_store(str(path))


def test_store_is_not_created_when_only_reading(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="No store"):
        open_store(str(tmp_path / "none.db"), create=False)
    assert not (tmp_path / "none.db").exists()


def test_store_sqlite_is_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    open_store(str(path)).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_migrates_a_version_1_file(tmp_path: Path) -> None:
    """A store written by schema 1 (no validators, no merges) opens, migrated, with its rows kept."""
    import sqlalchemy as sa

    from precis.store.schema import APPLICATION

    path = tmp_path / "old.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        MIGRATIONS[0](conn)
        conn.execute(sa.text("INSERT INTO precis_meta VALUES ('application', :a)"), {"a": APPLICATION})
        conn.execute(sa.text("INSERT INTO schema_version VALUES (1, '2026-01-01')"))
        conn.execute(sa.text("INSERT INTO sources (location, added_at) VALUES ('feed.xml', '2026-01-01')"))
    engine.dispose()
    with SqlStore(str(path)) as store:
        [source] = store.sources()
        assert (source.location, source.etag, source.last_modified) == ("feed.xml", None, None)
        assert store.stories() == []
    with sqlite3.connect(path) as conn:
        assert [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")] == list(
            range(1, SCHEMA_VERSION + 1))  # fmt: skip


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_identity_hash_ignores_whitespace_runs(text: str) -> None:
    assert content_hash(text) == content_hash("  " + "\n\n".join(text.split(" ")) + "\t")


@given(st.from_regex(r"https?://(www\.)?[a-z]{1,8}\.example/[a-z/]{0,12}(\?[a-z]=[0-9]{1,3}(&utm_[a-z]+=x)?)?",
                     fullmatch=True))  # fmt: skip
def test_identity_canonical_url_is_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert once is not None and canonical_url(once) == once
