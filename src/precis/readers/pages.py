"""Web pages -> articles: the main text only, with its metadata (needs ``precis[html]``).

:func:`article_from_html` hands the page to trafilatura, which finds the
article body and leaves out navigation, cookie banners, share bars,
newsletter boxes, related links, comments and footers. The options, and why:

- ``favor_precision=True``: a summarizer cites what it extracts, so a related
  headline or an appeal taken for article text is worse than a paragraph
  missed. On ``tests/data/web`` both modes keep every body paragraph, but the
  default mode also keeps a donation box that sits inside the body, and on
  a front page it falls back to the whole page's text where precision mode
  finds nothing.
- ``include_comments=False``: reader comments are not the article.
- ``include_tables=True``: some sites still lay articles out in tables;
  rows come out as ``cell | cell`` lines.
- no images, links or formatting: the text must be plain prose.
- inline markup inside paragraphs of prose (links, spans, emphasis,
  ``<time>``) is made plain text first
  (:func:`~precis.readers._markup.keep_inline_text`): trafilatura prunes
  inline elements by class, id and style (``<span class="link">``,
  ``style="border..."``, ``class="tags"``, ``<time>``) and drops short
  ``<div>`` paragraphs that hold a link, which cut linked names out of
  sentences ("especially high for ."). ``bench/extraction.py`` compares the
  text with trafilatura's own ``extract`` on the saved test pages.
- paragraphs that are only a link behind a short label ("Read more: ...")
  are removed first: trafilatura keeps them when they sit inside the body.
- soft hyphens, zero-width spaces and joiners and word joiners are removed
  from the text (:func:`~precis.readers._markup.visible_text`): they show
  nothing but split words.
- ``extensive_search=False`` for htmldate: its extensive search guesses
  dates from copyright lines (``© 2024`` became 1 January 2024).

A page is refused (:class:`~precis.errors.InputError`) when trafilatura finds
nothing or when no paragraph reads as running text (eight words or more,
ending like a sentence): a list of headlines or a "subscribe to read" stub
is not an article.

The text keeps the page's structure for the segmenter: one paragraph per
block with a blank line between paragraphs, headings as Markdown ``##``
lines (the segmenter treats them as headings, never as summary sentences),
list items as ``- `` lines. A leading heading that repeats the title is
dropped, since the title is kept in :attr:`Article.title`.

Metadata: ``title``, ``author`` and ``outlet`` (the site name, else the
registered domain of the page's URL) come from trafilatura; ``url`` is the
page's canonical URL, else the one given. ``published`` is read here from
JSON-LD ``datePublished``, ``article:published_time`` and similar meta tags,
or a ``<time datetime>`` in the article, so the time and zone survive
(htmldate gives a date only); htmldate's date is the last resort.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from .._optional import require
from ..errors import InputError
from ..model import Article
from ._markup import drop_link_paragraphs, keep_inline_text, root_tag, tree_text, visible_text
from .dates import is_date_only, parse_date
from .decoding import decode
from .nesting import loads

__all__ = ["article_from_html", "looks_like_html", "outlet_from_url"]

_SNIFF_CHARS = 1024
# elements a page or a fragment of one may open with
_HTML_ROOTS = frozenset(
    "html head body title meta link base style script noscript p div span a b i em strong br hr h1 h2 h3 h4 h5 h6 "
    "article section main header footer nav aside figure img table ul ol li blockquote pre form".split()
)
_DOCUMENT_TAG = re.compile(r"<!doctype\s+html|<(?:html|head|body)[\s>]", re.IGNORECASE)
_ANY_TAG = re.compile(
    r"</?(?:p|div|br|span|a|b|i|em|strong|h[1-6]|li|ul|ol|table|tr|td|img|article|section|meta|link)\b[^<>]*>",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_PROSE_WORDS = 8
_PUBLISHED_META = (
    "article:published_time",
    "datepublished",
    "og:published_time",
    "published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "date",
    "parsely-pub-date",
    "sailthru.date",
)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML page or fragment rather than plain text, JSON or an XML feed.

    Only the first KB is read: a doctype or an ``<html>``, ``<head>`` or
    ``<body>`` tag, text opening with an HTML element, or at least three
    HTML tags. Text opening with ``{`` or ``[`` (JSON, JSONL) and XML whose
    root is not HTML (an RSS or Atom feed) are not HTML.

    Parameters
    ----------
    text : str
        Decoded content; only its first KB is looked at.

    Returns
    -------
    bool
        True when :func:`article_from_html` is the reader to use.

    Examples
    --------
    >>> looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    True
    >>> looks_like_html("The council met. Someone typed <p> into the minutes.")
    False
    >>> looks_like_html('<?xml version="1.0"?><rss version="2.0"><channel/></rss>')
    False
    """
    head = text[:_SNIFF_CHARS]
    opening = head.lstrip("\ufeff \t\r\n")
    if not opening or opening[0] in "{[":
        return False
    root = root_tag(head, within=_SNIFF_CHARS)
    if root is not None:
        return root[0] in _HTML_ROOTS
    return bool(_DOCUMENT_TAG.search(head)) or len(_ANY_TAG.findall(head)) >= 3


