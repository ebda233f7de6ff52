"""The briefing page in a real browser: paste, summarize, click a citation, see the cited sentence.

Also: dropped files, the check and timeline views, problems shown to the reader,
hostile article text that must stay text, a phone-width window, and the
screenshot for the README (written to ``docs/img/page.png`` when
``PRECIS_UPDATE_SCREENSHOT=1``).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.server_process import ServerProcess

PHONE = {"width": 390, "height": 844}

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "img" / "page.png"
EXAMPLES_JSONL = Path(__file__).resolve().parents[2] / "examples" / "geneva_talks.jsonl"
PAYLOADS = [
    '<img src=x onerror="window.__xss=1">',
    "<script>window.__xss=2</script>",
    '"><svg onload="window.__xss=3">',
]


def make_briefing(page: Any, texts: list[str], *, budget: int | None = None, mode: str = "summary") -> None:
    page.check(f"input[name=mode][value={mode}]", force=True)
    page.fill("#articles", "\n---\n".join(texts))
    if budget is not None:
        page.fill("#budget", str(budget))
    page.click("#go")
    page.wait_for_selector("#output .view, #problem:not([hidden])")


def open_citation(page: Any, button: Any) -> str:
    """Click a citation; the cited span must be highlighted and scrolled into the source panel's view."""
    button.click()
    page.wait_for_selector("#source:not([hidden]) #cited")
    mark = page.locator("#cited")
    panel = page.locator("#source-text").bounding_box()
    box = mark.bounding_box()
    assert panel is not None and box is not None
    assert panel["y"] <= box["y"] and box["y"] + min(box["height"], 40) <= panel["y"] + panel["height"]
    return str(mark.text_content())


def test_page_summary_citation_opens_the_source_at_the_cited_sentence(
    page: Any, example_texts: list[str], server: ServerProcess
) -> None:
    make_briefing(page, example_texts, budget=80)
    items = page.locator(".summary-view .item")
    assert items.count() >= 2
    api = httpx.post(server.url + "/v1/summarize", timeout=60,
                     json={"articles": [{"text": t.strip()} for t in example_texts], "words": 80}).json()  # fmt: skip
    assert [page.locator(".item-text").nth(i).text_content() for i in range(items.count())] == [
        item["text"] for item in api["items"]
    ]
    articles = {a["id"]: a for a in api["articles"]}
    for i, item in enumerate(api["items"]):
        first = item["citations"][0]
        button = items.nth(i).locator(".cite").first
        assert button.get_attribute("data-article") == first["article_id"]
        assert open_citation(page, button) == item["text"]
        expected_source = articles[first["article_id"]]["text"]
        assert page.locator("#source-text").text_content() == expected_source
        page.click("#source-close")
        assert page.locator("#source").is_hidden()


def test_page_offsets_are_code_points_so_emoji_do_not_shift_the_highlight(page: Any) -> None:
    text = (
        "🚢🚢 Harbour news 🌊. The ferry lost power in the middle of Lake Orvane on Tuesday morning. "
        "All forty-two passengers were rescued by local fishing boats within two hours. "
        "The ferry company has suspended the crossing until engineers inspect the winch."
    )
    make_briefing(page, [text], budget=14)
    item = page.locator(".item-text").first.text_content()
    assert item and item in text and not item.startswith("🚢")
    assert open_citation(page, page.locator(".cite").first) == item


def test_page_reads_dropped_files(page: Any, example_texts: list[str]) -> None:
    html = (
        "<html><head><title>Talks end in Vienna</title><meta property='og:site_name' content='Danube Daily'>"
        "</head><body><article><h1>Talks end in Vienna</h1><p>" + example_texts[0].replace("\n\n", "</p><p>")
        + "</p></article></body></html>"
    )  # fmt: skip
    page.evaluate(
        """([name, content]) => {
            const data = new DataTransfer();
            data.items.add(new File([content], name, { type: "text/html" }));
            document.getElementById("drop").dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true }));
        }""",
        ["vienna.html", html],
    )
    page.wait_for_selector("#file-list li")
    assert "vienna.html" in str(page.locator("#file-list").text_content())
    page.click("#go")
    page.wait_for_selector(".summary-view")
    assert "Danube Daily" in str(page.locator(".sources").text_content())
    page.locator(".cite").first.click()
    assert "Talks end in Vienna" in str(page.locator("#source-meta").text_content())


