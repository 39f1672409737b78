"""``import ota`` on a real git repository built from ../shared/data/histories/.

Every version is committed with its recorded date and the message Open Terms Archive's
engine writes ("Record new changes of …" for a change or a first version, "Apply
technical or declaration upgrade on …" for a re-extraction).  Five documents keep the
test short; between them they have re-extractions that change the text and some that
do not.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from loopback import FAST, LoopbackServer, page, write_declaration
from markdown_it import MarkdownIt
from ota_repo import build_repo

from tracker.analysis import UPGRADE_HEADLINE
from tracker.crawl import crawl
from tracker.extract import extract_markdown
from tracker.importers.ota import import_ota
from tracker.importers.record import parse_stamp
from tracker.normalize import comparison_key
from tracker.store.db import open_db, sha256
from tracker.store.queries import unpacked

pytestmark = pytest.mark.realdata

DOCUMENTS = [
    ("TikTok", "Terms of Service"),
    ("TruthSocial", "Terms of Service"),
    ("Tumblr", "Terms of Service"),
    ("LINE", "Privacy Policy"),
    ("Quora", "Terms of Service"),
]
IN_CATALOG = {"TikTok", "Tumblr", "LINE"}  # the others are imported all the same


def _page(markdown: str) -> bytes:
    """A page serving this text: rendered as CommonMark inside a page's furniture."""
    html = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return (
        "<!doctype html><html><head><title>Terms</title><script>var x = 1;</script></head>"
        '<body><nav><a href="/">Home</a></nav><main id="terms">'
        f"{html.render(markdown)}</main><footer>© 2026</footer></body></html>"
    ).encode()


@pytest.fixture(scope="module")
def imported(shared_data: Path, tmp_path_factory: pytest.TempPathFactory):
    base = shared_data / "histories"
    with (base / "index.tsv").open(encoding="utf-8") as handle:
        rows = [
            r for r in csv.DictReader(handle, delimiter="\t")
            if (r["service"], r["terms_type"]) in DOCUMENTS
        ]  # fmt: skip
    work = tmp_path_factory.mktemp("ota")
    repo = build_repo(work / "versions", rows, base)
    server = LoopbackServer().__enter__()
    catalog = work / "catalog"
    for service in IN_CATALOG:
        terms = {
            t: {"fetch": server.url(f"/{service}/{t.replace(' ', '-')}"), "select": "main#terms"}
            for s, t in DOCUMENTS
            if s == service
        }
        write_declaration(catalog, service, terms)
    db_path = work / "cw.db"
    report = import_ota(repo, db_path, catalog)
    yield {"rows": rows, "base": base, "repo": repo, "db": db_path, "report": report,
           "catalog": catalog, "server": server}  # fmt: skip
    server.__exit__(None, None, None)


def _versions(db_path: Path, service: str, terms_type: str) -> list[dict]:
    db = open_db(db_path)
    cursor = db.execute(
        "select versions.*, changes.significance, changes.headline from versions "
        "join documents on documents.id = versions.document_id "
        "join services on services.id = documents.service_id "
        "left join changes on changes.to_version_id = versions.id "
        "where services.name = ? and documents.terms_type = ? order by versions.number",
        [service, terms_type],
    )
    cols = [c[0] for c in cursor.description]
    return [unpacked(dict(zip(cols, r, strict=True))) for r in cursor.fetchall()]


def _expected(rows: list[dict], base: Path, service: str, terms_type: str) -> list[dict]:
    """The rows that make a version: those whose visible text differs from the last kept."""
    kept: list[dict] = []
    last = None
    for row in sorted(
        (r for r in rows if (r["service"], r["terms_type"]) == (service, terms_type)),
        key=lambda r: r["recorded_at"],
    ):
        key = sha256(comparison_key(extract_markdown((base / row["file"]).read_text())))
        if key != last:
            kept.append(row)
            last = key
    return kept


def test_versions_dates_and_reextractions_are_reproduced(imported) -> None:
    report = imported["report"]
    assert {(d.service, d.terms_type) for d in report.documents} == set(DOCUMENTS)
    assert {d.service for d in report.missing_from_catalog} == {"TruthSocial", "Quora"}
    for service, terms_type in DOCUMENTS:
        expected = _expected(imported["rows"], imported["base"], service, terms_type)
        versions = _versions(imported["db"], service, terms_type)
        assert len(versions) == len(expected), (service, terms_type)
        for version, row in zip(versions, expected, strict=True):
            assert parse_stamp(version["fetched_at"]) == parse_stamp(row["recorded_at"])
            upgrade = row["kind"] == "reextracted" and version["number"] > 1
            assert version["origin"] == ("ota_upgrade" if upgrade else "ota"), row["file"]
            if upgrade:  # a re-extraction is minor and says what it is
                assert version["significance"] == "minor"
                assert version["headline"] == UPGRADE_HEADLINE
            assert version["markdown"] == extract_markdown(
                (imported["base"] / row["file"]).read_text()
            )
        doc = next(
            d for d in report.documents if (d.service, d.terms_type) == (service, terms_type)
        )
        assert doc.commits == sum(
            1 for r in imported["rows"] if (r["service"], r["terms_type"]) == (service, terms_type)
        )
        assert doc.versions == len(expected) and not doc.errors
    # hand-checked: TikTok's terms have 26 commits, 4 of them re-extractions
    tiktok = _versions(imported["db"], "TikTok", "Terms of Service")
    assert sum(v["origin"] == "ota_upgrade" for v in tiktok) >= 1
    assert any(v["significance"] == "substantive" for v in tiktok)


def test_a_second_import_adds_nothing(imported) -> None:
    db = open_db(imported["db"])
    tables = ("versions", "changes", "fetches", "snapshots", "documents", "services")
    before = {t: db.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}
    again = import_ota(imported["repo"], imported["db"], imported["catalog"])
    after = {t: db.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}
    assert again.versions == 0 and after == before


def test_imported_history_never_alerts(imported) -> None:
    from tracker.store.outbox import new_changes, register_subscriptions

    db = open_db(imported["db"])
    register_subscriptions(db, ["everyone"])
    db.execute("update alert_subscriptions set last_version_id = 0")
    rows, _ = new_changes(db, "everyone")
    assert db.execute("select count(*) from changes").fetchone()[0] > 50 and rows == []


def test_a_live_crawl_continues_without_a_spurious_change(imported) -> None:
    server = imported["server"]
    last = {}
    for row in sorted(imported["rows"], key=lambda r: r["recorded_at"]):
        last[(row["service"], row["terms_type"])] = row
    for service in IN_CATALOG:
        for (s, terms_type), row in last.items():
            if s == service:
                text = (imported["base"] / row["file"]).read_text(encoding="utf-8")
                server.routes[f"/{service}/{terms_type.replace(' ', '-')}"] = page(_page(text))
    db = open_db(imported["db"])
    before = db.execute("select count(*) from versions").fetchone()[0]
    report = crawl(imported["catalog"], imported["db"], settings=FAST)
    assert report.summary["checked"] == 3 and report.summary["unchanged"] == 3, report.summary
    assert db.execute("select count(*) from versions").fetchone()[0] == before
    outcomes = db.execute(
        "select services.name, fetches.outcome from fetches join documents on "
        "documents.id = fetches.document_id join services on services.id = documents.service_id "
        "where fetches.run_id = ?",
        [report.run_id],
    ).fetchall()
    assert sorted(outcomes) == sorted((s, "unchanged") for s in IN_CATALOG)
    assert (
        json.loads(
            db.execute("select report from runs where id = ?", [report.run_id]).fetchone()[0]
        )["changed"]
        == 0
    )