def outlet_from_url(url: str) -> str | None:
    """The registered domain of ``url`` without ``www.``, as a fallback outlet name.

    Returns ``None`` for a URL without a host name, an IP address or a
    single-label host such as ``localhost``. The public-suffix list decides
    what is registered (``bbc.co.uk``, not ``co.uk``); a suffix it does not
    know counts as one label.

    Parameters
    ----------
    url : str
        An absolute URL, or a host and path without a scheme.

    Returns
    -------
    str or None
        The domain, e.g. ``bbc.co.uk``; ``None`` when there is none to give.

    Examples
    --------
    >>> outlet_from_url("https://www.harbourledger.example/news/2024/oct/03/saltgate")
    'harbourledger.example'
    >>> outlet_from_url("https://news.bbc.co.uk/1/hi/world/europe.stm")
    'bbc.co.uk'
    >>> outlet_from_url("http://127.0.0.1:8000/article") is None
    True
    """
    try:
        host = urlsplit(url.strip() if "//" in url else "//" + url.strip()).hostname
    except ValueError:
        return None
    host = (host or "").rstrip(".")
    if "." not in host or _is_ip(host):
        return None
    tld = require("tld", extra="html", caller="outlet_from_url")
    registered = tld.get_fld(host, fix_protocol=True, fail_silently=True) or ".".join(host.split(".")[-2:])
    return str(registered).removeprefix("www.")


def article_from_html(html: str | bytes, *, id: str, url: str | None = None) -> Article:
    """The article in a web page: its main text and metadata.

    Parameters
    ----------
    html : str or bytes
        The page. Bytes are decoded as :func:`precis.readers.decoding.decode`
        decodes every input: BOM, valid UTF-8, the ``<meta charset>`` the page
        declares, then Windows-1252 or detection.
    id : str
        The article id; also names the page in error messages.
    url : str, optional
        Where the page came from; used when the page names no canonical URL,
        to resolve a relative one, and for the outlet when the page names no
        site.

    Returns
    -------
    Article
        ``text`` is the main text, paragraphs separated by blank lines;
        ``title``, ``outlet``, ``url``, ``author`` and ``published`` are
        filled when the page has them.

    Raises
    ------
    InputError
        No article text was found: a front page, a login wall, a page that
        needs JavaScript, or something that is not HTML.
    MissingDependencyError
        trafilatura is not installed (``pip install 'precis[html]'``).
    """
    trafilatura = require("trafilatura", extra="html", caller="article_from_html")
    page = _CONTROL.sub("", _decode(html, id) if isinstance(html, bytes) else html)
    tree = _parse(trafilatura, page, id)
    published = _published(tree, id)
    keep_inline_text(tree)
    drop_link_paragraphs(tree)
    try:  # trafilatura reads untrusted markup: a failure of its own means there is nothing usable here
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            favor_precision=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
            with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:
        raise (_too_deep(id) if tree.xpath(_AT_HUGE_CAP) else _no_text(id)) from exc
    text = _drop_title(visible_text(tree_text(doc.body)), doc.title) if doc is not None and doc.body is not None else ""
    if not _has_prose(text):
        raise _too_deep(id) if tree.xpath(_AT_HUGE_CAP) else _no_text(id)
    page_url = _page_url(tree, doc.url, url)
    return Article(
        id=id,
        text=text,
        title=_clean(doc.title),
        outlet=_outlet(_clean(doc.sitename), page_url or url),
        url=page_url,
        author=_clean(doc.author),
        published=published or _htmldate(doc.date, id),
    )


def _parse(trafilatura: Any, page: str, id: str) -> Any:
    """The page as an lxml.html tree; a bare fragment is wrapped first (trafilatura rejects it as too small)."""
    if not page.strip():
        raise _no_text(id)
    try:
        tree = trafilatura.load_html(page)
        if tree is None:
            tree = trafilatura.load_html(f"<html><body>{page}</body></html>")
        if tree is not None and tree.xpath(_AT_DEPTH_CAP):
            deep = _parse_deep(page)
            tree = tree if deep is None else deep
    except Exception as exc:  # lxml or trafilatura failing on untrusted markup
        raise _no_text(id) from exc
    if tree is None:
        raise _no_text(id)
    return tree


def _parse_deep(page: str) -> Any:
    """The page parsed again past libxml2's default depth of 255 elements (a tree cut there loses its text)."""
    lxml_html = require("lxml.html", extra="html", caller="article_from_html")
    parser = lxml_html.HTMLParser(
        collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True, huge_tree=True
    )
    try:
        return lxml_html.fromstring(page, parser=parser)
    except ValueError:  # a str with an encoding declaration: as bytes
        return lxml_html.fromstring(page.encode("utf-8"), parser=parser)


