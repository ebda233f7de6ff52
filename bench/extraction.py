#!/usr/bin/env python
"""Check: does precis keep every word of a page's article text? Compared with trafilatura's own ``extract``.

Run from the repository root:

    PYTHONPATH=src .venv/bin/python bench/extraction.py [--min-recall 0.98] [PAGE.html ...]

For every saved page (default: ``tests/data/pages/*.html`` and the HTML
fixtures of ``tests/data/web``), precis reads the article
(:func:`precis.readers.pages.article_from_html`) and trafilatura extracts it
with its defaults (``trafilatura.extract``, no precision mode). Reported per
page:

* **recall**: the share of trafilatura's words (counted with repeats, lower
  case, the page title's words left out since precis keeps the title apart)
  that precis's text also has. A word lost inside a sentence (a linked name,
  a ``<time>``, a ``<span class="link">``) shows here;
* **extra**: precis's words that trafilatura does not have (precis keeps
  inline text that trafilatura prunes by its class or tag);
* the first lost words, to see what went missing.

trafilatura's default mode keeps some boilerplate that precis leaves out on
purpose ("Read more: ..." lines, screen-reader text), so recall below 1 is
not always a loss: read the lost words. The exit status is 1 when a page's
recall is below ``--min-recall``. Invisible characters (soft hyphens...) are
removed from both texts before words are counted.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.dont_write_bytecode = True
DEFAULT_PAGES = sorted((REPO / "tests" / "data" / "pages").glob("*.html")) + sorted(
    (REPO / "tests" / "data" / "web").glob("*.html")
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def _words(text: str) -> Counter[str]:
    return Counter(w.lower().replace("’", "'") for w in _WORD.findall(_INVISIBLE.sub("", text)))


def compare(path: Path) -> dict[str, object]:
    """precis's article text of the page at ``path`` against trafilatura's ``extract``."""
    import trafilatura

    from precis.errors import InputError
    from precis.readers.pages import article_from_html

    html = path.read_bytes()
    theirs = trafilatura.extract(html.decode("utf-8", "replace")) or ""
    try:
        article = article_from_html(html, id=path.stem)
        ours, title = article.text, article.title or ""
    except InputError:
        ours, title = "", ""
    want = _words(theirs)
    first_line = theirs.split("\n", 1)[0]
    if title and _words(first_line) <= _words(title):
        want -= _words(first_line)  # trafilatura's first line is the headline; precis keeps it as the title
    got = _words(ours)
    kept = sum((want & got).values())
    total = sum(want.values())
    lost = [w for w in _WORD.findall(theirs.lower()) if (want - got)[w] > 0]
    return {
        "page": path.name,
        "recall": kept / total if total else 1.0,
        "words": total,
        "extra": sum((got - want).values()),
        "lost": list(dict.fromkeys(lost))[:12],
        "read": bool(ours),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("pages", nargs="*", type=Path, help="saved HTML pages (default: the test pages)")
    parser.add_argument("--min-recall", type=float, default=0.95, help="exit 1 when a page's recall is lower")
    args = parser.parse_args(argv)
    rows = [compare(p) for p in (args.pages or DEFAULT_PAGES)]
    print(f"{'page':34} {'recall':>7} {'words':>6} {'extra':>6}  lost words")
    for row in rows:
        lost = ", ".join(row["lost"]) if row["read"] else "(precis refused the page)"  # type: ignore[arg-type]
        print(f"{row['page']:34} {row['recall']:7.3f} {row['words']:6} {row['extra']:6}  {lost}")
    scored = [r for r in rows if r["words"]]
    if scored:
        mean = sum(float(r["recall"]) for r in scored) / len(scored)  # type: ignore[arg-type]
        print(f"{'mean over ' + str(len(scored)) + ' pages':34} {mean:7.3f}")
    return 1 if any(float(r["recall"]) < args.min_recall for r in scored) else 0  # type: ignore[arg-type]


if __name__ == "__main__":
    sys.exit(main())
