"""The articles of a request -> :class:`~precis.model.Article` s, through the same readers as the CLI.

Each entry of a request's ``articles`` (or ``sources``) list is one of:

- **text** with optional metadata (``id``, ``title``, ``outlet``, ``url``,
  ``author``, ``date``): read as one corpus record is
  (:func:`~precis.readers.corpus.article_from_record`), so field names and
  their aliases (``published`` for ``date``) and dates are read the same way;
  a bad date is the client's mistake and refused (422);
- **url** alone: fetched by a :class:`~precis.readers.fetching.Fetcher` whose
  private-address guard is always on (no request field can turn it off), then
  read as the CLI reads a URL (page, feed, corpus); URLs are fetched
  concurrently;
- **document**: the content of a file the client has (a saved page, a feed,
  JSONL/JSON/CSV, text), read as the CLI reads a file, by its content;
  ``name`` (a file name, never opened) names it in ids and messages.

A URL or document that cannot be read is a :class:`~precis.readers.ReadFailure`
and the others are still used, as on the CLI. Articles that share an id get
``#2``, ``#3``... as :func:`~precis.readers.read_articles` does. Every article
remembers which request field it came from (``articles[2]``), so an error
about it can name that field.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..model import Article
from ..readers import FieldMap, ReadFailure, ReadResult, read_articles
from ..readers.corpus import article_from_record

if TYPE_CHECKING:
    from ..readers.fetching import Fetcher

__all__ = ["Gathered", "gather_articles"]

_NOT_RECORD = ("document", "name")  # an entry's fields that are not an article record's
# the CLI's advice for a refused private address does not apply to a server's clients
_CLI_ADVICE = re.compile(r"; if you trust this host, pass --allow-private.*?allow_private=True\)\.", re.DOTALL)
_SERVER_ADVICE = "; this server never fetches them. Send the article's text instead."


def _for_clients(failure: ReadFailure, where: str) -> ReadFailure:
    """A read failure named by its request field, with advice a client can follow."""
    return ReadFailure(f"{where} ({failure.source})", _CLI_ADVICE.sub(_SERVER_ADVICE, failure.reason))


@dataclass(slots=True)
class Gathered:
    """Articles in request order, the inputs that failed, and the request field of each article id."""

    articles: list[Article] = field(default_factory=list)
    failures: list[ReadFailure] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)

    def field_of(self, source: str | None) -> str | None:
        """The request field an error's ``source`` (an article id or a field) points at."""
        if source is None:
            return None
        return self.fields.get(source, source if source.split("[", 1)[0] in ("articles", "sources") else None)


def _record_article(entry: dict[str, Any], where: str, index: int) -> Article:
    record = {k: v for k, v in entry.items() if k not in _NOT_RECORD and v not in (None, "")}
    fields = FieldMap()
    if fields.get(record, "id") is None:
        record["id"] = str(index + 1)
    try:
        return article_from_record(record, where=where, fields=fields)
    except InputError as exc:
        raise InputError(str(exc), source=where) from None


def _document(
    entry: dict[str, Any], where: str, *, fields: FieldMap, follow: bool, fetcher: Fetcher | None
) -> ReadResult:
    """Read a client's file content as the CLI reads a file; ids and messages name the file, not stdin."""
    name = str(entry.get("name") or where)
    stem = PurePosixPath(name.replace("\\", "/")).stem or where
    data = str(entry["document"]).encode("utf-8", "surrogatepass")
    result = read_articles(["-"], stdin=io.BytesIO(data), fields=fields, follow=follow, fetcher=fetcher,
                           max_bytes=max(len(data), 1))  # fmt: skip
    renamed = ReadResult()
    for article in result.articles:
        new_id = stem if article.id == "stdin" else article.id.replace("<stdin>", name)
        renamed.articles.append(dataclasses.replace(article, id=new_id))
        renamed.origins[new_id] = result.origins.get(article.id, name).replace("<stdin>", name)
    for failure in result.failures:
        renamed.failures.append(
            ReadFailure(failure.source.replace("<stdin>", name), failure.reason.replace("<stdin>", name))
        )
    return renamed


def _fetch_all(urls: list[str], *, fields: FieldMap, follow: bool, fetcher: Fetcher) -> dict[str, ReadResult]:
    """Each distinct URL read as the CLI reads it, all fetched at once through one guarded fetcher."""
    distinct = list(dict.fromkeys(urls))
    with ThreadPoolExecutor(max_workers=min(8, len(distinct)) or 1) as pool:
        results = pool.map(lambda u: read_articles([u], fields=fields, follow=follow, fetcher=fetcher), distinct)
        return dict(zip(distinct, results, strict=True))


def gather_articles(
    entries: Sequence[dict[str, Any]],
    *,
    name: str = "articles",
    fields: str | None = None,
    follow: bool = False,
    fetcher: Fetcher | None = None,
) -> Gathered:
    """Read every entry of a request's article list (see the module docstring).

    ``fetcher`` is needed when an entry is a URL (or ``follow`` is set); the
    caller makes it, with the guard on, and closes it.
    """
    field_map = FieldMap.parse(fields)
    urls = [str(e["url"]) for e in entries if not e.get("text") and not e.get("document") and e.get("url")]
    fetched: dict[str, ReadResult] = {}
    if urls:
        if fetcher is None:
            raise AssertionError("gather_articles needs a fetcher for URL entries")
        fetched = _fetch_all(urls, fields=field_map, follow=follow, fetcher=fetcher)
    out = Gathered()
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        where = f"{name}[{index}]"
        if entry.get("text"):
            result = ReadResult(articles=[_record_article(entry, where, index)])
        elif entry.get("document"):
            result = _document(entry, where, fields=field_map, follow=follow, fetcher=fetcher)
        else:
            result = fetched[str(entry["url"])]
        out.failures.extend(_for_clients(f, where) for f in result.failures)
        for article in result.articles:
            count = seen.get(article.id, 0) + 1
            seen[article.id] = count
            unique = article if count == 1 else dataclasses.replace(article, id=f"{article.id}#{count}")
            out.articles.append(unique)
            out.fields[unique.id] = where
    return out
