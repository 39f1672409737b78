"""Atom and RSS feeds, parsed with feedparser, from a real demo crawl."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from site_support import copy_database, demo_database, html_pages, parse_links, resolve_local

from diffs.categories import CATEGORIES
from tracker.analysis import default_analyser
from tracker.reextract import reextract
from tracker.site.build import build_site
from tracker.site.paths import change_tag
from tracker.store.db import open_db
from tracker.store.queries import list_changes

BASE = "https://example.org/tos"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_database(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def changes(demo_db: Path) -> list[dict]:
    return list_changes(open_db(demo_db))


@pytest.fixture(scope="module")
def site(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("feeds-site")
    build_site(open_db(demo_db), out, BASE)
    return out


def parse(path: Path) -> feedparser.FeedParserDict:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    return feed


def tags(changes: list[dict]) -> set[str]:
    return {change_tag(c["service_slug"], c["document_slug"], c["to_version"]) for c in changes}


def has_category(change: dict, cid: str) -> bool:
    return any(f["category"] == cid and f.get("status") != "unchanged" for f in change["flags"])


def test_every_feed_parses_with_titles_links_and_ids(site: Path, changes: list[dict]) -> None:
    feeds = sorted((site / "feeds").rglob("*.atom")) + sorted((site / "feeds").rglob("*.rss"))
    assert len(feeds) >= 2 * (2 + 2 + 3 + len(CATEGORIES))
    by_tag = {
        change_tag(c["service_slug"], c["document_slug"], c["to_version"]): c for c in changes
    }
    for path in feeds:
        feed = parse(path)
        assert feed.feed.title.startswith("clausewatch: ")
        assert feed.feed.link.startswith(BASE + "/")
        if path.suffix == ".atom":
            assert feed.version == "atom10"
            assert feed.feed.id.startswith("tag:clausewatch,2026:feed/")
            self_links = [x.href for x in feed.feed.links if x.rel == "self"]
            assert self_links == [f"{BASE}/{path.relative_to(site)}"]
        else:
            assert feed.version == "rss20"
        for entry in feed.entries:
            change = by_tag[entry.id]  # every id is a change's tag: URI
            assert entry.title == f"{change['service']} · {change['document']}: " + (
                change["headline"] or "Text changed"
            )
            rel = (
                f"services/{change['service_slug']}/{change['document_slug']}/changes/"
                f"{change['to_version']}.html"
            )
            assert entry.link == f"{BASE}/{rel}"
            assert (site / rel).is_file()
            html = entry.content[0].value if "content" in entry else entry.description
            assert "Read the whole change" in html
            assert "[" in html and "]" in html  # clause labels, not only colours


def test_all_and_high_severity_feeds_hold_the_right_changes(
    site: Path, changes: list[dict]
) -> None:
    substantive = [c for c in changes if c["significance"] == "substantive"]
    high = [
        c
        for c in substantive
        if any(f["severity"] == "high" and f.get("status") != "unchanged" for f in c["flags"])
    ]
    assert high, "the demo's release 3 adds high-severity clauses"
    for fmt in ("atom", "rss"):
        assert {e.id for e in parse(site / f"feeds/all.{fmt}").entries} == tags(substantive)
        assert {e.id for e in parse(site / f"feeds/high.{fmt}").entries} == tags(high)


def test_service_and_document_feeds(site: Path, changes: list[dict]) -> None:
    substantive = [c for c in changes if c["significance"] == "substantive"]
    for service in ("parrot", "quillbox"):
        got = {e.id for e in parse(site / f"feeds/service/{service}.atom").entries}
        assert got == tags([c for c in substantive if c["service_slug"] == service])
    got = {e.id for e in parse(site / "feeds/document/parrot/terms-of-service.atom").entries}
    assert got == tags(
        [
            c
            for c in substantive
            if c["service_slug"] == "parrot" and c["document_slug"] == "terms-of-service"
        ]
    )


def test_category_feed_holds_exactly_the_changes_with_that_category(
    site: Path, changes: list[dict]
) -> None:
    seen_any = set()
    for cid in CATEGORIES:
        feed = parse(site / f"feeds/category/{cid}.atom")
        expected = tags([c for c in changes if has_category(c, cid)])
        assert {e.id for e in feed.entries} == expected, cid
        if expected:
            seen_any.add(cid)
        for entry in feed.entries:
            assert cid in {t.term for t in entry.tags}
    assert {"ai_training", "liquidated_damages", "jurisdiction"} <= seen_any


def test_entry_carries_headline_flags_and_an_annotated_diff(site: Path) -> None:
    feed = parse(site / "feeds/category/ai_training.atom")
    entry = feed.entries[0]
    html = entry.content[0].value
    assert "AI-training licence" in html
    assert CATEGORIES["ai_training"].title in html
    assert CATEGORIES["liquidated_damages"].title in html
    assert "$15,000" in html
    assert "<ins>" in html and "<del>" in html
    assert "Texas" in html


def test_ids_and_bytes_are_stable_across_builds(demo_db: Path, site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build_site(open_db(demo_db), again, BASE)
    for path in (site / "feeds").rglob("*.*"):
        if path.suffix in (".atom", ".rss"):
            assert (again / path.relative_to(site)).read_bytes() == path.read_bytes(), path


def test_ids_survive_reextract(demo_db: Path, site: Path, tmp_path: Path) -> None:
    db = copy_database(demo_db, tmp_path / "re.db")
    report = reextract(db, default_analyser())
    assert not report.errors
    out = tmp_path / "site"
    build_site(db, out, BASE)
    for name in ("all.atom", "high.atom", "category/ai_training.atom"):
        before = [e.id for e in parse(site / "feeds" / name).entries]
        after = [e.id for e in parse(out / "feeds" / name).entries]
        assert before == after and before


def test_without_base_url_links_are_relative_to_the_feed(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(open_db(demo_db), out)
    for path in (out / "feeds").rglob("*.atom"):
        feed = parse(path)
        assert not [x for x in feed.feed.links if x.rel == "self"]
        for entry in feed.entries:
            assert not re.match(r"^[a-z]+:", entry.link)
            assert (path.parent / entry.link).resolve().is_file()


def test_every_page_advertises_feeds_that_exist(site: Path) -> None:
    for page in html_pages(site):
        alternates = [
            href
            for tag, href, attrs in parse_links(page.read_text(encoding="utf-8")).links
            if tag == "link" and attrs.get("rel") == "alternate"
        ]
        assert alternates, page
        for href in alternates:
            target = resolve_local(page, href)
            assert target and target[0].is_file(), (page, href)
    change = next((site / "services/parrot/terms-of-service/changes").glob("*.html"))
    html = change.read_text(encoding="utf-8")
    assert "feeds/document/parrot/terms-of-service.atom" in html
    assert "feeds/service/parrot.atom" in html
    category = (site / "categories/ai_training.html").read_text(encoding="utf-8")
    assert "feeds/category/ai_training.atom" in category


def test_feeds_page_lists_every_feed_with_instructions(site: Path) -> None:
    html = (site / "feeds/index.html").read_text(encoding="utf-8")
    assert "How to subscribe" in html and "feed reader" in html
    for path in (site / "feeds").rglob("*"):
        if path.suffix in (".atom", ".rss"):
            assert f'href="../{path.relative_to(site)}"' in html, path
