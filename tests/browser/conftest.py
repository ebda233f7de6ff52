"""Playwright for Python driving Debian's chromium against a real ``precis serve`` on 127.0.0.1.

No browser is downloaded: the tests use ``/usr/bin/chromium`` (``apt-get
install chromium``; ``.ci/run`` installs it), or ``PRECIS_CHROMIUM``. Without
it the tests are skipped with that reason, unless ``PRECIS_REQUIRE_BROWSER=1``
(set by CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.server_process import ServerProcess

CHROMIUM = os.environ.get("PRECIS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]  # fmt: skip
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "geneva_talks"


def _missing(reason: str) -> None:
    if os.environ.get("PRECIS_REQUIRE_BROWSER"):
        pytest.fail(f"{reason} (PRECIS_REQUIRE_BROWSER is set)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install 'precis[dev]')")
    if not Path(CHROMIUM).exists():
        _missing(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    pytest.importorskip("fastapi", reason="the [server] extra is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def server() -> Iterator[ServerProcess]:
    with ServerProcess("--workers", "1") as running:
        yield running


@pytest.fixture
def page(browser: Any, server: ServerProcess) -> Iterator[Any]:
    """The briefing page at laptop size; page errors and console errors fail the test."""
    context = browser.new_context(viewport=LAPTOP)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    tab.goto(server.url + "/")
    yield tab
    context.close()
    refused = "Failed to load resource: the server responded with a status of 4"  # a 4xx the page shows
    assert [e for e in errors if not e.startswith(refused)] == [], errors


@pytest.fixture
def example_texts() -> list[str]:
    """The five example articles as plain text, in file order."""
    return [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