def test_page_hostile_article_text_is_shown_never_run(page: Any, tmp_path: Path) -> None:
    record = {
        "id": "hostile-1",
        "title": PAYLOADS[0],
        "outlet": PAYLOADS[1],
        "url": "javascript:window.__xss=9",
        "author": PAYLOADS[2],
        "text": (
            f"The council met on Monday to discuss the harbour budget and {PAYLOADS[0]} was posted. "
            f"Members approved the plan after a long debate and {PAYLOADS[1]} appeared in the minutes. "
            f"The mayor said repairs would begin in March {PAYLOADS[2]} before the summer season."
        ),
    }
    corpus = tmp_path / "hostile.jsonl"
    corpus.write_text(json.dumps(record) + "\n", encoding="utf-8")
    page.set_input_files("#files", str(corpus))
    page.wait_for_selector("#file-list li")
    page.fill("#budget", "200")
    page.click("#go")
    page.wait_for_selector(".summary-view")
    shown = str(page.locator("#output").text_content())
    for button in page.locator(".cite").all():
        open_citation(page, button)
        shown += str(page.locator("#source").text_content())
    page.keyboard.press("Escape")
    page.click("#check-this")
    page.wait_for_selector(".check-view")
    shown += str(page.locator("#output").text_content())
    assert page.evaluate("window.__xss") is None
    for payload in PAYLOADS:
        assert payload in shown
    for where in ("#output", "#source"):
        assert page.locator(f"{where} img, {where} script, {where} svg").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0


def test_page_check_view_colours_each_sentence_and_explains_flags(page: Any, example_texts: list[str]) -> None:
    page.check("input[name=mode][value=check]", force=True)
    page.fill(
        "#summary-text",
        "The U.S. team was led by Deputy Secretary of State Wendy Sherman, while Deputy Foreign Minister Sergei "
        "Ryabkov headed the Russian side. The talks lasted 13 hours, says CNN's John Sutter.",
    )
    page.fill("#articles", "\n---\n".join(example_texts))
    page.click("#go")
    page.wait_for_selector(".check-view")
    verdicts = page.locator(".check-view .verdict[data-verdict]")
    assert [verdicts.nth(i).get_attribute("data-verdict") for i in range(verdicts.count())] == [
        "supported",
        "unsupported",
    ]
    colours = {page.locator(f".verdict[data-verdict={v}]").evaluate("e => getComputedStyle(e).backgroundColor")
               for v in ("supported", "unsupported")}  # fmt: skip
    assert len(colours) == 2
    attribution = page.locator(".flags li[data-kind=attribution]")
    assert "CNN's John Sutter" in str(attribution.text_content())
    assert "credits words to someone the sources do not name" in str(attribution.text_content())
    assert page.locator(".flag-span").count() >= 1
    assert "scored by rules" in str(page.locator(".check-view .meta").first.text_content())


def test_page_check_with_the_consistency_model_names_it(page: Any, example_texts: list[str]) -> None:
    from precis.checking.consistency import MODEL_DIR, ModelInfo, model_available

    if not model_available():
        pytest.skip("the [model] extra is not installed")
    page.check("input[name=mode][value=check]", force=True)
    page.select_option("#scorer", "auto")
    page.fill("#summary-text", "The talks in Geneva lasted about eight hours.")
    page.fill("#articles", "\n---\n".join(example_texts))
    page.click("#go")
    page.wait_for_selector(".check-view")
    meta = str(page.locator(".check-view .meta").first.text_content())
    assert f"scored by {ModelInfo.read(MODEL_DIR).name}" in meta


