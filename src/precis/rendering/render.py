"""Summary or check report -> plain text, Markdown, or JSON.

Text and Markdown number the *sources* (articles) in the order they are first
cited, mark each item with the numbers of the sources that carry it, and end
with a sources list showing outlet, title, date, url and the cited character
spans (the outlet is the site's name, else its domain). Item text is shown as
:func:`~precis.analysis.boilerplate.display_text` makes it: white space folded and the
tokenization debris of research corpora (``it 's``, ``-LRB-``) undone; the
JSON keeps the source's characters verbatim and the citations point at them. JSON is :meth:`Summary.to_dict` (schema
``precis.summary/1``, documented in ``docs/json.md``).

A timeline (:func:`render_timeline`) is rendered the same way, under one
header per date (``2010-04-20``, or ``## 2010-04-20`` in Markdown), its
sources numbered across the whole timeline; JSON is :meth:`Timeline.to_dict`
(schema ``precis.timeline/1``).

A check report (:func:`render_check`) lists the notes about the whole summary
(recurring tokenization debris, sources it cites that were not given), then
every summary sentence with its verdict and score, the flagged spans marked in
the sentence (``[[...]]`` in text, bold in Markdown) with one line per flag,
and its best evidence as the quoted source sentence with its outlet and id;
JSON is :meth:`CheckReport.to_dict` (schema ``precis.check/1``), where the
evidence is character offsets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime, time
from typing import Literal
from urllib.parse import urlsplit

from ..analysis.boilerplate import display_text
from ..errors import ConfigError
from ..model import (
    Article,
    CheckReport,
    Citation,
    Conflict,
    Digest,
    SentenceCheck,
    StoryBrief,
    Summary,
    SummaryItem,
    Timeline,
)

__all__ = ["FORMATS", "render", "render_check", "render_digest", "render_timeline"]

FORMATS = ("text", "md", "json")
_SPACE = re.compile(r"\s+")


_CONFLICTS_SHOWN = 5  # per item, in text and Markdown; JSON keeps them all
# control characters and bidirectional overrides: shown escaped in names, so a file name cannot forge a line
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _safe(text: str) -> str:
    """``text`` with control characters and bidi overrides escaped (``\\n``, ``\\u202e``)."""
    return _UNSAFE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


def _shown(item: SummaryItem) -> Sequence[Conflict]:
    """The conflicts of ``item`` listed in text and Markdown (the rest are counted in one line)."""
    return item.conflicts[:_CONFLICTS_SHOWN]


def _numbering(items: Sequence[SummaryItem]) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for item in items:
        for art in item.article_ids:
            numbers.setdefault(art, len(numbers) + 1)
    for item in items:
        for conflict in _shown(item):
            numbers.setdefault(conflict.citation.article_id, len(numbers) + 1)
    return numbers


def _outlet(article: Article) -> str | None:
    """The outlet's name, else the domain of the article's URL."""
    if article.outlet:
        return article.outlet
    host = urlsplit(article.url).hostname if article.url else None
    return host.removeprefix("www.") if host else None


def _when(published: datetime) -> str:
    """``2022-01-10`` for a bare date, ``2022-01-10 18:30+01:00`` with a time (and zone when known)."""
    if published.tzinfo is None and published.time() == time(0, 0):
        return published.date().isoformat()
    return published.isoformat(sep=" ", timespec="minutes")


def _describe(article: Article, *, markdown: bool) -> str:
    parts = _describe_parts(article, markdown=markdown)
    return ", ".join(_safe(p) for p in parts)


def _describe_parts(article: Article, *, markdown: bool) -> list[str]:
    outlet = _outlet(article)
    parts = [outlet or article.id]
    if article.title:
        parts.append(f"*{article.title}*" if markdown else f'"{article.title}"')
    if article.author:
        parts.append(f"by {article.author}")
    if article.published:
        parts.append(_when(article.published))
    if article.url:
        parts.append(f"<{article.url}>" if markdown else article.url)
    if outlet and not (article.url and article.id in article.url):  # an id made from the URL says nothing new
        parts.append(f"id {article.id}")
    if article.also_ids:  # the same text read from several inputs: one source, every id named
        parts.append("also read as " + ", ".join(article.also_ids))
    return parts


def _spans(items: Sequence[SummaryItem]) -> dict[str, str]:
    """Each cited article's spans, ``"0-67; 68-135"``: one pass over the citations, not one per source."""
    found: dict[str, set[tuple[int, int]]] = {}
    for item in items:
        shown = [c for x in _shown(item) for c in (x.citation, x.said_citation) if c is not None]
        for c in (*item.citations, *shown):
            found.setdefault(c.article_id, set()).add((c.start, c.end))
    return {art: "; ".join(f"{a}-{b}" for a, b in sorted(spans)) for art, spans in found.items()}


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ConfigError(f"The 'format' parameter must be one of 'text', 'md', 'json'. Got {fmt!r} instead.")


