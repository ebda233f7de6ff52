"""``precis track``: follow developing stories from the same sources, run after run.

``add``/``remove``/``sources`` manage what is read; ``run`` reads it, keeps what is new and places it in
stories; ``brief`` tells a reader what changed since their last briefing; ``stories`` and ``show`` browse.
Everything lives in one store (``--store``: an SQLite file, created by ``add``, or a PostgreSQL URL).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._optional import require
from ..errors import InputError
from .arguments import number, positive_int
from .output import write_output

if TYPE_CHECKING:
    from ..store.sql import SqlStore

__all__ = ["add_parser", "run"]

HELP = """\
Follow developing stories. Add sources once (feeds, URLs, folders, JSONL or other files), then run
'precis track run' every day: it reads every source (conditional requests for URLs), skips what was
already read (the same URL, the same text, or a copy of a stored article), and places each new article
in a story, old or new, with stable story ids. 'precis track brief' then tells you, story by story,
what changed since your last briefing, with citations, corroboration, conflicts and a running timeline.

The store is one SQLite file (default: $PRECIS_STORE, else $XDG_DATA_HOME/precis/store.db), or a
PostgreSQL database (--store postgresql://user@host/db). Needs: pip install 'precis[track]'."""


def _store_option(p: Any, *, top: bool = False) -> None:
    # on 'track' and on each action: an action's own default must not hide the value given before it
    p.add_argument("--store", metavar="PATH|URL", default=None if top else argparse.SUPPRESS,
                   help="the store: an SQLite file or a postgresql:// URL (default: $PRECIS_STORE, else "
                        "$XDG_DATA_HOME/precis/store.db)")  # fmt: skip


def add_parser(sub: Any, name: str) -> None:
    """Register the command and its subcommands."""
    p = sub.add_parser(name, help="follow developing stories from a store of what was read", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    actions = p.add_subparsers(dest="action", metavar="ACTION", parser_class=type(p))
    add = actions.add_parser("add", help="add sources (feeds, URLs, folders, JSONL or other files)")
    add.add_argument("locations", nargs="+", metavar="SOURCE")
    remove = actions.add_parser("remove", help="stop reading sources (their articles stay)")
    remove.add_argument("locations", nargs="+", metavar="SOURCE")
    actions.add_parser("sources", help="list the sources and how their last run went")
    go = actions.add_parser("run", help="read every source and store what is new, placed in stories")
    go.add_argument("--timeout", type=number, default=15.0, help="seconds to wait for a URL (default 15)")
    go.add_argument("--max-bytes", type=positive_int, default=10_000_000, help="largest file or page read")
    go.add_argument("--allow-private", action="store_true",
                    help="allow URLs on private, loopback and link-local addresses (refused by default)")  # fmt: skip
    go.add_argument("--batch-size", type=positive_int, default=200,
                    help="new articles placed and stored per transaction (default 200)")  # fmt: skip
    go.add_argument("--no-language-check", action="store_true", help="do not set apart articles that are not English")
    brief = actions.add_parser("brief", help="what changed in each story since your last briefing")
    brief.add_argument("--since", default="last", metavar="last|DATE",
                       help="news is what you were not told ('last', the default) or what was published from "
                            "DATE (ISO 8601, e.g. 2022-01-12)")  # fmt: skip
    brief.add_argument("--reader", default="default", help="whose briefing (what each reader was told is kept)")
    brief.add_argument("--words", type=positive_int, default=100, help="words per story (default 100)")
    brief.add_argument("--timeline-dates", type=int, default=4, metavar="N", help="dates per timeline (default 4)")
    brief.add_argument("--stories", type=positive_int, help="brief at most N stories, latest change first")
    brief.add_argument("--format", choices=("text", "md", "json", "html"), default="text",
                       help="output format; html is one self-contained file (default text)")  # fmt: skip
    brief.add_argument("-o", "--output", help="write here instead of standard output (replaced atomically)")
    brief.add_argument("--peek", action="store_true", help="do not mark the news as told")
    stories = actions.add_parser("stories", help="list the stories, latest change first")
    stories.add_argument("--limit", type=positive_int, default=50, help="at most N stories (default 50)")
    stories.add_argument("--format", choices=("text", "json"), default="text")
    show = actions.add_parser("show", help="one story: its articles and its last briefing")
    show.add_argument("story", metavar="STORY", help="a story id, e.g. s3")
    show.add_argument("--format", choices=("text", "json"), default="text")
    _store_option(p, top=True)
    for q in (add, remove, actions.choices["sources"], go, brief, stories, show):
        _store_option(q)
    p.set_defaults(parser=p)


def _open(args: argparse.Namespace, *, create: bool = False) -> SqlStore:
    require("sqlalchemy", extra="track", caller="precis track")
    from ..store import default_location
    from ..store.sql import SqlStore

    return SqlStore(args.store or default_location(), create=create)


def run(args: argparse.Namespace) -> int:
    """Execute; returns the exit code."""
    if args.action is None:
        args.parser.print_help(sys.stderr)
        return 2
    handler = {"add": _add, "remove": _remove, "sources": _sources, "run": _run, "brief": _brief,
               "stories": _stories, "show": _show}[args.action]  # fmt: skip
    return handler(args)


def _location(value: str) -> str:
    from ..readers.fetching import is_url

    if is_url(value):
        return value
    if "://" in value:
        raise InputError(f"{value} is not a URL precis can fetch (http:// or https:// and a host).", source=value)
    path = Path(value).expanduser()
    if not path.exists():
        raise InputError(f"{value} does not exist; give a feed, a URL, a folder or a file.", source=value)
    return str(path.resolve())


def _add(args: argparse.Namespace) -> int:
    locations = [_location(v) for v in args.locations]
    with _open(args, create=True) as store:
        for given, (_, added) in zip(args.locations, store.add_sources(locations), strict=True):
            print(f"{'added' if added else 'already a source'}: {given}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    from ..readers.fetching import is_url

    wanted = {v: v if is_url(v) else str(Path(v).expanduser().resolve()) for v in args.locations}
    with _open(args) as store:
        gone = set(store.remove_sources(wanted.values()))
    for given, location in wanted.items():
        print(f"{'removed' if location in gone else 'not a source'}: {given}")
    return 0


def _sources(args: argparse.Namespace) -> int:
    with _open(args) as store:
        for s in store.sources():
            state = "not read yet" if s.last_run is None else f"last read by run {s.last_run}"
            print(f"{s.location}  ({state}{'; failed: ' + s.last_error if s.last_error else ''})")
    return 0


def _run(args: argparse.Namespace) -> int:
    from ..store.tracking import RunOptions, run_sources

    if args.timeout <= 0:
        raise InputError(f"--timeout must be a positive number of seconds. Got {args.timeout} instead.")
    options = RunOptions(allow_private=args.allow_private, timeout=args.timeout, max_bytes=args.max_bytes,
                         batch_size=args.batch_size, check_language=not args.no_language_check)  # fmt: skip
    with _open(args) as store:
        if not store.sources():
            raise InputError("No sources to read; add some with 'precis track add SOURCE...'.")
        report = run_sources(store, options)
    for source, reason in report.failures:
        print(f"precis: source failed: {source}: {reason.removeprefix(source + ': ')}", file=sys.stderr)
    skipped = ", ".join(f"{n} {why}" for why, n in report.skipped.items())
    copies = f", {report.copies} of them {'a copy of another report' if report.copies == 1 else 'copies'}"
    print(f"run {report.run_id}: read {report.read} articles; {report.new} new"
          f"{copies if report.copies else ''}{f', {report.set_apart} set apart' if report.set_apart else ''}"
          f"; skipped {skipped or 'none'}; stories: {report.new_stories} new, {len(report.stories)} updated, "
          f"{report.merged} merged"
          f"{f'; not modified: {len(report.not_modified)} URL(s)' if report.not_modified else ''}")  # fmt: skip
    return 1 if report.failures else 0


def _since(value: str) -> str | datetime:
    if value == "last":
        return value
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"--since must be 'last' or an ISO 8601 date such as 2022-01-12. Got {value!r}.") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _brief(args: argparse.Namespace) -> int:
    from ..store.briefing import BriefOptions, build_briefing, record_briefing
    from ..store.briefing_render import render_briefing

    options = BriefOptions(reader=args.reader, since=_since(args.since), words=args.words,
                           timeline_dates=args.timeline_dates, stories=args.stories)  # fmt: skip
    with _open(args) as store:
        document, told = build_briefing(store, options)
        write_output(render_briefing(document, args.format), args.output)
        if not args.peek:
            record_briefing(store, document, told)
    return 0


def _when(ts: float | None) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d") if ts is not None else "undated"


def _stories(args: argparse.Namespace) -> int:
    with _open(args) as store:
        rows = store.stories(limit=args.limit)
    if args.format == "json":
        write_output(json.dumps([{"id": f"s{s.id}", "title": s.title, "size": s.size, "updated_at": s.updated_at,
                                  "updated_run": s.updated_run, "last_published": _when(s.last_ts)}
                                 for s in rows], indent=2) + "\n", None)  # fmt: skip
        return 0
    for s in rows:
        print(f"s{s.id:<5} run {s.updated_run:<4} {_when(s.first_ts)}..{_when(s.last_ts)}  {s.size:>4} articles  "
              f"{s.title}")  # fmt: skip
    return 0


def _show(args: argparse.Namespace) -> int:
    from ..store.briefing_render import render_briefing

    number_text = args.story.lower().removeprefix("s")
    if not number_text.isdigit():
        raise InputError(f"{args.story!r} is not a story id; ids look like s3 (see 'precis track stories').")
    with _open(args) as store:
        story = store.story(int(number_text))
        while story is not None and story.merged_into is not None:
            print(f"s{story.id} was merged into s{story.merged_into}", file=sys.stderr)
            story = store.story(story.merged_into)
        if story is None:
            raise InputError(f"No story {args.story} in this store (see 'precis track stories').")
        members = store.members(story.id)
        brief = store.story_brief(story.id)
    if args.format == "json":
        data = {"id": f"s{story.id}", "title": story.title, "size": story.size, "updated_at": story.updated_at,
                "articles": [{**m.article.to_dict(), "text": None, "copy_of": f"a{m.copy_of}" if m.copy_of else None}
                             for m in members],
                "briefing": json.loads(brief) if brief else None}  # fmt: skip
        write_output(json.dumps(data, ensure_ascii=False, indent=2) + "\n", None)
        return 0
    print(f"s{story.id}  {story.title}\n    {story.size} articles; last change {story.updated_at} (run "
          f"{story.updated_run})\n")  # fmt: skip
    for m in members:
        a = m.article
        copy = f"  (copy of a{m.copy_of}, {m.copy_kind})" if m.copy_of else ""
        print(f"    {a.id:<7} {a.published.date().isoformat() if a.published else 'undated':<10}  "
              f"{a.outlet or '-'}: {a.title or a.text[:60]}{copy}")  # fmt: skip
    if brief:
        part = json.loads(brief)
        text = render_briefing({"format": "", "reader": "", "since": None, "stories": [part]}, "text")
        print("\nLast briefing:\n" + text.split("\n", 2)[2].rstrip())
    return 0
