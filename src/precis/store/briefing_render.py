"""A briefing document (``precis.briefing/1``) as text, Markdown, JSON or one self-contained HTML file.

Every renderer reads only the document, so the web page, the CLI and a saved
JSON file show the same thing. Citations are numbered per story, in order of
first appearance; in HTML each is a link to its source (with the quoted span
as a tooltip and under the source), and each source links to its URL.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import Any, Literal

from ..errors import ConfigError

__all__ = ["BRIEF_FORMATS", "CSS", "render_briefing", "render_story_html"]

BRIEF_FORMATS = ("text", "md", "json", "html")
Format = Literal["text", "md", "json", "html"]


def _numbers(part: dict[str, Any]) -> dict[str, int]:
    ids: dict[str, None] = {}
    for item in [*part["items"], *(i for e in part["timeline"] for i in e["items"])]:
        for c in item["citations"]:
            ids[c["article_id"]] = None
        for k in item["conflicts"]:
            ids[k["citation"]["article_id"]] = None
            if "said_citation" in k:
                ids[k["said_citation"]["article_id"]] = None
    return {i: n for n, i in enumerate(ids, start=1)}


def _gives(conflict: dict[str, Any], numbers: dict[str, int]) -> str:
    """The note ' (the figure [1] gives)' when the item's vague amount stands for a figure given elsewhere."""
    said = conflict.get("said_citation")
    return f" (the figure [{numbers[said['article_id']]}] gives)" if said else ""


def _heading(document: dict[str, Any]) -> str:
    n = len(document["stories"])
    since = f"since {document['since']}" if document["since"] else "(first briefing)"
    return f"Briefing for {document['reader']}: {n} stor{'y' if n == 1 else 'ies'} with news {since}"


def _status(part: dict[str, Any]) -> str:
    told = f", {part['seen']} told before" if part["seen"] else ""
    outlets = len(part["outlets"])
    size = part["size"]
    return (f"{len(part['new'])} new report(s){told}; {size} article{'' if size == 1 else 's'} from {outlets} outlet"
            f"{'' if outlets == 1 else 's'}; changed {part['updated_at'][:16].replace('T', ' ')} UTC")  # fmt: skip


def _source(meta: dict[str, Any]) -> str:
    bits = [meta.get("title") or "(untitled)", meta.get("outlet") or ""]
    if meta.get("published"):
        bits.append(meta["published"][:10])
    text = " - ".join(b for b in bits if b)
    return f"{text} <{meta['url']}>" if meta.get("url") else text


