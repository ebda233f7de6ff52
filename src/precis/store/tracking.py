"""One ``precis track run``: read every source, keep what is new, place it in stories, store it.

1. **Read.** Each source with the existing readers
   (:func:`precis.readers.read_articles`): files, folders, JSONL, feeds and
   URLs. A URL is fetched by a :class:`~precis.readers.fetching.Fetcher`
   (private addresses refused unless ``allow_private``) with the validators
   its last answer gave (``If-None-Match``, ``If-Modified-Since``); a 304
   answer means nothing new. Every source that fails, whole or in part, is
   named in the report.
2. **Skip** what was already read: the same canonical URL or the same text
   (:mod:`.identity`), in the store or earlier in this run.
3. **Place and store** the rest in batches, oldest first, each batch one
   transaction (:mod:`.placing`, :meth:`~precis.store.base.Store.commit_batch`).
   The sources' new validators and the run's counts are written last, in one
   more transaction: a run killed before it ends reads the same sources again
   next time and skips what its committed batches stored, so no article is
   lost or stored twice.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..errors import ConfigError, FetchError
from ..model import Article
from ..readers import read_articles
from ..readers.fetching import Fetcher, Page, is_url
from .base import NewArticle, SourceRecord, SourceUpdate, Store
from .identity import canonical_url, content_hash
from .placing import place

__all__ = ["RunOptions", "RunReport", "run_sources"]


@dataclass(frozen=True, kw_only=True, slots=True)
class RunOptions:
    """How a run reads and places articles.

    Parameters
    ----------
    allow_private : bool, default=False
        Fetch URLs on private, loopback and link-local addresses.
    timeout : float, default=15.0
        Seconds to wait for a URL.
    max_bytes : int, default=10_000_000
        Largest file or page read.
    batch_size : int, default=200
        New articles placed and stored per transaction.
    window_days : float, default=7.0
        A story is compared with new articles while its latest article is this recent.
    per_story : int, default=4
        Latest members of each active story compared with new articles.
    limit : int, default=3000
        Most stored articles compared with one batch.
    check_language : bool, default=True
        Set apart articles that do not look English.
    """

    allow_private: bool = False
    timeout: float = 15.0
    max_bytes: int = 10_000_000
    batch_size: int = 200
    window_days: float = 7.0
    per_story: int = 4
    limit: int = 3000
    check_language: bool = True

    def __post_init__(self) -> None:
        for name in ("timeout", "max_bytes", "batch_size", "window_days", "per_story", "limit"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ConfigError(f"The '{name}' parameter of RunOptions must be a positive number. "
                                  f"Got {value!r} instead.")  # fmt: skip


@dataclass(slots=True)
class RunReport:
    """What a run did: articles read, stored, skipped (by reason), failures by source, stories touched."""

    run_id: int
    read: int = 0
    new: int = 0
    copies: int = 0
    set_apart: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)
    not_modified: list[str] = field(default_factory=list)
    new_stories: int = 0
    merged: int = 0
    stories: set[int] = field(default_factory=set)


class _Served(Fetcher):
    """A fetcher that hands :func:`read_articles` the pages already fetched (conditionally) by the run."""

    def __init__(self, pages: dict[str, Page]) -> None:
        super().__init__()
        self._pages = pages

    def fetch_many(self, urls: Sequence[str]) -> list[Page | FetchError]:
        return [self._pages[u] for u in urls]


def _conditional(source: SourceRecord) -> dict[str, str]:
    headers = {}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    return headers


def _read(source: SourceRecord, options: RunOptions, fetcher: Fetcher | None,
          report: RunReport) -> tuple[list[Article], SourceUpdate]:  # fmt: skip
    """The articles of one source and what to remember about it."""
    validators: dict[str, str | None] = {}
    reader_fetcher: Fetcher | None = None
    if is_url(source.location):
        assert fetcher is not None
        try:
            page = fetcher.fetch(source.location, headers=_conditional(source))
        except FetchError as exc:
            report.failures.append((source.location, str(exc)))
            return [], SourceUpdate(source.id, error=str(exc))
        if page.status == 304:
            report.not_modified.append(source.location)
            return [], SourceUpdate(source.id)
        validators = {"etag": page.etag, "last_modified": page.last_modified}
        reader_fetcher = _Served({source.location: page})
    result = read_articles([source.location], max_bytes=options.max_bytes, fetcher=reader_fetcher)
    reasons = [f.reason for f in result.failures]
    for reason in reasons:
        report.failures.append((source.location, reason))
    error = (
        "; ".join(reasons[:3]) + (f" (and {len(reasons) - 3} more)" if len(reasons) > 3 else "") if reasons else None
    )
    return result.articles, SourceUpdate(source.id, error=error, validators=bool(validators), **validators)


def _fresh(store: Store, read: list[tuple[int, Article]], report: RunReport) -> list[NewArticle]:
    """The articles not stored and not read earlier in this run (by canonical URL or text), oldest first."""
    keyed = [(sid, a, canonical_url(a.url), content_hash(a.text)) for sid, a in read if a.text.strip()]
    report.skipped["empty"] = len(read) - len(keyed)
    urls, hashes = store.known([u for _, _, u, _ in keyed if u], [h for _, _, _, h in keyed])
    out: list[NewArticle] = []
    for sid, article, url, digest in keyed:
        if url is not None and url in urls:
            report.skipped["same URL"] = report.skipped.get("same URL", 0) + 1
            continue
        if digest in hashes:
            report.skipped["same text"] = report.skipped.get("same text", 0) + 1
            continue
        if url is not None:
            urls.add(url)
        hashes.add(digest)
        out.append(NewArticle("", article, sid, url, digest, read_id=article.id))
    out.sort(key=lambda n: (n.article.published is None, n.article.published.timestamp() if n.article.published else 0))
    for k, new in enumerate(out):
        new.key = f"n{k}"
        new.article = dataclasses.replace(new.article, id=new.key)
    report.skipped = {k: v for k, v in report.skipped.items() if v}
    return out


def run_sources(store: Store, options: RunOptions | None = None, *,
                progress: Callable[[int, int], None] | None = None) -> RunReport:  # fmt: skip
    """Read every source of ``store``, store what is new, placed in stories (see the module docstring).

    Returns
    -------
    RunReport
        What was read, stored and skipped; ``failures`` names each failing source.
    """
    options = options or RunOptions()
    sources = store.sources()
    run_id = store.begin_run()
    report = RunReport(run_id)
    read: list[tuple[int, Article]] = []
    updates: list[SourceUpdate] = []
    fetcher = None
    if any(is_url(s.location) for s in sources):
        fetcher = Fetcher(timeout=options.timeout, max_bytes=options.max_bytes, allow_private=options.allow_private)
    try:
        for source in sources:
            articles, update = _read(source, options, fetcher, report)
            read += [(source.id, a) for a in articles]
            updates.append(update)
    finally:
        if fetcher is not None:
            fetcher.close()
    report.read = len(read)
    fresh = _fresh(store, read, report)
    held: dict[Article, Article] = {}  # every stored article this run compared with (see _store_batch)
    for lo in range(0, len(fresh), options.batch_size):
        _store_batch(store, fresh[lo : lo + options.batch_size], options, report, held)
        if progress is not None:
            progress(min(lo + options.batch_size, len(fresh)), len(fresh))
    counts = {"read": report.read, "new": report.new, "skipped": sum(report.skipped.values()),
              "failed": len(report.failures)}  # fmt: skip
    store.finish_run(run_id, counts=counts, updates=updates, status="done")
    return report


def _store_batch(store: Store, batch_new: list[NewArticle], options: RunOptions, report: RunReport,
                 held: dict[Article, Article]) -> None:  # fmt: skip
    """Place and store one batch.

    Most stored articles a batch is compared with come back for the next batch, as equal but new objects.
    Each is swapped for the first equal one of the run (``held``), whose analysis
    (:meth:`Document.of <precis.analysis.document.Document.of>`, kept while that object lives) is then made
    once per run, not once per batch.
    """
    dated = [a.article.published.timestamp() for a in batch_new if a.article.published is not None]
    ref = max(dated) if dated else time.time()
    stored = [
        dataclasses.replace(s, article=held.setdefault(s.article, s.article))
        for s in store.recent(ref_ts=ref, run_id=report.run_id, days=options.window_days,
                              per_story=options.per_story, limit=options.limit)
    ]  # fmt: skip
    batch = place(batch_new, stored, check_language=options.check_language)
    keys = store.commit_batch(report.run_id, batch)
    for a in batch.articles:
        if a.key not in keys:
            report.skipped["stored meanwhile"] = report.skipped.get("stored meanwhile", 0) + 1
            continue
        report.new += 1
        report.copies += a.copy_of is not None
        report.set_apart += a.set_apart is not None
        if isinstance(a.story, int):
            report.stories.add(a.story)
    report.new_stories += len(batch.new_stories)
    report.merged += len(batch.merges)
