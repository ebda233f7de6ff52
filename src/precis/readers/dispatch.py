"""The one entry point, :func:`read_articles`: any mix of inputs -> articles, per-item failures kept.

Each input is a path, a folder, ``-`` (standard input) or an ``http(s)://``
URL. URLs are fetched together, concurrently, by a
:class:`~precis.readers.fetching.Fetcher` (private addresses refused unless
it allows them). Then each input's bytes are decoded
(:mod:`~precis.readers.decoding`) and what they hold is decided from the
content (:func:`sniff`), the file suffix and the HTTP content type only
breaking ties:

========  ==============================================================
feed      RSS or Atom: each entry is an article; ``follow=True`` fetches
          each entry's page and reads it as HTML, the feed filling in any
          metadata the page lacks. An entry whose page cannot be fetched or
          read (or that links to none) is a named failure; its feed text,
          when it has some, is used in its place
html      one article: the page's main text and metadata (trafilatura)
jsonl     one article per line (:mod:`~precis.readers.corpus`)
json      an array of records, or one record
csv       one article per row, with a header row
text      the whole input is one article
========  ==============================================================
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, BinaryIO, Literal
from urllib.parse import urlsplit

from ..errors import InputError, MissingDependencyError
from ..model import Article
from .corpus import FieldMap, iter_csv, iter_json, iter_jsonl, looks_like_csv, looks_like_jsonl
from .decoding import decode
from .fetching import is_url
from .files import DEFAULT_MAX_BYTES, Blob, ReadFailure, ReadResult, iter_local

if TYPE_CHECKING:
    from .feeds import FeedEntry
    from .fetching import Fetcher, Page

__all__ = ["Kind", "read_articles", "sniff"]

Kind = Literal["feed", "html", "jsonl", "json", "csv", "text"]
Item = tuple[Article, str] | ReadFailure
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_JSON_TYPES = {"application/json", "application/feed+json"}
_CSV_SUFFIXES = {".csv", ".tsv"}


def url_id(url: str) -> str:
    """A short, readable article id for ``url``: host and path, without scheme, ``www.`` or query."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return (host + parts.path.rstrip("/"))[:120] or url


def sniff(text: str, *, suffix: str = "", content_type: str | None = None, fields: FieldMap | None = None) -> Kind:
    """What ``text`` holds, judged by its content first (see the module docstring)."""
    from .feeds import looks_like_feed
    from .pages import looks_like_html

    head = text.lstrip("\ufeff \t\r\n")
    if looks_like_feed(head[:65536]):
        return "feed"
    if content_type in _HTML_TYPES or looks_like_html(head):
        return "html"
    if head.startswith("{") and looks_like_jsonl(head):
        return "jsonl"
    if head.startswith(("{", "[")) and (suffix == ".json" or content_type in _JSON_TYPES or _parses(head)):
        return "json"
    if suffix in _CSV_SUFFIXES or content_type == "text/csv" or looks_like_csv(head, fields=fields or FieldMap()):
        return "csv"
    return "text"


def _parses(text: str) -> bool:
    import json

    from .nesting import too_deep

    if too_deep(text):  # JSON too deep to parse: read as JSON, which refuses it with a message that says so
        return True
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _corpus(kind: Kind, text: str, blob: Blob, fields: FieldMap) -> Iterator[Item]:
    parse = {"jsonl": iter_jsonl, "json": iter_json, "csv": iter_csv}[kind]
    empty = True
    for got in parse(text, name=blob.name, fields=fields):
        empty = False
        yield ReadFailure(got.source or blob.name, str(got)) if isinstance(got, InputError) else got
    if empty:  # a header row alone, an empty array: say so rather than read nothing in silence
        yield ReadFailure(blob.name, f"{blob.name} holds no records ({kind.upper()} with nothing to read).")


def _html(text: str, blob: Blob) -> Item:
    from .pages import article_from_html

    article = article_from_html(text, id=url_id(blob.url) if blob.url else blob.stem, url=blob.url)
    return article, blob.name


def _entry_id(entry: FeedEntry, blob: Blob, index: int) -> str:
    return url_id(entry.link) if entry.link else f"{blob.stem}-{index}"


