"""The static site, built from a real demo crawl and from small generated databases."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from site_support import (
    add_version,
    copy_database,
    demo_database,
    html_pages,
    make_database,
    parse_links,
    resolve_local,
)

from diffs.categories import CATEGORIES
from diffs.context import context_rows
from tracker.site.build import build_site
from tracker.site.builder import manifest_path
from tracker.site.documents import page_rows
from tracker.site.paths import change_tag
from tracker.site.templating import render_markdown, text_direction
from tracker.store.compression import unpack_text
from tracker.store.db import open_db
from tracker.store.queries import list_changes

PARROT_TOS = "services/parrot/terms-of-service"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_database(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def site(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build_site(open_db(demo_db), out, "https://example.org/tos")
    return out


@pytest.fixture(scope="module")
def parrot_change(demo_db: Path) -> dict:
    changes = [
        c
        for c in list_changes(open_db(demo_db))
        if c["service_slug"] == "parrot" and c["document_slug"] == "terms-of-service"
    ]
    assert changes, "the demo records Parrot's rewrite of its terms"
    return changes[0]


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_every_kind_of_page_is_built(site: Path, demo_db: Path) -> None:
    db = open_db(demo_db)
    expected = [
        "index.html",
        "changes/index.html",
        "services/index.html",
        "services/parrot/index.html",
        "services/quillbox/index.html",
        f"{PARROT_TOS}/index.html",
        "services/parrot/privacy-policy/index.html",
        "categories/index.html",
        "matrix.html",
        "feeds/index.html",
        "search.html",
        "search-index.json",
        "assets/style.css",
        "assets/site.js",
        "assets/search.js",
        "assets/search-index.js",
    ]
    expected += [f"categories/{cid}.html" for cid in CATEGORIES]
    for c in list_changes(db):
        base = f"services/{c['service_slug']}/{c['document_slug']}"
        expected += [f"{base}/changes/{c['to_version']}.html"]
        expected += [f"{base}/versions/{n}.html" for n in (c["from_version"], c["to_version"])]
    missing = [rel for rel in expected if not (site / rel).is_file()]
    assert not missing


def test_change_page_shows_flags_entities_and_the_clause_diff(
    site: Path, parrot_change: dict
) -> None:
    html = read(site, f"{PARROT_TOS}/changes/{parrot_change['to_version']}.html")
    # the headline, escaped as text
    assert "AI-training licence" in html
    # flags with their plain-language titles and explanations
    for cid in ("ai_training", "liquidated_damages", "jurisdiction"):
        assert CATEGORIES[cid].title in html
        assert f'href="../../../../categories/{cid}.html"' in html
    assert CATEGORIES["ai_training"].explanation[:40] in html
    # entities: the amount and both places of the venue that moved
    assert "$15,000" in html
    assert "Texas" in html and "Oregon" in html
    assert "Before:" in html and "After:" in html
    # the diff: labelled clauses, word-level highlights, collapsed unchanged parts
    for label in ("Added", "Changed"):
        assert f'<span class="kind">{label}</span>' in html
    assert "<ins>" in html and "<del>" in html
    assert "<details>" in html and "unchanged clause" in html
    # detection time and effective date
    assert parrot_change["detected_at"] in html
    assert "November 15, 2026" in html
    # permalinks: every clause has one, and it points at an element of the page
    links = parse_links(html)
    anchors = [h for _, h, _ in links.links if h.startswith("#")]
    assert len(anchors) > 5
    assert all(h[1:] in links.ids for h in anchors)


def test_home_lists_substantive_changes_with_badges(site: Path, parrot_change: dict) -> None:
    html = read(site, "index.html")
    assert parrot_change["headline"].split(";")[0] in html
    assert 'class="badge sev-high"' in html
    assert parrot_change["detected_at"][:10] in html
    assert 'href="./services/parrot/terms-of-service/changes/' in html


def test_document_page_has_text_history_and_sources(site: Path, parrot_change: dict) -> None:
    html = read(site, f"{PARROT_TOS}/index.html")
    assert "Version history" in html and "Current text" in html
    assert 'href="versions/1.html"' not in html  # links are root-relative
    assert f'href="../../../{PARROT_TOS}/versions/1.html"' in html
    assert "http://127.0.0.1:" in html  # the source URL and live page links
    assert f"changes/{parrot_change['to_version']}.html" in html
    # the current text is rendered Markdown (headings), not raw source
    assert re.search(r"<h[3-6]>", html)


def test_category_pages_list_exactly_the_changes_that_touched_them(
    site: Path, demo_db: Path
) -> None:
    changes = list_changes(open_db(demo_db))
    for cid in CATEGORIES:
        html = read(site, f"categories/{cid}.html")
        for c in changes:
            path = f"services/{c['service_slug']}/{c['document_slug']}/changes/{c['to_version']}"
            touched = any(
                f["category"] == cid and f.get("status") != "unchanged" for f in c["flags"]
            )
            assert (path in html) == touched, (cid, path)


def test_matrix_shows_what_each_service_has_now(site: Path) -> None:
    html = read(site, "matrix.html")
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r'<th scope="row"><a [^>]*>([^<]+)</a></th>(.*?)</tr>', html, re.S)
    }
    assert set(rows) == {"Parrot", "Parrot (Arabic)", "Quillbox"}  # issue 18: Arabic terms
    head = re.search(r"<thead>(.*?)</thead>", html, re.S)
    assert head
    columns = re.findall(r'href="categories/([a-z_]+)\.html"', head.group(1))
    assert "ai_training" in columns and "liquidated_damages" in columns

    def cell(service: str, cid: str) -> str:
        return re.findall(r"<td[^>]*>(.*?)</td>", rows[service], re.S)[columns.index(cid)]

    assert "yes" in cell("Parrot", "ai_training")
    assert "yes" in cell("Parrot", "liquidated_damages")
    assert "yes" not in cell("Quillbox", "ai_training")


def test_every_page_is_self_contained_and_accessible(site: Path) -> None:
    pages = html_pages(site)
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in html, page
        assert re.search(r'<html lang="[a-z]+" dir="(ltr|rtl)">', html), page
        for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
            assert landmark in html, (page, landmark)
        assert 'class="skip" href="#main"' in html
        assert html.count("<h1") == 1, page
        assert re.search(r'<link rel="alternate" type="application/atom\+xml"', html), page
        for tag, href, attrs in parse_links(html).links:
            if tag in ("script", "link", "img", "iframe") and attrs.get("rel") not in (
                "alternate",
                "canonical",  # the page's public address (--base-url), not a resource
            ):
                assert resolve_local(page, href) is not None, (page, href)  # nothing remote
        assert "<iframe" not in html


def test_every_local_link_resolves(site: Path) -> None:
    broken = []
    for page in html_pages(site):
        parsed = parse_links(page.read_text(encoding="utf-8"))
        for _, href, _ in parsed.links:
            target = resolve_local(page, href)
            if target is None:
                continue
            path, fragment = target
            if not path.exists():
                broken.append((str(page.relative_to(site)), href))
            elif fragment and path == page and fragment not in parsed.ids:
                broken.append((str(page.relative_to(site)), href))
    assert not broken


def test_search_index_covers_services_documents_changes(site: Path, demo_db: Path) -> None:
    index = json.loads(read(site, "search-index.json"))
    kinds = {item["k"] for item in index}
    assert kinds == {"service", "document", "change", "category"}
    assert len([i for i in index if i["k"] == "change"]) == len(list_changes(open_db(demo_db)))
    for item in index:
        assert (site / item["u"]).is_file()
    script = read(site, "assets/search-index.js")
    assert script.startswith("window.CLAUSEWATCH_SEARCH = ")


def test_rebuild_writes_nothing_and_pages_are_byte_identical(demo_db: Path, tmp_path: Path) -> None:
    db = open_db(demo_db)
    first = build_site(db, tmp_path / "a")
    assert first.written and first.unchanged == 0
    snapshot = {p: p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    again = build_site(db, tmp_path / "a")
    assert again.written == [] and again.removed == []
    assert again.unchanged == len(first.written)
    # without the manifest every page is rendered again, and comes out identical
    manifest_path(tmp_path / "a").unlink()
    fresh = build_site(db, tmp_path / "a")
    assert fresh.written == []
    for path, data in snapshot.items():
        assert path.read_bytes() == data, path
    # a second output folder gets the very same bytes
    build_site(db, tmp_path / "b")
    for path, data in snapshot.items():
        assert (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes() == data


def test_one_new_change_rewrites_only_the_pages_it_affects(
    demo_db: Path, tmp_path: Path, parrot_change: dict
) -> None:
    db = copy_database(demo_db, tmp_path / "copy.db")
    out = tmp_path / "site"
    build_site(db, out, "https://example.org/tos")
    latest = db.execute(
        "select markdown, number, d.url from versions v join documents d on d.id = v.document_id "
        "join services s on s.id = d.service_id where s.slug = 'quillbox' order by number desc"
    ).fetchone()
    add_version(
        db,
        "Quillbox",
        "Terms of Service",
        unpack_text(latest[0])
        + "\n\nWe may use your notes to train our machine learning models.\n",
        "2030-01-01T00:00:00Z",
        language="en",
        url=latest[2],
    )
    n = latest[1] + 1
    report = build_site(db, out, "https://example.org/tos")
    written = set(report.written)
    q = "services/quillbox/terms-of-service"
    must = {
        f"{q}/changes/{n}.html",
        f"{q}/versions/{n}.html",
        f"{q}/versions/{n - 1}.html",  # no longer the current text
        f"{q}/index.html",
        "services/quillbox/index.html",
        "index.html",
        "changes/index.html",
        "feeds/all.atom",
        "feeds/service/quillbox.atom",
        "feeds/document/quillbox/terms-of-service.atom",
        "search-index.json",
    }
    assert must <= written, must - written
    # nothing about Parrot's documents changed
    untouched = [w for w in written if w.startswith("services/parrot/")]
    assert not untouched
    older = [f"{q}/versions/{k}.html" for k in range(1, n - 1)]
    assert not set(older) & written  # older archived versions do not change
    # issue 18: the site is bilingual; the Arabic pages written are the twins of the
    # English ones (ar/…), and English alone stays as small as before
    english = {w for w in written if not w.startswith("ar/")}
    arabic = {w.removeprefix("ar/") for w in written if w.startswith("ar/")}
    assert len(english) < 40
    assert arabic <= english and {m for m in must if m.endswith(".html")} <= arabic


def test_pages_of_a_vanished_document_are_removed(tmp_path: Path) -> None:
    versions = {
        ("Acme", "Terms of Service"): ["# Terms\n\nHello.", "# Terms\n\nHello there."],
        ("Acme", "Privacy Policy"): ["# Privacy\n\nWe collect nothing."],
    }
    db = make_database(tmp_path / "a.db", versions)
    out = tmp_path / "site"
    build_site(db, out)
    assert (out / "services/acme/privacy-policy/index.html").exists()
    stray = out / "notes.txt"
    stray.write_text("mine")
    db.execute("delete from fetches")
    db.execute("delete from versions where document_id = 2")
    db.execute("delete from documents where id = 2")
    report = build_site(db, out)
    assert "services/acme/privacy-policy/index.html" in report.removed
    assert not (out / "services/acme/privacy-policy/index.html").exists()
    assert stray.exists()  # only files of earlier builds are ever deleted


def test_minor_changes_are_shown_only_on_request(tmp_path: Path) -> None:
    base = "# Terms\n\nYou may cancel at any time.\n\nWe keep your data for 30 days."
    db = make_database(
        tmp_path / "m.db",
        {
            ("Acme", "Terms of Service"): [
                base,
                base + "\n\nDisputes go to binding arbitration in Delaware.",
                base.replace("cancel", "cancel,") + "\n\nDisputes go to binding arbitration "
                "in Delaware.",
            ]
        },
    )
    changes = list_changes(db)
    assert {c["significance"] for c in changes} == {"substantive", "minor"}
    out = tmp_path / "site"
    build_site(db, out)
    home = read(out, "index.html")
    minor = next(c for c in changes if c["significance"] == "minor")
    item = re.search(r'<li class="change-item minor[^"]*" data-minor hidden>.*?</li>', home, re.S)
    assert item and f"changes/{minor['to_version']}.html" in item.group(0)
    assert 'data-toggle-minor aria-pressed="false" hidden' in home  # shown by site.js
    assert 'href="changes/index.html"' in home  # and a separate list without JS
    listing = read(out, "changes/index.html")
    assert "Minor edit" in listing and f"changes/{minor['to_version']}.html" in listing


def test_captured_content_is_escaped_everywhere(tmp_path: Path) -> None:
    evil = (
        "# Terms <script>window.__pwned=1</script>\n\n"
        "Read [x](javascript:window.__pwned=2) and <img src=x onerror=window.__pwned=3>.\n\n"
        '<a href="javascript:alert(1)">click</a> [y](JAVASCRIPT:alert(1)) '
        "[z](data:text/html;base64,PHNjcmlwdD4=) ![i](https://tracker.example/p.gif)"
    )
    db = make_database(
        tmp_path / "x.db",
        {("Evil <b>Corp</b>", "Terms of Service"): ["# Terms\n\nHello.", evil]},
    )
    out = tmp_path / "site"
    build_site(db, out)
    for page in html_pages(out):
        html = page.read_text(encoding="utf-8")
        assert "<script>window" not in html, page
        assert "<img" not in html, page
        assert "<b>Corp" not in html, page
        assert not re.search(r'href="\s*(javascript|data|vbscript):', html, re.I), page
        for tag, _, attrs in parse_links(html).links:
            assert not any(k.startswith("on") for k in attrs), (page, tag)
            if tag == "script":
                assert (attrs.get("src") or "").startswith(("./", "../"))
    version = read(out, "services/evil-b-corp-b/terms-of-service/versions/2.html")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in version
    assert "tracker.example/p.gif" in version  # a link to the image, never an <img>


def test_markdown_renderer_neutralises_links_and_html() -> None:
    html = str(render_markdown("[a](javascript:alert(1)) [b](https://ok.example) <b>x</b>"))
    assert "javascript:" not in html.replace("[a](javascript:alert(1))", "")
    assert 'href="https://ok.example" rel="nofollow noopener noreferrer ugc"' in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert str(render_markdown("[rel](/privacy)")) == '<p><span class="dead-link">rel</span></p>\n'


def test_right_to_left_documents_get_dir_attributes(tmp_path: Path) -> None:
    assert text_direction("ar") == "rtl" and text_direction("en-GB") == "ltr"
    assert text_direction(None) == "auto"
    db = make_database(
        tmp_path / "ar.db",
        {("Souq", "Terms of Service"): ["# الشروط\n\nمرحبا.", "# الشروط\n\nمرحبا بكم."]},
        language="ar",
    )
    out = tmp_path / "site"
    build_site(db, out)
    html = read(out, "services/souq/terms-of-service/index.html")
    assert 'lang="ar" dir="rtl"' in html
    css = read(out, "assets/style.css")
    assert "margin-left" not in css and "padding-left" not in css and "left:" not in css


def test_feed_ids_use_no_database_row_id() -> None:
    assert change_tag("x", "terms-of-service", 7) == (
        "tag:clausewatch,2026:change/x/terms-of-service/7"
    )


def test_unchanged_context_interleaves_in_document_order() -> None:
    from diffs.differ import diff_texts

    old = "# T\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n\nFive."
    new = "# T\n\nOne.\n\nThree.\n\nFour!\n\nFive.\n\nSix."
    diff = diff_texts(old, new)
    stored = diff.to_dict()["changes"]
    rows = page_rows(context_rows(diff), stored)
    flat = []
    for row in rows:
        if row["kind"] == "unchanged":
            flat += [("=", c["text"]) for c in row["clauses"]]
        else:
            c = row["clause"]
            flat.append((c["kind"], c["new"] or c["old"]))
    assert flat == [
        ("=", "T"),
        ("=", "One."),
        ("removed", "Two."),
        ("=", "Three."),
        ("modified", "Four!"),
        ("=", "Five."),
        ("added", "Six."),
    ]
    # a change recorded by an older clausewatch has no stored rows: changed clauses only
    assert all(r["kind"] == "change" for r in page_rows(None, stored))


def test_an_arabic_feed_entry_separates_values_with_the_arabic_semicolon(tmp_path: Path) -> None:
    clause = (
        "Any dispute will be resolved by binding arbitration in London, England, and the "
        "filing fee is $500."
    )
    db = make_database(
        tmp_path / "sep.db",
        {
            ("Acme", "Terms of Service"): [
                "# Terms\n\nHello there.",
                f"# Terms\n\nHello.\n\n{clause}",
            ]
        },
    )
    build_site(db, tmp_path / "site")
    arabic = read(tmp_path / "site", "ar/feeds/all.atom")
    english = read(tmp_path / "site", "feeds/all.atom")
    assert "[London؛ $500]" in arabic and "[London; $500]" in english
