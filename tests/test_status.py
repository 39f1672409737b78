"""clausewatch status: each document's health, with a "not tracked since" date."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from loopback import FAST, LoopbackServer, Reply, page, write_declaration
from test_faults import GOOD, VANISHED

from tracker.cli import cli
from tracker.crawl import crawl


def test_status_shows_health_and_not_tracked_since(tmp_path: Path) -> None:
    with LoopbackServer() as server:
        catalog = tmp_path / "catalog"
        write_declaration(
            catalog,
            "Acme",
            {
                name: {"fetch": server.url(f"/{name}"), "select": "main#content"}
                for name in ("Terms of Service", "Privacy Policy", "Cookie Policy")
            },
        )
        for name in ("Terms of Service", "Privacy Policy", "Cookie Policy"):
            server.routes[f"/{name.replace(' ', '%20')}"] = page(GOOD)
        db = tmp_path / "s.db"
        crawl(catalog, db, settings=FAST)
        server.routes["/Privacy%20Policy"] = page(VANISHED)
        server.routes["/Cookie%20Policy"] = Reply(b"no", status=500)
        crawl(catalog, db, settings=FAST)
        crawl(catalog, db, settings=FAST)

    runner = CliRunner()
    result = runner.invoke(cli, ["status", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    docs = {d["document"]: d for d in report["documents"]}
    assert docs["Terms of Service"]["status"] == "ok"
    assert not docs["Terms of Service"]["needs_attention"]
    privacy = docs["Privacy Policy"]
    assert privacy["status"] == "failing" and privacy["needs_attention"]
    assert privacy["last_failure_reason"] == "selector_no_match"
    assert privacy["consecutive_failures"] == 2
    assert privacy["last_success_at"] < privacy["last_attempt_at"]  # not tracked since
    assert privacy["last_success_at"] == privacy["latest_version_at"]  # the first crawl
    assert docs["Cookie Policy"]["last_failure_reason"] == "http_error"
    assert report["needs_attention"] == 2
    assert report["runs"][0]["report"]["failed_by_reason"] == {
        "selector_no_match": 1,
        "http_error": 1,
    }
    assert report["running_pid"] is None

    table = runner.invoke(cli, ["status", "--db", str(db)])
    assert table.exit_code == 0
    assert "selector_no_match" in table.output and "failing" in table.output
    assert "2 document(s) need attention" in table.output

    problems = runner.invoke(cli, ["status", "--db", str(db), "--problems", "--json", "--check"])
    assert problems.exit_code == 1
    assert {d["document"] for d in json.loads(problems.output)["documents"]} == {
        "Privacy Policy",
        "Cookie Policy",
    }


def test_status_of_a_missing_database_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["status", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "database not found" in result.output
