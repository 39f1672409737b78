"""The site of real policy histories, in headless Chromium (Debian's ``/usr/bin/chromium``).

The database is made once per session by real crawls of ten real documents' histories
(``site_support.history_database``: ../shared/data/histories rendered to HTML, served on
127.0.0.1, crawled by ``tracker.crawl.crawl``).  The site built from it is served on
127.0.0.1 too, and some tests open it from ``file://``.

How "the compare view matches ``clausewatch diff``" is judged: for the same two versions,
the browser's result (``window.CLAUSEWATCH_COMPARE``) and ``clausewatch diff OLD.md NEW.md
--json`` on the versions' Markdown downloads have the same significance, the same
statistics and the same list of changed clauses, each equal field for field (kind,
section, old and new text, word-level operations, clause ids and positions, similarity,
minor); and the page shows exactly those clauses, with those kinds, in that order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from site_support import (
    CHROMIUM,
    DESKTOP,
    chromium,
    history_database,
    serve_site,
    settle,
    wait_js,
)
from site_support import open_page as new_page

from tracker.cli import cli
from tracker.site.build import build_site
from tracker.store.db import open_db

pytestmark = [pytest.mark.realdata, pytest.mark.browser]

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
NARROW = {"width": 360, "height": 740}
BASE = "https://example.org/tos"
#: the day the site is built for: the histories end in August 2026
TODAY = date(2026, 9, 1)
#: a long change with flagged clauses: Pinterest's privacy policy, version 1 → 2
LONG_CHANGE = "services/pinterest/privacy-policy/changes/2.html"

if not CHROMIUM.exists():
    pytestmark.append(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}"))


@pytest.fixture(scope="module")
def site(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db_path = history_database(shared_data, tmp_path_factory.getbasetemp())
    out = tmp_path_factory.mktemp("history-site") / "site"
    db = open_db(db_path)
    try:
        build_site(db, out, BASE, today=TODAY)
    finally:
        db.conn.close()
    return out


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1."""
    with serve_site(site) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


def page_types(site: Path) -> dict[str, str]:
    """One page of every kind (site-relative paths; search with a query)."""
    category = sorted((site / "categories").glob("*.html"))
    with_changes = [p for p in category if "change-headline" in p.read_text(encoding="utf-8")]
    return {
        "home": "index.html",
        "changes": "changes/index.html",
        "services": "services/index.html",
        "scorecard": "services/tiktok/index.html",
        "document": "services/tiktok/terms-of-service/index.html",
        "version": "services/tiktok/terms-of-service/versions/3.html",
        "change": LONG_CHANGE,
        "compare": "services/tiktok/terms-of-service/compare.html#from=2&to=9",
        "categories": "categories/index.html",
        "category": with_changes[0].relative_to(site).as_posix(),
        "matrix": "matrix.html",
        "feeds": "feeds/index.html",
        "search": "search.html?q=meta",
    }


def test_filters_narrow_the_list_and_survive_a_reload(browser: object, site: Path) -> None:
    page = new_page(browser)
    page.goto((site / "changes/index.html").as_uri())  # from file://
    items = page.locator(".change-item")
    total = items.count()
    assert total > 50
    assert page.locator("#filters").is_visible()
    page.select_option("#f-service", "tiktok")
    tiktok = page.locator(".change-item:not([hidden])").count()
    assert 0 < tiktok < total
    assert all("TikTok" in t for t in page.locator(".change-item:not([hidden])").all_inner_texts())
    page.select_option("#f-significance", "substantive")
    page.fill("#f-from", "2026-01-01")
    page.locator("#f-from").dispatch_event("change")
    narrowed = page.locator(".change-item:not([hidden])")
    count = narrowed.count()
    assert 0 < count < tiktok
    dates = narrowed.evaluate_all("els => els.map(e => e.dataset.detected)")
    assert all(d >= "2026-01-01" for d in dates)
    # hidden months are hidden as a whole; the status says how many match
    assert f"{count} of {total}" in page.locator("#filter-status").inner_text()
    assert "service=tiktok" in page.url and "from=2026-01-01" in page.url
    page.reload()
    assert page.locator("#f-service").input_value() == "tiktok"
    assert page.locator("#f-from").input_value() == "2026-01-01"
    assert page.locator(".change-item:not([hidden])").count() == count
    # severity and clause type: every remaining item says so
    page.goto((site / "changes/index.html").as_uri() + "#severity=medium")
    medium = page.locator(".change-item:not([hidden])")
    assert medium.count() > 0
    assert all("medium severity" in t.lower() for t in medium.all_inner_texts())
    page.click("button[type=reset]")
    assert page.locator(".change-item:not([hidden])").count() == total
    assert not page.errors, page.errors


