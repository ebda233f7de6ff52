"""The store on SQLAlchemy Core: one code path for SQLite and PostgreSQL.

Every write is one transaction (``engine.begin()``): a batch of articles with
their stories and merges, a run's end with its sources' validators, a
briefing with what it told. A process killed in the middle of one leaves the
store as it was before it; the next run reads the same sources again and
skips what the committed transactions stored (same canonical URL, same text).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from ..model import Article
from .base import Batch, BriefedStory, NewArticle, SourceRecord, SourceUpdate, StoredArticle, StoryRecord, article_key
from .opening import now_iso, open_engine
from .schema import TABLES

__all__ = ["SqlStore"]

_T = TABLES
_DAY = 86_400.0
_RECENT_RUNS = 2  # articles first seen in the last runs are compared for copies, whatever their dates


def _chunks(values: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for lo in range(0, len(values), size):
        yield values[lo : lo + size]


class SqlStore:
    """A store in an SQLite file or a PostgreSQL database (see :mod:`precis.store`).

    Parameters
    ----------
    location : str
        A file path (SQLite) or a ``postgresql://`` URL.
    create : bool, default=True
        Create the store when it does not exist (False: raise :class:`StoreError`).
    """

    def __init__(self, location: str, *, create: bool = True) -> None:
        self.location = location
        self.engine: sa.Engine = open_engine(location, create=create)

    def close(self) -> None:
        """Close every connection."""
        self.engine.dispose()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # sources -----------------------------------------------------------------------------------------------
    def add_sources(self, locations: Iterable[str]) -> list[tuple[str, bool]]:
        """Add sources; each location with whether it was new."""
        out: list[tuple[str, bool]] = []
        with self.engine.begin() as conn:
            have = set(conn.execute(sa.select(_T["sources"].c.location)).scalars())
            for location in locations:
                added = location not in have
                if added:
                    conn.execute(_T["sources"].insert().values(location=location, added_at=now_iso()))
                    have.add(location)
                out.append((location, added))
        return out

    def remove_sources(self, locations: Iterable[str]) -> list[str]:
        """Stop reading these sources (their articles stay); the locations that were sources."""
        wanted = list(locations)
        with self.engine.begin() as conn:
            src = _T["sources"]
            found = list(conn.execute(sa.select(src.c.id, src.c.location).where(src.c.location.in_(wanted))))
            ids = [r.id for r in found]
            if ids:
                conn.execute(_T["articles"].update().where(_T["articles"].c.source_id.in_(ids)).values(source_id=None))
                conn.execute(src.delete().where(src.c.id.in_(ids)))
        return [r.location for r in found]

    def sources(self) -> list[SourceRecord]:
        """Every source, in the order added."""
        src = _T["sources"]
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(src).order_by(src.c.id))
            return [SourceRecord(r.id, r.location, r.added_at, r.last_run, r.last_error, r.etag, r.last_modified)
                    for r in rows]  # fmt: skip

    # runs --------------------------------------------------------------------------------------------------
    def begin_run(self) -> int:
        """Start a run (a run left 'running' by a killed process is marked 'interrupted'); its number."""
        runs = _T["runs"]
        with self.engine.begin() as conn:
            conn.execute(runs.update().where(runs.c.status == "running").values(status="interrupted"))
            return _new_id(conn.execute(runs.insert().values(started_at=now_iso(), status="running")))

    def finish_run(self, run_id: int, *, counts: Mapping[str, int], updates: Sequence[SourceUpdate],
                   status: str) -> None:  # fmt: skip
        """End a run: its counts, and each source's error or new validators, in one transaction."""
        src = _T["sources"]
        with self.engine.begin() as conn:
            for u in updates:
                values: dict[str, Any] = {"last_run": run_id, "last_error": u.error}
                if u.validators:
                    values |= {"etag": u.etag, "last_modified": u.last_modified}
                conn.execute(src.update().where(src.c.id == u.source_id).values(**values))
            conn.execute(_T["runs"].update().where(_T["runs"].c.id == run_id)
                         .values(finished_at=now_iso(), status=status, **counts))  # fmt: skip

    def last_run(self) -> int | None:
        """The number of the last finished run, if any."""
        runs = _T["runs"]
        with self.engine.connect() as conn:
            value = conn.execute(sa.select(sa.func.max(runs.c.id)).where(runs.c.status == "done")).scalar()
        return None if value is None else int(value)

    # articles ----------------------------------------------------------------------------------------------
    def known(self, url_keys: Iterable[str], hashes: Iterable[str]) -> tuple[set[str], set[str]]:
        """Which of these canonical URLs and content hashes are stored."""
        arts = _T["articles"]
        urls, found_hashes = set[str](), set[str]()
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(url_keys))):
                urls |= set(conn.execute(sa.select(arts.c.url_key).where(arts.c.url_key.in_(chunk))).scalars())
            for chunk in _chunks(sorted(set(hashes))):
                found_hashes |= set(
                    conn.execute(sa.select(arts.c.content_hash).where(arts.c.content_hash.in_(chunk))).scalars()
                )
        return urls, found_hashes

    def recent(self, *, ref_ts: float, run_id: int, days: float, per_story: int, limit: int) -> list[StoredArticle]:
        """What new articles are compared with: the latest ``per_story`` members of each story active within
        ``days`` of ``ref_ts`` (or changed by the last runs), and the articles first seen by the last runs."""
        arts, mem, sto = _T["articles"], _T["members"], _T["stories"]
        active = sa.or_(sto.c.last_ts >= ref_ts - days * _DAY, sto.c.updated_run >= run_id - _RECENT_RUNS)
        rank = sa.func.row_number().over(
            partition_by=mem.c.story_id, order_by=(sa.func.coalesce(arts.c.published_ts, 0.0).desc(), arts.c.id.desc())
        )
        ranked = (
            sa.select(arts.c.id.label("pk"), rank.label("rank"), sto.c.updated_run)
            .select_from(arts.join(mem, mem.c.article_id == arts.c.id).join(sto, sto.c.id == mem.c.story_id))
            .where(active, arts.c.copy_of.is_(None), sto.c.merged_into.is_(None))
            .subquery()
        )
        picked = (sa.select(ranked.c.pk).where(ranked.c.rank <= per_story)
                  .order_by(ranked.c.updated_run.desc(), ranked.c.pk.desc()).limit(limit))  # fmt: skip
        fresh = (sa.select(arts.c.id).where(arts.c.first_run >= run_id - _RECENT_RUNS)
                 .order_by(arts.c.id.desc()).limit(limit))  # fmt: skip
        with self.engine.connect() as conn:
            ids = list(dict.fromkeys([*conn.execute(picked).scalars(), *conn.execute(fresh).scalars()]))
        return self._articles(ids)

    def _articles(self, ids: Sequence[int]) -> list[StoredArticle]:
        arts, mem = _T["articles"], _T["members"]
        out: dict[int, StoredArticle] = {}
        query = sa.select(arts, mem.c.story_id).select_from(arts.outerjoin(mem, mem.c.article_id == arts.c.id))
        with self.engine.connect() as conn:
            for chunk in _chunks(list(ids)):
                for r in conn.execute(query.where(arts.c.id.in_(chunk))):
                    out[r.id] = _stored(r)
        return [out[i] for i in ids if i in out]

    def commit_batch(self, run_id: int, batch: Batch) -> dict[str, int]:
        """Store a batch in one transaction: merges, new stories, articles (originals first), memberships.

        Returns the row number of each stored article key. An article whose URL or text another
        transaction stored meanwhile is skipped. The statements are set-based (a handful per batch, not
        several per article): on PostgreSQL each statement is a round trip to the server.
        """
        arts, mem, sto = _T["articles"], _T["members"], _T["stories"]
        now = now_iso()
        stored: dict[str, int] = {}
        with self.engine.begin() as conn:
            touched = set(self._merge(conn, batch.merges, run_id, now))
            keys = list(batch.new_stories)
            values = [{"title": batch.new_stories[k], "created_run": run_id, "updated_run": run_id,
                       "updated_at": now, "size": 0} for k in keys]  # fmt: skip
            made = dict(zip(keys, _insert_ids(conn, sto, values), strict=True))
            urls, hashes = _stored_keys(conn, batch.articles)
            fresh = []
            for new in batch.articles:
                if new.content_hash in hashes or (new.url_key and new.url_key in urls):
                    continue
                hashes.add(new.content_hash)
                if new.url_key:
                    urls.add(new.url_key)
                fresh.append(new)
            originals = [a for a in fresh if a.copy_of is None or a.copy_of.startswith("a")]
            members = []
            for phase in (originals, [a for a in fresh if a.copy_of is not None and not a.copy_of.startswith("a")]):
                rows = [_row(new, run_id, _pk(new.copy_of, stored)) for new in phase]
                for new, pk in zip(phase, _insert_ids(conn, arts, rows), strict=True):
                    stored[new.key] = pk
                    story = made.get(new.story) if isinstance(new.story, str) else new.story
                    story = batch.merges.get(story, story) if story is not None else None
                    if story is not None:
                        members.append({"article_id": pk, "story_id": story})
                        touched.add(story)
            if members:
                conn.execute(mem.insert(), members)
            self._refresh(conn, touched | set(made.values()), run_id, now)
        return stored

    def _merge(self, conn: sa.Connection, merges: Mapping[int, int], run_id: int, now: str) -> list[int]:
        """Move the members of each merged story into the one it joins; the stories that grew."""
        mem, sto = _T["members"], _T["stories"]
        for gone, into in merges.items():
            conn.execute(mem.update().where(mem.c.story_id == gone).values(story_id=into))
            conn.execute(sto.update().where(sto.c.id == gone)
                         .values(merged_into=into, size=0, updated_run=run_id, updated_at=now))  # fmt: skip
            conn.execute(sto.update().where(sto.c.merged_into == gone).values(merged_into=into))
        return list(set(merges.values()))

    def _refresh(self, conn: sa.Connection, story_ids: Iterable[int], run_id: int, now: str) -> None:
        """Recount the size and dates of these stories; they changed in ``run_id``."""
        arts, mem, sto = _T["articles"], _T["members"], _T["stories"]
        wanted = sorted(set(story_ids))
        counted: dict[int, tuple[int, float | None, float | None]] = {}
        for chunk in _chunks(wanted):
            query = (sa.select(mem.c.story_id, sa.func.count(), sa.func.min(arts.c.published_ts),
                               sa.func.max(arts.c.published_ts))
                     .select_from(mem.join(arts, arts.c.id == mem.c.article_id))
                     .where(mem.c.story_id.in_(chunk)).group_by(mem.c.story_id))  # fmt: skip
            counted |= {int(r[0]): (int(r[1]), r[2], r[3]) for r in conn.execute(query)}
        rows = [{"sid": sid, "n": n, "first": first, "last": last}
                for sid in wanted for n, first, last in [counted.get(sid, (0, None, None))]]  # fmt: skip
        if rows:
            conn.execute(sto.update().where(sto.c.id == sa.bindparam("sid")).values(
                size=sa.bindparam("n"), first_ts=sa.bindparam("first"), last_ts=sa.bindparam("last"),
                updated_run=run_id, updated_at=now), rows)  # fmt: skip

    # stories -----------------------------------------------------------------------------------------------
    def stories(self, *, limit: int | None = None, changed_since: int | None = None) -> list[StoryRecord]:
        """Stories not merged away, latest change first (then the latest article)."""
        sto = _T["stories"]
        query = sa.select(sto).where(sto.c.merged_into.is_(None), sto.c.size > 0)
        if changed_since is not None:
            query = query.where(sto.c.updated_run > changed_since)
        query = query.order_by(sto.c.updated_run.desc(), sa.func.coalesce(sto.c.last_ts, 0.0).desc(), sto.c.id)
        with self.engine.connect() as conn:
            return [_story(r) for r in conn.execute(query.limit(limit) if limit else query)]

    def story(self, story_id: int) -> StoryRecord | None:
        """One story by number (a merged one as it was recorded: see ``merged_into``)."""
        sto = _T["stories"]
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(sto).where(sto.c.id == story_id)).first()
        return None if row is None else _story(row)

    def members(self, story_id: int) -> list[StoredArticle]:
        """The articles of a story, earliest published first (undated last)."""
        arts, mem = _T["articles"], _T["members"]
        query = (sa.select(arts, mem.c.story_id).select_from(arts.join(mem, mem.c.article_id == arts.c.id))
                 .where(mem.c.story_id == story_id)
                 .order_by(arts.c.published_ts.is_(None), arts.c.published_ts, arts.c.id))  # fmt: skip
        with self.engine.connect() as conn:
            return [_stored(r) for r in conn.execute(query)]

    # briefings ---------------------------------------------------------------------------------------------
    def briefed(self, reader: str, story_ids: Iterable[int]) -> dict[int, set[int]]:
        """For each story, the articles ``reader`` has been briefed on."""
        bd, bg, mem = _T["briefed"], _T["briefings"], _T["members"]
        out: dict[int, set[int]] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(story_ids))):
                query = (sa.select(mem.c.story_id, bd.c.article_id)
                         .select_from(bd.join(bg, bg.c.id == bd.c.briefing_id)
                                      .join(mem, mem.c.article_id == bd.c.article_id))
                         .where(bg.c.reader == reader, mem.c.story_id.in_(chunk)))  # fmt: skip
                for sid, aid in conn.execute(query):
                    out.setdefault(int(sid), set()).add(int(aid))
        return out

    def record_briefing(self, reader: str, *, since: str | None, run_id: int | None,
                        stories: Sequence[BriefedStory]) -> int:  # fmt: skip
        """Record, in one transaction, that ``reader`` was told these articles of these stories."""
        with self.engine.begin() as conn:
            values = {"reader": reader, "created_at": now_iso(), "since": since, "run_id": run_id}
            bid = _new_id(conn.execute(_T["briefings"].insert().values(**values)))
            for s in stories:
                conn.execute(_T["story_briefs"].insert().values(briefing_id=bid, story_id=s.story_id,
                                                                document=s.document))  # fmt: skip
                rows = [
                    {"briefing_id": bid, "article_id": a, "story_id": s.story_id} for a in sorted(set(s.article_ids))
                ]
                if rows:
                    conn.execute(_T["briefed"].insert(), rows)
        return bid

    def last_briefing(self, reader: str) -> tuple[int, str, int | None] | None:
        """The number and time of ``reader``'s last briefing, and the last run it covered."""
        bg = _T["briefings"]
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(bg.c.id, bg.c.created_at, bg.c.run_id).where(bg.c.reader == reader)
                               .order_by(bg.c.id.desc()).limit(1)).first()  # fmt: skip
        return None if row is None else (int(row[0]), str(row[1]), None if row[2] is None else int(row[2]))

    def story_brief(self, story_id: int) -> str | None:
        """The JSON of the latest briefing part about this story, for any reader."""
        sb = _T["story_briefs"]
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sb.c.document).where(sb.c.story_id == story_id)
                                .order_by(sb.c.briefing_id.desc()).limit(1)).scalar()  # fmt: skip

    def counts(self) -> dict[str, int]:
        """Rows per table (articles, stories not merged away, sources, runs, briefings)."""
        sto = _T["stories"]
        with self.engine.connect() as conn:
            out = {name: int(conn.execute(sa.select(sa.func.count()).select_from(_T[name])).scalar() or 0)
                   for name in ("articles", "sources", "runs", "briefings")}  # fmt: skip
            live = sa.select(sa.func.count()).select_from(sto).where(sto.c.merged_into.is_(None), sto.c.size > 0)
            out["stories"] = int(conn.execute(live).scalar() or 0)
        return out


