"""Corpora: JSONL, JSON and CSV records -> articles, through a field mapping.

Each record is one article. precis's own field names are ``text``
(required), ``id``, ``title``, ``outlet``, ``url``, ``author`` and ``date``.
Where a corpus names them differently, a :class:`FieldMap` says where to
look: ``FieldMap.parse("text=body,date=published")`` reads the article text
from ``body`` and the date from ``published``. Without a mapping, each field
is looked for under its own name and then under common aliases
(:data:`ALIASES`: ``body``/``content``/``article`` for text,
``published``/``pubDate`` for the date, ``source``/``site`` for the outlet,
``headline`` for the title, ``byline`` for the author, ``link`` for the url).
In JSON a mapped name may be a dotted path into nested objects
(``date=meta.published``).

A record that cannot be used (not an object, no text, an empty text) is
one :class:`ReadFailure` naming ``file:line`` (JSONL, CSV) or
``file[index]`` (a JSON array); the other records are still read.

**Dates.** A file's numeric dates are read by the convention its own
unambiguous dates show (:meth:`~precis.readers.dates.DateConvention.learn`:
``09/04/1998`` is September 4th in a file that also writes ``10/22/1998``).
A date that still cannot be read (ambiguous, impossible, not a date) never
costs the article: it is read undated, and the file gets one
:class:`~precis.errors.InputWarning` naming the field, the first such value
and the fix.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError, InputError, InputWarning
from ..model import Article
from .dates import DATE_ADVICE, DateConvention, parse_date
from .nesting import loads, too_deep

__all__ = [
    "ALIASES",
    "FIELDS",
    "FieldMap",
    "article_from_record",
    "date_warning",
    "iter_csv",
    "iter_json",
    "iter_jsonl",
    "looks_like_jsonl",
]

FIELDS = ("id", "text", "title", "outlet", "url", "author", "date")
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "guid", "doc_id"),
    "text": ("text", "body", "content", "article", "maintext", "story"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "site", "site_name", "publisher", "source_domain"),
    "url": ("url", "link", "canonical_url"),
    "author": ("author", "authors", "byline"),
    "date": ("date", "published", "published_at", "publish_date", "pubDate", "date_publish", "datetime"),
}

Yielded = tuple[Article, str] | InputError


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Where each of precis's fields is found in a record (``{"text": "body"}``); others use :data:`ALIASES`."""

    fields: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = sorted(set(self.fields) - set(FIELDS))
        if unknown:
            raise ConfigError(
                f"The 'fields' parameter of FieldMap must map precis fields ({', '.join(FIELDS)}) to "
                f"record fields. Got unknown precis field(s) {', '.join(map(repr, unknown))} instead."
            )

    @classmethod
    def parse(cls, spec: str | None) -> FieldMap:
        """``"text=body,date=published"`` -> a FieldMap (the CLI's ``--field``)."""
        mapping: dict[str, str] = {}
        for part in (spec or "").split(","):
            if not part.strip():
                continue
            ours, sep, theirs = part.partition("=")
            if not sep or not ours.strip() or not theirs.strip():
                raise ConfigError(
                    f"The 'field' option must look like 'text=body,date=published'. Got {part.strip()!r} instead."
                )
            mapping[ours.strip()] = theirs.strip()
        return cls(mapping)

    def names(self, ours: str) -> tuple[str, ...]:
        """The record fields tried, in order, for precis field ``ours``."""
        if ours in self.fields:
            return (self.fields[ours],)
        return ALIASES[ours]

    def get(self, record: Mapping[str, Any], ours: str) -> Any:
        """The value of precis field ``ours`` in ``record`` (dotted paths go into nested objects), or None."""
        return self.find(record, ours)[1]

    def find(self, record: Mapping[str, Any], ours: str) -> tuple[str | None, Any]:
        """``(record field, value)`` of precis field ``ours`` in ``record``; ``(None, None)`` when absent."""
        for name in self.names(ours):
            value: Any = record
            for key in name.split("."):
                value = value.get(key) if isinstance(value, Mapping) else None
            if value not in (None, "", []):
                return name, value
        return None, None


def _text_of(value: Any) -> str | None:
    if isinstance(value, list):  # e.g. "authors": ["A", "B"]
        value = ", ".join(str(v) for v in value if v not in (None, ""))
    return None if value in (None, "") else str(value).strip() or None


