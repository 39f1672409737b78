"""The site built from real policy histories, recorded by real crawls (no browser here).

Every page, every download and every feed of a site built from ten real documents'
histories (``site_support.history_database``, made once per session).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import feedparser
import icalendar
import pytest
from site_support import history_database, html_pages
from test_site_features import MARKDOWN, visible_text

from tracker.site.build import build_site
from tracker.site.text import plain_text
from tracker.store.compression import unpack_text
from tracker.store.db import open_db
from tracker.store.queries import list_changes

pytestmark = pytest.mark.realdata

BASE = "https://example.org/tos"


@pytest.fixture(scope="module")
def history(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    db_path = history_database(shared_data, tmp_path_factory.getbasetemp())
    out = tmp_path_factory.mktemp("history-pages") / "site"
    db = open_db(db_path)
    try:
        build_site(db, out, BASE, today=date(2026, 9, 1))
    finally:
        db.conn.close()
    return out, db_path


def test_no_page_shows_markdown_syntax(history: tuple[Path, Path]) -> None:
    site, _ = history
    pages = html_pages(site)
    assert len(pages) > 200
    leaks = []
    for page in pages:
        text = visible_text(page.read_text(encoding="utf-8"))
        leaks += [(page.relative_to(site).as_posix(), m.group(0)) for m in MARKDOWN.finditer(text)]
    assert leaks == []


def test_every_version_and_change_is_in_the_data_files(history: tuple[Path, Path]) -> None:
    site, db_path = history
    db = open_db(db_path)
    try:
        rows = db.execute(
            "select s.slug, d.slug, v.number, v.markdown from versions v "
            "join documents d on d.id = v.document_id join services s on s.id = d.service_id"
        ).fetchall()
        changes = list_changes(db)
    finally:
        db.conn.close()
    assert len(rows) >= 100
    loaded: dict[str, dict] = {}
    for service, doc, number, packed in rows:
        markdown = unpack_text(packed)
        folder = site / "services" / service / doc
        if doc not in loaded.setdefault(service, {}):
            loaded[service][doc] = json.loads((folder / "versions.json").read_text("utf-8"))
        assert loaded[service][doc]["versions"][str(number)]["markdown"] == markdown
        assert not MARKDOWN.search(plain_text(markdown)), (service, doc, number)
    for c in changes:
        folder = site / "services" / c["service_slug"] / c["document_slug"]
        records = json.loads((folder / "changes.json").read_text("utf-8"))["changes"]
        record = next(r for r in records if r["to_version"] == c["to_version"])
        rel = f"services/{c['service_slug']}/{c['document_slug']}/changes/{c['to_version']}"
        assert record["page"] == f"{BASE}/{rel}.html"
        assert record["detected_at"] == c["detected_at"]
        assert len(record["to_snapshot_sha256"]) == 1 and len(record["to_snapshot_sha256"][0]) == 64


def test_feeds_and_calendar_parse_with_absolute_links(history: tuple[Path, Path]) -> None:
    site, _ = history
    for path in sorted((site / "feeds").rglob("*.atom")) + sorted((site / "feeds").rglob("*.rss")):
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, path
        assert feed.feed.link.startswith(BASE + "/")
        for entry in feed.entries:
            assert entry.link.startswith(BASE + "/services/")
            assert not MARKDOWN.search(entry.title)
    cal = icalendar.Calendar.from_ical((site / "feeds/effective-dates.ics").read_bytes())
    events = list(cal.walk("VEVENT"))
    assert events, "one TikTok change states an effective date after it was detected"
    for event in events:
        assert str(event["url"]).startswith(BASE + "/services/")
        assert event.decoded("dtstart") > event.decoded("dtstamp").date()
