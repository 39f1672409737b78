"""catalog sync-ota on written clones: history files, conflicts, matches by URL, --apply."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tracker.catalog.ota import sync_ota
from tracker.cli import cli
from tracker.errors import CatalogError

OLD = {"fetch": "https://acme.example/terms", "select": ".content-text"}
NEW = {"fetch": "https://acme.example/terms", "select": ".content-container", "remove": "nav"}


def write(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def ours(tmp_path: Path, terms: dict[str, Any], history: dict | None = None) -> Path:
    catalog = tmp_path / "catalog"
    write(catalog / "Acme.json", {"name": "Acme", "terms": terms})
    if history is not None:
        write(catalog / "Acme.history.json", history)
    return catalog


def theirs(tmp_path: Path, files: dict[str, Any]) -> Path:
    clone = tmp_path / "clone"
    for name, data in files.items():
        write(clone / "declarations" / name, data)
    return clone


def entry(catalog: Path, terms_type: str = "Terms of Service") -> dict[str, Any]:
    return json.loads((catalog / "Acme.json").read_text())["terms"][terms_type]


def test_theirs_is_newer_when_ours_is_in_their_history(tmp_path: Path) -> None:
    catalog = ours(tmp_path, {"Terms of Service": {**OLD, "language": "en", "note": "ours"}})
    clone = theirs(
        tmp_path,
        {
            "Acme.json": {
                "name": "Acme",
                "terms": {"Terms of Service": {**NEW, "filter": ["removeTrackers"]}},
            },
            "Acme.history.json": {
                "Terms of Service": [{**OLD, "validUntil": "2024-07-03T06:30:00Z"}]
            },
        },
    )
    report = sync_ota(clone, catalog)
    (match,) = report.matches
    assert (match.state, match.by) == ("theirs_newer", "name")
    assert "valid until 2024-07-03T06:30:00Z" in match.why
    assert match.differences == [
        'select: ours [".content-text"], theirs [".content-container"]',
        'remove: ours [], theirs ["nav"]',
    ]
    assert entry(catalog) == {**OLD, "language": "en", "note": "ours"}  # nothing written yet

    applied = sync_ota(clone, catalog, apply=True)
    assert applied.matches[0].applied
    # theirs, without the JavaScript filter we cannot run; our own fields kept
    assert entry(catalog) == {**NEW, "language": "en", "note": "ours"}
    history = json.loads((catalog / "Acme.history.json").read_text())
    (kept,) = history["Terms of Service"]
    assert kept["select"] == ".content-text" and kept["validUntil"]
    assert sync_ota(clone, catalog).matches[0].state == "same"


def test_ours_is_newer_when_theirs_is_in_our_history(tmp_path: Path) -> None:
    catalog = ours(
        tmp_path,
        {"Terms of Service": NEW},
        history={"Terms of Service": [{**OLD, "validUntil": "2025-01-01T00:00:00Z"}]},
    )
    clone = theirs(tmp_path, {"Acme.json": {"name": "Acme", "terms": {"Terms of Service": OLD}}})
    report = sync_ota(clone, catalog, apply=True, take_theirs=True)
    (match,) = report.matches
    assert match.state == "ours_newer" and not match.applied
    assert "our declaration valid until 2025-01-01" in match.why
    assert entry(catalog) == NEW


def test_a_conflict_is_only_adopted_when_asked(tmp_path: Path) -> None:
    mine = {
        "fetch": "https://acme.example/terms",
        "select": {"startBefore": "#us", "endBefore": "#eu"},
    }
    catalog = ours(tmp_path, {"Terms of Service": mine})
    clone = theirs(tmp_path, {"Acme.json": {"name": "Acme", "terms": {"Terms of Service": NEW}}})
    report = sync_ota(clone, catalog, apply=True)
    assert report.matches[0].state == "conflict" and not report.matches[0].applied
    assert entry(catalog) == mine
    report = sync_ota(clone, catalog, apply=True, take_theirs=True)
    assert report.matches[0].applied and entry(catalog) == NEW
    history = json.loads((catalog / "Acme.history.json").read_text())
    assert history["Terms of Service"][0]["select"] == mine["select"]


def test_matching_by_url_and_what_each_side_lacks(tmp_path: Path) -> None:
    catalog = ours(
        tmp_path,
        {
            "Terms of Service": NEW,
            "Privacy Policy": {"fetch": "https://acme.example/privacy", "select": "main"},
        },
    )
    write(
        catalog / "Zeta.json",
        {"name": "Zeta", "terms": {"Imprint": {**OLD, "fetch": "https://z.example/"}}},
    )  # noqa: E501
    clone = theirs(
        tmp_path,
        {
            # they call the service "Acme Inc." and the document "Terms of Use"
            "Acme Inc..json": {
                "name": "Acme Inc.",
                "terms": {
                    "Terms of Use": NEW,
                    "Trackers Policy": {"fetch": "https://acme.example/c", "select": "main"},
                },
            },
            "Other.json": {
                "name": "Other",
                "terms": {"Imprint": NEW | {"fetch": "https://o.example/"}},
            },  # noqa: E501
        },
    )
    report = sync_ota(clone, catalog)
    (match,) = report.matches
    assert (match.state, match.by) == ("same", "url")
    assert (match.theirs.service, match.theirs.terms_type) == ("Acme Inc.", "Terms of Use")
    assert report.only_ours == ["Acme / Privacy Policy", "Zeta / Imprint"]
    assert report.only_theirs == ["Acme Inc. / Trackers Policy", "Other / Imprint"]
    assert report.services_only_ours == ["Zeta"]
    assert report.services_only_theirs == ["Other"]


def test_entries_that_do_not_load_here_and_bad_files(tmp_path: Path) -> None:
    catalog = ours(tmp_path, {"Terms of Service": OLD})
    clone = theirs(
        tmp_path,
        {
            # OTA allows no select (the whole page); clausewatch does not
            "Acme.json": {"name": "Acme", "terms": {"Terms of Service": {"fetch": OLD["fetch"]}}},
            "Broken.json": {"nope": 1},
            "Acme.history.json": ["not", "an", "object"],
        },
    )
    report = sync_ota(clone, catalog, apply=True, take_theirs=True)
    (match,) = report.matches
    assert match.state == "unusable" and not match.applied
    assert any('field "select": missing' in d for d in match.differences)
    assert any("Broken.json: skipped" in w for w in report.warnings)
    assert any("Acme.history.json: expected an object" in w for w in report.warnings)
    assert entry(catalog) == OLD
    with pytest.raises(CatalogError, match="no declarations/ folder"):
        sync_ota(tmp_path / "catalog" / "nothing-here", catalog)


def test_the_command(tmp_path: Path) -> None:
    catalog = ours(tmp_path, {"Terms of Service": OLD})
    clone = theirs(
        tmp_path,
        {
            "Acme.json": {"name": "Acme", "terms": {"Terms of Service": NEW}},
            "Acme.history.json": {"Terms of Service": [{**OLD, "validUntil": "2024-07-03"}]},
        },
    )
    runner = CliRunner()
    shown = runner.invoke(cli, ["catalog", "sync-ota", str(clone), "--catalog", str(catalog)])
    assert shown.exit_code == 0, shown.output
    assert "== Acme / Terms of Service: theirs is newer" in shown.output
    assert 'select: ours [".content-text"], theirs [".content-container"]' in shown.output
    assert "--apply adopts theirs" in shown.output
    as_json = runner.invoke(
        cli, ["catalog", "sync-ota", str(clone), "--catalog", str(catalog), "--json"]
    )
    assert json.loads(as_json.output)["documents"][0]["state"] == "theirs_newer"
    applied = runner.invoke(
        cli, ["catalog", "sync-ota", str(clone), "--catalog", str(catalog), "--apply"]
    )
    assert "adopted theirs" in applied.output and entry(catalog)["select"] == ".content-container"
    assert runner.invoke(cli, ["catalog", "check", str(catalog)]).exit_code == 0
    missing = runner.invoke(
        cli, ["catalog", "sync-ota", str(tmp_path / "clone" / "declarations" / "x")]
    )  # noqa: E501
    assert missing.exit_code == 2
    help_text = runner.invoke(cli, ["catalog", "sync-ota", "--help"]).output
    assert "Example" in help_text and "AGPL" in help_text
