"""precis's own text and Markdown output, read back for checking: what is a claim and what is markup.

``precis summarize`` (and ``timeline``) print items followed by citation
markers (``[1]``, ``[2][3]``), conflict notes (``but [2] says "...", not
"..."``), Markdown list bullets, date headers, and a closing ``Sources`` block
that names each numbered source. None of that is a claim about the news, so
none of it should be checked. :func:`read_markup` blanks it out: every
character of markup becomes a space (newlines stay), so the result has the
length of the original and every sentence found in it keeps its offsets into
the original summary text.

The ``Sources`` block is parsed too: its entries say which article each
marker number stands for (the ``id X`` part, else the first part when it is an
article id), so a checker given the sources can tell which numbered source is
missing from them.

Trailing citation markers are blanked in any text (a bracketed number at the
end of a line is never a claim); the conflict notes, bullets, date headers and
the ``Sources`` block only when the text ends with a ``Sources`` block, i.e.
when it is precis's output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Markup", "SourceEntry", "read_markup"]

_MARKERS = re.compile(r"(?:[ \t]*\[\d{1,3}\])+(?:[ \t]*\(\d+ outlets\))?[ \t]*$", re.MULTILINE)
_SOURCES_HEAD = re.compile(r"^(?:Sources|\*\*Sources\*\*)[ \t]*$", re.MULTILINE)
_ENTRY = re.compile(r"^[ \t]*(?:\[(?P<t>\d{1,3})\]|(?P<m>\d{1,3})\.)[ \t]+(?P<desc>.+?)[ \t]*$")
_CHARS = re.compile(r"\s*\(chars [\d\-; ]*\)$")
_CONFLICT = re.compile(r"^[ \t]+(?:- \*but\*|but) .*$", re.MULTILINE)
_BULLET = re.compile(r"^- (?=\S)", re.MULTILINE)
_DATE_HEAD = re.compile(r"^(?:## )?\d{4}-\d{2}-\d{2}[ \t]*$", re.MULTILINE)
_ID_PART = re.compile(r"(?:^|, )id (?P<id>\S+)$")


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One entry of a ``Sources`` block: its number, its description, and the article id it names."""

    number: int
    description: str
    article_id: str | None


@dataclass(frozen=True, slots=True)
class Markup:
    """A summary text with its markup blanked out.

    Attributes
    ----------
    text : str
        The summary with markup replaced by spaces: ``len(text) == len(original)``.
    precis : bool
        True when the text ends with a precis ``Sources`` block.
    sources : tuple of SourceEntry
        The entries of that block (empty when there is none).
    blanked : int
        How many characters of markup were blanked.
    """

    text: str
    precis: bool = False
    sources: tuple[SourceEntry, ...] = field(default_factory=tuple)
    blanked: int = 0


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _sources_block(text: str) -> tuple[int, list[tuple[int, str]]] | None:
    """Where the closing ``Sources`` block starts, and its (number, description) entries; None without one."""
    heads = list(_SOURCES_HEAD.finditer(text))
    if not heads:
        return None
    head = heads[-1]
    entries = []
    for line in text[head.end() :].splitlines():
        if not line.strip():
            continue
        m = _ENTRY.match(line)
        if m is None:
            return None
        entries.append((int(m.group("t") or m.group("m")), _CHARS.sub("", m.group("desc"))))
    return (head.start(), entries) if entries else None


def _article_id(description: str, known: frozenset[str]) -> str | None:
    """The article id an entry names: its ``id X`` part, else its first part when that is a known id."""
    m = _ID_PART.search(description)
    if m is not None:
        return m.group("id")
    first = description.split(", ")[0]
    if not known or first in known:
        return first
    return next((k for k in sorted(known, key=len, reverse=True) if k in description), None)


def read_markup(text: str, known_ids: frozenset[str] = frozenset()) -> Markup:
    """``text`` with citation markers, conflict notes, bullets and the ``Sources`` block blanked.

    Parameters
    ----------
    text : str
        A summary, possibly as precis printed it (``--format text`` or ``md``).
    known_ids : frozenset of str
        The ids of the sources given, to resolve entries that name an outlet first.

    Examples
    --------
    >>> out = "Talks opened in Geneva. [1][2]\\n\\nSources\\n[1] wire-a (chars 0-22)\\n[2] wire-b (chars 0-22)\\n"
    >>> m = read_markup(out)
    >>> m.text.rstrip(), m.precis, [e.article_id for e in m.sources]
    ('Talks opened in Geneva.', True, ['wire-a', 'wire-b'])
    >>> len(m.text) == len(out)
    True
    """
    chars = list(text)
    block = _sources_block(text)
    entries: tuple[SourceEntry, ...] = ()
    if block is not None:
        start, found = block
        _blank(chars, start, len(text))
        entries = tuple(SourceEntry(n, d, _article_id(d, known_ids)) for n, d in found)
        body = text[:start]
        for pattern in (_CONFLICT, _DATE_HEAD):
            for m in pattern.finditer(body):
                _blank(chars, m.start(), m.end())
        for m in _BULLET.finditer(body):
            _blank(chars, m.start(), m.end())
    for m in _MARKERS.finditer(text if block is None else text[: block[0]]):
        _blank(chars, m.start(), m.end())
        if block is not None and text.startswith("\n", m.end()):
            # the marker ends an item's line: the item ends there, even without a full stop (a cut-off
            # sentence of the source), so a blank line takes the marker's last character
            chars[m.end() - 1] = "\n"
    out = "".join(chars)
    blanked = sum(1 for a, b in zip(text, out, strict=True) if a != b)
    return Markup(text=out, precis=block is not None, sources=entries, blanked=blanked)