def _plain(document: dict[str, Any], *, markdown: bool) -> str:
    lines = [("# " if markdown else "") + _heading(document), ""]
    if not document["stories"]:
        lines.append("Nothing new.")
    for part in document["stories"]:
        numbers = _numbers(part)

        def marks(item: dict[str, Any], numbers: dict[str, int] = numbers) -> str:
            return "".join(f"[{numbers[i]}]" for i in dict.fromkeys(c["article_id"] for c in item["citations"]))

        title = f"{part['id']}  {part['title']}"
        lines += [f"## {title}" if markdown else title, ("" if markdown else "    ") + _status(part), ""]
        what = "What changed" if part["mode"] == "update" else "The story so far"
        lines.append(f"**{what}**" if markdown else f"    {what}:")
        lines += [] if part["items"] else [f"    ({part['reason'] or 'no summary'})"]
        for item in part["items"]:
            lines.append(f"- {item['text']} {marks(item)}" if markdown else f"    - {item['text']} {marks(item)}")
            pad = "  " if markdown else "        "
            if len(item["outlets"]) > 1:
                lines.append(f"{pad}carried by {', '.join(item['outlets'])} ({item['reports']} report(s))")
            for k in item["conflicts"]:
                lines.append(f'{pad}but [{numbers[k["citation"]["article_id"]]}] says "{k["other"]}", '
                             f'not "{k["said"]}"{_gives(k, numbers)}')  # fmt: skip
        if part["timeline"]:
            lines += ["", "**Timeline**" if markdown else "    Timeline:"]
            for entry in part["timeline"]:
                for item in entry["items"]:
                    lines.append(f"- {entry['date']}: {item['text']} {marks(item)}" if markdown
                                 else f"    {entry['date']}  {item['text']} {marks(item)}")  # fmt: skip
        lines += ["", "**Sources**" if markdown else "    Sources:"]
        for art_id, n in numbers.items():
            meta = part["articles"].get(art_id, {})
            lines.append(f"{n}. {_source(meta)}" if markdown else f"    [{n}] {_source(meta)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-top:1px solid #ddd;padding-top:1rem}
.meta{color:#666;font-size:.9rem}.cite{text-decoration:none;font-size:.8rem;vertical-align:super}
.conflict{color:#8a4b00;font-size:.9rem}.carried{color:#555;font-size:.85rem}
ol.sources li{font-size:.9rem;margin-bottom:.4rem}blockquote{margin:.2rem 0 .2rem 1rem;color:#444;font-style:italic}
time{font-variant-numeric:tabular-nums;color:#555;margin-right:.5rem}
"""


def render_story_html(part: dict[str, Any]) -> str:
    """One story of a briefing as an HTML ``<section>`` (citations link to its sources list)."""
    e = html.escape
    numbers = _numbers(part)
    sid = e(part["id"])
    quotes: dict[str, list[str]] = {}

    def cites(item: dict[str, Any]) -> str:
        out = []
        for c in item["citations"]:
            quotes.setdefault(c["article_id"], [])
            if c["quote"] and c["quote"] not in quotes[c["article_id"]]:
                quotes[c["article_id"]].append(c["quote"])
        for i in dict.fromkeys(c["article_id"] for c in item["citations"]):
            quote = next((c["quote"] for c in item["citations"] if c["article_id"] == i), "")
            out.append(f'<a class="cite" href="#{sid}-{e(i)}" title="{e(quote)}">[{numbers[i]}]</a>')
        return "".join(out)

    def item_html(item: dict[str, Any], *, prefix: str = "") -> str:
        bits = [f"<li>{prefix}{e(item['text'])} {cites(item)}"]
        if len(item["outlets"]) > 1:
            bits.append(f'<div class="carried">carried by {e(", ".join(item["outlets"]))} '
                        f'({item["reports"]} report(s))</div>')  # fmt: skip
        for k in item["conflicts"]:
            i = k["citation"]["article_id"]
            bits.append(f'<div class="conflict">but <a href="#{sid}-{e(i)}">[{numbers[i]}]</a> says '
                        f'&ldquo;{e(k["other"])}&rdquo;, not &ldquo;{e(k["said"])}&rdquo;'
                        f'{e(_gives(k, numbers))}</div>')  # fmt: skip
        return "".join(bits) + "</li>"

    what = "What changed" if part["mode"] == "update" else "The story so far"
    out = [f'<section id="{sid}"><h2>{sid} &middot; {e(part["title"])}</h2>', f'<p class="meta">{e(_status(part))}</p>',
           f"<h3>{what}</h3>"]  # fmt: skip
    out.append("<ul>" + "".join(item_html(i) for i in part["items"]) + "</ul>" if part["items"]
               else f"<p>{e(part['reason'] or 'no summary')}</p>")  # fmt: skip
    if part["timeline"]:
        rows = [item_html(i, prefix=f"<time>{e(t['date'])}</time>") for t in part["timeline"] for i in t["items"]]
        out.append("<h3>Timeline</h3><ul>" + "".join(rows) + "</ul>")
    out.append('<h3>Sources</h3><ol class="sources">')
    for art_id, _n in numbers.items():
        meta = part["articles"].get(art_id, {})
        name = e(
            " - ".join(b for b in (meta.get("title"), meta.get("outlet"), (meta.get("published") or "")[:10]) if b)
        )
        link = f'<a href="{e(meta["url"])}">{name}</a>' if meta.get("url") else name
        said = "".join(f"<blockquote>{e(q)}</blockquote>" for q in quotes.get(art_id, []))
        out.append(f'<li id="{sid}-{e(art_id)}">{link}{said}</li>')
    out.append("</ol></section>")
    return "\n".join(out)


def _html(document: dict[str, Any]) -> str:
    title = html.escape(_heading(document))
    body = "\n".join(render_story_html(p) for p in document["stories"]) or "<p>Nothing new.</p>"
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{CSS}</style></head>\n<body><h1>{title}</h1>\n{body}\n</body></html>\n")  # fmt: skip


_RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "text": lambda d: _plain(d, markdown=False),
    "md": lambda d: _plain(d, markdown=True),
    "json": lambda d: json.dumps(d, ensure_ascii=False, indent=2) + "\n",
    "html": _html,
}


def render_briefing(document: dict[str, Any], fmt: Format = "text") -> str:
    """``document`` as ``"text"``, ``"md"``, ``"json"`` or ``"html"`` (one self-contained file)."""
    if fmt not in _RENDERERS:
        raise ConfigError(
            f"The 'fmt' parameter of render_briefing must be one of {BRIEF_FORMATS}. Got {fmt!r} instead."
        )
    return _RENDERERS[fmt](document)
