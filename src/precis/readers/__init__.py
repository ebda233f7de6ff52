"""Everything precis reads, behind one entry point: :func:`read_articles`.

Plain text, HTML pages, RSS/Atom feeds, JSONL/JSON/CSV corpora, folders,
standard input and URLs, each recognised by its content
(:func:`~precis.readers.dispatch.sniff`). One module per kind of input:

- :mod:`.files`: local paths, folders and stdin -> raw bytes;
- :mod:`.fetching`: URLs -> raw bytes (httpx; private addresses refused);
- :mod:`.decoding`: bytes -> text in whatever encoding they use;
- :mod:`.html`, :mod:`.feeds`, :mod:`.corpus`: text -> articles with metadata;
- :mod:`.dates`: the many ways news gives a date -> ``datetime``;
- :mod:`.dispatch`: :func:`read_articles`, which ties them together.

A problem with one item is a :class:`ReadFailure` naming it; reading goes on.
"""

from __future__ import annotations

from .corpus import FieldMap
from .dispatch import read_articles
from .files import DEFAULT_MAX_BYTES, ReadFailure, ReadResult, read_text

__all__ = ["DEFAULT_MAX_BYTES", "FieldMap", "ReadFailure", "ReadResult", "read_articles", "read_text"]
