"""The command line as a whole: every command has help text with an example."""

from __future__ import annotations

import click
from click.testing import CliRunner

from tracker.analysis import default_analyser
from tracker.cli import cli


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, command in group.commands.items():
        path = (*prefix, name)
        out.append(path)
        if isinstance(command, click.Group):
            out.extend(all_commands(command, path))
    return out


def test_every_command_has_help_with_an_example() -> None:
    commands = all_commands(cli)
    expected = {"crawl", "build", "run", "changes", "reextract", "demo", "diff", "flag"}
    assert expected | {"catalog", "watch", "status"} <= {c[0] for c in commands}
    assert {("catalog", sub) for sub in ("list", "check", "try", "add")} <= set(commands)
    runner = CliRunner()
    for path in commands:
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Example" in result.output, f"clausewatch {' '.join(path)} --help has no example"
        assert "clausewatch" in result.output.split("Example", 1)[1], path


def test_missing_database_is_a_clear_error(tmp_path) -> None:
    result = CliRunner().invoke(cli, ["changes", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "none.db: database not found" in result.output


def test_captured_words_are_not_read_as_terminal_markup(tmp_path) -> None:
    """A headline with [brackets] (from captured text) prints as is in the changes table."""
    from tracker.items import PageFetch
    from tracker.store.db import open_db
    from tracker.store.recorder import record_pages

    db = open_db(tmp_path / "m.db")
    db["services"].insert({"id": 1, "name": "S [bold]x[/bold]", "slug": "s"})
    db["documents"].insert({"id": 1, "service_id": 1, "terms_type": "Terms", "slug": "t"})
    page = PageFetch("https://s.example/", "https://s.example/", 200, b"<p>x</p>")
    record_pages(db, None, 1, [page], "We keep [red]your[/red] data.", analyser=default_analyser())
    record_pages(db, None, 1, [page], "We sell [red]your[/red] data.", analyser=default_analyser())
    result = CliRunner().invoke(cli, ["changes", "--db", str(tmp_path / "m.db")])
    assert result.exit_code == 0, result.output
    assert "S [bold]x[/bold]" in result.output and "substantive" in result.output