def test_search_finds_a_service_by_its_alias_and_the_sentence_that_matched(
    browser: object, served: str
) -> None:
    page = new_page(browser)
    page.goto(f"{served}/index.html")
    page.fill("#site-q", "Meta")
    page.press("#site-q", "Enter")
    page.locator("#search-results li").first.wait_for()
    services = [
        t for t in page.locator("#search-results li").all_text_contents() if t.startswith("Service")
    ]
    assert any("Threads" in t for t in services), services
    # a service's alias and a word of its text: the matching sentence is shown
    page.fill("#q", "bytedance machine learning")
    page.locator("#search-results li .match").first.wait_for()
    match = page.locator("#search-results li").filter(has=page.locator(".match")).first
    assert "TikTok" in match.inner_text()
    assert "machine learning" in match.locator(".match").inner_text().lower()
    assert match.locator("mark").count() >= 1
    assert page.locator("[role=search]").count() == 1  # one search landmark on the page
    assert not page.errors, page.errors


def test_compare_view_matches_clausewatch_diff(
    browser: object, served: str, site: Path, tmp_path: Path
) -> None:
    doc = "services/tiktok/terms-of-service"
    page = new_page(browser)
    page.goto(f"{served}/{doc}/compare.html#from=2&to=9")
    wait_js(page, "window.CLAUSEWATCH_COMPARE !== undefined")
    shown = page.evaluate("window.CLAUSEWATCH_COMPARE")
    assert (shown["from"], shown["to"]) == (2, 9)
    result = shown["result"]
    texts = json.loads((site / doc / "versions.json").read_text(encoding="utf-8"))["versions"]
    for n in ("2", "9"):  # the two versions' Markdown, as the download buttons give it
        (tmp_path / f"{n}.md").write_text(texts[n]["markdown"], encoding="utf-8")
    runner = CliRunner()
    cli_out = runner.invoke(cli, ["diff", str(tmp_path / "2.md"), str(tmp_path / "9.md"), "--json"])
    assert cli_out.exit_code == 0, cli_out.output
    expected = json.loads(cli_out.output)
    changed = [c for c in result["changes"] if c["kind"] != "unchanged"]
    assert expected["changes"], "versions 2 and 9 differ"
    assert result["significance"] == expected["significance"]
    assert result["stats"] == expected["stats"]
    assert len(changed) == len(expected["changes"])
    for got, want in zip(changed, expected["changes"], strict=True):
        assert {k: got.get(k) for k in want} == want
    # the page shows those clauses, in that order, with their kinds
    labels = {"added": "Added", "removed": "Removed", "modified": "Changed", "moved": "Moved"}
    kinds = page.locator("#compare-result .clause .kind").all_text_contents()
    assert kinds == [labels[c["kind"]] for c in expected["changes"]]
    # choosing two other versions recomputes, and the fragment follows
    page.select_option("#cmp-from", "5")
    page.select_option("#cmp-to", "6")
    page.click("#compare-form button[type=submit]")
    wait_js(page, "window.CLAUSEWATCH_COMPARE.from === 5")
    assert page.url.endswith("#from=5&to=6")
    assert not page.errors, page.errors


