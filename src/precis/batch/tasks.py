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

What a worker needs travels as a *spec*, a plain JSON-able dict (task name,
configuration, options, field map, limits; see :func:`make_spec`): never a
live object. Each worker process builds the task's summarizer or checker
from the spec once, warms it up on a tiny text (so that loading models and
libraries is not charged to the first record's time limit), and keeps it for
every later chunk (:func:`run_chunk`).

A record that cannot be processed becomes an error row: ``kind`` is
``json`` (not a JSON object), ``record`` (missing or unusable fields: the
message of the :class:`~precis.errors.InputError`), ``too_large``,
``timeout`` or ``internal`` (an unexpected exception: a bug, reported with
its type).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..config.settings import CheckerConfig, SummarizerConfig
from ..errors import ConfigError, InputError
from ..model import Article, Budget
from ..readers.corpus import FieldMap
from .deadline import RecordTimeout, time_limit
from .inputs import TOO_LARGE, Chunk
from .records import articles_of, parse_record, record_id, sources_of, summary_of

__all__ = ["TASKS", "ChunkResult", "ErrorRow", "ResultRow", "Task", "make_spec", "run_chunk"]

# (id, line, skipped-article messages, result JSON text)
ResultRow = tuple[str, int, list[str], str]
# (id or None, line, kind, reason)
ErrorRow = tuple[str | None, int, str, str]
# what a task returns for one record: the result JSON text and the messages of articles it skipped
Outcome = tuple[str, list[str]]

_WARMUP = (
    "The harbour board met on Monday to discuss the new ferry timetable. "
    "Members agreed to add two evening crossings from the first of June."
)


@dataclass(frozen=True, slots=True)
class Task:
    """One batch task: its options, how its settings are made, how a worker builds its model and does a record."""

    options: tuple[str, ...]
    settings: Callable[[Mapping[str, Any]], dict[str, Any]]
    build: Callable[[Mapping[str, Any]], Any]
    run: Callable[[Any, Mapping[str, Any], str, FieldMap, Mapping[str, Any]], Outcome]


def _summarize_settings(opts: Mapping[str, Any]) -> dict[str, Any]:
    config = SummarizerConfig(
        representation="embeddings" if (opts.get("embeddings") or opts.get("model")) else "tfidf",
        model=opts.get("model"),
        order=opts.get("order") or "chronological",
        check_language=not opts.get("no_language_check", False),
    )
    budget = {k: opts.get(k) for k in ("words", "chars", "sentences", "ratio")}
    Budget.from_options(**budget)  # a bad budget is a whole-run error, raised before any record
    return {"config": config.to_dict(), "options": {**budget, "outline": bool(opts.get("outline", False))}}


def _summarize_build(settings: Mapping[str, Any]) -> Any:
    from ..summarizer.summarizer import Summarizer

    summarizer = Summarizer(SummarizerConfig.from_dict(settings["config"]))
    summarizer.summarize(_WARMUP, sentences=1)
    return summarizer


def _summarize_run(
    summarizer: Any, record: Mapping[str, Any], rid: str, fields: FieldMap, opts: Mapping[str, Any]
) -> Outcome:
    """As ``precis summarize --format json``: an unusable article among good ones is skipped and named."""
    from ..analysis.language import partition_articles

    articles = articles_of(record, rid=rid, fields=fields)
    good, unusable = partition_articles(articles, check_language=summarizer.config_.check_language)
    skipped = [str(exc) for exc in unusable] if unusable and good else []
    summary = summarizer.summarize(good if skipped else articles, **opts)
    return summary.to_json(indent=None), skipped


def _check_settings(opts: Mapping[str, Any]) -> dict[str, Any]:
    config = CheckerConfig(
        representation="embeddings" if (opts.get("embeddings") or opts.get("model")) else "tfidf",
        model=opts.get("model"),
        check_language=not opts.get("no_language_check", False),
    )
    return {"config": config.to_dict(), "options": {}}


def _check_build(settings: Mapping[str, Any]) -> Any:
    from ..checking import Checker

    config = dict(settings["config"])
    config["representation"] = str(config["representation"]).partition(".")[0]
    checker = Checker(CheckerConfig(**config))
    checker.check(_WARMUP.split(". ")[0] + ".", _WARMUP)
    return checker


def _check_run(checker: Any, record: Mapping[str, Any], rid: str, fields: FieldMap, opts: Mapping[str, Any]) -> Outcome:
    """As ``precis check SUMMARY --source ... --format json``."""
    summary = summary_of(record, rid=rid)
    sources = sources_of(record, rid=rid, fields=fields)
    if sources is None and isinstance(summary, str):
        raise InputError("the record has no sources: give them in 'docs', 'sources' or 'source'.", source=rid)
    return checker.check(summary, sources).to_json(indent=None), []


def _digest_settings(opts: Mapping[str, Any]) -> dict[str, Any]:
    from ..stories.digest import build_digest

    config = SummarizerConfig(  # as `precis digest` makes it
        representation="embeddings" if opts.get("embeddings") else "tfidf",
        check_language=not opts.get("no_language_check", False),
    )
    options: dict[str, Any] = {
        "words": 80 if opts.get("words") is None else opts["words"],
        "stories": opts.get("stories"),
        "timeline_dates": 4 if opts.get("timeline_dates") is None else opts["timeline_dates"],
    }
    try:  # build_digest checks its options before it looks at the articles: a bad one is a whole-run error
        build_digest([], config=config, **options)
    except InputError:
        pass
    return {"config": config.to_dict(), "options": options}


def _digest_build(settings: Mapping[str, Any]) -> Any:
    from ..stories.digest import build_digest

    config = SummarizerConfig.from_dict(settings["config"])
    build_digest([Article("warm-up", _WARMUP)], words=20, config=config)
    return config


def _digest_run(config: Any, record: Mapping[str, Any], rid: str, fields: FieldMap, opts: Mapping[str, Any]) -> Outcome:
    """As ``precis digest ARTICLES --format json``: a pile (``docs``) -> story briefings."""
    from ..stories.digest import build_digest

    digest = build_digest(articles_of(record, rid=rid, fields=fields), config=config, **opts)
    if not digest.stories:
        raise InputError(f"No story: {digest.reason}", source=rid)
    return digest.to_json(indent=None), []


_MODEL_OPTIONS = ("embeddings", "model", "no_language_check")
TASKS: dict[str, Task] = {
    "summarize": Task(
        ("words", "chars", "sentences", "ratio", "outline", "order", *_MODEL_OPTIONS),
        _summarize_settings,
        _summarize_build,
        _summarize_run,
    ),
    "check": Task(_MODEL_OPTIONS, _check_settings, _check_build, _check_run),
    "digest": Task(
        ("words", "stories", "timeline_dates", "embeddings", "no_language_check"),
        _digest_settings,
        _digest_build,
        _digest_run,
    ),
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
    stray = sorted(k for k, v in options.items() if v not in (None, False) and k not in TASKS[task].options)
    if stray:
        takes = ", ".join(TASKS[task].options)
        raise ConfigError(f"The option(s) {', '.join(stray)} do not apply to the {task!r} task; it takes {takes}.")
    return {
        "task": task,
        **TASKS[task].settings(options),
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


_BUILT: dict[str, Any] = {}
_BUILD_LOCK = threading.Lock()


def _worker_model(spec: Mapping[str, Any]) -> Any:
    """The spec's summarizer or checker, built once per process (and per spec)."""
    key = json.dumps({k: spec[k] for k in ("task", "config")}, sort_keys=True)
    with _BUILD_LOCK:
        if key not in _BUILT:
            _BUILT.clear()  # one spec at a time: a worker reused for another run lets the old model go
            _BUILT[key] = TASKS[spec["task"]].build(spec)
        return _BUILT[key]


def _size(raw: Any) -> int:
    if isinstance(raw, bytes):
        return len(raw)
    return len(json.dumps(raw, ensure_ascii=False, default=str).encode("utf-8"))


def _one(spec: Mapping[str, Any], model: Any, fields: FieldMap, line: int, raw: Any) -> ResultRow | ErrorRow:
    """One record -> its result row, or its error row (the two differ in their third field: list vs str)."""
    limit = spec["max_record_bytes"]
    size = raw[1] if isinstance(raw, tuple) and raw[0] == TOO_LARGE else _size(raw)
    if size > limit:
        return (None, line, "too_large", f"the record is {size} bytes, over the limit of {limit} bytes")
    try:
        record = parse_record(raw, line=line)
    except InputError as exc:
        return (None, line, "json", str(exc))
    rid = record_id(record, line=line, fields=fields)
    try:
        with time_limit(spec["record_timeout"]):
            result, skipped = TASKS[spec["task"]].run(model, record, rid, fields, spec["options"])
    except InputError as exc:
        return (rid, line, "record", str(exc))
    except RecordTimeout:
        return (rid, line, "timeout", f"over the per-record time limit of {spec['record_timeout']:g} s")
    except Exception as exc:  # a bug in precis on this record: record it, go on with the others
        return (rid, line, "internal", f"internal error: {type(exc).__name__}: {exc}")
    return (rid, line, skipped, result)


def run_chunk(spec: Mapping[str, Any], chunk: Chunk) -> ChunkResult:
    """Process one chunk of records (in any worker: a pool process, a Dask worker, or in-process)."""
    model = _worker_model(spec)
    fields = FieldMap(spec["fields"])
    rows: list[ResultRow] = []
    errors: list[ErrorRow] = []
    for line, raw in chunk.items:
        out = _one(spec, model, fields, line, raw)
        if isinstance(out[2], list):
            rows.append((str(out[0]), out[1], out[2], str(out[3])))
        else:
            errors.append((out[0], out[1], out[2], str(out[3])))
    return ChunkResult(chunk.index, rows, errors)