def render(summary: Summary, fmt: Literal["text", "md", "json"] = "text") -> str:
    """``summary`` as ``"text"``, ``"md"`` (Markdown) or ``"json"``."""
    if fmt == "json":
        return summary.to_json() + "\n"
    _check_format(fmt)
    markdown = fmt == "md"
    if not summary.items:
        return f"No summary: {summary.reason}\n"
    numbers = _numbering(summary.items)
    lines = _item_lines(summary.items, numbers, markdown=markdown)
    lines += _source_lines(summary.items, numbers, summary.article, markdown=markdown)
    return "\n".join(lines) + "\n"


def _item_lines(items: Sequence[SummaryItem], numbers: dict[str, int], *, markdown: bool) -> list[str]:
    lines = []
    for item in items:
        marks = "".join(f"[{numbers[a]}]" for a in item.article_ids)
        text = display_text(item.text)
        lines.append(f"- {text} {marks}" if markdown else f"{text} {marks}")
        for conflict in _shown(item):
            other = display_text(conflict.other)
            said = display_text(conflict.said)
            note = f'[{numbers[conflict.citation.article_id]}] says "{other}", not "{said}"'
            if conflict.said_citation is not None:  # the item's vague amount, as its article gives the figure
                note += f" (the figure [{numbers[conflict.said_citation.article_id]}] gives)"
            lines.append(f"  - *but* {note}" if markdown else f"    but {note}")
        hidden = len(item.conflicts) - len(_shown(item))
        if hidden:
            note = f"{hidden} more source(s) say otherwise (--format json lists them all)"
            lines.append(f"  - *but* {note}" if markdown else f"    but {note}")
    return lines


def _source_lines(
    items: Sequence[SummaryItem], numbers: dict[str, int], article: Callable[[str], Article], *, markdown: bool
) -> list[str]:
    lines = ["", "**Sources**" if markdown else "Sources"]
    if markdown:
        lines.append("")
    cited = _spans(items)
    for art_id, n in numbers.items():
        desc = _describe(article(art_id), markdown=markdown)
        spans = cited.get(art_id, "")
        lines.append(f"{n}. {desc} (chars {spans})" if markdown else f"[{n}] {desc} (chars {spans})")
    return lines


def render_timeline(timeline: Timeline, fmt: Literal["text", "md", "json"] = "text") -> str:
    """``timeline`` as ``"text"``, ``"md"`` (Markdown) or ``"json"``: date headers, cited items, sources."""
    if fmt == "json":
        return timeline.to_json() + "\n"
    _check_format(fmt)
    markdown = fmt == "md"
    if not timeline.entries:
        return f"No timeline: {timeline.reason}\n"
    items = [item for entry in timeline.entries for item in entry.items]
    numbers = _numbering(items)
    lines: list[str] = []
    for entry in timeline.entries:
        if lines:
            lines.append("")
        lines.append(f"## {entry.date.isoformat()}" if markdown else entry.date.isoformat())
        if markdown:
            lines.append("")
        lines += _item_lines(entry.items, numbers, markdown=markdown)
    lines += _source_lines(items, numbers, timeline.article, markdown=markdown)
    return "\n".join(lines) + "\n"