def _new_id(result: sa.CursorResult[Any]) -> int:
    """The primary key of the row an INSERT added."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _insert_ids(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` in one statement (SQLAlchemy's insertmanyvalues); their primary keys, in order."""
    if not rows:
        return []
    query = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    return [int(pk) for pk in conn.execute(query, rows).scalars()]


def _stored_keys(conn: sa.Connection, articles: Sequence[NewArticle]) -> tuple[set[str], set[str]]:
    """Which canonical URLs and content hashes of ``articles`` are stored (as seen by this transaction)."""
    arts = _T["articles"]
    urls, hashes = set[str](), set[str]()
    for chunk in _chunks(sorted({a.url_key for a in articles if a.url_key})):
        urls |= set(conn.execute(sa.select(arts.c.url_key).where(arts.c.url_key.in_(chunk))).scalars())
    for chunk in _chunks(sorted({a.content_hash for a in articles})):
        hashes |= set(conn.execute(sa.select(arts.c.content_hash).where(arts.c.content_hash.in_(chunk))).scalars())
    return urls, hashes


def _row(new: NewArticle, run_id: int, copy_of: int | None) -> dict[str, Any]:
    """The ``articles`` row of a new article."""
    a = new.article
    return {
        "source_id": new.source_id, "read_id": new.read_id or a.id, "url": a.url, "url_key": new.url_key,
        "content_hash": new.content_hash, "title": a.title, "outlet": a.outlet, "author": a.author,
        "published": a.published.isoformat() if a.published else None,
        "published_ts": a.published.timestamp() if a.published else None, "text": a.text,
        "first_run": run_id, "copy_of": copy_of, "copy_kind": new.copy_kind if copy_of else None,
        "set_apart": new.set_apart,
    }  # fmt: skip


def _pk(key: str | None, stored: Mapping[str, int]) -> int | None:
    if key is None:
        return None
    if key.startswith("a"):
        return int(key[1:])
    return stored.get(key)  # None: its original was stored meanwhile by another transaction


def _stored(r: Any) -> StoredArticle:
    published = datetime.fromisoformat(r.published) if r.published else None
    article = Article(article_key(r.id), r.text, title=r.title, outlet=r.outlet, url=r.url, author=r.author,
                      published=published)  # fmt: skip
    return StoredArticle(r.id, article, r.story_id, r.copy_of, r.copy_kind, r.first_run)


def _story(r: Any) -> StoryRecord:
    return StoryRecord(r.id, r.title, r.created_run, r.updated_run, r.updated_at, r.first_ts, r.last_ts, r.size,
                       r.merged_into)  # fmt: skip
