"""What the server shows of a store: the stories, latest change first, each with its last briefing.

Read only: nothing here writes, so the page can be served while a run writes
(SQLite in WAL mode). A story's briefing is the part of the latest
``precis track brief`` about it (``precis.briefing/1``), or ``None`` when no
reader was briefed on it yet.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from typing import Any

from .base import Store, StoryRecord, story_key
from .briefing_render import CSS, render_story_html

__all__ = ["stories_page", "story_detail", "story_list"]


def _iso(ts: float | None) -> str | None:
    return datetime.fromtimestamp(ts, UTC).isoformat() if ts is not None else None


def _summary(store: Store, story: StoryRecord) -> dict[str, Any]:
    brief = store.story_brief(story.id)
    return {"id": story_key(story.id), "title": story.title, "size": story.size, "updated_at": story.updated_at,
            "updated_run": story.updated_run, "first_published": _iso(story.first_ts),
            "last_published": _iso(story.last_ts), "briefing": json.loads(brief) if brief else None}  # fmt: skip


def story_list(store: Store, *, limit: int = 50) -> dict[str, Any]:
    """``{"stories": [...]}``: the stories not merged away, latest change first, with their last briefing."""
    return {"stories": [_summary(store, s) for s in store.stories(limit=limit)]}


def story_detail(store: Store, story_id: int) -> dict[str, Any] | None:
    """One story (a merged one resolves to the story it joined) with its articles; ``None`` if unknown."""
    story = store.story(story_id)
    while story is not None and story.merged_into is not None:
        story = store.story(story.merged_into)
    if story is None:
        return None
    articles = [{**m.article.to_dict(), "text": None, "copy_of": f"a{m.copy_of}" if m.copy_of else None,
                 "copy_kind": m.copy_kind} for m in store.members(story.id)]  # fmt: skip
    return {**_summary(store, story), "articles": articles}


def stories_page(
    store: Store | None, *, limit: int = 50, css_href: str | None = None, home_href: str | None = None
) -> str:
    """One HTML page: each story, latest change first, with its last briefing; its style inline, or linked
    from ``css_href`` (for a server whose content policy refuses inline styles); a link back to the briefing
    page at ``home_href`` when given."""
    e = html.escape
    sections = []
    for s in store.stories(limit=limit) if store is not None else []:
        brief = store.story_brief(s.id) if store is not None else None
        if brief:
            sections.append(render_story_html(json.loads(brief)))
        else:
            sections.append(f'<section id="{story_key(s.id)}"><h2>{story_key(s.id)} &middot; {e(s.title)}</h2>'
                            f'<p class="meta">{s.size} articles; last change {e(s.updated_at)}; not briefed yet '
                            "(run <code>precis track brief</code>)</p></section>")  # fmt: skip
    body = "\n".join(sections) or "<p>No tracked story yet: <code>precis track add SOURCE</code>, then run.</p>"
    style = f'<link rel="stylesheet" href="{e(css_href)}">' if css_href else f"<style>{CSS}</style>"
    home = f'<nav><a id="home" href="{e(home_href)}">&larr; Briefing page</a></nav>\n' if home_href else ""
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Tracked stories</title>'
            f'<link rel="icon" href="data:,">{style}</head>\n'
            f"<body>{home}<h1>Tracked stories, latest change first</h1>\n{body}\n</body></html>\n")  # fmt: skip
