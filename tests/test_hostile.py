"""Hostile input: a contributed declaration, a hostile page or a failing machine.

Every test runs the real thing (a crawl on 127.0.0.1, a site build, a command) and
asserts what a user would see.  Numbered as in the hostile-input issue.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from loopback import FAST, LoopbackServer, Reply, fetch_rows, page, versions, write_declaration

from tracker.catalog import load_catalog
from tracker.cli import cli
from tracker.crawl import crawl
from tracker.site.build import build_site
from tracker.store.db import open_db

POLICY = (
    "<html><head><title>Terms | Acme</title></head><body><main>"
    "<h1>Acme Terms</h1>"
    + "".join(f"<p>Clause {i}: you may use Acme if you follow these rules.</p>" for i in range(40))
    + "</main></body></html>"
)

# A secret that only a local file holds: it must never reach the database or the site.
SECRET = "CLAUSEWATCH-HOSTILE-SECRET-7f3a"


def _local_file(tmp_path: Path) -> Path:
    target = tmp_path / "secret.html"
    target.write_text(f"<html><body><main><p>{SECRET}</p></main></body></html>", "utf-8")
    return target


def _everything_written(*roots: Path) -> str:
    """The bytes of every file under ``roots`` (database included), as text."""
    out = []
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        out += [p.read_bytes().decode("utf-8", "replace") for p in files]
    return "\n".join(out)


# 1. A `fetch` of a local file is refused everywhere -------------------------------


def test_catalog_check_refuses_file_urls(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    for url in (
        _local_file(tmp_path).as_uri(),
        "file:///etc/passwd",
        "file:///proc/self/environ",
        "FILE:///etc/passwd",
        "ftp://example.org/terms",
        "data:text/html,<main>hi</main>",
        "http:///no-host",
    ):
        write_declaration(catalog, "Evil", {"Terms of Service": {"fetch": url, "select": "main"}})
        result = CliRunner().invoke(cli, ["catalog", "check", "--strict", str(catalog)])
        assert result.exit_code != 0, url
        assert "Evil.json" in result.output and 'field "fetch"' in result.output, result.output
        assert "expected an http(s) URL" in result.output
        assert load_catalog(catalog).documents == []


def test_a_file_url_is_never_crawled_nor_published(tmp_path: Path, monkeypatch) -> None:
    secret_file = _local_file(tmp_path)
    # what /proc/self/environ of the crawl would hold
    monkeypatch.setenv("HOSTILE_TEST_TOKEN", SECRET + "-env")
    catalog, db, site = tmp_path / "catalog", tmp_path / "cw.db", tmp_path / "site"
    with LoopbackServer() as server:
        server.routes["/terms"] = page(POLICY)
        write_declaration(
            catalog, "Acme", {"Terms of Service": {"fetch": server.url("/terms"), "select": "main"}}
        )
        write_declaration(
            catalog,
            "Evil",
            {
                "Terms of Service": {"fetch": secret_file.as_uri(), "select": "main"},
                "Privacy Policy": {"fetch": "file:///proc/self/environ", "select": "body"},
            },
        )
        report = crawl(catalog, db, settings=FAST)
    # the bad declaration is reported against its file, the good one is tracked
    assert any("Evil.json" in p and "fetch" in p for p in report.problems)
    assert [(s, t) for s, t, _, _ in versions(db)] == [("Acme", "Terms of Service")]
    database = open_db(db)
    try:
        build_site(database, site)
    finally:
        database.close()
    written = _everything_written(db, site)
    assert SECRET not in written  # neither the file nor the environment


def test_a_redirect_to_a_local_file_is_refused(tmp_path: Path) -> None:
    secret_file = _local_file(tmp_path)
    catalog, db = tmp_path / "catalog", tmp_path / "cw.db"
    with LoopbackServer() as server:
        server.routes["/terms"] = Reply(status=302, headers={"Location": secret_file.as_uri()})
        write_declaration(
            catalog, "Acme", {"Terms of Service": {"fetch": server.url("/terms"), "select": "main"}}
        )
        crawl(catalog, db, settings=FAST)
    assert versions(db) == []
    rows = fetch_rows(db)
    assert [r["outcome"] for r in rows] == ["failed"], rows
    assert SECRET not in _everything_written(db)


def test_the_crawler_has_no_handler_for_local_urls() -> None:
    """Defence in depth: even a request built outside the catalog cannot read a file."""
    import os

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "tracker.settings")
    from scrapy.utils.project import get_project_settings

    handlers = get_project_settings().getwithbase("DOWNLOAD_HANDLERS")
    for scheme in ("file", "data", "ftp", "s3"):
        assert handlers.get(scheme) is None, scheme
    assert handlers.get("https")


def test_a_declaration_written_as_json_is_reported_with_its_file(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "Evil.json").write_text(
        json.dumps({"name": "Evil", "terms": {"Imprint": {"fetch": "file:///etc/hostname"}}}),
        encoding="utf-8",
    )
    loaded = load_catalog(catalog)
    assert loaded.documents == []
    assert loaded.problems and loaded.problems[0].startswith(str(catalog / "Evil.json"))