def test_compare_port_agrees_with_the_differ_on_every_document(
    browser: object, served: str, site: Path
) -> None:
    """Beyond one pair: in every document, its first and last versions and two neighbours."""
    from diffs.differ import diff_texts  # what `clausewatch diff` runs

    page = new_page(browser)
    page.goto(f"{served}/services/tiktok/terms-of-service/compare.html")
    wait_js(page, "window.ClauseDiff !== undefined")
    checked = 0
    for data in sorted(site.glob("services/*/*/versions.json")):
        texts = json.loads(data.read_text(encoding="utf-8"))["versions"]
        numbers = sorted(int(n) for n in texts)
        middle = numbers[len(numbers) // 2]
        for a, b in ((numbers[0], numbers[-1]), (middle - 1, middle)):
            old, new = texts[str(a)]["markdown"], texts[str(b)]["markdown"]
            got = page.evaluate(
                "([a, b]) => { const r = ClauseDiff.diffTexts(a, b);"
                " r.changes = r.changes.filter(c => c.kind !== 'unchanged'); return r; }",
                [old, new],
            )
            want = diff_texts(old, new).to_dict()
            assert got["stats"] == want["stats"], (data.parent.name, a, b)
            assert got["changes"] == want["changes"], (data.parent.name, a, b)
            checked += 1
    assert checked >= 20
    assert not page.errors, page.errors


def test_compare_port_agrees_with_the_differ_on_arabic_text(browser: object, served: str) -> None:
    """The written Arabic terms (tests/data/arabic): sentences end on ؟ and ۔ there too."""
    from diffs.differ import diff_texts

    folder = Path(__file__).resolve().parent / "data" / "arabic"
    old, new = (folder.joinpath(f"terms_v{n}.md").read_text(encoding="utf-8") for n in (1, 2))
    question = "هل نجمع بياناتك؟ نعم نجمعها.\n\nفقرة ثانية."
    pairs = [(old, new), (question, question.replace("نعم نجمعها", "لا"))]
    page = new_page(browser)
    page.goto(f"{served}/services/tiktok/terms-of-service/compare.html")
    wait_js(page, "window.ClauseDiff !== undefined")
    for a, b in pairs:
        got = page.evaluate(
            "([a, b]) => { const r = ClauseDiff.diffTexts(a, b);"
            " r.changes = r.changes.filter(c => c.kind !== 'unchanged'); return r; }",
            [a, b],
        )
        want = diff_texts(a, b).to_dict()
        assert got["stats"] == want["stats"]
        assert got["changes"] == want["changes"]
    assert not page.errors, page.errors


def test_downloads_of_a_version_and_a_change(
    browser: object, served: str, site: Path, tmp_path: Path
) -> None:
    doc = "services/tiktok/terms-of-service"
    texts = json.loads((site / doc / "versions.json").read_text(encoding="utf-8"))["versions"]
    page = new_page(browser)
    page.goto((site / doc / "versions/3.html").as_uri())  # from file://
    for kind in ("md", "txt"):
        with page.expect_download() as info:
            page.click(f"button[data-download='{kind}']")
        download = info.value
        assert download.suggested_filename == f"tiktok-terms-of-service-version-3.{kind}"
        target = tmp_path / download.suggested_filename
        download.save_as(str(target))
        text = target.read_text(encoding="utf-8")
        if kind == "md":
            assert text == texts["3"]["markdown"]
        else:
            assert text.strip() and not any(p.search(text) for _, p in MARKDOWN), text[:300]
    page.goto(f"{served}/{LONG_CHANGE}")
    with page.expect_download() as info:
        page.click("button[data-download='json']")
    target = tmp_path / "change.json"
    info.value.save_as(str(target))
    change = json.loads(target.read_text(encoding="utf-8"))
    assert change["page"] == f"{BASE}/{LONG_CHANGE}"
    assert (change["from_version"], change["to_version"]) == (1, 2)
    assert not page.errors, page.errors


def test_jump_menu_reaches_a_flagged_clause(browser: object, served: str) -> None:
    page = new_page(browser)
    page.goto(f"{served}/{LONG_CHANGE}")
    assert "Document largely rewritten" in page.locator(".summary-box").inner_text()
    assert page.locator(".folded-run").count() >= 1  # a run of >20 added clauses, folded
    links = page.locator(".jump-menu a")
    assert links.count() >= 1
    folded_targets = page.locator(".folded-run .clause.flagged")
    anchor = (
        folded_targets.first.get_attribute("id")
        if folded_targets.count()
        else links.first.get_attribute("href")[1:]
    )
    link = page.locator(f".jump-menu a[href='#{anchor}']")
    link.click()
    target = page.locator(f"[id='{anchor}']")
    target.wait_for(state="visible")
    assert target.is_visible()
    assert target.evaluate("el => el.getBoundingClientRect().top < window.innerHeight")
    assert "Flagged" in target.inner_text()
    # keyboard: the menu's links are reachable with Tab
    page.goto(f"{served}/{LONG_CHANGE}")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.jump-menu') !== null"):
            break
    else:
        pytest.fail("the jump menu is not reachable with the keyboard")
    assert not page.errors, page.errors


def test_no_page_scrolls_sideways_at_360_px(browser: object, served: str, site: Path) -> None:
    wide = []
    for kind, rel in page_types(site).items():
        page = new_page(browser, NARROW)
        page.goto(f"{served}/{rel}")
        settle(page, kind)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            wide.append((kind, rel, width))
        assert not page.errors, (kind, page.errors)
        page.close()
    assert wide == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_on_any_page_type(
    browser: object, served: str, site: Path, scheme: str
) -> None:
    axe = AXE.read_text(encoding="utf-8")
    problems = []
    for kind, rel in page_types(site).items():
        page = new_page(browser, DESKTOP, scheme, csp=False)  # to inject axe-core
        page.goto(f"{served}/{rel}")
        settle(page, kind)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.add_script_tag(content=axe)
        result = page.evaluate(
            "axe.run(document, {resultTypes: ['violations']})"
            ".then(r => r.violations.filter(v => ['serious', 'critical'].includes(v.impact))"
            ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3)"
            ".map(n => n.target.join(' '))})))"
        )
        problems += [(kind, scheme, v) for v in result]
        page.close()
    assert problems == []


MARKDOWN = [
    ("a link's ](", re.compile(r"\]\(")),
    ("bold **", re.compile(r"\*\*")),
    ("a heading's leading #", re.compile(r"(?m)^\s*#{1,6}\s")),
    ("a table's pipes", re.compile(r"(?m)^\s*\|.*\|\s*$|\s\|\s.*\s\|\s")),
]


def test_no_markdown_syntax_in_the_visible_text_of_any_page_type(
    browser: object, served: str, site: Path
) -> None:
    leaks = []
    for kind, rel in page_types(site).items():
        page = new_page(browser)
        page.goto(f"{served}/{rel}")
        settle(page, kind)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        text = page.evaluate("document.body.innerText")
        for name, pattern in MARKDOWN:
            for m in pattern.finditer(text):
                leaks.append((kind, name, text[max(0, m.start() - 40) : m.end() + 40]))
        page.close()
    assert leaks == []
