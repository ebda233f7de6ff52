"""The tables of a store and the ordered migrations that build them.

A store holds what ``precis track`` has read and told:

==================  ==========================================================
``precis_meta``     ``application = precis-track``: marks a file as a store
``schema_version``  one row per migration applied (version, when)
``sources``         what is read on every run, with its HTTP validators
                    (ETag, Last-Modified) and the last run's error
``runs``            each ``track run``: when, its status and its counts
``articles``        every article read once: canonical URL, content hash,
                    metadata, text, the run that first saw it, and the stored
                    article it copies (if any)
``stories``         stable story ids, their title, dates, size, the run that
                    last changed them, and the story a merged one joined
``members``         which story each article belongs to (one each)
``briefings``       each ``track brief``: the reader, when, since when
``briefed``         which articles of which story each briefing told
``story_briefs``    each briefing's part about one story (JSON), for the page
==================  ==========================================================

The schema is versioned: :data:`MIGRATIONS` lists the steps in order, each
taking a store from version ``n - 1`` to ``n`` inside one transaction, and
:data:`SCHEMA_VERSION` is the last. Version 1 had neither the sources' HTTP
validators nor merged stories; version 2 adds both.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

__all__ = ["APPLICATION", "MIGRATIONS", "SCHEMA_VERSION", "TABLES", "metadata"]

APPLICATION = "precis-track"


def _tables(md: sa.MetaData, *, version: int) -> None:
    """Declare the tables of schema ``version`` (1 or 2) on ``md``."""
    sa.Table("precis_meta", md, sa.Column("key", sa.String(64), primary_key=True), sa.Column("value", sa.Text))
    sa.Table(
        "schema_version", md,
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("applied_at", sa.String(40), nullable=False),
    )  # fmt: skip
    source_columns = [sa.Column("etag", sa.Text), sa.Column("last_modified", sa.Text)] if version >= 2 else []
    sa.Table(
        "sources", md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("location", sa.Text, nullable=False, unique=True),
        sa.Column("added_at", sa.String(40), nullable=False),
        sa.Column("last_run", sa.Integer),
        sa.Column("last_error", sa.Text),
        *source_columns,
    )  # fmt: skip
    sa.Table(
        "runs", md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started_at", sa.String(40), nullable=False),
        sa.Column("finished_at", sa.String(40)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("read", sa.Integer, nullable=False, default=0),
        sa.Column("new", sa.Integer, nullable=False, default=0),
        sa.Column("skipped", sa.Integer, nullable=False, default=0),
        sa.Column("failed", sa.Integer, nullable=False, default=0),
    )  # fmt: skip
    sa.Table(
        "articles", md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id")),
        sa.Column("read_id", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("url_key", sa.Text, unique=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("published", sa.String(40)),
        sa.Column("published_ts", sa.Float, index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("first_run", sa.Integer, sa.ForeignKey("runs.id"), nullable=False, index=True),
        sa.Column("copy_of", sa.Integer, sa.ForeignKey("articles.id")),
        sa.Column("copy_kind", sa.String(16)),
        sa.Column("set_apart", sa.Text),
    )  # fmt: skip
    story_columns = [sa.Column("merged_into", sa.Integer, sa.ForeignKey("stories.id"))] if version >= 2 else []
    sa.Table(
        "stories", md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("created_run", sa.Integer, sa.ForeignKey("runs.id"), nullable=False),
        sa.Column("updated_run", sa.Integer, sa.ForeignKey("runs.id"), nullable=False, index=True),
        sa.Column("updated_at", sa.String(40), nullable=False),
        sa.Column("first_ts", sa.Float),
        sa.Column("last_ts", sa.Float, index=True),
        sa.Column("size", sa.Integer, nullable=False),
        *story_columns,
    )  # fmt: skip
    sa.Table(
        "members", md,
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id"), primary_key=True),
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id"), nullable=False, index=True),
    )  # fmt: skip
    sa.Table(
        "briefings", md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reader", sa.Text, nullable=False, index=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("since", sa.String(40)),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id")),
    )  # fmt: skip
    sa.Table(
        "briefed", md,
        sa.Column("briefing_id", sa.Integer, sa.ForeignKey("briefings.id"), primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id"), primary_key=True),
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id"), nullable=False, index=True),
    )  # fmt: skip
    sa.Table(
        "story_briefs", md,
        sa.Column("briefing_id", sa.Integer, sa.ForeignKey("briefings.id"), primary_key=True),
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id"), primary_key=True),
        sa.Column("document", sa.Text, nullable=False),
    )  # fmt: skip


metadata = sa.MetaData()
_tables(metadata, version=2)
TABLES = metadata.tables


def _v1(conn: sa.Connection) -> None:
    """Version 1: every table, without the sources' validators and merged stories."""
    md = sa.MetaData()
    _tables(md, version=1)
    md.create_all(conn)


def _v2(conn: sa.Connection) -> None:
    """Version 2: ETag and Last-Modified per source (conditional requests); merged stories."""
    for statement in (
        "ALTER TABLE sources ADD COLUMN etag TEXT",
        "ALTER TABLE sources ADD COLUMN last_modified TEXT",
        "ALTER TABLE stories ADD COLUMN merged_into INTEGER REFERENCES stories (id)",
    ):
        conn.execute(sa.text(statement))


MIGRATIONS: tuple[Callable[[sa.Connection], None], ...] = (_v1, _v2)
SCHEMA_VERSION = len(MIGRATIONS)
