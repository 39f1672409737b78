"""Layout tables on real pages: nothing the extractor kept changes except layout tables.

The rot cases' ``before.md`` is what this project's extractor made of ``before.html``
before layout tables were unwrapped (rot README); the X snapshots and the demo pages
are what the shipped catalog and ``clausewatch demo`` record.  None of them is laid
out with a table, so their text must not change at all, and Qwen's two data tables
must stay tables.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, shared_data_dir

from tracker.catalog import load_catalog
from tracker.extract import extract, select_html, unwrap_layout_tables

pytestmark = pytest.mark.realdata
ROT = shared_data_dir() / "rot"
CASES = sorted(p.name for p in ROT.iterdir() if p.is_dir()) if ROT.is_dir() else []


def unwrapped(html: bytes | str, select, remove) -> tuple[int, int]:
    """(tables in the selected fragment, of which layout tables)."""
    soup = BeautifulSoup(select_html(html, select, remove), "lxml")
    tables = len(soup.find_all("table"))
    return tables, unwrap_layout_tables(soup)


@pytest.mark.parametrize("case", CASES or ["(no rot data)"])
def test_rot_pages_extract_as_they_did(shared_data: Path, case: str) -> None:
    folder = shared_data / "rot" / case
    old = json.loads((folder / "old.json").read_text())
    meta = json.loads((folder / "meta.json").read_text())
    ((_type, spec),) = old["terms"].items()
    html = (folder / "before.html").read_bytes()
    tables, layout = unwrapped(html, spec["select"], spec.get("remove"))
    assert layout == 0
    text = extract(html, spec["select"], spec.get("remove"), meta["snapshots"]["before"]["url"])
    assert text == (folder / "before.md").read_text(encoding="utf-8").rstrip("\n")
    if tables:
        assert text.count("| --- |") >= 1  # the data tables are still tables


def test_qwen_privacy_data_tables_stay_tables(shared_data: Path) -> None:
    folder = shared_data / "rot" / "15_qwen-chat_privacy-policy"
    spec = json.loads((folder / "old.json").read_text())["terms"]["Privacy Policy"]
    assert unwrapped((folder / "before.html").read_bytes(), spec["select"], spec["remove"]) == (
        2,
        0,
    )


def test_x_snapshots_and_demo_pages_have_no_layout_table(shared_data: Path) -> None:
    catalog = load_catalog(ROOT / "catalog", ["X"]).by_key()
    for name, key in (("x_tos", "X / Terms of Service"), ("x_privacy", "X / Privacy Policy")):
        page = catalog[key].pages[0]
        for path in (shared_data / "x" / "html").glob(f"{name}__*.html"):
            assert unwrapped(path.read_bytes(), list(page.select), list(page.remove))[1] == 0
    for path in (ROOT / "tracker" / "demo").glob("*.html"):
        assert unwrapped(path.read_bytes(), "body", None)[1] == 0