def _feed(text: str, blob: Blob, follow: bool, fetcher: Fetcher | None) -> Iterator[Item]:
    from .feeds import entry_article, parse_feed, with_feed_metadata

    entries = parse_feed(text, source=blob.name)
    pages: list[Page | InputError | None] = [None] * len(entries)
    if follow:
        linked = [i for i, e in enumerate(entries) if e.link]
        fetched = _fetcher(fetcher).fetch_many([entries[i].link or "" for i in linked])
        for i, result in zip(linked, fetched, strict=True):
            pages[i] = result
    for index, (entry, page) in enumerate(zip(entries, pages, strict=True), start=1):
        where = entry.link or f"{blob.name} entry {index}"
        try:
            if page is None and follow:  # nothing to follow: say so, as for a page that could not be fetched
                missing = InputError(f"{where}: this entry links to no page to follow.", source=where)
                yield from _entry_fallback(entry, blob, index, missing)
            elif page is None:
                yield entry_article(entry, id=_entry_id(entry, blob, index)), where
            elif isinstance(page, InputError):
                yield from _entry_fallback(entry, blob, index, page)
            else:
                try:
                    items = list(_parse_blob(_page_blob(page), fields=FieldMap(), follow=False, fetcher=None))
                    article, _ = _single(items, where)
                except InputError as exc:  # fetched, but no article in it (a login wall, an error page)
                    yield from _entry_fallback(entry, blob, index, exc)
                else:
                    yield with_feed_metadata(article, entry), where
        except InputError as exc:
            yield ReadFailure(where, str(exc))
        except MissingDependencyError:
            raise
        except Exception as exc:  # one entry must never stop the feed
            yield ReadFailure(where, unreadable(where, exc))


def _entry_fallback(entry: FeedEntry, blob: Blob, index: int, error: InputError) -> list[Item]:
    """A followed entry whose page failed: the failure, named, and the feed's own text when it has some."""
    from .feeds import entry_article

    where = entry.link or f"{blob.name} entry {index}"
    if not entry.text.strip():
        return [ReadFailure(where, str(error))]
    reason = f"{str(error).rstrip('.')}; the feed's own text for this entry was used instead of its page."
    return [(entry_article(entry, id=_entry_id(entry, blob, index)), where), ReadFailure(where, reason)]


def _single(items: list[Item], where: str) -> tuple[Article, str]:
    if len(items) == 1 and not isinstance(items[0], ReadFailure):
        return items[0]
    if items and isinstance(items[0], ReadFailure):
        raise InputError(items[0].reason, source=where)
    raise InputError(f"{where}: the linked page is not one article.", source=where)


def _parse_blob(blob: Blob, *, fields: FieldMap, follow: bool, fetcher: Fetcher | None) -> Iterator[Item]:
    try:
        text = decode(blob.data, name=blob.name, declared=blob.charset)
        if not text.strip():
            yield ReadFailure(blob.name, f"{blob.name} is empty: there is nothing to summarize in it.")
            return
        kind = sniff(text, suffix=blob.suffix, content_type=blob.content_type, fields=fields)
        if kind == "feed":
            yield from _feed(text, blob, follow, fetcher)
        elif kind == "html":
            yield _html(text, blob)
        elif kind == "text":
            yield Article(id=url_id(blob.url) if blob.url else blob.stem, text=text, url=blob.url), blob.name
        else:
            yield from _corpus(kind, text, blob, fields)
    except InputError as exc:
        yield ReadFailure(exc.source or blob.name, str(exc))
    except MissingDependencyError:
        raise  # the whole run needs the extra, not this input alone
    except Exception as exc:  # one input must never stop the others
        yield ReadFailure(blob.name, unreadable(blob.name, exc))


def unreadable(name: str, exc: BaseException) -> str:
    """The reason an input that failed in an unexpected way (a library error, exhausted stack or memory) is skipped."""
    if isinstance(exc, RecursionError):
        why = "it nests too deeply to be read"
    elif isinstance(exc, MemoryError):
        why = "there is not enough memory to read it"
    else:
        why = f"reading it failed ({type(exc).__name__}: {str(exc)[:200] or 'no detail'})"
    return f"{name}: skipped because {why}; the other inputs are still read."


def _page_blob(page: Page) -> Blob:
    path = urlsplit(page.final_url).path
    stem = path.rstrip("/").rsplit("/", 1)[-1] or "page"
    suffix = ("." + stem.rsplit(".", 1)[-1].lower()) if "." in stem else ""
    return Blob(
        name=page.url, data=page.body, stem=stem, suffix=suffix, content_type=page.content_type,
        charset=page.charset, url=page.final_url,
    )  # fmt: skip


def _fetcher(fetcher: Fetcher | None) -> Fetcher:
    if fetcher is None:  # read_articles makes one whenever URLs or follow=True call for it
        raise AssertionError("no fetcher for URLs")
    return fetcher


def _blobs(
    inputs: Sequence[str], *, max_bytes: int, pattern: str, stdin: BinaryIO | None, fetcher: Fetcher | None
) -> Iterator[Blob | ReadFailure]:
    urls = [i for i in inputs if is_url(i)]
    fetched: dict[str, Page | InputError] = {}
    if urls:
        fetched = dict(zip(urls, _fetcher(fetcher).fetch_many(urls), strict=True))
    for path_arg in inputs:
        if "://" in path_arg and not is_url(path_arg):
            yield ReadFailure(path_arg, f"{path_arg} is not a URL precis can fetch (http:// or https:// and a host).")
            continue
        if not is_url(path_arg):
            yield from iter_local(path_arg, max_bytes=max_bytes, pattern=pattern, stdin=stdin)
            continue
        page = fetched[path_arg]
        yield ReadFailure(path_arg, str(page)) if isinstance(page, InputError) else _page_blob(page)