def _marked(sent: SentenceCheck, *, markdown: bool) -> str:
    """The sentence with its flagged spans marked (flags over the whole sentence are not marked)."""
    spans, last = [], 0
    for flag in sorted(sent.flags, key=lambda f: (f.start, -f.end)):
        if flag.start >= last and (flag.start, flag.end) != (0, len(sent.text)) and flag.end > flag.start:
            spans.append((flag.start, flag.end))
            last = flag.end
    out, pos = [], 0
    for a, b in spans:
        out += [sent.text[pos:a], f"**{sent.text[a:b]}**" if markdown else f"[[{sent.text[a:b]}]]"]
        pos = b
    out.append(sent.text[pos:])
    return _SPACE.sub(" ", "".join(out)).strip()


def _check_header(report: CheckReport) -> str:
    n = len(report.sentences)
    ok = sum(1 for s in report.sentences if s.verdict == "supported")
    counts = ", ".join(f"{v} {k}" for k, v in sorted(report.flags.items())) or "none"
    return f"{report.verdict} (score {report.score:.2f}): {ok} of {n} sentences supported; flags: {counts}"


_EVIDENCE_SHOWN = 2  # quoted source sentences per summary sentence in text and Markdown; JSON keeps every span
_QUOTE_CHARS = 300  # a longer evidence sentence is cut, with an ellipsis


def _evidence(report: CheckReport, cite: Citation, *, markdown: bool) -> str:
    """One piece of evidence: the quoted source sentence, then its outlet and id."""
    article = next((a for a in report.articles if a.id == cite.article_id), None)
    if article is None:
        return f"{_safe(cite.article_id)} chars {cite.start}-{cite.end}"
    quote = _SPACE.sub(" ", display_text(article.text[cite.start : cite.end])).strip()
    if len(quote) > _QUOTE_CHARS:
        quote = quote[: _QUOTE_CHARS - 1].rstrip() + "…"
    outlet = _outlet(article)
    who = f"{outlet}, id {article.id}" if outlet and outlet != article.id else article.id
    return f"“{_safe(quote)}” ({'*' + _safe(who) + '*' if markdown else _safe(who)})"


def render_check(report: CheckReport, fmt: Literal["text", "md", "json"] = "text") -> str:
    """``report`` as ``"text"``, ``"md"`` (Markdown) or ``"json"``.

    Text and Markdown show the verdict, the notes about the whole summary,
    then each sentence with its verdict and score, its flagged spans marked,
    one line per flag, and its evidence as the quoted source sentences with
    their outlets (the character offsets are in the JSON).
    """
    if fmt == "json":
        return report.to_json() + "\n"
    _check_format(fmt)
    markdown = fmt == "md"
    lines = [f"**Verdict: {_check_header(report)}**" if markdown else f"Verdict: {_check_header(report)}", ""]
    indent = "   - " if markdown else "   "
    if report.notes:
        lines.append("**Notes on the whole summary**" if markdown else "Notes on the whole summary:")
        if markdown:
            lines.append("")
        for note in report.notes:
            where = ", ".join(map(str, note.sentences[:10])) + (", ..." if len(note.sentences) > 10 else "")
            suffix = f" (sentences {where})" if note.kind == "debris" and note.sentences else ""
            lines.append(f"{'- ' if markdown else indent}{note.message}{suffix}")
        lines.append("")
    for n, sent in enumerate(report.sentences, start=1):
        head = f"{sent.verdict.upper()} {sent.score:.2f}"
        text = _marked(sent, markdown=markdown)
        lines.append(f"{n}. `{head}` {text}" if markdown else f"{n}. {head}  {text}")
        for flag in sent.flags:
            lines.append(f"{indent}{flag.kind}: {flag.message}")
        for cite in sent.evidence[:_EVIDENCE_SHOWN]:
            lines.append(f"{indent}evidence: {_evidence(report, cite, markdown=markdown)}")
    return "\n".join(lines) + "\n"


