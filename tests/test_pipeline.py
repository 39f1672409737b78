"""Real crawls (Scrapy, in its child process) against a real loopback server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracker.analysis import default_analyser
from tracker.crawl import crawl
from tracker.store.db import open_db
from tracker.store.queries import list_changes, unpacked

TOS_V1 = """<html><head><script>var n = "{nonce}";</script></head><body><nav>Menu</nav>
<main><h1>Acme Terms</h1><p>You must be at least 13 years old.</p>
<p>These terms are governed by the laws of Oregon.</p></main></body></html>"""
TOS_V2 = TOS_V1.replace("laws of Oregon", "laws of Texas")


def catalog(directory: Path, base: str, **extra_terms: dict) -> Path:
    directory.mkdir(exist_ok=True)
    terms = {
        "Terms of Service": {"fetch": f"{base}/tos", "select": "main"},
        **extra_terms,
    }
    (directory / "Acme.json").write_text(json.dumps({"name": "Acme", "terms": terms}))
    return directory


def counts(db_path: Path) -> dict[str, int]:
    db = open_db(db_path)
    return {t: db[t].count for t in ("versions", "snapshots", "changes", "fetches")}


def test_crawl_twice_without_change_adds_no_version_and_no_snapshot(
    tmp_path: Path, loopback
) -> None:
    loopback.pages = {"/tos": TOS_V1.format(nonce="a").encode()}
    cat, db_path = catalog(tmp_path / "cat", loopback.base_url), tmp_path / "cw.db"
    first = crawl(cat, db_path)
    assert first.summary["changed"] == 1 and first.summary["failed"] == 0
    assert counts(db_path) == {"versions": 1, "snapshots": 1, "changes": 0, "fetches": 1}
    # same text, new raw bytes (a rotating nonce outside the selected content)
    loopback.pages = {"/tos": TOS_V1.format(nonce="b").encode()}
    second = crawl(cat, db_path)
    assert second.summary["unchanged"] == 1 and second.summary["changed"] == 0
    assert counts(db_path) == {"versions": 1, "snapshots": 1, "changes": 0, "fetches": 2}
    db = open_db(db_path)
    version = unpacked(next(db["versions"].rows))
    assert version["markdown"] == (
        "# Acme Terms\n\nYou must be at least 13 years old.\n\n"
        "These terms are governed by the laws of Oregon."
    )
    assert version["snapshot_id"] == next(db["snapshots"].rows)["id"]
    fetch = list(db["fetches"].rows)[-1]
    assert fetch["outcome"] == "unchanged" and fetch["http_status"] == 200
    # a routine fetch does not repeat the document's URL in the log
    assert fetch["url"] is None and fetch["final_url"] is None


def test_a_real_change_is_recorded_with_its_diff(tmp_path: Path, loopback) -> None:
    loopback.pages = {"/tos": TOS_V1.format(nonce="a").encode()}
    cat, db_path = catalog(tmp_path / "cat", loopback.base_url), tmp_path / "cw.db"
    crawl(cat, db_path)
    loopback.pages = {"/tos": TOS_V2.format(nonce="a").encode()}
    report = crawl(cat, db_path)
    assert report.summary["changed"] == 1
    changes = list_changes(open_db(db_path), include_diff=True)
    assert len(changes) == 1
    change = changes[0]
    assert (change["service"], change["document"]) == ("Acme", "Terms of Service")
    assert change["significance"] == "substantive"
    assert (change["from_version"], change["to_version"]) == (1, 2)
    modified = [c for c in change["diff"]["changes"] if c["kind"] == "modified"]
    assert len(modified) == 1
    assert ["delete", "Oregon"] in modified[0]["inline"]
    assert ["insert", "Texas"] in modified[0]["inline"]


def test_failures_are_logged_and_never_become_versions(tmp_path: Path, loopback) -> None:
    loopback.pages = {
        "/tos": TOS_V1.format(nonce="a").encode(),
        "/nomain": b"<html><body><div>No main element here</div></body></html>",
    }
    cat = catalog(
        tmp_path / "cat",
        loopback.base_url,
        **{
            "Privacy Policy": {"fetch": f"{loopback.base_url}/missing", "select": "main"},
            "Community Guidelines": {"fetch": f"{loopback.base_url}/nomain", "select": "main"},
            "Developer Terms": {
                "fetch": f"{loopback.base_url}/tos",
                "select": "main",
                "executeClientScripts": True,
            },
        },
    )
    (cat / "Broken.json").write_text(
        '{"name": "Broken", "terms": {"Terms of Service": {"fetch": 1}}}'
    )
    db_path = tmp_path / "cw.db"
    report = crawl(cat, db_path)
    assert report.needs_attention
    assert report.summary["changed"] == 1
    assert report.summary["failed_by_reason"] == {"http_error": 1, "selector_no_match": 1}
    assert report.summary["skipped"] == 1
    assert any("Broken.json" in p and 'field "fetch"' in p for p in report.problems)
    db = open_db(db_path)
    assert db["versions"].count == 1
    rows = {r["reason"]: r for r in db["fetches"].rows_where("outcome != 'new_version'")}
    assert "HTTP 404" in rows["http_error"]["detail"]
    assert f"{loopback.base_url}/nomain" in rows["selector_no_match"]["detail"]
    assert "Acme.json" in rows["selector_no_match"]["detail"]
    assert "executeClientScripts" in rows["needs_browser"]["detail"]
    health = {d["terms_type"]: d for d in db["documents"].rows}
    assert health["Terms of Service"]["status"] == "ok"
    assert health["Privacy Policy"]["status"] == "failing"
    assert health["Privacy Policy"]["last_failure_reason"] == "http_error"
    assert health["Privacy Policy"]["last_success_at"] is None


def test_combined_document(tmp_path: Path, loopback) -> None:
    loopback.pages = {
        "/a": b"<main><h1>Part A</h1><p>Alpha.</p></main>",
        "/b": b"<article><p>Beta.</p></article><main>ignored</main>",
    }
    cat = tmp_path / "cat"
    cat.mkdir()
    (cat / "Multi.json").write_text(
        json.dumps(
            {
                "name": "Multi",
                "terms": {
                    "Terms of Service": {
                        "select": "main",
                        "combine": [
                            {"fetch": f"{loopback.base_url}/a"},
                            {"fetch": f"{loopback.base_url}/b", "select": "article"},
                        ],
                    }
                },
            }
        )
    )
    crawl(cat, tmp_path / "cw.db")
    db = open_db(tmp_path / "cw.db")
    version = unpacked(next(db["versions"].rows))
    assert version["markdown"] == "# Part A\n\nAlpha.\n\nBeta."
    assert len(json.loads(version["snapshot_ids"])) == 2
    assert db["snapshots"].count == 2


@pytest.mark.parametrize("bad", [b"", b"not a database at all" * 100])
def test_unusable_database_gives_a_clear_error(tmp_path: Path, bad: bytes) -> None:
    from tracker.errors import StoreError

    path = tmp_path / "half.db"
    path.write_bytes(bad)
    if bad:
        with pytest.raises(StoreError, match=r"half\.db: not a usable clausewatch database"):
            open_db(path)
    else:
        open_db(path)  # an empty file is a new database
    with pytest.raises(StoreError, match="database not found"):
        open_db(tmp_path / "absent.db", create=False)


def test_scrapy_list_and_crawl_work_from_the_repository_root(tmp_path: Path, loopback) -> None:
    """scrapy.cfg points at tracker.settings: plain `scrapy crawl catalog` records a run."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    scrapy = [sys.executable, "-m", "scrapy"]
    listed = subprocess.run([*scrapy, "list"], cwd=root, capture_output=True, text=True, check=True)
    assert listed.stdout.split() == ["catalog"]
    loopback.pages = {"/tos": TOS_V1.format(nonce="a").encode()}
    cat, db_path = catalog(tmp_path / "cat", loopback.base_url), tmp_path / "cw.db"
    subprocess.run(
        [
            *scrapy,
            "crawl",
            "catalog",
            "-s",
            f"CLAUSEWATCH_CATALOG={cat}",
            "-s",
            f"CLAUSEWATCH_DB={db_path}",
            "-s",
            "LOG_LEVEL=WARNING",
        ],
        cwd=root,
        check=True,
    )
    db = open_db(db_path)
    runs = list(db["runs"].rows)
    assert [(r["status"], r["checked"], r["changed"]) for r in runs] == [("ok", 1, 1)]
    assert db["versions"].count == 1


