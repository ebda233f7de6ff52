"""Shared fixtures: a small invented story told by three invented outlets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from tests.local_site import LocalSite

from precis import Article

_TZ = timezone(timedelta(hours=2))

# An invented event: a cable ferry on the (invented) Lake Orvane breaks down.
# The fact "forty-two passengers were rescued by fishing boats" appears,
# reworded, in the first two articles, so a summary can cite both.
_LAKESIDE = (
    "A cable ferry carrying forty-two passengers broke down in the middle of Lake Orvane on Tuesday morning. "
    "The vessel lost power shortly after it left the northern pier at Pellham. "
    "All forty-two passengers were rescued by local fishing boats within two hours. "
    "Harbour officials said nobody was hurt and that the water was calm at the time. "
    "The ferry company has suspended the crossing until engineers inspect the winch. "
    "Residents of the southern shore rely on the route to reach the regional hospital. "
    "The mayor of Pellham promised a temporary bus service around the lake by Thursday."
)
_VALLEY = (
    "Local fishing boats rescued all forty-two passengers from the stranded cable ferry "
    "within two hours, officials said. "
    "The ferry had stalled halfway across Lake Orvane after a fault in its electric winch. "
    "Several passengers described a long wait in the cold wind before the first boat arrived. "
    "One fisherman said he had towed a raft of six people back to the shore by himself. "
    "The operator said the winch was replaced only last spring and had passed its annual test. "
    "An inquiry by the regional transport board is expected to begin next week."
)
_LEDGER = (
    "Shares in the company that runs the Orvane ferry fell by nine percent on Wednesday. "
    "Investors worried about the cost of repairs and of a long suspension of the service. "
    "The company said in a statement that its insurance would cover the damage to the winch. "
    "Analysts noted that the crossing earns less than a fifth of the group's annual revenue. "
    "The board will meet on Friday to discuss compensation for the stranded travellers. "
    "A spokesman declined to say when the ferry would carry passengers again."
)


@pytest.fixture
def story() -> list[Article]:
    """Three articles about one invented ferry breakdown, from three invented outlets.

    ``lakeside-1`` and ``valley-1`` both report, in different words, that
    fishing boats rescued the forty-two passengers.
    """
    return [
        Article(
            id="lakeside-1",
            text=_LAKESIDE,
            title="Ferry breaks down on Lake Orvane",
            outlet="Lakeside Courier",
            url="https://lakeside.example/ferry",
            author="Ada Brenner",
            published=datetime(2023, 5, 9, 11, 30, tzinfo=_TZ),
        ),
        Article(
            id="valley-1",
            text=_VALLEY,
            title="Fishermen rescue stranded ferry passengers",
            outlet="Valley Tribune",
            author="Tomas Kell",
            published=datetime(2023, 5, 9, 15, 0, tzinfo=_TZ),
        ),
        Article(
            id="ledger-1",
            text=_LEDGER,
            title="Ferry operator shares slide",
            outlet="Orvane Ledger",
            published=datetime(2023, 5, 10, 9, 15, tzinfo=_TZ),
        ),
    ]


@pytest.fixture
def examples_path() -> Path:
    """The example story shipped with the repository (JSONL, several outlets)."""
    return Path(__file__).resolve().parent.parent / "examples" / "geneva_talks.jsonl"


@pytest.fixture
def local_site() -> Iterator[LocalSite]:
    """A real HTTP server on 127.0.0.1 whose routes the test defines; see ``tests/local_site.py``.

    ``local_site.route("/a", body=b"...", content_type="text/html")``, then fetch
    ``local_site.url("/a")`` and check ``local_site.hits["/a"]``.
    """
    with LocalSite() as site:
        yield site
