"""Where a store lives and how it is opened: a SQLite file or a PostgreSQL URL, checked, then migrated.

One code path for both (SQLAlchemy Core). SQLite: one file, created when
missing, in WAL mode (a server reads while a run writes), foreign keys on,
waits up to 30 s for a lock. PostgreSQL: ``postgresql://user@host:port/db``
(psycopg 3). Before anything is written the target is checked: a file that is
not SQLite, an SQLite database of another program, a corrupt file or a store
made by a newer precis is refused with a :class:`StoreError` that says what
it is, and it is never changed.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .._optional import require
from ..errors import InputError
from .schema import APPLICATION, MIGRATIONS, SCHEMA_VERSION, TABLES

__all__ = ["StoreError", "default_location", "now_iso", "open_engine"]

_SQLITE_MAGIC = b"SQLite format 3\x00"
_OURS = frozenset(TABLES)


class StoreError(InputError):
    """A store that cannot be used: not a store, corrupt, from a newer precis, or unreachable."""


def now_iso() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def default_location() -> str:
    """``$PRECIS_STORE``, else ``$XDG_DATA_HOME/precis/store.db`` (``~/.local/share/precis/store.db``)."""
    if os.environ.get("PRECIS_STORE"):
        return os.environ["PRECIS_STORE"]
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "precis" / "store.db")


def _is_url(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://", "postgresql+psycopg://"))


def _check_file(path: Path, *, create: bool) -> bool:
    """Whether ``path`` must be created; raise when it exists and is no SQLite database."""
    if path.is_dir():
        raise StoreError(
            f"The store {path} is a folder; give a file path (e.g. {path / 'store.db'}).", source=str(path)
        )
    if not path.exists():
        if not create:
            raise StoreError(f"No store at {path}; add a source with 'precis track add' first.", source=str(path))
        if not path.parent.is_dir():
            path.parent.mkdir(parents=True, exist_ok=True)
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"Cannot read the store {path}: {exc.strerror}.", source=str(path)) from None
    if head and head != _SQLITE_MAGIC:
        raise StoreError(f"{path} is not a precis store (not an SQLite database); it was left untouched. "
                         "Give another --store path.", source=str(path))  # fmt: skip
    return not head


def open_engine(location: str, *, create: bool = True) -> Any:
    """An SQLAlchemy engine on the store at ``location``, checked and migrated to :data:`SCHEMA_VERSION`.

    Raises
    ------
    StoreError
        The location is not a usable store (see the module docstring).
    MissingDependencyError
        SQLAlchemy (or psycopg for PostgreSQL) is not installed (``pip install 'precis[track]'``).
    """
    sa = require("sqlalchemy", extra="track", caller="precis track")
    if _is_url(location):
        require("psycopg", extra="track", caller="a PostgreSQL store")
        url = "postgresql+psycopg://" + location.split("://", 1)[1]
        engine = sa.create_engine(url, pool_pre_ping=True)
        shown = location.split("@")[-1]
    else:
        path = Path(location).expanduser()
        _check_file(path, create=create)
        engine = sa.create_engine(f"sqlite:///{path}")
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        shown = str(path)
    try:
        _prepare(sa, engine, shown, create=create)
    except StoreError:
        engine.dispose()
        raise
    except sa.exc.SQLAlchemyError as exc:
        engine.dispose()
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StoreError(f"The store {shown} cannot be used: {detail}. If it is a file, it may be corrupt; "
                         "it was left untouched.", source=shown) from None  # fmt: skip
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _prepare(sa: Any, engine: Any, shown: str, *, create: bool) -> None:
    """Check what the target holds, then apply the missing migrations, one transaction each."""
    names = set(sa.inspect(engine).get_table_names())
    if engine.dialect.name == "sqlite" and not names:
        with engine.connect() as conn:  # WAL is a property of the file: set it once, before the first table
            conn.exec_driver_sql("PRAGMA journal_mode = WAL")
    version = 0
    if "precis_meta" in names:
        with engine.connect() as conn:
            app = conn.execute(sa.text("SELECT value FROM precis_meta WHERE key = 'application'")).scalar()
            if app != APPLICATION:
                raise StoreError(f"{shown} is a database of another program ({app!r}), not a precis store; it was "
                                 "left untouched.", source=shown)  # fmt: skip
            version = int(conn.execute(sa.text("SELECT max(version) FROM schema_version")).scalar() or 0)
    elif names & _OURS or (names and engine.dialect.name == "sqlite"):
        raise StoreError(f"{shown} holds tables of another program ({', '.join(sorted(names)[:4])}), not a precis "
                         "store; it was left untouched. Give another --store.", source=shown)  # fmt: skip
    if version > SCHEMA_VERSION:
        raise StoreError(f"The store {shown} was written by a newer precis (schema {version}; this one knows up to "
                         f"{SCHEMA_VERSION}); upgrade precis to use it.", source=shown)  # fmt: skip
    if version < SCHEMA_VERSION and not create and version == 0:
        raise StoreError(f"No store at {shown}; add a source with 'precis track add' first.", source=shown)
    for step in range(version, SCHEMA_VERSION):
        with engine.begin() as conn:
            MIGRATIONS[step](conn)
            if step == 0:
                conn.execute(TABLES["precis_meta"].insert().values(key="application", value=APPLICATION))
            conn.execute(TABLES["schema_version"].insert().values(version=step + 1, applied_at=now_iso()))
