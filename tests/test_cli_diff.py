"""``clausewatch diff OLD NEW``: text and JSON output, Markdown and HTML input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from diffs.differ import diff_texts
from tracker.cli.diff import diff, load_document, render_rich

OLD = """# Terms

## Law

The laws of the State of California govern these Terms.

## Content

You keep ownership of your posts. See our [rules](https://example.com/rules).
"""

NEW = """# Terms

## Law

The laws of the State of Texas govern these Terms.

## Content

You keep ownership of your posts. See our [rules](https://example.com/en/rules).

We may use your posts to train our AI models.
"""


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(OLD, "utf-8")
    new.write_text(NEW, "utf-8")
    return old, new


def test_text_output_has_markers_and_inline_words(pair: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(diff, [str(pair[0]), str(pair[1])])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("significance: substantive · 1 added, 0 removed, 2 modified")
    assert "~ The laws of the State of [-California-]{+Texas+} govern these Terms." in lines
    assert "+ We may use your posts to train our AI models." in lines
    assert any(line.startswith("~ See our [rules]") and "(minor)" in line for line in lines)
    assert "§ Terms › Law" in lines
    assert "\x1b[" not in result.output  # no colour codes when not on a terminal


def test_json_output(pair: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(diff, [str(pair[0]), str(pair[1]), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["significance"] == "substantive"
    assert data["stats"]["added"] == 1 and data["stats"]["modified"] == 2
    kinds = [c["kind"] for c in data["changes"]]
    assert kinds == ["modified", "modified", "added"]
    law = data["changes"][0]
    assert law["section"] == "Terms › Law"
    assert law["old"].startswith("The laws of the State of California")
    assert ["delete", "California"] in law["inline"] and ["insert", "Texas"] in law["inline"]
    assert data["changes"][1]["minor"] is True
    # the diff itself, plus what `changes --json` gives of a change (issue 13)
    stored = diff_texts(OLD, NEW).to_dict()
    assert {k: data[k] for k in stored} == stored
    assert data["headline"] and "Texas" in data["headline"]
    assert {e["category"] for e in data["events"] if e.get("category")} >= {"choice_of_law"}
    assert all("status" in f and "category" in f for f in data["flags"])


def test_json_all_includes_unchanged(pair: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(diff, [str(pair[0]), str(pair[1]), "--json", "--all"])
    kinds = {c["kind"] for c in json.loads(result.output)["changes"]}
    assert "unchanged" in kinds


def test_identical_files(pair: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(diff, [str(pair[0]), str(pair[0]), "--json"])
    data = json.loads(result.output)
    assert (data.pop("headline"), data.pop("events"), data.pop("flags")) == (
        "No change to the text",
        [],
        [],
    )
    assert (data.pop("cosmetic_kinds"), data.pop("effective_date")) == ([], None)
    assert data == {
        "significance": "none",
        "stats": {
            "added": 0,
            "removed": 0,
            "modified": 0,
            "moved": 0,
            "unchanged": 6,
            "words_added": 0,
            "words_removed": 0,
            "words_changed": 0,
        },
        "changes": [],
    }


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(diff, ["--help"])
    assert result.exit_code == 0
    assert "clausewatch diff terms-2023.md terms-2024.md" in result.output
    assert "--select CSS" in result.output and "--json" in result.output


def test_select_on_markdown_is_a_usage_error(pair: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(diff, [str(pair[0]), str(pair[1]), "--select", "main"])
    assert result.exit_code == 2
    assert "HTML files only" in result.output


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(diff, [str(tmp_path / "nope.md"), str(tmp_path / "nope.md")])
    assert result.exit_code == 2


def test_render_rich_styles_follow_the_kinds() -> None:
    lines = render_rich(diff_texts(OLD, NEW))
    law = next(t for t in lines if t.plain.startswith("~ The laws"))
    styles = {law.plain[s.start : s.end]: str(s.style) for s in law.spans}
    assert "red" in styles["[-California-]"] and "strike" in styles["[-California-]"]
    assert "green" in styles["{+Texas+}"]
    added = next(t for t in lines if t.plain.startswith("+ "))
    assert all("green" in str(s.style) for s in added.spans)


def test_html_goes_through_the_extractor(tmp_path: Path) -> None:
    pytest.importorskip("tracker.extract")
    old, new = tmp_path / "old.html", tmp_path / "new.html"
    page = (
        "<html><body><nav>Home | Login {nav}</nav><main><h1>Terms</h1>"
        "<p>The laws of the State of {state} govern these Terms.</p></main></body></html>"
    )
    old.write_text(page.format(nav="v1", state="California"), "utf-8")
    new.write_text(page.format(nav="v2", state="Texas"), "utf-8")
    assert "Home" not in load_document(old, select=["main"])
    result = CliRunner().invoke(diff, [str(old), str(new), "--select", "main", "--json"])
    assert result.exit_code == 0, result.output
    (change,) = json.loads(result.output)["changes"]
    assert change["kind"] == "modified" and ["insert", "Texas"] in change["inline"]
    # without --select, the navigation change shows up too
    result = CliRunner().invoke(diff, [str(old), str(new), "--json"])
    assert len(json.loads(result.output)["changes"]) == 2


def test_registered_on_the_clausewatch_group(pair: tuple[Path, Path]) -> None:
    cli_module = pytest.importorskip("tracker.cli")
    result = CliRunner().invoke(cli_module.cli, ["diff", str(pair[0]), str(pair[1]), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["significance"] == "substantive"