_AT_DEPTH_CAP = "boolean(//*[count(ancestor::*) >= 250])"  # libxml2 stops nesting HTML at 255 levels
_AT_HUGE_CAP = "boolean(//*[count(ancestor::*) >= 2040])"  # ... and at 2,048 even when asked for more


def _too_deep(id: str) -> InputError:
    """The error for a page whose elements nest too deeply for the HTML parser."""
    return InputError(
        f"{id}: this HTML page nests its elements more than 2,000 deep, which precis cannot read; "
        "save the article's text and give that instead",
        source=id,
    )


def _no_text(id: str) -> InputError:
    """The error for a page with no article in it."""
    return InputError(
        f"{id}: no article text found in this HTML page (it may be a front page, a login wall or need JavaScript)",
        source=id,
    )


def _decode(data: bytes, id: str) -> str:
    """The page's bytes as text, by the one decoder of every reader; bytes no encoding explains hold no article."""
    try:
        return decode(data, name=id)
    except InputError as exc:
        raise _no_text(id) from exc


def _is_ip(host: str) -> bool:
    """Whether ``host`` is an IPv4 or IPv6 address."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _clean(value: object) -> str | None:
    """A metadata string with whitespace collapsed, or ``None`` when empty."""
    text = " ".join(str(value).split()) if value else ""
    return text or None


def _drop_title(text: str, title: str | None) -> str:
    """``text`` without a first heading that only repeats the title."""
    first, _, rest = text.partition("\n\n")
    if title and first.startswith("#") and _fold(first.lstrip("#")) == _fold(title):
        return rest
    return text


def _fold(text: str) -> str:
    """Text compared without case or spacing."""
    return " ".join(text.casefold().split())


def _has_prose(text: str) -> bool:
    """Whether some paragraph reads as running text (a headline list has none)."""
    return any(
        len(block.split()) >= _PROSE_WORDS and _SENTENCE_END.search(block)
        for block in text.split("\n\n")
        if not block.startswith("#")
    )


def _page_url(tree: Any, found: str | None, given: str | None) -> str | None:
    """The canonical link (made absolute against ``given``), else trafilatura's URL (``og:url``), else ``given``."""
    links = [str(link.get("href") or "") for link in tree.iter("link") if "canonical" in _rel(link)]
    for candidate in (*links, found or ""):
        if candidate.strip():
            absolute = urljoin(given, candidate.strip()) if given else candidate.strip()
            if urlsplit(absolute).scheme in ("http", "https") and urlsplit(absolute).hostname:
                return absolute
    return given


def _rel(link: Any) -> list[str]:
    """The link types of a ``<link>``, lower case."""
    return str(link.get("rel") or "").lower().split()


def _outlet(sitename: str | None, url: str | None) -> str | None:
    """The site name, unless trafilatura only copied the host name; else the URL's domain."""
    host = (urlsplit(url).hostname or "") if url else ""
    if sitename and _fold(sitename) not in (host, host.removeprefix("www.")):
        return sitename
    return outlet_from_url(url) if url else None


def _published(tree: Any, source: str) -> datetime | None:
    """The first readable publication date; a date-only one yields to a timed one on the same day."""
    found: datetime | None = None
    for raw in _date_candidates(tree):
        try:
            when = parse_date(raw, source=source)
        except InputError:
            continue  # a bad date in the metadata does not make the article unreadable
        if when is None:
            continue
        if not is_date_only(when) and (found is None or when.date() == found.date()):
            return when
        found = found or when
    return found


def _htmldate(value: object, source: str) -> datetime | None:
    """htmldate's ``YYYY-MM-DD`` as a date-only datetime; ``None`` if it is unreadable."""
    try:
        return parse_date(value, source=source)
    except InputError:
        return None


def _date_candidates(tree: Any) -> Iterator[str]:
    """Publication dates the page states, most trustworthy first."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json" and script.text:
            try:  # nesting is limited before parsing: a hostile block must not stop the run
                data = loads(script.text, where="JSON-LD")
            except InputError:
                continue
            yield from _json_ld_dates(data)
    metas = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in _PUBLISHED_META and meta.get("content") and key not in metas:
            metas[key] = meta.get("content")
    yield from (metas[key] for key in _PUBLISHED_META if key in metas)
    for el in tree.xpath('//*[@itemprop="datePublished"]'):
        yield el.get("datetime") or el.get("content") or el.text_content()
    for el in tree.xpath("//article//time[@datetime] | //main//time[@datetime]"):
        yield el.get("datetime")


def _json_ld_dates(data: object) -> Iterator[str]:
    """Every ``datePublished`` in a JSON-LD document, ``@graph`` and lists included."""
    if isinstance(data, list):
        for item in data:
            yield from _json_ld_dates(item)
    elif isinstance(data, dict):
        value = data.get("datePublished")
        if isinstance(value, str):
            yield value
        yield from _json_ld_dates(data.get("@graph"))
