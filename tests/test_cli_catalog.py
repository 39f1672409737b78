"""``clausewatch catalog list|check|try|add`` end to end, against a loopback server."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tracker.cli import cli
from tracker.crawl import crawl

TERMS = "".join(f"<p>Clause {i}: be kind to the other parrots.</p>" for i in range(30))
PAGE = (
    '<html lang="en"><body><header><a href="/">Parrot</a></header>'
    f'<div id="wrap"><div class="legal-text"><h1>Parrot Terms</h1>{TERMS}</div></div>'
    "<footer>(c) Parrot</footer></body></html>"
).encode()


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def write_catalog(directory: Path, base_url: str) -> Path:
    directory.mkdir()
    declaration = {
        "name": "Parrot",
        "terms": {
            "Terms of Service": {"fetch": f"{base_url}/tos", "select": ".legal-text"},
            "Privacy Policy": {"fetch": f"{base_url}/privacy", "select": "#nothing-like-this"},
        },
    }
    (directory / "Parrot.json").write_text(json.dumps(declaration), encoding="utf-8")
    return directory


def test_catalog_help_has_examples() -> None:
    for command in ("list", "check", "try", "add", "doctor", "sync-ota"):
        result = run("catalog", command, "--help")
        assert result.exit_code == 0
        assert f"clausewatch catalog {command}" in result.output  # an example


def test_list_table_and_json_with_health(tmp_path: Path, loopback) -> None:
    loopback.pages = {"/tos": PAGE, "/privacy": PAGE}
    catalog = write_catalog(tmp_path / "catalog", loopback.base_url)
    db = tmp_path / "cw.db"
    result = run("catalog", "list", "--catalog", str(catalog), "--db", str(db))
    assert result.exit_code == 0
    assert "Terms of Service" in result.output and "1 services, 2 documents" in result.output
    assert "health" not in result.output  # no database yet

    crawl(catalog, db)
    result = run("catalog", "list", "--catalog", str(catalog), "--db", str(db), "--json")
    rows = json.loads(result.output)
    assert {(r["service"], r["document"], r["url"]) for r in rows} == {
        ("Parrot", "Terms of Service", f"{loopback.base_url}/tos"),
        ("Parrot", "Privacy Policy", f"{loopback.base_url}/privacy"),
    }
    status = {r["document"]: r["status"] for r in rows}
    assert status == {"Terms of Service": "ok", "Privacy Policy": "failing"}
    table = run("catalog", "list", "--catalog", str(catalog), "--db", str(db)).output
    assert "health" in table and "failing" in table


def test_check_passes_a_good_catalog_and_fails_a_bad_one(tmp_path: Path) -> None:
    good = tmp_path / "good"
    write_catalog(good, "https://parrot.example")
    result = run("catalog", "check", str(good))
    assert result.exit_code == 0
    assert result.output.strip().endswith("1 services, 2 documents: OK")

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "Parrot.json").write_text(
        json.dumps(
            {
                "name": "Parrot",
                "terms": {
                    "Terms of Service": {"fetch": "parrot.example/tos", "select": "main"},
                    "Privacy Policy": {"fetch": "https://parrot.example/p", "select": ["main", 3]},
                    "Developer Terms": {
                        "fetch": "https://parrot.example/d",
                        "select": "main",
                        "filter": ["removeAds"],
                    },
                },
            }
        )
    )
    (bad / "Broken.json").write_text("{ not json")
    result = run("catalog", "check", str(bad))
    assert result.exit_code == 1
    assert f"error: {bad / 'Broken.json'}: invalid JSON at line 1 column 3" in result.output
    assert (
        f'error: {bad / "Parrot.json"}: terms "Terms of Service": field "fetch": '
        "expected an http(s) URL, got 'parrot.example/tos'" in result.output
    )
    assert 'terms "Privacy Policy": field "select": expected a string' in result.output
    assert "warning: " in result.output and "removeAds" in result.output
    assert "3 problems, 1 warnings" in result.output


def test_check_strict_fails_on_warnings(tmp_path: Path) -> None:
    (tmp_path / "A.json").write_text(
        json.dumps({"name": "A", "terms": {"Tos": {"fetch": "https://a.example", "select": "p"}}})
    )
    assert run("catalog", "check", str(tmp_path)).exit_code == 0
    assert run("catalog", "check", "--strict", str(tmp_path)).exit_code == 1


def test_try_a_file_shows_markdown_size_stability_and_errors(tmp_path: Path, loopback) -> None:
    loopback.pages = {"/tos": PAGE, "/privacy": PAGE}
    catalog = write_catalog(tmp_path / "catalog", loopback.base_url)
    result = run("catalog", "try", str(catalog / "Parrot.json"))
    assert result.exit_code == 1  # the privacy selector matches nothing
    out = result.output
    assert "== Parrot / Terms of Service" in out
    assert "   | # Parrot Terms" in out
    assert "size: " in out and "characters" in out
    assert "stable: two fetches gave the same text" in out
    assert "error: " in out and "select '#nothing-like-this' matched nothing" in out

    only = run("catalog", "try", str(catalog / "Parrot.json"), "--type", "Terms of Service")
    assert only.exit_code == 0 and "Privacy Policy" not in only.output

    as_json = run("catalog", "try", str(catalog / "Parrot.json"), "--once", "--json")
    reports = json.loads(as_json.output)
    assert [r["ok"] for r in reports] == [True, False]
    assert reports[0]["stable"] is None and reports[0]["chars"] > 1000


def test_try_a_url_with_a_guessed_or_given_selector(loopback) -> None:
    loopback.pages = {"/tos": PAGE, "/stub": b"<main><p>Loading</p></main>"}
    guessed = run("catalog", "try", f"{loopback.base_url}/tos", "--once")
    assert guessed.exit_code == 0 and "# Parrot Terms" in guessed.output
    assert "(c) Parrot" not in guessed.output
    stub = run("catalog", "try", f"{loopback.base_url}/stub", "--select", "main")
    assert stub.exit_code == 0 and "warning: tiny" in stub.output
    missing = run("catalog", "try", f"{loopback.base_url}/nope")
    assert missing.exit_code == 2 and "HTTP 404" in missing.output


def test_add_writes_the_declaration_and_shows_the_extract(tmp_path: Path, loopback) -> None:
    loopback.pages = {"/tos": PAGE}
    catalog = tmp_path / "catalog"
    url = f"{loopback.base_url}/tos"
    args = ("catalog", "add", url, "--service", "Parrot", "--type", "Terms of Service")
    result = run(*args, "--catalog", str(catalog))
    assert result.exit_code == 0, result.output
    assert "suggested select: '.legal-text'" in result.output
    assert "   | # Parrot Terms" in result.output
    assert f"wrote {catalog / 'Parrot.json'}" in result.output
    data = json.loads((catalog / "Parrot.json").read_text())
    assert data["terms"]["Terms of Service"]["select"] == ".legal-text"
    assert run("catalog", "check", str(catalog)).exit_code == 0

    again = run(*args, "--catalog", str(catalog))
    assert again.exit_code == 2 and "already declared" in again.output
    odd = run(
        "catalog", "add", url, "--service", "Parrot", "--type", "Rules", "--catalog",
        str(catalog), "--dry-run",
    )  # fmt: skip
    assert odd.exit_code == 0 and "not an Open Terms Archive terms type" in odd.output
    assert "dry run" in odd.output and "Rules" not in (catalog / "Parrot.json").read_text()
