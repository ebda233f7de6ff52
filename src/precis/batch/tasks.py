"""The batch tasks (one table, :data:`TASKS`) and the worker side: a chunk of records -> rows and errors.

A task turns one record into the JSON document that the matching command
prints with ``--format json``, by the same library calls:

========== ======================================== =========================
task       record                                   result
========== ======================================== =========================
summarize  an article, or a story (``docs``)        ``precis.summary/1``
check      ``summary`` + sources (``docs``...)      ``precis.check/1``
digest     a pile of articles (``docs``)            ``precis.digest/1``
========== ======================================== =========================

The options are the command's, made into the task's request
(:mod:`precis.app`), which validates them and holds their defaults; a record
is run by the same :mod:`precis.app` function as the command, so the skip
rule and the refusals ("No story") are the command's too.

What a worker needs travels as a *spec*, a plain JSON-able dict (task name,
the library configuration, the request as a dict, field map, limits; see
:func:`make_spec`): never a live object. Each worker process builds the
task's models from the spec once, warms them up on a tiny text (so that
loading models and libraries is not charged to the first record's time
limit), and keeps them for every later chunk (:func:`run_chunk`).

A record with nothing to work on (:attr:`precis.app.Outcome.nothing`: no
article can be summarized, a pile with no story) is not a failure: its row
holds the task's empty result with its reason, and ``skipped`` names every
article left out and why; the chunk counts it in :attr:`ChunkResult.nothing`.
A record that cannot be processed becomes an error row: ``kind`` is
``json`` (not a JSON object), ``record`` (missing or unusable fields: the
message of the :class:`~precis.errors.InputError`), ``too_large``,
``timeout`` or ``internal`` (an unexpected exception: a bug, reported with
its type).
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .. import app
from ..app import CheckRequest, DigestRequest, Models, Request, SummarizeRequest
from ..errors import ConfigError, InputError
from ..model import Article
from ..readers.corpus import FieldMap
from ..readers.dates import DateConvention
from .deadline import RecordTimeout, time_limit
from .inputs import TOO_LARGE, Chunk
from .records import articles_of, parse_record, record_id, sources_of, summary_of

__all__ = ["TASKS", "ChunkResult", "ErrorRow", "ResultRow", "Task", "make_spec", "run_chunk"]

# (id, line, skipped-article messages, result JSON text)
ResultRow = tuple[str, int, list[str], str]
# (id or None, line, kind, reason)
ErrorRow = tuple[str | None, int, str, str]
# what a task returns for one record: the result JSON text, the messages of articles it skipped, and
# whether the record had nothing to work on (an empty result that says why)
Outcome = tuple[str, list[str], bool]

_WARMUP = (
    "The harbour board met on Monday to discuss the new ferry timetable. "
    "Members agreed to add two evening crossings from the first of June."
)


@dataclass(frozen=True, slots=True)
class Task:
    """One batch task: its request, the library settings it records, how a worker builds its models and does
    a record."""

    request: type[Request]
    config: Callable[[Any], dict[str, Any]]
    build: Callable[[Any], Any]
    run: Callable[[Any, Any, Mapping[str, Any], str, FieldMap, DateConvention], Outcome]


def _summarize_build(request: SummarizeRequest) -> Models:
    models = Models()
    warm = dataclasses.replace(request, words=None, chars=None, sentences=1, ratio=None, verify=False)
    app.summarize(warm, [Article("warm-up", _WARMUP)], models=models)
    return models


def _summarize_run(
    models: Models,
    request: SummarizeRequest,
    record: Mapping[str, Any],
    rid: str,
    fields: FieldMap,
    dates: DateConvention,
) -> Outcome:
    """As ``precis summarize --format json``: an unusable article among good ones is skipped and named."""
    notes: list[str] = []  # what reading left out: unreadable dates, unusable articles of a story
    outcome = app.summarize(
        request, articles_of(record, rid=rid, fields=fields, notes=notes, convention=dates), models=models
    )
    result = outcome.require(source=rid, accept_nothing=True).to_json(indent=None)
    return result, notes + [str(exc) for exc in outcome.skipped], outcome.nothing


def _check_build(request: CheckRequest) -> Models:
    models = Models()
    app.check(request, _WARMUP.split(". ")[0] + ".", _WARMUP, models=models)
    return models


def _check_run(
    models: Models, request: CheckRequest, record: Mapping[str, Any], rid: str, fields: FieldMap, dates: DateConvention
) -> Outcome:
    """As ``precis check SUMMARY --source ... --format json``."""
    summary = summary_of(record, rid=rid)
    notes: list[str] = []
    sources = sources_of(record, rid=rid, fields=fields, notes=notes, convention=dates)
    if sources is None and isinstance(summary, str):
        raise InputError("the record has no sources: give them in 'docs', 'sources' or 'source'.", source=rid)
    return app.check(request, summary, sources, models=models).require(source=rid).to_json(indent=None), notes, False


def _digest_build(request: DigestRequest) -> None:
    app.digest(dataclasses.replace(request, words=20), [Article("warm-up", _WARMUP)])


def _digest_run(
    _models: None, request: DigestRequest, record: Mapping[str, Any], rid: str, fields: FieldMap, dates: DateConvention
) -> Outcome:
    """As ``precis digest ARTICLES --format json``: a pile (``docs``) -> story briefings."""
    notes: list[str] = []
    outcome = app.digest(request, articles_of(record, rid=rid, fields=fields, notes=notes, convention=dates))
    result = outcome.require(source=rid, accept_nothing=True).to_json(indent=None)
    return result, notes + [str(exc) for exc in outcome.skipped], outcome.nothing


TASKS: dict[str, Task] = {
    "summarize": Task(SummarizeRequest, lambda r: app.summarizer_config(r).to_dict(), _summarize_build, _summarize_run),
    "check": Task(CheckRequest, lambda r: app.checker_config(r).to_dict(), _check_build, _check_run),
    "digest": Task(DigestRequest, lambda r: app.summarizer_config(r).to_dict(), _digest_build, _digest_run),
}


def make_spec(
    task: str,
    options: Mapping[str, Any],
    *,
    fields: Mapping[str, str] | None = None,
    record_timeout: float | None = None,
    max_record_bytes: int,
) -> dict[str, Any]:
    """The plain-dict spec a worker needs for ``task``; options are validated here, before any record is read."""
    if task not in TASKS:
        raise ConfigError(f"The 'task' parameter of precis batch must be one of {sorted(TASKS)}. Got {task!r} instead.")
    if record_timeout is not None and not record_timeout > 0:
        raise ConfigError(
            f"The 'record_timeout' parameter of precis batch must be a positive number of seconds. "
            f"Got {record_timeout!r} instead."
        )
    if not (isinstance(max_record_bytes, int) and max_record_bytes > 0):
        raise ConfigError(
            f"The 'max_record_bytes' parameter of precis batch must be a positive whole number. "
            f"Got {max_record_bytes!r} instead."
        )
    FieldMap(dict(fields or {}))  # validates the names
    flags = TASKS[task].request.flags()
    stray = sorted(k for k, v in options.items() if v not in (None, False) and k not in flags)
    if stray:
        raise ConfigError(
            f"The option(s) {', '.join(stray)} do not apply to the {task!r} task; it takes {', '.join(flags)}."
        )
    request = TASKS[task].request.from_options({k: v for k, v in options.items() if k in flags})
    return {
        "task": task,
        "config": TASKS[task].config(request),
        "request": request.to_dict(),
        "fields": dict(fields or {}),
        "record_timeout": record_timeout,
        "max_record_bytes": max_record_bytes,
    }


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """What a worker sends back for one chunk: plain data, in input order."""

    index: int
    rows: list[ResultRow]
    errors: list[ErrorRow]
    nothing: int = 0  # rows of records with nothing to work on (an empty result that says why)


_BUILT: dict[str, Any] = {}
_BUILD_LOCK = threading.Lock()


def _worker_model(spec: Mapping[str, Any], request: Request) -> Any:
    """The spec's models, built (and warmed up) once per process (and per spec)."""
    key = json.dumps({k: spec[k] for k in ("task", "request")}, sort_keys=True)
    with _BUILD_LOCK:
        if key not in _BUILT:
            _BUILT.clear()  # one spec at a time: a worker reused for another run lets the old model go
            _BUILT[key] = TASKS[spec["task"]].build(request)
        return _BUILT[key]


