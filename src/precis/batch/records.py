"""Batch records: raw line -> JSON object -> record id and articles.

A record is one JSON object (one JSONL line, or one Parquet row):

- **an article**: ``text`` plus any of ``id``, ``title``, ``outlet``,
  ``url``, ``author``, ``date``, found as ``precis summarize`` finds them in
  a corpus (the same :class:`~precis.readers.FieldMap` aliases, and
  ``--field`` for other names);
- **a story**: ``docs``, a list of such articles (or of plain strings), which
  is summarized as one multi-article story.

A ``check`` record also has ``summary`` (text, or a precis JSON summary as
an object or a string) and its sources in ``docs``, else ``sources``, else
``source`` (an article or a plain string); without any of them a precis
JSON summary is checked against the articles it carries.

**What never fails a record.** A date precis cannot read makes its article
undated: the story's numeric dates are read by the convention its other
articles show, else the one the whole file shows (:func:`file_convention`;
:class:`~precis.readers.dates.DateConvention`), and the record
gets one note naming the field, the first such value and the fix. An
unusable article of a story (empty, no text, not an object) is left out with
a note that says why, when others can be used; the notes are the result
row's ``skipped`` messages. An empty article is left out with its note even
when every article is empty (then no article is read, and the task has
nothing to summarize); a record without any text field fails.

The record id is the record's own id field (``id``, ``guid``, ``doc_id``
or what ``--field id=NAME`` names), else its line number. An article with
no id of its own takes the record id, and the ``k``-th article of ``docs``
(from 0) takes ``<record id>#<k>``. Within a story, a repeated article id
becomes ``id#2``, ``id#3``... as when precis reads files.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..errors import InputError
from ..model import SCHEMA, Article, Summary
from ..readers.corpus import FieldMap, article_from_record, date_warning
from ..readers.dates import DateConvention
from ..readers.nesting import loads

__all__ = ["articles_of", "file_convention", "parse_record", "record_id", "sources_of", "summary_of"]


def parse_record(raw: bytes | Mapping[str, Any], *, line: int) -> Mapping[str, Any]:
    """A JSONL line (bytes) or a Parquet row -> the record object; :class:`InputError` if it is not one."""
    if isinstance(raw, Mapping):
        return raw
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    record = loads(text, where=f"line {line}")  # nesting limited first: a deep line is one failed record
    if not isinstance(record, dict):
        raise InputError(f"line {line}: a record must be a JSON object, not {type(record).__name__}.", source=str(line))
    return record


def file_convention(items: Iterable[tuple[int, Any]], *, fields: FieldMap) -> DateConvention:
    """How a batch input writes its numeric dates: one pass over its records (those that are JSON objects),
    their own dates and their articles' (``items`` as :func:`~precis.batch.inputs.iter_items` gives them)."""

    def values() -> Iterator[Any]:
        for line, raw in items:
            if not isinstance(raw, bytes | Mapping):  # a line over the size limit
                continue
            try:
                record = parse_record(raw, line=line)
            except InputError:
                continue
            yield fields.get(record, "date")
            for name in ("docs", "sources"):
                docs = record.get(name)
                if isinstance(docs, list):
                    yield from (fields.get(d, "date") for d in docs if isinstance(d, Mapping))

    return DateConvention.learn(values())


def record_id(record: Mapping[str, Any], *, line: int, fields: FieldMap) -> str:
    """The record's own id (as text), else its line number."""
    value = fields.get(record, "id")
    if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    return str(line)


def _article(
    value: Any, *, where: str, fields: FieldMap, convention: DateConvention | None, problems: list[InputError]
) -> Article:
    if isinstance(value, str):
        value = {"text": value}
    return article_from_record(value, where=where, fields=fields, convention=convention, date_problems=problems)


def _noted(rid: str, problems: list[InputError], notes: list[str] | None) -> None:
    """One note for the record's unreadable dates."""
    if problems and notes is not None:
        notes.append(date_warning(f"record {rid}", problems))


