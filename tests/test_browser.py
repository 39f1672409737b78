"""The built site in headless Chromium (Debian's ``/usr/bin/chromium``), over file:// URLs.

Screenshots at desktop and phone widths are saved under ``test-artifacts/site/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from site_support import CHROMIUM, DESKTOP, chromium, demo_database, make_database
from site_support import open_page as new_page

from tracker.site.build import build_site
from tracker.store.db import open_db
from tracker.store.queries import list_changes

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "site"
PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
]

EVIL = (
    "# Terms\n\nHello.\n\n<script>window.__pwned=1</script>\n\n"
    "Read [x](javascript:window.__pwned=2) now.\n\n"
    'Or [this one](jav&#x09;ascript:window.__pwned=4) or <a href="javascript:window.__pwned=5">'
    'that</a>.\n\n<img src=x onerror="window.__pwned=3">\n\n'
    "You may cancel at any time."
)
# Every payload the hostile-input issue lists, each setting window.__pwned (and alert()):
# script, img onerror, svg onload, javascript: links, entity-encoded and Markdown links.
PAYLOADS = (
    "<script>window.__pwned=11;alert(11)</script>",
    '<img src=x onerror="window.__pwned=12;alert(12)">',
    "<svg onload=window.__pwned=13;alert(13)><circle r=1></circle></svg>",
    '<a href="javascript:window.__pwned=14;alert(14)">a</a>',
    "&lt;script&gt;window.__pwned=15&lt;/script&gt;",
    "&#60;img src=x onerror=window.__pwned=16&#62;",
    "[md](javascript:window.__pwned=17;alert(17))",
    "[ent](javascript&#58;window.__pwned=18)",
    "[amp](&#106;avascript:window.__pwned=19)",
    "![img](javascript:window.__pwned=20)",
    "<iframe srcdoc='<script>parent.__pwned=21</script>'></iframe>",
    '<details open ontoggle="window.__pwned=22">x</details>',
)
EVIL_NAMES = ("Evil <img src=x onerror=window.__pwned=23>", "Terms <svg onload=window.__pwned=24>")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = open_db(demo_database(tmp_path_factory.getbasetemp()))
    out = tmp_path_factory.mktemp("browser-site")
    build_site(db, out)
    return out


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("evil")
    base = "# Terms\n\nHello.\n\nYou may cancel at any time."
    payloads = "\n\n".join(f"Clause {i}: you agree to {p} today." for i, p in enumerate(PAYLOADS))
    db = make_database(
        tmp / "evil.db",
        {
            ("Evil", "Terms of Service"): [base, EVIL, EVIL.replace("cancel", "cancel,")],
            EVIL_NAMES: [base, base + "\n\n" + payloads, payloads + "\n\nWe may sell your data."],
        },
    )
    out = tmp / "site"
    build_site(db, out)
    return out


def url(site: Path, rel: str) -> str:
    return (site / rel).as_uri()


def shoot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_home_to_change_expand_and_permalinks(browser: object, demo_site: Path) -> None:
    page = new_page(browser, DESKTOP)
    page.goto(url(demo_site, "index.html"))
    assert page.title().startswith("clausewatch")
    first = page.locator(".change-item.sev-high .change-headline a").first
    headline = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert "/changes/" in page.url
    assert page.locator("h1").inner_text() == headline
    # unchanged text is folded; one summary opens one fold, the button opens them all
    folds = page.locator(".unchanged-run details")
    assert folds.count() > 0
    assert not any(folds.nth(i).evaluate("d => d.open") for i in range(folds.count()))
    folds.first.locator("summary").click()
    assert folds.first.evaluate("d => d.open")
    button = page.locator("[data-expand-all]")
    assert button.is_visible()
    button.click()
    assert all(folds.nth(i).evaluate("d => d.open") for i in range(folds.count()))
    assert button.get_attribute("aria-pressed") == "true"
    shoot(page, "change-desktop")
    # a permalink to a folded clause opens its fold
    folded_id = page.locator(".unchanged-list li").last.get_attribute("id")
    page.goto(page.url.split("#")[0] + "#" + folded_id)
    page.reload()
    target = page.locator(f"[id='{folded_id}']")
    assert target.evaluate("el => el.closest('details').open")
    # flags link to their clause in the diff
    flag_link = page.locator(".flag a[href^='#']").first
    anchor = flag_link.get_attribute("href")
    flag_link.click()
    assert page.locator(f"[id='{anchor[1:]}']").is_visible()
    assert not page.errors, page.errors


def test_search_finds_services_and_changes(browser: object, demo_site: Path) -> None:
    page = new_page(browser, DESKTOP)
    page.goto(url(demo_site, "index.html"))
    page.fill("#site-q", "parrot")
    page.press("#site-q", "Enter")
    page.wait_for_load_state()
    assert "search.html?q=parrot" in page.url
    results = page.locator("#search-results li")
    results.first.wait_for()
    texts = [t.lower() for t in results.all_inner_texts()]
    assert any(t.startswith("service") and "parrot" in t for t in texts)
    assert any(t.startswith("change") for t in texts)
    # typing narrows the results as you go
    page.fill("#q", "liquidated")
    page.locator("#search-results li").first.wait_for()
    texts = page.locator("#search-results li").all_inner_texts()
    assert texts and all("iquidated" in t or "penalties" in t.lower() for t in texts)
    page.fill("#q", "zzzz-nothing")
    assert "No result" in page.locator("#search-status").inner_text()
    page.fill("#q", "AI training")
    page.locator("#search-results li").first.wait_for()
    shoot(page, "search-desktop")
    page.locator("#search-results li a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(".html")
    assert not page.errors, page.errors


def test_keyboard_skip_link_and_focus(browser: object, demo_site: Path) -> None:
    page = new_page(browser, DESKTOP)
    page.goto(url(demo_site, "index.html"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.locator(".skip").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


@pytest.mark.parametrize(
    "rel",
    [
        "index.html",
        "matrix.html",
        "categories/ai_training.html",
        "services/parrot/terms-of-service/index.html",
        "feeds/index.html",
    ],
)
def test_screenshots_and_no_sideways_scrolling(browser: object, demo_site: Path, rel: str) -> None:
    name = rel.replace("/", "-").removesuffix(".html")
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = new_page(browser, viewport)
        page.goto(url(demo_site, rel))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], (rel, label, width)
        shoot(page, f"{name}-{label}")
        assert not page.errors, page.errors
        page.close()


def test_change_page_on_a_phone(browser: object, demo_site: Path) -> None:
    db_changes = sorted((demo_site / "services/parrot/terms-of-service/changes").glob("*.html"))
    page = new_page(browser, PHONE)
    page.goto(db_changes[-1].as_uri())
    page.locator("[data-expand-all]").click()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    shoot(page, "change-phone")


def test_injected_script_never_runs(browser: object, evil_site: Path) -> None:
    rels = [
        "services/evil/terms-of-service/index.html",
        "services/evil/terms-of-service/versions/2.html",
        "services/evil/terms-of-service/changes/2.html",
        "services/evil/terms-of-service/changes/3.html",
        "index.html",
        "changes/index.html",
    ]
    for rel in rels:
        page = new_page(browser, DESKTOP)
        page.goto(url(evil_site, rel))
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__pwned") == "undefined", rel
        assert page.locator("script:not([src])").count() == 0
        page.close()
    page = new_page(browser, DESKTOP)
    page.goto(url(evil_site, "services/evil/terms-of-service/versions/2.html"))
    text = page.locator(".document-text")
    assert "<script>window.__pwned=1</script>" in text.inner_text()  # shown as text
    assert text.locator("a[href^='javascript'], a[href^='JAVASCRIPT']").count() == 0
    before = page.url
    # the refused link shows its words only (no Markdown syntax reaches a reader), as text
    page.get_by_text("Read x now", exact=False).first.click()
    page.get_by_text("this one").click()
    assert '<a href="javascript:window.__pwned=5">' in text.inner_text()  # text, not a link
    assert page.url == before
    assert page.evaluate("typeof window.__pwned") == "undefined"
    shoot(page, "escaped-version-desktop")


def test_no_payload_runs_on_any_page(browser: object, evil_site: Path) -> None:
    """Every page of the site, with every payload in the text, the names and the headlines."""
    rels = sorted(str(p.relative_to(evil_site)) for p in evil_site.rglob("*.html"))
    assert len(rels) > 20
    rels += ["search.html?q=evil", "search.html?q=img", "search.html?q=svg"]
    executions, dialogs = [], []
    for rel in rels:
        page = new_page(browser, DESKTOP)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(
            url(evil_site, rel.split("?")[0]) + ("?" + rel.split("?")[1] if "?" in rel else "")
        )
        page.wait_for_load_state("load")
        if "?" in rel:
            page.locator("#search-results li").first.wait_for()
        # a payload inside a <details> or a fold would only fire once opened: open them all
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.wait_for_timeout(50)
        if page.evaluate("typeof window.__pwned") != "undefined":
            executions.append(rel)
        assert page.locator("script:not([src])").count() == 0, rel
        assert page.locator("svg[onload], img[onerror], iframe, [ontoggle]").count() == 0, rel
        assert page.locator("a[href^='javascript' i]").count() == 0, rel
        page.close()
    assert executions == [] and dialogs == [], (executions, dialogs)


def test_minor_edits_toggle(browser: object, evil_site: Path) -> None:
    db_minor = [
        c
        for c in list_changes(open_db(evil_site.parent / "evil.db"))
        if c["significance"] == "minor"
    ]
    assert db_minor
    page = new_page(browser, DESKTOP)
    page.goto(url(evil_site, "index.html"))
    minor = page.locator("[data-minor]")
    assert minor.count() == len(db_minor)
    assert not minor.first.is_visible()
    toggle = page.locator("[data-toggle-minor]")
    toggle.click()
    assert minor.first.is_visible()
    assert toggle.get_attribute("aria-pressed") == "true"
    toggle.click()
    assert not minor.first.is_visible()
