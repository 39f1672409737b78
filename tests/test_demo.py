"""The offline demo runs the whole pipeline; the CLI reads what it recorded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.analysis import default_analyser
from tracker.cli import cli
from tracker.demo import DemoReport, run_demo
from tracker.store.queries import unpacked


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoReport:
    return run_demo(tmp_path_factory.mktemp("demo"))


def test_each_release_is_crawled_and_markup_only_release_records_nothing(demo: DemoReport) -> None:
    # issue 18: Parrot's terms in Arabic are a fourth document
    first, markup_only, rewrite = demo.releases
    assert (first["checked"], first["changed"], first["failed"]) == (4, 4, 0)
    assert (markup_only["checked"], markup_only["unchanged"], markup_only["changed"]) == (4, 4, 0)
    assert (rewrite["checked"], rewrite["changed"], rewrite["unchanged"]) == (4, 3, 1)


def test_changes_json_lists_the_terms_rewrite(demo: DemoReport) -> None:
    result = CliRunner().invoke(cli, ["changes", "--db", str(demo.db_path), "--json"])
    assert result.exit_code == 0, result.output
    changes = json.loads(result.output)
    # Parrot's rewrite (in English and in Arabic) and Quillbox's edit; nothing for release 2
    assert len(changes) == 3
    for change in changes:
        assert {"service", "document", "detected_at", "significance", "flags"} <= change.keys()
        assert change["detected_at"].endswith("Z") and "T" in change["detected_at"]
        assert isinstance(change["flags"], list)
    by_service = {c["service"]: c for c in changes}
    parrot = by_service["Parrot"]
    assert parrot["document"] == "Terms of Service"
    assert parrot["significance"] == "substantive"
    added = {f["category"] for f in parrot["flags"] if f["status"] == "added"}
    assert {"ai_training", "liquidated_damages"} <= added
    venue = [
        f for f in parrot["flags"] if f["status"] == "modified" and f["category"] == "jurisdiction"
    ]
    assert venue, parrot["flags"]
    # issue 13: the headline says the top two facts in at most ~140 characters (both
    # high-severity grants); the venue move to Texas is the third, in the flags
    assert "15,000" in parrot["headline"] and "AI-training" in parrot["headline"]
    assert len(parrot["headline"]) <= 140
    assert any("Texas" in json.dumps(f["entities"]) for f in venue)
    quill = by_service["Quillbox"]
    assert not [f for f in quill["flags"] if f["severity"] == "high"]


def test_changes_table_and_filters(demo: DemoReport) -> None:
    runner = CliRunner()
    table = runner.invoke(cli, ["changes", "--db", str(demo.db_path)])
    assert table.exit_code == 0 and "Parrot" in table.output and "Quillbox" in table.output
    only = runner.invoke(
        cli, ["changes", "--db", str(demo.db_path), "--service", "parrot", "--json"]
    )
    assert [c["service"] for c in json.loads(only.output)] == ["Parrot"]


def test_site_is_built(demo: DemoReport) -> None:
    index = (demo.site / "index.html").read_text()
    assert "Parrot" in index and "Quillbox" in index
    change_pages = list(demo.site.glob("services/parrot/terms-of-service/changes/*.html"))
    assert len(change_pages) == 1
    page = change_pages[0].read_text()
    assert "Texas" in page and "<ins" in page and "<del" in page


def test_the_demo_tracks_an_arabic_document_and_builds_both_languages(demo: DemoReport) -> None:
    """Issue 18: Parrot's Arabic terms are crawled, diffed and shown right to left."""
    assert demo.homes == {"en": demo.site / "index.html", "ar": demo.site / "ar" / "index.html"}
    assert all(home.is_file() for home in demo.homes.values())
    arabic = demo.site / "ar/services/parrot-arabic/terms-of-service/changes/2.html"
    page = arabic.read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page
    assert "تكساس" in page and "١٥٬٠٠٠ دولار أمريكي لكل ١٬٠٠٠٬٠٠٠ منشور" in page
    english = (demo.site / "services/parrot-arabic/terms-of-service/index.html").read_text(
        encoding="utf-8"
    )
    assert 'lang="ar" dir="rtl"' in english  # the captured text keeps its language


