"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds -> entries and articles (needs ``precis[html]``).

:func:`parse_feed` reads a feed with feedparser into :class:`FeedEntry`
values: link, title, author, publication time, the plain text of the entry's
content (or, failing that, its summary) and the feed's name as the outlet.
:func:`entry_article` makes an :class:`~precis.model.Article` from an entry's
own text; feeds often carry only a teaser or nothing, so the CLI's
``--follow`` fetches the entry's page instead and :func:`with_feed_metadata`
fills in what that page lacked from the entry.

The data is always handed to feedparser as a stream: given a string, it
would otherwise fetch URLs and open file names. Entry HTML becomes text with
:func:`precis.readers._markup.tree_text` (paragraphs as blank lines,
headings as ``##`` lines, list items as ``- `` lines), after feedparser has
removed scripts and styles and after "Continue reading" links are dropped.
"""

from __future__ import annotations

import dataclasses
import io
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .._optional import require
from ..errors import InputError
from ..model import Article
from ._markup import drop_link_paragraphs, root_tag, tree_text, visible_text
from .dates import is_date_only, parse_date
from .pages import outlet_from_url

__all__ = ["FeedEntry", "entry_article", "looks_like_feed", "parse_feed", "with_feed_metadata"]

_ATOM_NS = "http://www.w3.org/2005/atom"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_EMAIL = re.compile(r"[^\s@()<>]+@[^\s@()<>]+")
_EMAIL_NAME = re.compile(rf"{_EMAIL.pattern}\s*\((?P<name>[^()]+)\)")  # RSS 2.0: "desk@example.org (Ann Lee)"
_NAME_EMAIL = re.compile(rf"(?P<name>[^()<>]+?)\s*[(<]{_EMAIL.pattern}[)>]")  # "Ann Lee (desk@...)", "Ann Lee <...>"


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of a feed, as plain values.

    Attributes
    ----------
    link : str or None
        The entry's page.
    title, author : str or None
        As the feed gives them, markup removed.
    published : datetime or None
        Publication time (else last update); aware when the feed gives a zone.
    text : str
        Plain text of the entry's content, or of its summary; paragraphs
        separated by blank lines. May be ``""``.
    outlet : str or None
        The feed's title, else the domain of the feed's link.
    entry_id : str or None
        The entry's ``guid`` or Atom ``id``.
    """

    link: str | None
    title: str | None
    author: str | None
    published: datetime | None
    text: str
    outlet: str | None
    entry_id: str | None


def looks_like_feed(text: str) -> bool:
    """Whether ``text`` opens as an RSS, RDF or Atom feed.

    The first element, after an optional XML declaration, comments and a
    doctype, must be ``<rss>``, ``<rdf:RDF>`` or an Atom ``<feed>``.

    Parameters
    ----------
    text : str
        Decoded content; only its first 2 KB are looked at.

    Returns
    -------
    bool
        True when :func:`parse_feed` is the reader to use.

    Examples
    --------
    >>> looks_like_feed('<?xml version="1.0"?>\\n<rss version="2.0"><channel></channel></rss>')
    True
    >>> looks_like_feed('<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title></feed>')
    True
    >>> looks_like_feed("<!DOCTYPE html><html><body>rss</body></html>")
    False
    """
    root = root_tag(text)
    if root is None:
        return False
    name, attributes = root
    return name in ("rss", "rdf:rdf") or (name == "feed" and _ATOM_NS in attributes.lower())


def parse_feed(data: bytes | str, *, source: str) -> list[FeedEntry]:
    """The entries of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in feed order.

    Parameters
    ----------
    data : bytes or str
        The feed document. Bytes are decoded as the XML declares; a str is
        taken as already decoded.
    source : str
        Names the feed in error messages (a path or a URL).

    Returns
    -------
    list of FeedEntry
        At least one entry. A feed that is slightly ill-formed but still
        yields entries is accepted, as feed readers do.

    Raises
    ------
    InputError
        The data is not a feed (not XML, or XML of another kind), or a feed
        with no entries.
    MissingDependencyError
        feedparser is not installed (``pip install 'precis[html]'``).
    """
    feedparser = require("feedparser", extra="html", caller="parse_feed")
    if isinstance(data, str):  # already decoded: say so, whatever encoding the XML declaration names
        raw, headers = data.encode("utf-8"), {"content-type": "application/xml; charset=utf-8"}
    else:
        raw, headers = data, {}
    parsed = feedparser.parse(io.BytesIO(raw), response_headers=headers, sanitize_html=True)
    if not parsed.get("version") or (parsed.get("bozo") and not parsed.entries):
        problem = f" ({parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
        raise InputError(
            f"{source}: this is not an RSS, RDF or Atom feed precis can read{problem}; "
            "check that you gave the feed itself, not a web page or other XML",
            source=source,
        )
    if not parsed.entries:
        raise InputError(
            f"{source}: the feed has no entries; check that it is the feed you meant, or try again later",
            source=source,
        )
    feed = parsed.get("feed", {})
    outlet = _text(feed.get("title_detail"), feed.get("title"), one_line=True) or (
        outlet_from_url(feed["link"]) if feed.get("link") else None
    )
    return [_entry(entry, outlet) for entry in parsed.entries]


def entry_article(entry: FeedEntry, *, id: str) -> Article:
    """The article a feed entry carries in its own text.

    Parameters
    ----------
    entry : FeedEntry
        An entry from :func:`parse_feed`.
    id : str
        The article id; also names the entry in error messages.

    Returns
    -------
    Article
        The entry's text, with its title, outlet, link (as ``url``), author
        and publication time.

    Raises
    ------
    InputError
        The entry has no text (many feeds give only a title and a link);
        fetch its page instead (``--follow``).

    Examples
    --------
    >>> entry = FeedEntry(link="https://example.org/a", title="Ferry cut", author=None, published=None,
    ...                   text="The Sunday ferry will stop in November.", outlet="Ledger", entry_id="a")
    >>> entry_article(entry, id="feed:1").url
    'https://example.org/a'
    """
    if not entry.text.strip():
        where = f" ({entry.link})" if entry.link else ""
        raise InputError(f"{id}: this entry has no text; use --follow to fetch its page{where}", source=id)
    return Article(
        id=id,
        text=entry.text,
        title=entry.title,
        outlet=entry.outlet,
        url=entry.link,
        author=entry.author,
        published=entry.published,
    )


def with_feed_metadata(article: Article, entry: FeedEntry) -> Article:
    """``article`` (read from the entry's page) with what the page lacked taken from the entry.

    The page's own title, author, outlet and date win; the entry fills those
    that are missing. A page date without a time takes the entry's time when
    both fall on the same day. ``url`` stays the page's (else the entry's
    link); ``id`` and ``text`` are the page's.

    Parameters
    ----------
    article : Article
        The entry's page, read with :func:`precis.readers.pages.article_from_html`.
    entry : FeedEntry
        The entry that linked to it.

    Returns
    -------
    Article
        A new article; ``article`` is not changed.
    """
    published = article.published or entry.published
    if (
        article.published is not None
        and entry.published is not None
        and is_date_only(article.published)
        and not is_date_only(entry.published)
        and entry.published.date() == article.published.date()
    ):
        published = entry.published
    return dataclasses.replace(
        article,
        title=article.title or entry.title,
        author=article.author or entry.author,
        outlet=article.outlet or entry.outlet,
        published=published,
        url=article.url or entry.link,
    )


def _entry(entry: Any, outlet: str | None) -> FeedEntry:
    """One feedparser entry as a :class:`FeedEntry`."""
    return FeedEntry(
        link=entry.get("link") or None,
        title=_text(entry.get("title_detail"), entry.get("title"), one_line=True),
        author=_author(entry),
        published=_published(entry),
        text=_entry_text(entry),
        outlet=outlet,
        entry_id=entry.get("id") or None,
    )


def _author(entry: Any) -> str | None:
    """The author's name; RSS's ``email (Name)`` is read here (feedparser cuts emails at 4-letter domains)."""
    raw = str(entry.get("author") or "")
    for pattern in (_EMAIL_NAME, _NAME_EMAIL):
        match = pattern.fullmatch(raw.strip())
        if match:
            return " ".join(match["name"].split())
    if _EMAIL.fullmatch(raw.strip()):
        return None  # an address is not a byline
    name = (entry.get("author_detail") or {}).get("name") or raw
    return " ".join(str(name).split()) or None


def _entry_text(entry: Any) -> str:
    """The text of the entry's longest content, else of its summary."""
    texts = [_text(content, content.get("value")) or "" for content in entry.get("content") or []]
    best = max(texts, key=len, default="")
    return best or _text(entry.get("summary_detail"), entry.get("summary")) or ""


def _text(detail: Any, value: object, *, one_line: bool = False) -> str | None:
    """A feed text construct as plain text: HTML through lxml, plain text with its paragraphs kept."""
    if not isinstance(value, str) or not value.strip():
        return None
    kind = (detail or {}).get("type", "text/html")
    if kind in _HTML_TYPES:
        text = _html_text(value)
    else:
        paragraphs = (" ".join(p.split()) for p in value.replace("\r\n", "\n").split("\n\n"))
        text = "\n\n".join(p for p in paragraphs if p)
    text = visible_text(text)
    if one_line:
        text = " ".join(text.split())
    return text or None


def _html_text(fragment: str) -> str:
    """An HTML fragment as paragraphs; ``""`` when lxml cannot read it."""
    lxml_html = require("lxml.html", extra="html", caller="parse_feed")
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml_html.etree.LxmlError):
        return ""
    drop_link_paragraphs(root)
    return tree_text(root)


def _published(entry: Any) -> datetime | None:
    """Publication time, else update time: the feed's own text (keeps its zone), else feedparser's UTC reading."""
    for key in ("published", "updated", "created"):
        for value in (entry.get(key), entry.get(f"{key}_parsed")):
            try:
                found = parse_date(value, source=key)
            except InputError:
                continue  # a date feedparser could read and precis could not: try its parsed form
            if found is not None:
                return found
    return None