def render_digest(digest: Digest, fmt: Literal["text", "md", "json"] = "text") -> str:
    """``digest`` as ``"text"``, ``"md"`` (Markdown) or ``"json"``: one briefing per story, sources per story.

    Each story shows its title, how many articles and independent reports
    carry it and from which outlets, its cited items (with the number of
    outlets carrying each, and any outlet that gives another figure), its
    timeline in brief, the copies ("also carried by"), and its sources.
    Articles that were set apart are listed at the end with the reason.
    """
    if fmt == "json":
        return digest.to_json() + "\n"
    _check_format(fmt)
    markdown = fmt == "md"
    if not digest.stories and digest.reason:
        lines = [f"No digest: {digest.reason}"]
    else:
        lines = []
        article = {a.id: a for a in digest.articles}.__getitem__  # one look-up table, not a scan per source
        for n, story in enumerate(digest.stories, start=1):
            lines += _story_lines(n, story, article, markdown=markdown)
    lines += _set_apart_lines(digest, markdown=markdown)
    return "\n".join(lines).rstrip() + "\n"


def _story_lines(n: int, story: StoryBrief, article: Callable[[str], Article], *, markdown: bool) -> list[str]:
    title = display_text(story.title) or "(untitled)"
    lines = [f"## {n}. {title}" if markdown else f"{n}. {title}"]
    copies = [a for a in story.articles if a.copy_of]
    reports = len(story.articles) - len(copies)
    facts = [f"{len(story.articles)} article{'s' * (len(story.articles) != 1)}"]
    if copies:
        facts.append(f"{reports} report{'s' * (reports != 1)}")
    facts.append(", ".join(story.outlets))
    if story.published:
        facts.append(f"latest {_when(story.published)}")
    lines += ["", " · ".join(facts) if markdown else "   " + " · ".join(facts)]
    items = [b.item for b in story.items]
    entries = [item for entry in story.timeline for item in entry.items]
    numbers = _numbering([*items, *entries])
    lines.append("")
    if not items:
        lines.append(f"No summary: {story.reason}" if markdown else f"   No summary: {story.reason}")
    for brief in story.items:
        line = _item_lines([brief.item], numbers, markdown=markdown)
        if len(brief.outlets) > 1:
            line[0] += f" ({len(brief.outlets)} outlets)"
        lines += line if markdown else ["   " + x for x in line]
    if story.timeline:
        lines += ["", "**Timeline**" if markdown else "   Timeline"]
        for entry in story.timeline:
            for item in entry.items:
                marks = "".join(f"[{numbers[a]}]" for a in item.article_ids)
                text = f"{entry.date.isoformat()}: {display_text(item.text)} {marks}"
                lines.append(f"- {text}" if markdown else f"   {text}")
    for member in copies:
        what = f"{member.copy_kind} copy" if member.copy_kind else "copy"
        original = _outlet(article(member.copy_of or "")) or member.copy_of
        note = f"Also carried by {_outlet(article(member.id)) or member.id} ({what} of {original})"
        lines += ["", note] if markdown else ["", "   " + note]
    if numbers:
        src = _source_lines([*items, *entries], numbers, article, markdown=markdown)
        lines += src if markdown else [src[0], *("   " + x for x in src[1:])]
    lines.append("")
    return lines


def _set_apart_lines(digest: Digest, *, markdown: bool) -> list[str]:
    apart = [p for p in digest.placements if p.role == "set apart"]
    if not apart:
        return []
    head = f"Set apart ({len(apart)} article{'s' * (len(apart) != 1)}, not in any story)"
    lines = [f"## {head}" if markdown else head]
    if markdown:
        lines.append("")
    lines += [f"- {p.id}: {p.reason}" for p in apart]
    return lines
