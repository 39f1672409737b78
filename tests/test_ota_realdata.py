"""catalog sync-ota on real Open Terms Archive declarations, read as test data only.

../shared/data/declarations holds their X and Bluesky declarations (with X's history
file); every rot case holds the declaration that broke and the one the maintainers
wrote.  Nothing of theirs is copied into the project: the tests build temporary
clones and catalogs from those files at run time.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, shared_data_dir

from tracker.catalog.ota import sync_ota
from tracker.catalog.parse import load_catalog

pytestmark = pytest.mark.realdata
ROT = shared_data_dir() / "rot"
CASES = sorted(p.name for p in ROT.iterdir() if p.is_dir()) if ROT.is_dir() else []


def test_the_shipped_catalog_against_their_x_and_bluesky(shared_data: Path, tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    for name in ("X.json", "X (EU).json", "Bluesky.json"):
        shutil.copy(ROOT / "catalog" / name, catalog / name)
    report = sync_ota(shared_data / "declarations", catalog)
    states = {(m.ours.service, m.ours.terms_type): m for m in report.matches}
    for terms_type in ("Terms of Service", "Privacy Policy", "Community Guidelines"):
        assert states[("Bluesky", terms_type)].state == "same"  # ours came from theirs
    tos = states[("X", "Terms of Service")]
    # ours cuts x.com/en/tos into the non-EU and EU versions: a deliberate difference
    assert tos.state == "conflict"
    assert any(d.startswith("fetch: ours") for d in tos.differences)
    assert any(d.startswith("select: ours [{") for d in tos.differences)
    assert states[("X", "Privacy Policy")].differences == ["pages: ours 1, theirs 2 (combine)"]
    assert "Bluesky / Copyright Claims Policy" in report.only_ours
    assert "X / Trackers Policy" in report.only_theirs
    assert "X (EU)" in report.services_only_ours
    assert not report.warnings
    # nothing is written without --apply
    for name in ("X.json", "Bluesky.json"):
        assert (catalog / name).read_bytes() == (ROOT / "catalog" / name).read_bytes()


def test_an_entry_from_their_history_is_recognised_as_older(
    shared_data: Path, tmp_path: Path
) -> None:
    history = json.loads((shared_data / "declarations" / "X.history.json").read_text())
    (old,) = history["Terms of Service"]
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    mine = {k: v for k, v in old.items() if k != "validUntil"}
    (catalog / "X.json").write_text(
        json.dumps({"name": "X", "terms": {"Terms of Service": {**mine, "language": "en"}}})
    )
    report = sync_ota(shared_data / "declarations", catalog, apply=True)
    (match,) = report.matches
    assert match.state == "theirs_newer" and match.applied
    assert old["validUntil"] in match.why
    current = json.loads((shared_data / "declarations" / "X.json").read_text())
    adopted = json.loads((catalog / "X.json").read_text())["terms"]["Terms of Service"]
    assert adopted["fetch"] == current["terms"]["Terms of Service"]["fetch"] == "https://x.com/tos"
    assert adopted["language"] == "en"
    ours_history = json.loads((catalog / "X.history.json").read_text())
    assert ours_history["Terms of Service"][0]["fetch"] == "https://twitter.com/tos"
    assert not load_catalog(catalog).problems


@pytest.mark.parametrize("case", CASES or ["(no rot data)"])
def test_each_rot_fix_is_offered_and_adopted(shared_data: Path, tmp_path: Path, case: str) -> None:
    folder = shared_data / "rot" / case
    old = json.loads((folder / "old.json").read_text())
    new = json.loads((folder / "new.json").read_text())
    ((terms_type, old_entry),) = old["terms"].items()
    catalog, clone = tmp_path / "catalog", tmp_path / "clone" / "declarations"
    catalog.mkdir()
    clone.mkdir(parents=True)
    mine = {k: v for k, v in old_entry.items() if k != "validUntil"}
    (catalog / "Service.json").write_text(
        json.dumps({"name": old["name"], "terms": {terms_type: mine}})
    )
    (clone / f"{new['name']}.json").write_text(json.dumps(new))
    from_history = "validUntil" in old_entry  # the case came from their history file
    if from_history:
        (clone / f"{new['name']}.history.json").write_text(json.dumps({terms_type: [old_entry]}))
    report = sync_ota(clone.parent, catalog, apply=True)
    (match,) = report.matches
    assert match.state == ("theirs_newer" if from_history else "conflict")
    assert match.differences
    if not from_history:
        report = sync_ota(clone.parent, catalog, apply=True, take_theirs=True)
        (match,) = report.matches
    assert match.applied
    adopted = json.loads((catalog / "Service.json").read_text())["terms"][terms_type]
    assert adopted == new["terms"][terms_type]
    assert sync_ota(clone.parent, catalog).matches[0].state == "same"
    assert not load_catalog(catalog).problems