def articles_of(
    record: Mapping[str, Any],
    *,
    rid: str,
    fields: FieldMap,
    notes: list[str] | None = None,
    convention: DateConvention | None = None,
) -> list[Article]:
    """The articles of an article record (one) or a story record (``docs``); ``notes`` gets what was
    left out (an article's unreadable date, an unusable article of a story, an empty article: with
    ``notes``, a record whose every article is empty gives none); ``convention`` is the file's
    (:func:`file_convention`)."""
    docs = record.get("docs")
    if docs is not None:
        return _docs(docs, rid=rid, fields=fields, name="docs", notes=notes, convention=convention, empty_ok=True)
    if fields.get(record, "text") is None and not _has_blank_text(record, fields):
        tried = " or ".join(repr(n) for n in fields.names("text"))
        raise InputError(
            f"the record has neither a text ({tried}) nor 'docs' (a list of articles); "
            "name the text field with --field text=NAME.",
            source=rid,
        )
    problems: list[InputError] = []
    try:
        article = _article(record, where=rid, fields=fields, convention=convention, problems=problems)
    except InputError as exc:
        if notes is None or not _has_blank_text(record, fields):
            raise
        notes.append(f"{exc} It was left out.")  # an empty article: nothing to summarize, not a failure
        return []
    _noted(rid, problems, notes)
    return [article]


def _has_blank_text(record: Mapping[str, Any], fields: FieldMap) -> bool:
    return any(isinstance(record.get(n), str) and not record[n].strip() for n in fields.names("text"))


def _docs(
    docs: Any,
    *,
    rid: str,
    fields: FieldMap,
    name: str,
    notes: list[str] | None = None,
    convention: DateConvention | None = None,
    empty_ok: bool = False,
) -> list[Article]:
    """The articles of a list; with ``empty_ok`` (and ``notes``), a list of empty articles gives none."""
    if not isinstance(docs, Sequence) or isinstance(docs, str | bytes):
        raise InputError(f"'{name}' must be a list of articles, not {type(docs).__name__}.", source=rid)
    if not docs:
        raise InputError(f"'{name}' is empty: give the story's articles.", source=rid)
    own = DateConvention.learn((fields.get(d, "date") for d in docs if isinstance(d, Mapping)), fallback=convention)
    problems: list[InputError] = []
    articles: list[Article] = []
    unusable: list[InputError] = []
    empty: list[bool] = []
    for k, doc in enumerate(docs):
        try:
            articles.append(_article(doc, where=f"{rid}#{k}", fields=fields, convention=own, problems=problems))
        except InputError as exc:
            unusable.append(exc)
            empty.append(isinstance(doc, str) or (isinstance(doc, Mapping) and _has_blank_text(doc, fields)))
    if not articles and not (empty_ok and notes is not None and all(empty)):
        # the record fails, naming its first article that is not merely empty (no text field, not an object)
        raise next((exc for exc, blank in zip(unusable, empty, strict=True) if not blank), unusable[0])
    if notes is not None:
        notes.extend(f"{exc} It was left out." for exc in unusable)
    elif unusable:
        raise unusable[0]
    _noted(rid, problems, notes)
    seen: dict[str, int] = {}
    for k, article in enumerate(articles):  # as precis reads files: a repeated id becomes id#2, id#3...
        seen[article.id] = count = seen.get(article.id, 0) + 1
        if count > 1:
            articles[k] = dataclasses.replace(article, id=f"{article.id}#{count}")
    return articles


def _summary(data: Mapping[str, Any], *, rid: str) -> Summary:
    try:
        return Summary.from_dict(data)
    except InputError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(
            f"'summary' is not a valid {SCHEMA} document ({type(exc).__name__}: {exc}).", source=rid
        ) from None


def summary_of(record: Mapping[str, Any], *, rid: str) -> str | Summary:
    """The ``summary`` of a check record: its text, or a precis summary (object or JSON text)."""
    value = record.get("summary")
    if isinstance(value, Mapping):
        if value.get("schema") != SCHEMA:
            raise InputError(f"'summary' is an object but not a precis summary (schema {SCHEMA}).", source=rid)
        return _summary(value, rid=rid)
    if not isinstance(value, str) or not value.strip():
        raise InputError("the record has no 'summary' (the text to check).", source=rid)
    if value.lstrip().startswith("{"):  # as `precis check` reads a file: a precis JSON summary, else text
        try:
            data = loads(value, where=rid)
        except InputError:
            return value
        if isinstance(data, dict) and data.get("schema") == SCHEMA:
            return _summary(data, rid=rid)
    return value


def sources_of(
    record: Mapping[str, Any],
    *,
    rid: str,
    fields: FieldMap,
    notes: list[str] | None = None,
    convention: DateConvention | None = None,
) -> list[Article] | None:
    """The sources of a check record (``docs``, ``sources`` or ``source``), or None when it names none."""
    for name in ("docs", "sources"):
        if record.get(name) is not None:
            return _docs(record[name], rid=rid, fields=fields, name=name, notes=notes, convention=convention)
    if record.get("source") not in (None, ""):
        problems: list[InputError] = []
        article = _article(record["source"], where=rid, fields=fields, convention=convention, problems=problems)
        _noted(rid, problems, notes)
        return [article]
    return None
