"""The Arabic site in headless Chromium (Debian's ``/usr/bin/chromium``): issue 18's browser tests.

The site is built by ``build_site`` from the database of a real demo crawl
(``site_support.demo_database``: Parrot's terms in English and in Arabic, Parrot's privacy
policy, Quillbox), in English at the root and in Arabic under ``ar/``, and served on
127.0.0.1.  No mock: every page is the real build of real recorded versions.

Checked here: the Arabic pages are right to left (``<html lang="ar" dir="rtl">``, and the
browser lays them out so), none scrolls sideways at 360 px, the language switch of every
kind of page leads to the same page in the other language and back, axe-core (vendored,
``tests/vendor``) finds no serious or critical violation on any kind of Arabic page in
light and dark mode, and captured English text on an Arabic page is ``lang="en"
dir="ltr"`` (Arabic text on an English page ``lang="ar" dir="rtl"``).  Screenshots of the
Arabic pages are saved under ``test-artifacts/site/``; ``make screenshots`` takes the
ones for review (``tests/screenshots.py``).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_support import (
    CHROMIUM,
    DESKTOP,
    chromium,
    demo_database,
    html_pages,
    parse_links,
    resolve_local,
    serve_site,
    settle,
)
from site_support import open_page as new_page

from tracker.site.build import build_site
from tracker.store.db import open_db

pytestmark = [pytest.mark.browser]

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "site"
NARROW = {"width": 360, "height": 740}

#: the demo's English terms of Parrot, and its terms in Arabic (a document of their own)
ENGLISH_DOC = "services/parrot/terms-of-service"
ARABIC_DOC = "services/parrot-arabic/terms-of-service"

#: one page of every kind, site-relative (English); the Arabic page is ``ar/`` + the same
PAGE_TYPES = {
    "home": "index.html",
    "changes": "changes/index.html",
    "services": "services/index.html",
    "service": "services/parrot/index.html",
    "document": f"{ENGLISH_DOC}/index.html",
    "version": f"{ENGLISH_DOC}/versions/2.html",
    "change": f"{ENGLISH_DOC}/changes/2.html",
    "arabic document's change": f"{ARABIC_DOC}/changes/2.html",
    "compare": f"{ENGLISH_DOC}/compare.html#from=1&to=2",
    "categories": "categories/index.html",
    "category": "categories/liquidated_damages.html",
    "matrix": "matrix.html",
    "feeds": "feeds/index.html",
    "health": "health.html",
    "search": "search.html?q=parrot",
}
#: the pages the issue names: right to left, and no sideways scrolling at 360 px
RTL_PAGES = ("home", "change", "arabic document's change", "matrix")

if not CHROMIUM.exists():
    pytestmark.append(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}"))


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_database(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def site(database: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("arabic-site") / "site"
    db = open_db(database)
    try:
        report = build_site(db, out)
    finally:
        db.conn.close()
    assert report.problems == []
    assert (out / "ar" / "index.html").is_file()
    return out


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (a missing page answers 404)."""
    with serve_site(site) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


def shoot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def arabic(rel: str) -> str:
    return "ar/" + rel


def main_ids(page: object) -> list[str]:
    """The ids inside <main>: clause anchors, sections, forms (the same in every language)."""
    return page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('main [id]')].map(e => e.id)"
    )


@pytest.mark.parametrize("kind", RTL_PAGES)
def test_arabic_pages_are_right_to_left_and_fit_360_px(
    browser: object, served: str, kind: str
) -> None:
    rel = arabic(PAGE_TYPES[kind])
    for label, viewport in (("desktop", DESKTOP), ("360px", NARROW)):
        page = new_page(browser, viewport)
        response = page.goto(f"{served}/{rel}")
        assert response.status == 200, rel
        html = page.locator("html")
        assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
        assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
        assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == (
            "rtl"
        )
        # laid out from the right: the brand starts the header at the right-hand edge
        brand = page.locator(".site-header .brand").bounding_box()
        assert brand["x"] + brand["width"] > viewport["width"] / 2, (rel, label, brand)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], (rel, label, width)
        shoot(page, f"ar-{kind.replace(' ', '-').replace(chr(39), '')}-{label}")
        assert not page.errors, (rel, page.errors)
        page.close()


def test_no_arabic_page_type_scrolls_sideways_at_360_px(browser: object, served: str) -> None:
    wide = []
    for kind, rel in PAGE_TYPES.items():
        page = new_page(browser, NARROW)
        page.goto(f"{served}/{arabic(rel)}")
        settle(page, kind)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            wide.append((kind, width))
        assert page.evaluate("document.documentElement.dir") == "rtl", kind
        assert not page.errors, (kind, page.errors)
        page.close()
    assert wide == []