def article_from_record(
    record: Any,
    *,
    where: str,
    fields: FieldMap,
    convention: DateConvention | None = None,
    date_problems: list[InputError] | None = None,
) -> Article:
    """One record -> an :class:`Article` (``where`` names it in errors and is the default id).

    A date that cannot be read raises :class:`InputError`, unless ``date_problems``
    is given: then the article is read undated and the error is appended to it.
    ``convention`` says how the record's corpus writes numeric dates.
    """
    if not isinstance(record, Mapping):
        raise InputError(f"{where}: a record must be an object with a text field.", source=where)
    text = fields.get(record, "text")
    if not isinstance(text, str) or not text.strip():
        blank = [n for n in fields.names("text") if isinstance(record.get(n), str) and not record[n].strip()]
        if blank:
            raise InputError(f"{where}: the article is empty (its {blank[0]!r} field holds no text).", source=where)
        tried = " or ".join(repr(n) for n in fields.names("text"))
        raise InputError(
            f"{where}: the record has no text (looked for {tried}); name the field with --field text=NAME.",
            source=where,
        )
    name, value = fields.find(record, "date")
    try:
        published = parse_date(value, source=where, convention=convention)
    except InputError as exc:
        if date_problems is None:
            raise
        date_problems.append(InputError(f"{exc}, in field {name!r}", source=where))
        published = None
    return Article(
        id=_text_of(fields.get(record, "id")) or where,
        text=text,
        title=_text_of(fields.get(record, "title")),
        outlet=_text_of(fields.get(record, "outlet")),
        url=_text_of(fields.get(record, "url")),
        author=_text_of(fields.get(record, "author")),
        published=published,
    )


def date_warning(name: str, problems: list[InputError]) -> str:
    """The one warning of an input (``name``) whose articles in ``problems`` were read undated."""
    first = str(problems[0]).replace(f"; {DATE_ADVICE})", ")").replace(f" ({DATE_ADVICE})", "")
    count = f"{len(problems)} articles" if len(problems) > 1 else "1 article"
    return (
        f"{name}: {count} read undated, for a date precis cannot read (the first: {first}). Give ISO 8601 "
        "dates (2022-01-10T18:30:00+01:00), or name the field that holds the publication date with --field date=NAME."
    )


def _convention(records: list[tuple[str, Any]], fields: FieldMap) -> DateConvention:
    """How the corpus of ``records`` writes its numeric dates."""
    return DateConvention.learn(fields.get(r, "date") for _, r in records if isinstance(r, Mapping))


def _articles(records: list[tuple[str, Any]], name: str, fields: FieldMap) -> Iterator[Yielded]:
    """The records of one input, read by its date convention; one warning for all its unreadable dates."""
    convention = _convention(records, fields)
    problems: list[InputError] = []
    for where, record in records:
        if isinstance(record, InputError):
            yield record
            continue
        try:
            yield (
                article_from_record(record, where=where, fields=fields, convention=convention, date_problems=problems),
                where,
            )
        except InputError as exc:
            yield exc
    if problems:
        warnings.warn(date_warning(name, problems), InputWarning, stacklevel=3)


def looks_like_jsonl(text: str) -> bool:
    """Whether ``text`` starts with a line that is a JSON object."""
    stripped = text.lstrip()
    if not stripped.startswith("{"):
        return False
    first = stripped.split("\n", 1)[0]
    if too_deep(first):  # an object too deep to parse: read as JSONL, where that line gets its own error
        return True
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def iter_jsonl(text: str, *, name: str, fields: FieldMap) -> Iterator[Yielded]:
    """Articles (with their origin ``name:line``) or the error of each line."""
    records: list[tuple[str, Any]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            records.append((where, loads(line, where=where)))
        except InputError as exc:
            records.append((where, exc))
    yield from _articles(records, name, fields)


def iter_json(text: str, *, name: str, fields: FieldMap) -> Iterator[Yielded]:
    """A JSON document: an array of records, one record, or ``{"articles": [...]}``."""
    try:
        data = loads(text, where=name)
    except InputError as exc:
        yield exc
        return
    if isinstance(data, Mapping) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, list):
        yield from _articles([(f"{name}[{index}]", record) for index, record in enumerate(data)], name, fields)
        return
    yield from _articles([(name, data)], name, fields)


def iter_csv(text: str, *, name: str, fields: FieldMap) -> Iterator[Yielded]:
    """A CSV (or TSV) file with a header row; the delimiter is sniffed from the header."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max(",;\t|", key=first.count)
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))  # article bodies exceed the 128 KB default
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    records: list[tuple[str, Any]] = []
    try:
        for record in reader:
            where = f"{name}:{reader.line_num}"
            if None in record:  # more cells than header columns
                records.append((where, InputError(f"{where}: this row has more cells than the header has columns.",
                                                  source=where)))  # fmt: skip
                continue
            records.append((where, record))
    except csv.Error as exc:
        where = f"{name}:{reader.line_num}"
        records.append((where, InputError(f"{where}: not valid CSV ({exc}).", source=where)))
    yield from _articles(records, name, fields)


def looks_like_csv(text: str, *, fields: FieldMap) -> bool:
    """Whether the first line is a CSV header naming the text field (by mapping or alias)."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    if not first:
        return False
    delimiter = max(",;\t|", key=first.count)
    if first.count(delimiter) == 0:
        return False
    header = {c.strip().strip('"').lower() for c in next(csv.reader([first], delimiter=delimiter))}
    return any(n.lower() in header for n in fields.names("text"))