def test_page_timeline_view_lists_dates(page: Any, server: ServerProcess) -> None:
    lines = (Path(__file__).resolve().parents[2] / "examples" / "geneva_talks.jsonl").read_text().splitlines()
    page.check("input[name=mode][value=timeline]", force=True)
    page.set_input_files("#files", files=[{"name": "talks.jsonl", "mimeType": "application/json",
                                           "buffer": "\n".join(lines).encode()}])  # fmt: skip
    page.wait_for_selector("#file-list li")
    page.click("#go")
    page.wait_for_selector(".timeline-view")
    dates = page.locator(".timeline-view h3.date").all_text_contents()
    assert dates and dates == sorted(dates)
    assert all(len(d) == 10 and d[4] == "-" for d in dates)


def test_page_digest_view_shows_stories_copies_and_corroboration(page: Any) -> None:
    page.check("input[name=mode][value=digest]", force=True)
    page.set_input_files("#files", str(Path(__file__).resolve().parents[2] / "examples" / "geneva_talks.jsonl"))
    page.wait_for_selector("#file-list li")
    page.fill("#budget", "60")
    page.click("#go")
    page.wait_for_selector(".digest-view")
    stories = page.locator(".digest-view section.story")
    assert stories.count() >= 1
    first = stories.first
    assert "Harbor Daily Wire" in str(first.locator(".meta").first.text_content())
    copy = first.locator(".copies li[data-copy=northfield-geneva-reprint]")
    assert "copy of Harbor Daily Wire" in str(copy.text_content())
    assert "independent report" in str(first.locator(".corroboration").first.text_content())
    item = first.locator(".item").first
    assert open_citation(page, item.locator(".cite").first) == item.locator(".item-text").text_content()


def test_page_shows_problems_to_the_reader(page: Any) -> None:
    page.click("#go")
    page.wait_for_selector("#problem:not([hidden])")
    assert "Invalid request" in str(page.locator("#problem").text_content())
    assert "articles" in str(page.locator("#problem").text_content())


def test_page_is_readable_at_phone_width(browser: Any, server: ServerProcess, example_texts: list[str]) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server.url + "/")
    make_briefing(page, example_texts, budget=60)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways ({width}px)"
    assert page.locator(".item-text").first.bounding_box()["width"] > 250
    font = page.locator(".item-text").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert font >= 15
    text = page.locator(".item-text").first.text_content()
    assert open_citation(page, page.locator(".cite").first) == text
    assert page.locator("#source").bounding_box()["width"] == PHONE["width"]
    page.screenshot(path=str(Path(os.environ.get("TMPDIR", "/tmp")) / "precis-page-phone.png"))
    context.close()


def test_page_screenshot_for_the_readme(page: Any, tmp_path: Path) -> None:
    page.set_input_files("#files", str(Path(__file__).resolve().parents[2] / "examples" / "geneva_talks.jsonl"))
    page.wait_for_selector("#file-list li")
    make_briefing(page, [], budget=80)
    open_citation(page, page.locator(".item").nth(1).locator(".cite").first)
    shot = tmp_path / "page.png"
    page.screenshot(path=str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    if os.environ.get("PRECIS_UPDATE_SCREENSHOT"):
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)


def test_page_links_to_the_tracked_stories_and_back(browser: Any, tmp_path: Path) -> None:
    from precis.cli import main

    store = tmp_path / "store.db"
    assert main(["track", "--store", str(store), "add", str(EXAMPLES_JSONL)]) == 0
    assert main(["track", "--store", str(store), "run"]) == 0
    assert main(["track", "--store", str(store), "brief", "--words", "50", "-o", str(tmp_path / "brief.txt")]) == 0
    context = browser.new_context()
    errors: list[str] = []
    with ServerProcess("--workers", "1", "--store", str(store)) as tracked:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("response", lambda r: errors.append(r.url) if r.status >= 400 else None)
        page.goto(tracked.url + "/")
        page.click("#stories-link")
        page.wait_for_url(tracked.url + "/stories")
        assert page.locator("section#s1 h2").count() == 1
        cite = page.locator("section#s1 a.cite").first  # the page's citations still lead to their sources
        target = str(cite.get_attribute("href"))
        cite.click()
        assert page.evaluate("location.hash") == target
        page.click("#home")
        page.wait_for_url(tracked.url + "/")
        assert page.locator("#go").is_visible()
    context.close()
    assert errors == []
