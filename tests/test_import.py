"""History import without shared data: a small OTA-style git repository, and a Wayback
Machine (CDX API and archived pages) on 127.0.0.1 serving pages written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from loopback import LoopbackServer, Reply, write_declaration
from ota_repo import commit_version, init_repo

from tracker.analysis import UPGRADE_HEADLINE, default_analyser
from tracker.cli import cli
from tracker.errors import ImportSourceError
from tracker.importers.ota import import_ota
from tracker.importers.wayback import import_wayback
from tracker.reextract import reextract
from tracker.store.db import open_db

TERMS_1 = "Acme Terms\n==========\n\n1\\. You may use Acme.\n\n2\\. Be nice.\n"
TERMS_2 = TERMS_1 + "\n3\\. Any dispute will be resolved by binding arbitration.\n"
# the archive re-extracts the same page with new rules: now it keeps the contact line
TERMS_3 = TERMS_2 + "\nContact: legal@acme.example\n"
TERMS_4 = TERMS_3.replace("use Acme", "use Acme and its apps")


def _rows(db_path: Path, sql: str, params: list | None = None) -> list[tuple]:
    db = open_db(db_path)
    try:
        return [tuple(r) for r in db.execute(sql, params or []).fetchall()]
    finally:
        db.close()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = init_repo(tmp_path / "versions")
    commit_version(repo, "Acme", "Terms of Service", TERMS_1, "2021-03-01T10:00:00+00:00", "first")
    commit_version(repo, "Beta", "Privacy Policy", "Beta keeps your data.\n",
                   "2021-03-02T10:00:00+00:00", "first")  # fmt: skip
    commit_version(repo, "Acme", "Terms of Service", TERMS_2, "2022-05-01T10:00:00+02:00", "change")
    commit_version(repo, "Acme", "Terms of Service", TERMS_3, "2022-06-01T10:00:00+00:00",
                   "refilter")  # fmt: skip
    commit_version(repo, "Acme", "Terms of Service", TERMS_4, "2023-01-01T10:00:00+00:00", "change")
    return repo


def test_import_ota_records_every_commit_by_kind(repo: Path, tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    write_declaration(catalog, "Acme", {"Terms of Service": {
        "fetch": "https://acme.example/terms", "select": "main"}})  # fmt: skip
    db_path = tmp_path / "cw.db"
    report = import_ota(repo, db_path, catalog)
    acme = next(d for d in report.documents if d.service == "Acme")
    assert (acme.commits, acme.versions, acme.upgrades, acme.same_text) == (4, 4, 1, 0)
    assert [d.service for d in report.missing_from_catalog] == ["Beta"]
    rows = _rows(
        db_path,
        "select v.number, v.fetched_at, v.origin, c.significance, c.headline, d.url "
        "from versions v join documents d on d.id = v.document_id "
        "join services s on s.id = d.service_id left join changes c on c.to_version_id = v.id "
        "where s.name = 'Acme' order by v.number",
    )
    assert [r[1] for r in rows] == [
        "2021-03-01T10:00:00.000000Z",
        "2022-05-01T08:00:00.000000Z",  # +02:00 commit date, stored in UTC
        "2022-06-01T10:00:00.000000Z",
        "2023-01-01T10:00:00.000000Z",
    ]
    assert [r[2] for r in rows] == ["ota", "ota", "ota_upgrade", "ota"]
    assert rows[1][3] == "substantive" and "arbitration" in rows[1][4].lower()
    assert rows[2][3:5] == ("minor", UPGRADE_HEADLINE)
    assert {r[5] for r in rows} == {"https://acme.example/terms"}  # joined the catalog's document
    # reextract re-derives imported versions from the archive's Markdown and keeps them
    before = _rows(db_path, "select id, markdown, text_hash from versions order by id")
    db = open_db(db_path)
    result = reextract(db, default_analyser())
    assert result.errors == [] and result.changed_texts == 0
    assert _rows(db_path, "select id, markdown, text_hash from versions order by id") == before
    assert _rows(db_path, "select significance, headline from changes c join versions v on "
                 "v.id = c.to_version_id where v.origin = 'ota_upgrade'") == [
        ("minor", UPGRADE_HEADLINE)
    ]  # fmt: skip


def test_import_ota_cli_is_idempotent_and_filters(repo: Path, tmp_path: Path) -> None:
    db_path = str(tmp_path / "cw.db")
    runner = CliRunner()
    catalog = tmp_path / "catalog"
    write_declaration(catalog, "Other", {"Terms of Service": {
        "fetch": "https://other.example/terms", "select": "main"}})  # fmt: skip
    args = ["import", "ota", str(repo), "--db", db_path, "--catalog", str(catalog)]
    only = runner.invoke(cli, [*args, "--only", "Acme"])
    assert only.exit_code == 0, only.output
    assert "Acme / Terms of Service: 4 commits, 4 new versions (1 archive re-extractions" in (
        only.output
    )
    assert "Beta" not in only.output
    everything = runner.invoke(cli, args)
    assert everything.exit_code == 0, everything.output
    assert "1 new versions of 2 documents" in everything.output  # only Beta's was new
    assert "Not in the catalog (imported all the same): Acme / Terms of Service, Beta" in (
        everything.output
    )
    again = runner.invoke(cli, args)
    assert "0 new versions of 2 documents" in again.output
    assert "4 already imported or older than its history" in again.output


def test_import_ota_refuses_what_is_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(ImportSourceError, match="not a git repository"):
        import_ota(tmp_path, tmp_path / "cw.db")
    result = CliRunner().invoke(
        cli, ["import", "ota", str(tmp_path), "--db", str(tmp_path / "x.db")]
    )
    assert result.exit_code == 2 and "Error: " in result.output and "git clone" in result.output


# --- the Wayback Machine, on 127.0.0.1 ------------------------------------------------

PAGE = (
    "<html><head><title>Acme terms</title></head><body><nav>Menu</nav><main>{}</main></body></html>"  # noqa: E501
)
V1 = PAGE.format("<h1>Acme Terms</h1><p>You may use Acme.</p><p>Be nice.</p>")
V1_REDESIGN = V1.replace("<p>Be nice.</p>", '<p class="x">Be\u00a0nice.</p>')
V2 = PAGE.format(
    "<h1>Acme Terms</h1><p>You may use Acme.</p><p>Be nice.</p>"
    "<p>You agree to pay liquidated damages of $5,000 per breach.</p>"
)
ERROR = "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"
ORIGINAL = "https://acme.example/terms"
CAPTURES = {"20200105120000": V1, "20200601000000": V1_REDESIGN, "20210101000000": ERROR,
            "20220202020202": V2}  # fmt: skip


@pytest.fixture
def archive():
    answers: dict[str, list[Reply]] = {"20220202020202": [Reply(b"slow down", status=503)]}

    def serve(path: str, headers: dict) -> Reply | None:
        if path == "/cdx/search/cdx":
            rows = [["timestamp", "original", "statuscode", "mimetype"]]
            rows += [[ts, ORIGINAL, "200", "text/html"] for ts in CAPTURES]
            return Reply(json.dumps(rows).encode(), content_type="application/json")
        for ts, html in CAPTURES.items():
            if path == f"/web/{ts}id_/{ORIGINAL}":
                queued = answers.get(ts)
                return queued.pop(0) if queued else Reply(html.encode())
        return None

    with LoopbackServer(fallback=serve) as server:
        yield server


def test_import_wayback_records_captures_politely(archive, tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    write_declaration(catalog, "Acme", {"Terms of Service": {"fetch": ORIGINAL, "select": "main"}})
    db_path = tmp_path / "cw.db"
    pauses: list[float] = []
    report = import_wayback(catalog, db_path, base_url=archive.base_url,
                            user_agent="clausewatch/test (+mailto:ops@example.org)", delay=0.5,
                            sleep=pauses.append)  # fmt: skip
    [doc] = report.documents
    assert (doc.captures, doc.versions, doc.same_text) == (4, 2, 1)
    assert (
        len(doc.errors) == 1 and "20210101000000" in doc.errors[0] and "error page" in doc.errors[0]
    )
    rows = _rows(
        db_path, "select fetched_at, origin, origin_ref, source_urls from versions order by number"
    )
    assert [r[:3] for r in rows] == [
        ("2020-01-05T12:00:00.000000Z", "wayback", "20200105120000"),
        ("2022-02-02T02:02:02.000000Z", "wayback", "20220202020202"),
    ]
    assert json.loads(rows[0][3]) == [f"{archive.base_url}/web/20200105120000id_/{ORIGINAL}"]
    [(headline,)] = _rows(db_path, "select headline from changes")
    assert "liquidated damages" in headline.lower()
    [cdx] = [p for p, _ in archive.requests if p.startswith("/cdx/")]
    assert "url=https%3A%2F%2Facme.example%2Fterms" in cdx and "collapse=timestamp%3A8" in cdx
    assert "filter=statuscode%3A200" in cdx
    assert all("clausewatch/test" in h["user-agent"] for _, h in archive.requests)
    # one request at a time, half a second apart, and a backed-off retry after the 503
    assert report.requests == 6 and len(archive.requests) == 6
    assert sum(1 for p in pauses if p >= 1.0) == 1  # the wait after the 503
    assert sum(1 for p in pauses if 0.25 < p <= 0.5) >= 4
    again = import_wayback(catalog, db_path, base_url=archive.base_url, user_agent="cw",
                           delay=0, sleep=pauses.append)  # fmt: skip
    assert again.versions == 0 and again.requests == 1  # the CDX list only: nothing new


def test_import_wayback_cli_names_a_failing_archive(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    write_declaration(catalog, "Acme", {"Terms of Service": {"fetch": ORIGINAL, "select": "main"}})
    with LoopbackServer() as server:  # answers 404 to everything
        result = CliRunner().invoke(cli, [
            "import", "wayback", "--catalog", str(catalog), "--db", str(tmp_path / "cw.db"),
            "--wayback-url", server.base_url, "--delay", "0"])  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "the CDX API answered HTTP 404" in result.output and "wayback.url" in result.output
