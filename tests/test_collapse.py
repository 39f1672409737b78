"""A collapsed page is never published: selector rot stays a health problem, not a change.

Real crawls against a loopback server.  A redesign leaves only the page's heading
inside the declared selector: five runs in a row give that same heading, and the
full page then comes back.  A broken selector is stable, so a second fetch cannot
tell it from a rewrite: the shrink rule (tracker/store/collapse.py) must.  A real
rewrite to 30% of the words is still recorded, after the confirmation window.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import feedparser
import pytest
from click.testing import CliRunner
from collapse_pages import partial_html, policy_html, redesign_html, rewrite_html
from loopback import FAST, LoopbackServer, fetch_rows, page, versions, write_declaration

from tracker.analysis import default_analyser
from tracker.catalog import DocumentSpec, PageSpec
from tracker.cli import cli
from tracker.crawl import crawl
from tracker.extract import extract
from tracker.items import PageFetch
from tracker.reextract import reextract
from tracker.site.build import build_site
from tracker.status import status_report
from tracker.store.collapse import ShrinkRule, assess
from tracker.store.confirm import confirm_suspect
from tracker.store.db import open_db
from tracker.store.documents import ensure_document
from tracker.store.recorder import record_pages

CLI = [sys.executable, "-c", "from tracker.cli import cli; cli()"]
SUSPECT_LINE = re.compile(
    r"^suspect collapse since \d{4}-\d{2}-\d{2}: 1,454 → 4 words; selector probably broken$"
)


def _copy(src: Path, dst: Path) -> Path:
    """A consistent copy of a (WAL-mode) database file."""
    with sqlite3.connect(str(src)) as a, sqlite3.connect(str(dst)) as b:
        a.backup(b)
    a.close()
    b.close()
    return dst


def _count(db_path: Path, table: str) -> int:
    db = open_db(db_path, create=False)
    try:
        return int(db.execute(f"select count(*) from {table}").fetchone()[0])
    finally:
        db.close()


def _health(db_path: Path) -> dict[str, Any]:
    db = open_db(db_path, create=False)
    try:
        (doc,) = status_report(db)["documents"]
        return doc
    finally:
        db.close()


@pytest.fixture(scope="module")
def rot(tmp_path_factory: pytest.TempPathFactory):
    """Run 0: the full page; runs 1–5: the redesign; run 6: the full page again.

    Yields the server (serving the full page), the catalog, a copy of the database
    after each stage, the per-run observations, and the site built before and during
    the collapse.
    """
    base = tmp_path_factory.mktemp("rot")
    with LoopbackServer() as server:
        catalog = base / "catalog"
        write_declaration(
            catalog,
            "Acme",
            {"Terms of Service": {"fetch": server.url("/terms"), "select": "main#content"}},
        )
        db_path = base / "rot.db"
        server.routes["/terms"] = page(policy_html())
        crawl(catalog, db_path, settings=FAST)
        good = _copy(db_path, base / "good.db")
        build_site(open_db(good), base / "site-before")
        server.routes["/terms"] = page(redesign_html())
        runs = []
        for _ in range(5):
            report = crawl(catalog, db_path, settings=FAST)
            runs.append(
                {
                    "summary": report.summary,
                    "needs_attention": report.needs_attention,
                    "suspects": report.suspects,
                    "rows": fetch_rows(db_path, report.run_id),
                    "health": _health(db_path),
                    "snapshots": _count(db_path, "snapshots"),
                }
            )
        suspect = _copy(db_path, base / "suspect.db")
        build_site(open_db(suspect), base / "site-during")
        server.routes["/terms"] = page(policy_html())
        back = crawl(catalog, db_path, settings=FAST)
        yield {
            "server": server,
            "catalog": catalog,
            "base": base,
            "good": good,
            "suspect": suspect,
            "after": db_path,
            "runs": runs,
            "back": {"summary": back.summary, "health": _health(db_path)},
        }


def test_a_heading_only_redesign_is_suspect_for_five_runs_and_records_nothing(rot) -> None:
    for n, run in enumerate(rot["runs"], start=1):
        s = run["summary"]
        assert (s["changed"], s["suspect"], s["failed"]) == (0, 1, 0), (n, s)
        assert run["needs_attention"] and s["status"] == "attention"
        (row,) = run["rows"]
        assert (row["outcome"], row["reason"]) == ("suspect", "suspect_collapse")
        assert "The selector probably broke" in row["detail"]
        health = run["health"]
        assert health["status"] == "suspect" and health["needs_attention"], n
        assert SUSPECT_LINE.match(health["problem"]), health["problem"]
        assert health["proposal"] is None  # the selector doctor's place
        (named,) = run["suspects"]
        assert (named["service"], named["document"]) == ("Acme", "Terms of Service")
    # "since" is the first collapse, however many runs repeat it
    assert len({run["health"]["suspect_since"] for run in rot["runs"]}) == 1
    # the collapsed page is kept once, not once per run
    assert len({run["snapshots"] for run in rot["runs"]}) == 1
    assert _count(rot["suspect"], "changes") == 0 and len(versions(rot["suspect"])) == 1

    # the full page again: the suspect state ends, with nothing recorded
    assert rot["back"]["summary"]["unchanged"] == 1 and rot["back"]["summary"]["changed"] == 0
    assert rot["back"]["health"]["status"] == "ok" and rot["back"]["health"]["problem"] is None
    assert _count(rot["after"], "changes") == 0 and _count(rot["after"], "suspects") == 0
    assert versions(rot["after"]) == versions(rot["good"])


def _feeds(site: Path) -> dict[str, list[tuple[str, str]]]:
    out = {}
    for path in sorted(site.rglob("*.atom")) + sorted(site.rglob("*.rss")):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        out[str(path.relative_to(site))] = [(e.id, e.title) for e in parsed.entries]
    return out


def test_the_site_shows_a_suspect_only_on_its_health_page_and_the_problems_feed(rot) -> None:
    before, during = rot["base"] / "site-before", rot["base"] / "site-during"
    files = {p.relative_to(before) for p in before.rglob("*") if p.is_file()}
    assert files == {p.relative_to(during) for p in during.rglob("*") if p.is_file()}
    differ = {
        str(rel) for rel in files if (before / rel).read_bytes() != (during / rel).read_bytes()
    }
    # no page, no archived version, no change, no readers' feed moved, in either language
    moved = {"health.html", "feeds/problems.atom", "feeds/problems.rss", "feeds/index.html"}
    assert differ == moved | {f"ar/{name}" for name in moved}
    listing = (during / "feeds/index.html").read_text(encoding="utf-8")
    assert "(1 problem)" in listing and "(0 problems)" in (before / "feeds/index.html").read_text()

    feeds = _feeds(during)
    assert {k: v for k, v in feeds.items() if "problems" not in k} == {
        k: v for k, v in _feeds(before).items() if "problems" not in k
    }
    for kind in ("atom", "rss"):
        (entry,) = feedparser.parse((during / f"feeds/problems.{kind}").read_bytes()).entries
        assert entry.title.startswith("Acme · Terms of Service: suspect collapse since ")
        assert "selector probably broken" in entry.title
        assert entry.link.endswith("health.html#h-acme-terms-of-service")
        assert 'clausewatch confirm "Acme" "Terms of Service"' in entry.summary
        assert "no proposal yet" in entry.summary
    assert feedparser.parse((before / "feeds/problems.atom").read_bytes()).entries == []

    health = (during / "health.html").read_text(encoding="utf-8")
    assert 'id="h-acme-terms-of-service"' in health
    assert "1,454 → 4 words; selector probably broken" in health
    assert "Selector doctor: no proposal yet" in health
    assert 'href="./health.html"' in (during / "index.html").read_text(encoding="utf-8")


def test_reextract_never_turns_a_held_suspect_into_a_version(rot, tmp_path: Path) -> None:
    db = open_db(_copy(rot["suspect"], tmp_path / "r.db"))
    report = reextract(db, default_analyser())
    assert (report.versions_before, report.versions_after, report.collapses) == (1, 1, 0)
    assert db.execute("select count(*) from changes").fetchone()[0] == 0
    (held,) = list(db["suspects"].rows)
    assert held["markdown"] == "# Acme Terms of Service"  # extracted again, still a heading
    assert status_report(db)["documents"][0]["status"] == "suspect"


def test_run_quiet_exits_1_with_one_line_naming_the_suspect(rot, tmp_path: Path) -> None:
    db = _copy(rot["good"], tmp_path / "cron.db")
    rot["server"].routes["/terms"] = page(redesign_html())
    try:
        args = [*CLI, "run", "--quiet", "--catalog", str(rot["catalog"]), "--db", str(db),
                "--out", str(tmp_path / "site")]  # fmt: skip
        result = subprocess.run(args, capture_output=True, text=True, check=False)
    finally:
        rot["server"].routes["/terms"] = page(policy_html())
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    (line,) = result.stdout.splitlines()
    service_doc, _, problem = line.partition(": ")
    assert service_doc == "Acme · Terms of Service"
    assert SUSPECT_LINE.match(problem), line


def test_status_lists_the_suspect_under_problems(rot) -> None:
    runner = CliRunner()
    table = runner.invoke(cli, ["status", "--db", str(rot["suspect"]), "--problems", "--check"])
    assert table.exit_code == 1, table.output
    text = " ".join(table.output.split())  # the table may wrap
    assert "Problems:" in text and "suspect" in text
    assert "Acme · Terms of Service: suspect collapse since " in text
    assert 'clausewatch confirm "Acme" "Terms of Service"' in text
    report = json.loads(
        runner.invoke(cli, ["status", "--db", str(rot["suspect"]), "--json"]).output
    )
    (doc,) = report["documents"]
    assert doc["status"] == "suspect" and doc["needs_attention"] and doc["proposal"] is None
    assert (doc["words_before"], doc["words_after"]) == (1454, 4)
    assert report["runs"][0]["report"]["suspect"] == 1


def test_confirm_records_the_cut_as_one_change_confirmed_by_a_person(rot, tmp_path: Path) -> None:
    db_path = _copy(rot["suspect"], tmp_path / "c.db")
    runner = CliRunner()
    result = runner.invoke(
        cli, ["confirm", "acme", "Terms of Service", "--by", "Jo Maintainer", "--db", str(db_path)]
    )
    assert result.exit_code == 0, result.output
    assert "recorded version 2" in result.output and "confirmed by Jo Maintainer" in result.output
    db = open_db(db_path, create=False)
    (change,) = list(db["changes"].rows)
    assert change["confirmed_by"] == "Jo Maintainer" and change["confirmed_at"]
    assert change["headline"].startswith(
        "Document cut from 1,454 to 4 words (confirmed by a person)"
    )
    assert change["significance"] == "substantive"
    assert [v[3] for v in versions(db_path)][-1] == "# Acme Terms of Service"
    assert db.execute("select count(*) from suspects").fetchone()[0] == 0
    assert status_report(db)["documents"][0]["status"] == "ok"

    # published as a change, saying who confirmed it
    site = tmp_path / "site"
    build_site(db, site)
    page_html = (site / "services/acme/terms-of-service/changes/2.html").read_text()
    assert "Confirmed" in page_html and "Jo Maintainer" in page_html
    (entry,) = feedparser.parse((site / "feeds/all.atom").read_bytes()).entries
    assert "Confirmed by Jo Maintainer" in entry.summary
    assert feedparser.parse((site / "feeds/problems.atom").read_bytes()).entries == []

    # the confirmation survives reextract (the rule would otherwise take the cut out)
    report = reextract(db, default_analyser())
    assert (report.versions_after, report.collapses) == (2, 0)
    (change,) = list(db["changes"].rows)
    assert change["confirmed_by"] == "Jo Maintainer"

    # nothing left to confirm; a document that does not exist is named
    again = runner.invoke(cli, ["confirm", "Acme", "Terms of Service", "--db", str(db_path)])
    assert again.exit_code == 2 and "is not a suspect collapse" in again.output
    missing = runner.invoke(cli, ["confirm", "Acme", "Privacy Policy", "--db", str(db_path)])
    assert missing.exit_code == 2
    assert 'Acme has no document "Privacy Policy"' in missing.output
    assert '"Terms of Service"' in missing.output


def test_a_rewrite_to_30_percent_is_recorded_after_the_confirmation_window(
    tmp_path: Path,
) -> None:
    with LoopbackServer() as server:
        catalog = tmp_path / "catalog"
        write_declaration(
            catalog,
            "Acme",
            {"Terms of Service": {"fetch": server.url("/terms"), "select": "main#content"}},
        )
        db_path = tmp_path / "rw.db"
        server.routes["/terms"] = page(policy_html())
        crawl(catalog, db_path, settings=FAST)
        server.routes["/terms"] = page(rewrite_html())
        held = crawl(catalog, db_path, settings=FAST)
        assert (held.summary["changed"], held.summary["held_back"]) == (0, 1)
        assert held.summary.get("suspect") == 0 and held.suspects == []
        (row,) = fetch_rows(db_path, held.run_id)
        assert "1,454 → 424 words" in row["detail"] and "CLAUSEWATCH_MAX_SHRINK" in row["detail"]
        recorded = crawl(catalog, db_path, settings=FAST)
        assert recorded.summary["changed"] == 1 and not recorded.needs_attention

    db = open_db(db_path, create=False)
    (change,) = list(db["changes"].rows)
    headline = "Document largely rewritten: 1,454 → 424 words; 12 sections removed"
    assert change["headline"] == headline
    assert change["significance"] == "substantive" and change["confirmed_by"] is None
    assert status_report(db)["documents"][0]["status"] == "ok"
    # the same through reextract: the rewrite stays, with its headline
    report = reextract(db, default_analyser())
    assert (report.versions_before, report.versions_after, report.collapses) == (2, 2, 0)
    (change,) = list(db["changes"].rows)
    assert change["headline"] == headline


def test_a_plausible_page_after_a_collapse_ends_it_and_is_judged_on_its_own(
    tmp_path: Path,
) -> None:
    """Suspect, then the rewrite: the suspect state ends, the rewrite waits its window."""
    with LoopbackServer() as server:
        catalog = tmp_path / "catalog"
        write_declaration(
            catalog,
            "Acme",
            {"Terms of Service": {"fetch": server.url("/terms"), "select": "main#content"}},
        )
        db_path = tmp_path / "p.db"
        for html, outcome in (
            (policy_html(), "new_version"),
            (redesign_html(), "suspect"),
            (rewrite_html(), "held_back"),
            (rewrite_html(), "new_version"),
        ):
            server.routes["/terms"] = page(html)
            report = crawl(catalog, db_path, settings=FAST)
            assert [r["outcome"] for r in fetch_rows(db_path, report.run_id)] == [outcome]
    assert _count(db_path, "suspects") == 0 and _count(db_path, "changes") == 1


def test_the_thresholds_given_to_one_crawl_reach_the_rule(tmp_path: Path) -> None:
    """Two sections of twelve are left: a collapse by default, a shrink with a lower share."""
    with LoopbackServer() as server:
        catalog = tmp_path / "catalog"
        write_declaration(
            catalog,
            "Acme",
            {"Terms of Service": {"fetch": server.url("/terms"), "select": "main#content"}},
        )
        outcomes = []
        for name, settings in (
            ("default", FAST),
            ("share", {**FAST, "CLAUSEWATCH_COLLAPSE_SHARE": 0.1}),
            ("off", {**FAST, "CLAUSEWATCH_COLLAPSE_SHARE": 0, "CLAUSEWATCH_MAX_SHRINK": 1}),
        ):
            db_path = tmp_path / f"{name}.db"
            server.routes["/terms"] = page(policy_html())
            crawl(catalog, db_path, settings=FAST)
            server.routes["/terms"] = page(partial_html(2))
            report = crawl(catalog, db_path, settings=settings)
            outcomes.append([r["outcome"] for r in fetch_rows(db_path, report.run_id)])
    assert outcomes == [["suspect"], ["held_back"], ["new_version"]]


def test_history_of_an_older_clausewatch_is_cleaned_by_reextract(tmp_path: Path) -> None:
    """Versions an older rule published for a collapse leave the history; the end is suspect."""
    url = "https://acme.example/terms"
    spec = DocumentSpec("Acme", "Terms of Service", (PageSpec(url, ("main#content",)),), "a.json")

    def replay(db_path: Path, pages: list[str]) -> Any:
        db = open_db(db_path)
        doc_id = ensure_document(db, spec)
        for day, html in enumerate(pages, start=1):
            fetched = PageFetch(url, url, 200, html.encode(), {"content-type": "text/html"},
                                f"2026-03-0{day}T00:00:00Z")  # fmt: skip
            record_pages(db, None, doc_id, [fetched], extract(html, "main#content"),
                         spec.declaration(), analyser=default_analyser(),
                         rule=ShrinkRule.off())  # fmt: skip
        return db

    # the issue's case: the collapse was published, then the full page "came back"
    db = replay(tmp_path / "a.db", [policy_html(), redesign_html(), policy_html()])
    assert db.execute("select count(*) from changes").fetchone()[0] == 2  # two false changes
    report = reextract(db, default_analyser())
    assert (report.versions_before, report.versions_after, report.collapses) == (3, 1, 1)
    assert db.execute("select count(*) from changes").fetchone()[0] == 0
    outcomes = [r[0] for r in db.execute("select outcome from fetches order by id")]
    assert outcomes == ["new_version", "suspect", "new_version"]
    assert status_report(db)["documents"][0]["status"] == "ok"

    # a history that ends in the collapse: the document is suspect since that fetch
    db = replay(tmp_path / "b.db", [policy_html(), redesign_html()])
    dry = reextract(db, default_analyser(), dry_run=True)
    assert (dry.versions_after, dry.collapses) == (1, 1)
    assert db.execute("select count(*) from versions").fetchone()[0] == 2  # dry: untouched
    reextract(db, default_analyser())
    (doc,) = status_report(db)["documents"]
    assert doc["status"] == "suspect" and doc["suspect_since"] == "2026-03-02T00:00:00Z"
    assert doc["problem"] == (
        "suspect collapse since 2026-03-02: 1,454 → 4 words; selector probably broken"
    )
    assert db.execute("select count(*) from versions").fetchone()[0] == 1
    # and the held text can still be confirmed: its snapshot was kept
    result = confirm_suspect(db, "Acme", "Terms of Service", "Jo", default_analyser())
    assert result.number == 2 and "(confirmed by a person)" in (result.headline or "")
    assert json.loads(db["versions"].get(result.version_id)["snapshot_ids"])


def test_a_bad_threshold_is_a_clear_error_before_anything_runs(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    write_declaration(
        catalog, "Acme", {"Terms of Service": {"fetch": "https://acme.example/t", "select": "main"}}
    )
    db = tmp_path / "never.db"
    result = CliRunner().invoke(
        cli,
        ["crawl", "--catalog", str(catalog), "--db", str(db)],
        env={"CLAUSEWATCH_COLLAPSE_SHARE": "1.5"},
    )
    assert result.exit_code == 2
    assert "Error: crawl.collapse_share (CLAUSEWATCH_COLLAPSE_SHARE)" in result.output
    assert "got 1.5" in result.output and not db.exists()


SHAPES = {
    "full": {"words": 5000, "clauses": 200, "sections": 20},
    "heading only": {"words": 4, "clauses": 0, "sections": 1},
    "one block, every word": {"words": 4990, "clauses": 1, "sections": 1},
    "a tenth": {"words": 500, "clauses": 20, "sections": 3},
    "a rewrite to 30%": {"words": 1500, "clauses": 60, "sections": 8},
    "words kept, clauses gone": {"words": 4000, "clauses": 15, "sections": 20},
    "an edit": {"words": 4900, "clauses": 196, "sections": 20},
}


@pytest.mark.parametrize(
    ("after", "kind"),
    [
        ("heading only", "collapse"),
        ("one block, every word", "collapse"),
        ("a tenth", "collapse"),
        ("words kept, clauses gone", "collapse"),
        ("a rewrite to 30%", "shrink"),
        ("an edit", None),
        ("full", None),
    ],
)
def test_the_shrink_rule(after: str, kind: str | None) -> None:
    verdict = assess(SHAPES["full"], SHAPES[after], ShrinkRule())
    assert (verdict.kind if verdict else None) == kind


def test_the_floor_needs_a_cut_by_half() -> None:
    rule = ShrinkRule()
    small = {"words": 60, "clauses": 4, "sections": 1}
    assert assess(small, {"words": 45, "clauses": 3, "sections": 1}, rule) is None
    verdict = assess(small, {"words": 25, "clauses": 2, "sections": 1}, rule)
    assert verdict is not None and verdict.collapse
    assert "fewer than 50 words" in verdict.why
