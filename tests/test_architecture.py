"""The shape of tracker/: layers, no import cycles, small modules, a site that only reads.

The layers themselves are import-linter contracts in pyproject.toml, checked by
``make test`` (``lint-imports``); these tests check what a contract cannot say.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from site_support import copy_database, demo_database

ROOT = Path(__file__).resolve().parent.parent


def _import_graph() -> dict[str, set[str]]:
    import grimp

    graph = grimp.build_graph("tracker", "diffs", "spiders", exclude_type_checking_imports=True)
    return {
        m: {
            x
            for x in graph.find_modules_directly_imported_by(m)
            if x.split(".")[0] in ("tracker", "diffs", "spiders")
        }
        for m in graph.modules
        if m.split(".")[0] in ("tracker", "diffs", "spiders")
    }


def test_no_import_cycle_anywhere() -> None:
    """Not even through an import inside a function: every module-level cycle fails."""
    graph = _import_graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        path.append(module)
        for imported in sorted(graph.get(module, ())):
            if state.get(imported) == 1:
                cycles.append(path[path.index(imported) :] + [imported])
            elif imported not in state:
                visit(imported, path)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])
    assert cycles == []


def test_the_import_contracts_hold() -> None:
    linter = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert linter, "import-linter is part of the test extra"
    result = subprocess.run([linter], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 broken" in result.stdout, result.stdout


def test_no_module_of_tracker_is_large() -> None:
    sizes = {
        str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
        for p in (ROOT / "tracker").rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > 500} == {}


def test_a_site_build_runs_no_analysis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The site reads flags, diffs and headlines from the database, never computes them."""
    import diffs.differ
    import diffs.events
    import diffs.flagger
    import diffs.segment
    from tracker.site.build import build_site

    db = copy_database(demo_database(tmp_path), tmp_path / "copy.db")  # recorded normally

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the site build ran the analysis")

    for module, names in (
        (diffs.flagger, ("flag_text", "flag_lines", "flag_document")),
        (diffs.events, ("flag_diff", "change_events")),
        (diffs.flagger.Flagger, ("flag_text", "flag_lines")),
        (diffs.segment, ("segment",)),
        (diffs.differ, ("diff_texts", "diff_clauses")),
    ):
        for name in names:
            monkeypatch.setattr(module, name, refuse)
    report = build_site(db, tmp_path / "site")
    assert report.written
    matrix = (tmp_path / "site" / "matrix.html").read_text(encoding="utf-8")
    assert "not available" not in matrix and "AI" in matrix  # the stored flags are shown
    change = next((tmp_path / "site" / "services").rglob("changes/*.html"))
    assert "unchanged clause" in change.read_text(encoding="utf-8")  # stored context rows
