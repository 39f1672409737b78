"""Change reports in the tracker: stored events, reverts, ``reanalyse``, and the CLI.

The analysis itself is tested in tests/test_change_events.py; here, what the store
keeps of it and what readers get from the commands, the site and the feeds.
"""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
from click.testing import CliRunner
from site_support import copy_database, demo_database

from tracker.analysis import default_analyser
from tracker.catalog import DocumentSpec, PageSpec
from tracker.cli import cli
from tracker.items import PageFetch
from tracker.reanalyse import reanalyse
from tracker.site.build import build_site
from tracker.store.db import open_db
from tracker.store.documents import ensure_document
from tracker.store.queries import list_changes
from tracker.store.recorder import record_pages

BASE = (
    "# Acme Terms\n\n## Your content\n\nYou own what you post.\n\n"
    "## Disputes\n\nThese terms are governed by the laws of the State of California.\n\n"
    "## Data\n\nWe keep your messages for 30 days after you delete them."
)
TEXAS = BASE.replace("State of California", "State of Texas")
LONGER = BASE.replace("30 days", "90 days")


def _record(db, doc_id: int, markdown: str, when: str) -> None:
    page = PageFetch("https://acme.example/t", "https://acme.example/t", 200, markdown.encode(),
                     {"content-type": "text/html"}, when)  # fmt: skip
    record_pages(db, None, doc_id, [page], markdown, analyser=default_analyser())


def _history(tmp_path: Path, *texts: str):
    db = open_db(tmp_path / "cw.db")
    spec = DocumentSpec("Acme", "Terms of Service", (PageSpec("https://acme.example/t"),), "A.json")
    doc_id = ensure_document(db, spec)
    for i, text in enumerate(texts, start=1):
        _record(db, doc_id, text, f"2026-0{i}-01T06:00:00.000000Z")
    return db


def test_changes_and_diff_json_say_the_same(tmp_path: Path) -> None:
    db = _history(tmp_path, BASE, TEXAS)
    (old, new) = (tmp_path / "old.md", tmp_path / "new.md")
    old.write_text(BASE, encoding="utf-8")
    new.write_text(TEXAS, encoding="utf-8")
    listed = CliRunner().invoke(cli, ["changes", "--db", str(tmp_path / "cw.db"), "--json"])
    diffed = CliRunner().invoke(cli, ["diff", str(old), str(new), "--json"])
    change, diff = json.loads(listed.output)[0], json.loads(diffed.output)
    assert change["headline"] == diff["headline"] and "Texas" in change["headline"]
    assert change["events"] == diff["events"] and change["events"]
    assert change["flags"] == diff["flags"]
    assert change["revert_of"] is None and change["alert"] is True
    db.close()


def test_a_text_going_back_is_a_revert_never_an_alert(tmp_path: Path) -> None:
    db = _history(tmp_path, BASE, LONGER, BASE)
    newest, middle = list_changes(db)
    assert middle["alert"] is True and "90" in middle["headline"]
    assert newest["revert_of"] == "2026-01-01"
    assert newest["alert"] is False
    assert newest["headline"].startswith("Reverted to the version of")
    assert any(e["kind"] == "reverted" for e in newest["events"])
    # feeds announce news, not a text going back to what it was
    build_site(db, tmp_path / "site", "https://example.org")
    feed = feedparser.parse((tmp_path / "site" / "feeds" / "all.atom").read_bytes())
    titles = [e.title for e in feed.entries]
    assert len(titles) == 1 and "90" in titles[0]
    db.close()


def test_reanalyse_rewrites_old_changes_and_keeps_urls_and_ids(tmp_path: Path) -> None:
    db = copy_database(demo_database(tmp_path), tmp_path / "copy.db")
    good = {c["id"]: (c["headline"], c["events"]) for c in list_changes(db)}
    # what an older clausewatch stored: a bare headline, no events, no version flags
    db.execute("update changes set headline = 'No flagged clauses affected', events = null")
    db.execute("update versions set flags = null, revert_key = null")
    site = tmp_path / "site"
    build_site(db, site, "https://example.org/tos")
    before_pages = sorted(p.relative_to(site) for p in site.rglob("changes/*.html"))
    before_ids = [e.id for e in feedparser.parse((site / "feeds/all.atom").read_bytes()).entries]

    report = reanalyse(db, default_analyser())

    assert report.changes == len(good) and report.headlines_changed == len(good)
    assert {c["id"]: (c["headline"], c["events"]) for c in list_changes(db)} == good
    assert db.execute("select count(*) from versions where flags is null").fetchone()[0] == 0
    build_site(db, site, "https://example.org/tos")
    assert sorted(p.relative_to(site) for p in site.rglob("changes/*.html")) == before_pages
    feed = feedparser.parse((site / "feeds/all.atom").read_bytes())
    assert [e.id for e in feed.entries] == before_ids
    assert all(e.title.split(": ", 1)[1] != "No flagged clauses affected" for e in feed.entries)
    assert "No flagged clauses affected" not in "".join(
        p.read_text(encoding="utf-8") for p in site.rglob("*.html")
    )


def test_reanalyse_command(tmp_path: Path) -> None:
    _history(tmp_path, BASE, TEXAS).close()
    result = CliRunner().invoke(cli, ["reanalyse", "--db", str(tmp_path / "cw.db")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 documents, 2 versions, 1 changes analysed again")
    help_text = CliRunner().invoke(cli, ["reanalyse", "--help"]).output
    assert "clausewatch reanalyse --db data/clausewatch.db" in help_text
