"""``clausewatch flag``: human output, --lines, --json, stdin."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tracker.cli.flag import flag

LINES = (
    "We may use your posts to train our AI models.\n"
    "Please contact support.\n"
    "\n"
    "x reserves the right , at its sole discretion , to modify these terms .\n"
)


def test_json_lines_one_object_per_input_line() -> None:
    res = CliRunner().invoke(flag, ["--lines", "--json", "-"], input=LINES)
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert [r["text"] for r in rows] == LINES.rstrip("\n").split("\n")
    assert rows[0]["categories"] == ["ai_training"]
    assert rows[1]["categories"] == [] and rows[1]["flags"] == []
    assert rows[2]["text"] == ""
    assert "unilateral_change" in rows[3]["categories"]
    f = rows[0]["flags"][0]
    assert f["category"] == "ai_training" and f["polarity"] == "grants"
    assert {"severity", "evidence", "entities", "confidence"} <= set(f)


def test_human_output_lists_flagged_clauses_only(tmp_path: Path) -> None:
    doc = tmp_path / "terms.md"
    doc.write_text(
        "# Terms\n\n## Disputes\n\nAll disputes will be resolved by binding arbitration in "
        "Santa Clara County, California.\n\n## Hello\n\nHave a nice day.\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(flag, [str(doc)])
    assert res.exit_code == 0, res.output
    assert "arbitration" in res.output
    assert "evidence: " in res.output
    assert "Have a nice day" not in res.output


def test_document_json_has_every_clause(tmp_path: Path) -> None:
    doc = tmp_path / "terms.md"
    doc.write_text(
        "We may terminate your account at any time.\n\nHave a nice day.\n", encoding="utf-8"
    )
    res = CliRunner().invoke(flag, ["--json", str(doc)])
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert len(rows) == 2
    assert "unilateral_termination" in rows[0]["categories"]
    assert rows[1]["categories"] == []
    assert "section" in rows[0]


def test_nothing_flagged_message() -> None:
    res = CliRunner().invoke(flag, ["-"], input="Hello there.\n")
    assert res.exit_code == 0
    assert "No flagged clauses." in res.output


def test_help_has_example() -> None:
    res = CliRunner().invoke(flag, ["--help"])
    assert "clausewatch flag" in res.output and "--lines" in res.output