def read_articles(
    inputs: Iterable[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    pattern: str = "*",
    stdin: BinaryIO | None = None,
    fields: FieldMap | None = None,
    follow: bool = False,
    fetcher: Fetcher | None = None,
) -> ReadResult:
    """Read every input: paths, folders (recursive), ``-`` (stdin) and URLs.

    Parameters
    ----------
    inputs : iterable of str
        Files, folders, ``-`` or ``http(s)://`` URLs, in any mix.
    max_bytes : int, default=10_000_000
        Largest input accepted per file (and per fetched page, unless
        ``fetcher`` says otherwise).
    pattern : str, default="*"
        Glob for files inside folders.
    stdin : binary stream, optional
        What ``-`` reads (default: the process's standard input).
    fields : FieldMap, optional
        Where JSONL/JSON/CSV records keep each field (default: precis's own
        names and common aliases).
    follow : bool, default=False
        For feeds: fetch each entry's page instead of using the feed's text.
    fetcher : Fetcher, optional
        Fetches URLs (default: ``Fetcher(max_bytes=max_bytes)``, which refuses
        private addresses).

    Returns
    -------
    ReadResult
        Articles in input order (ids made unique with ``#2``, ``#3``... when
        two items share one), the items that failed, and each article's origin
        (by every id, ``also_ids`` included). Invisible characters (soft
        hyphens, zero-width spaces) are removed from texts and titles. An
        article whose text (white space folded) was already read is not a
        second article: its id joins the first one's ``also_ids`` and its
        metadata fills what the first lacked.
    """
    inputs = list(inputs)
    owned = fetcher is None and (follow or any(is_url(i) for i in inputs))
    if owned:
        from .fetching import Fetcher

        fetcher = Fetcher(max_bytes=max_bytes)
    try:
        return _read(inputs, max_bytes=max_bytes, pattern=pattern, stdin=stdin, fields=fields or FieldMap(),
                     follow=follow, fetcher=fetcher)  # fmt: skip
    finally:
        if owned and fetcher is not None:
            fetcher.close()


def _read(
    inputs: list[str], *, max_bytes: int, pattern: str, stdin: BinaryIO | None, fields: FieldMap, follow: bool,
    fetcher: Fetcher | None,
) -> ReadResult:  # fmt: skip
    result = ReadResult()
    seen: dict[str, int] = {}
    texts: dict[str, int] = {}  # whitespace-folded text -> position of the article that has it
    for blob in _blobs(inputs, max_bytes=max_bytes, pattern=pattern, stdin=stdin, fetcher=fetcher):
        items = [blob] if isinstance(blob, ReadFailure) else _parse_blob(blob, fields=fields, follow=follow,
                                                                          fetcher=fetcher)  # fmt: skip
        for got in items:
            if isinstance(got, ReadFailure):
                result.failures.append(got)
                continue
            article, origin = got
            article = _visible(article)
            key = " ".join(article.text.split())
            if key in texts:  # the same article read twice: one source that keeps both ids
                at = texts[key]
                result.articles[at] = _merged(result.articles[at], article)
                result.origins.setdefault(article.id, origin)
                seen.setdefault(article.id, 1)  # a later article with this id is renamed, as for any taken id
                continue
            count = seen.get(article.id, 0) + 1
            seen[article.id] = count
            if count > 1:
                article = dataclasses.replace(article, id=f"{article.id}#{count}")
            texts[key] = len(result.articles)
            result.articles.append(article)
            result.origins[article.id] = origin
    return result


def _visible(article: Article) -> Article:
    """``article`` without the invisible characters (soft hyphens, zero-width spaces...) that split its words.

    Removed when reading rather than skipped by every later step: they show
    nothing, and every tokenizer, number reader and matcher downstream would
    otherwise cut "Cus\u00adtomers" in two. Offsets index the text precis
    holds, as they do for HTML pages, whose text is not the page's source.
    """
    from ._markup import visible_text

    text, title = visible_text(article.text), visible_text(article.title) if article.title else article.title
    if text is article.text and title is article.title:
        return article
    return dataclasses.replace(article, text=text, title=title)


def _merged(kept: Article, again: Article) -> Article:
    """``kept`` (read first) with ``again``'s id among its ``also_ids`` and the metadata it lacked."""
    filled = {
        name: getattr(again, name)
        for name in ("title", "outlet", "url", "author", "published")
        if getattr(kept, name) is None and getattr(again, name) is not None
    }
    ids = [i for i in (again.id, *again.also_ids) if i != kept.id and i not in kept.also_ids]
    return dataclasses.replace(kept, also_ids=(*kept.also_ids, *dict.fromkeys(ids)), **filled)