def _size(raw: Any) -> int:
    if isinstance(raw, bytes):
        return len(raw)
    return len(json.dumps(raw, ensure_ascii=False, default=str).encode("utf-8"))


def _one(
    spec: Mapping[str, Any],
    model: Any,
    request: Request,
    fields: FieldMap,
    line: int,
    raw: Any,
    dates: DateConvention | None = None,
) -> tuple[ResultRow | ErrorRow, bool]:
    """One record -> its result row, or its error row (the two differ in their third field: list vs str),
    and whether it had nothing to work on."""
    limit = spec["max_record_bytes"]
    size = raw[1] if isinstance(raw, tuple) and raw[0] == TOO_LARGE else _size(raw)
    if size > limit:
        return (None, line, "too_large", f"the record is {size} bytes, over the limit of {limit} bytes"), False
    try:
        record = parse_record(raw, line=line)
    except InputError as exc:
        return (None, line, "json", str(exc)), False
    rid = record_id(record, line=line, fields=fields)
    try:
        with time_limit(spec["record_timeout"]):
            run = TASKS[spec["task"]].run
            result, skipped, nothing = run(model, request, record, rid, fields, dates or DateConvention())
    except InputError as exc:
        return (rid, line, "record", str(exc)), False
    except RecordTimeout:
        return (rid, line, "timeout", f"over the per-record time limit of {spec['record_timeout']:g} s"), False
    except Exception as exc:  # a bug in precis on this record: record it, go on with the others
        return (rid, line, "internal", f"internal error: {type(exc).__name__}: {exc}"), False
    return (rid, line, skipped, result), nothing


def run_chunk(spec: Mapping[str, Any], chunk: Chunk) -> ChunkResult:
    """Process one chunk of records (in any worker: a pool process, a Dask worker, or in-process)."""
    request = TASKS[spec["task"]].request.from_dict(spec["request"])
    model = _worker_model(spec, request)
    fields = FieldMap(spec["fields"])
    dates = DateConvention(**spec.get("dates", {}))  # the input's convention, learned by the runner
    rows: list[ResultRow] = []
    errors: list[ErrorRow] = []
    nothing = 0
    for line, raw in chunk.items:
        out, empty = _one(spec, model, request, fields, line, raw, dates)
        if isinstance(out[2], list):
            rows.append((str(out[0]), out[1], out[2], str(out[3])))
            nothing += empty
        else:
            errors.append((out[0], out[1], out[2], str(out[3])))
    return ChunkResult(chunk.index, rows, errors, nothing)
