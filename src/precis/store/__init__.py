"""The store of ``precis track``: what was read, the stories it makes, and what each reader was told.

Front-end level: it may import every layer below. Importing it needs the
``track`` extra (SQLAlchemy; psycopg for PostgreSQL); ``import precis`` never
loads it.

- :mod:`.schema`: the tables and their migrations;
- :mod:`.opening`: where a store lives, checks before writing, migrating;
- :mod:`.base`: the records and the :class:`~precis.store.base.Store` protocol;
- :mod:`.sql`: :class:`~precis.store.sql.SqlStore`, SQLite and PostgreSQL through one code path;
- :mod:`.identity`: canonical URLs and content hashes;
- :mod:`.placing`: copies and stories, incrementally;
- :mod:`.tracking`: one run over every source;
- :mod:`.briefing`, :mod:`.briefing_render`: what changed, for a reader, in text, Markdown, JSON and HTML.
"""

from __future__ import annotations

from .base import Store
from .opening import StoreError, default_location
from .sql import SqlStore

__all__ = ["SqlStore", "Store", "StoreError", "default_location", "open_store"]


def open_store(location: str | None = None, *, create: bool = True) -> SqlStore:
    """The store at ``location`` (a path or a ``postgresql://`` URL; default :func:`default_location`)."""
    return SqlStore(location or default_location(), create=create)