def test_english_page_directions(browser: object, served: str) -> None:
    """The English pages stay left to right (the one stylesheet serves both)."""
    page = new_page(browser, NARROW)
    page.goto(f"{served}/index.html")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "ltr"
    brand = page.locator(".site-header .brand").bounding_box()
    assert brand["x"] < NARROW["width"] / 2
    page.close()


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_the_language_switch_leads_to_the_same_page_and_back(
    browser: object, served: str, kind: str
) -> None:
    rel = PAGE_TYPES[kind]
    page = new_page(browser)
    page.goto(f"{served}/{rel}")
    settle(page, kind)
    english_title = page.title()
    english_ids = main_ids(page)
    english_text = page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.lang") == "en"
    switch = page.locator("a[data-lang-switch]")
    assert switch.count() == 1
    assert switch.get_attribute("hreflang") == "ar"
    with page.expect_navigation():
        switch.click()
    assert page.url == f"{served}/{arabic(rel)}", (kind, page.url)
    settle(page, kind)
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text().strip()
    # the same page: the same anchors in <main>, and hreflang links to each other
    assert main_ids(page) == english_ids, kind
    alternates = page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('link[rel=alternate][hreflang]')]"
        ".map(l => [l.hreflang, l.href]))"
    )
    base = f"{served}/{rel}".split("?")[0].split("#")[0]
    assert alternates == {"en": base, "ar": base.replace(f"{served}/", f"{served}/ar/", 1)}
    # translated: no page of Arabic words has the English page's words
    assert page.locator("main").inner_text() != english_text, kind
    # and back
    switch = page.locator("a[data-lang-switch]")
    assert switch.count() == 1
    assert switch.get_attribute("hreflang") == "en"
    with page.expect_navigation():
        switch.click()
    assert page.url == f"{served}/{rel}", (kind, page.url)
    settle(page, kind)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.title() == english_title
    assert not page.errors, (kind, page.errors)
    page.close()


def test_every_page_has_a_switch_to_an_existing_page(site: Path) -> None:
    """Beyond one page of each kind: every page of the site, in both languages."""
    pages = html_pages(site)
    assert len(pages) > 80
    broken = []
    for path in pages:
        rel = path.relative_to(site).as_posix()
        links = parse_links(path.read_text(encoding="utf-8"))
        switches = [a for tag, _, a in links.links if tag == "a" and "data-lang-switch" in a]
        if len(switches) != 1:
            broken.append((rel, "switches", len(switches)))
            continue
        target = resolve_local(path, switches[0]["href"] or "")
        assert target is not None, rel
        other = rel.removeprefix("ar/") if rel.startswith("ar/") else arabic(rel)
        if target[0] != (site / other).resolve() or not target[0].is_file():
            broken.append((rel, switches[0]["href"]))
    assert broken == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_on_any_arabic_page_type(
    browser: object, served: str, scheme: str
) -> None:
    axe = AXE.read_text(encoding="utf-8")
    problems = []
    for kind, rel in PAGE_TYPES.items():
        page = new_page(browser, DESKTOP, scheme, csp=False)  # to inject axe-core
        page.goto(f"{served}/{arabic(rel)}")
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


def _added_clause(database: Path, service: str) -> str:
    """The start of the last clause the demo's second release added to ``service``'s terms."""
    with sqlite3.connect(database) as db:
        (diff,) = db.execute(
            "select c.diff from changes c join documents d on d.id = c.document_id "
            "join services s on s.id = d.service_id "
            "where s.name = ? and d.terms_type = 'Terms of Service'",
            [service],
        ).fetchone()
    db.close()
    added = [c["new"] for c in json.loads(diff)["changes"] if c["kind"] == "added"][-1]
    return re.split(r"(?<=[.،؟])\s", added)[0][:60]


FIND_TEXT = """
text => {
  const hits = [...document.querySelectorAll('main *')].filter(
    e => e.children.length === 0 && e.textContent.includes(text));
  return hits.map(e => {
    const marked = e.closest('[lang]');
    return {lang: marked.lang, dir: marked.getAttribute('dir'),
            direction: getComputedStyle(e).direction, tag: marked.tagName.toLowerCase()};
  });
}
"""


def test_an_english_clause_on_an_arabic_page_is_marked_english(
    browser: object, served: str, database: Path
) -> None:
    clause = _added_clause(database, "Parrot")
    assert clause.startswith("If you request, view, or access more than 1,000,000 posts")
    page = new_page(browser)
    page.goto(f"{served}/{arabic(PAGE_TYPES['change'])}")
    hits = page.evaluate(FIND_TEXT, clause)
    assert hits, clause
    assert all(h["lang"] == "en" and h["dir"] == "ltr" for h in hits), hits
    assert all(h["direction"] == "ltr" for h in hits), hits
    assert all(h["tag"] != "html" for h in hits), hits  # marked on the clause, not the page
    # every clause of the diff is marked so
    texts = page.locator(".clause-text")
    assert texts.count() > 0
    assert set(texts.evaluate_all("els => els.map(e => e.lang + ' ' + e.dir)")) == {"en ltr"}
    # and the other way round: the Arabic terms' clause on the English page
    clause = _added_clause(database, "Parrot (Arabic)")
    page.goto(f"{served}/{ARABIC_DOC}/changes/2.html")
    hits = page.evaluate(FIND_TEXT, clause)
    assert hits, clause
    assert all(h["lang"] == "ar" and h["direction"] == "rtl" for h in hits), hits
    assert not page.errors, page.errors


LATIN_PUNCTUATION = r"""() => {
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('script, style, code, [hidden]')) continue;
    if (el.closest('[lang]').lang !== 'ar') continue;
    if (/[;?]/.test(n.textContent)) out.push(n.textContent.trim().slice(0, 80));
  }
  return out;
}"""


def test_the_arabic_words_of_every_page_type_use_arabic_punctuation(
    browser: object, served: str
) -> None:
    """«؛» and «؟», never ";" or "?", in the interface's Arabic (captured text aside)."""
    found = []
    for kind, rel in PAGE_TYPES.items():
        page = new_page(browser)
        page.goto(f"{served}/{arabic(rel)}")
        settle(page, kind)
        found += [(kind, text) for text in page.evaluate(LATIN_PUNCTUATION)]
        page.close()
    assert found == []