def test_no_change_crawls_add_under_a_kilobyte_per_document_in_ten_runs(tmp_path: Path) -> None:
    """Storage grows with changes, not with crawls (issue 8's storage target, as bytes)."""
    import os

    from tracker.items import PageFetch
    from tracker.store.recorder import record_pages
    from tracker.store.runs import start_run

    db = open_db(tmp_path / "g.db")
    n = 300
    db["services"].insert({"id": 1, "name": "S", "slug": "s"})
    urls = [f"https://policies.example.org/{i:05d}/terms-of-service?hl=en" for i in range(n)]
    for i, url in enumerate(urls):
        db["documents"].insert(
            {"id": i + 1, "service_id": 1, "terms_type": f"T{i}", "slug": f"t{i}", "url": url}
        )

    def crawl_all() -> None:
        run = start_run(db, "catalog")
        for i, url in enumerate(urls):
            page = PageFetch(url, url, 200, b"<main>x</main>", {}, "2026-11-21T06:00:00.000000Z")
            record_pages(
                db, run, i + 1, [page], f"# Terms {i}\n\nText.", analyser=default_analyser()
            )

    def size() -> int:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return sum(os.path.getsize(p) for p in tmp_path.glob("g.db*"))

    crawl_all()
    before = size()
    for _ in range(10):
        crawl_all()
    assert db["versions"].count == n and db["fetches"].count == 11 * n
    assert (size() - before) / n <= 1024


def test_a_redirected_unchanged_fetch_keeps_its_urls(tmp_path: Path) -> None:
    from tracker.items import PageFetch
    from tracker.store.recorder import record_pages

    db = open_db(tmp_path / "r.db")
    db["services"].insert({"id": 1, "name": "S", "slug": "s"})
    db["documents"].insert({"id": 1, "service_id": 1, "terms_type": "T", "slug": "t"})
    plain = PageFetch("https://s.example/tos", "https://s.example/tos", 200, b"<p>x</p>")
    moved = PageFetch("https://s.example/tos", "https://s.example/en/tos", 200, b"<p>x</p>")
    for page in (plain, plain, moved):
        record_pages(db, None, 1, [page], "Terms.", analyser=default_analyser())
    rows = [(r["outcome"], r["url"], r["final_url"]) for r in db["fetches"].rows]
    assert rows == [
        ("new_version", "https://s.example/tos", None),
        ("unchanged", None, None),
        ("unchanged", "https://s.example/tos", "https://s.example/en/tos"),
    ]