def test_build_command_rebuilds_only_what_changed(demo: DemoReport, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "site"
    first = runner.invoke(cli, ["build", "--db", str(demo.db_path), "--out", str(out)])
    assert first.exit_code == 0, first.output
    assert "wrote" in first.output and (out / "index.html").exists()
    second = runner.invoke(cli, ["build", "--db", str(demo.db_path), "--out", str(out)])
    assert second.exit_code == 0
    assert "wrote" not in second.output and "0 pages written" in second.output


def test_reextract_keeps_the_history(demo: DemoReport, tmp_path: Path) -> None:
    import shutil

    from tracker.reextract import reextract
    from tracker.store.db import open_db
    from tracker.store.queries import list_changes

    copy = tmp_path / "copy.db"
    src = open_db(demo.db_path)
    src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(demo.db_path, copy)
    db = open_db(copy)
    before = [
        (r["document_id"], r["number"], r["markdown"]) for r in map(unpacked, db["versions"].rows)
    ]
    headlines = [c["headline"] for c in list_changes(db)]
    report = reextract(db, default_analyser())
    assert report.errors == []
    assert report.versions_before == report.versions_after == len(before) == 7
    assert [
        (r["document_id"], r["number"], r["markdown"]) for r in map(unpacked, db["versions"].rows)
    ] == before
    assert [c["headline"] for c in list_changes(db)] == headlines
    result = CliRunner().invoke(cli, ["reextract", "--db", str(copy), "--dry-run"])
    assert result.exit_code == 0 and "dry run" in result.output


def test_reextract_merges_versions_that_differ_only_by_markup(tmp_path: Path) -> None:
    """When extraction improves, versions that were only markup noise merge into one."""
    import json as _json

    from tracker.items import PageFetch
    from tracker.reextract import reextract
    from tracker.store.db import open_db
    from tracker.store.recorder import record_pages

    db = open_db(tmp_path / "r.db")
    db["services"].insert({"id": 1, "name": "S", "slug": "s"})
    db["documents"].insert(
        {"id": 1, "service_id": 1, "terms_type": "Terms of Service", "slug": "t"}
    )
    decl = {"pages": [{"fetch": "https://s.example/", "select": ["main"], "remove": []}]}
    pages = [
        b"<main><p>Hello.</p><div class='ad'>Ad 1</div></main>",
        b"<main><p>Hello.</p><div class='ad'>Ad 2</div></main>",  # an old extractor kept the ad
        b"<main><p>Hello, world.</p><div class='ad'>Ad 2</div></main>",
    ]
    for i, body in enumerate(pages):
        markdown = ["Hello.\n\nAd 1", "Hello.\n\nAd 2", "Hello, world.\n\nAd 2"][i]
        record_pages(
            db,
            None,
            1,
            [PageFetch("https://s.example/", "https://s.example/", 200, body)],
            markdown,
            decl,
            analyser=default_analyser(),
        )
    assert db["versions"].count == 3
    # the declaration now removes the ad, as an improved extractor would
    decl["pages"][0]["remove"] = [".ad"]
    db.execute("update versions set declaration = ?", [_json.dumps(decl)])
    report = reextract(db, default_analyser())
    assert (report.versions_before, report.versions_after) == (3, 2)
    texts = [
        unpacked(r)["markdown"] for r in db.query("select markdown from versions order by number")
    ]
    assert texts == ["Hello.", "Hello, world."]
    assert db["changes"].count == 1
    assert db["snapshots"].count == 3  # snapshots are never deleted


def test_the_demo_shows_an_alert(demo: DemoReport, tmp_path: Path) -> None:
    """A webhook on 127.0.0.1 receives Parrot's rewrite (high severity), and only that."""
    [alert] = demo.alerts
    assert alert["title"].startswith("Parrot Terms of Service: ")
    assert "AI-training licence" in alert["title"]
    assert "Flagged clauses:" in alert["message"] and "[-Oregon-]{+Texas+}" in alert["message"]
    assert "demo-webhook" in demo.alert_subscription
    result = CliRunner().invoke(cli, ["demo", "--dir", str(tmp_path / "again")])
    assert result.exit_code == 0, result.output
    assert "Alert received by the demo's webhook" in result.output
    assert "| Parrot Terms of Service: " in result.output and "AI-training" in result.output
    # issue 18: both languages of the site, each path on a line of its own
    assert f"English: {(tmp_path / 'again/site/index.html').resolve()}\n" in result.output
    assert f"Arabic: {(tmp_path / 'again/site/ar/index.html').resolve()}\n" in result.output
