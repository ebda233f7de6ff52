"""Everything precis reads, behind one entry point: :func:`read_articles`.

Local files, folders and standard input today; the package grows one module
per kind of input (HTML, feeds, corpora, URLs), each chosen by content.
"""

from __future__ import annotations

from .files import DEFAULT_MAX_BYTES, ReadFailure, ReadResult, read_articles, read_text

__all__ = ["DEFAULT_MAX_BYTES", "ReadFailure", "ReadResult", "read_articles", "read_text"]
