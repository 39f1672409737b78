"""``clausewatch status``: each document's health, so that selector rot is visible.

A document that fails (or whose text was held back, or collapsed) says since when it
has not been tracked, how many fetches in a row failed, and why the last one did.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

STATUS_STYLE = {
    "ok": "green",
    "failing": "red",
    "held_back": "yellow",
    "suspect": "red",
    "skipped": "dim",
    "pending": "dim",
}


def _when(value: str | None) -> str:
    return value[:16].replace("T", " ") if value else "never"


@click.command("status")
@click.option(
    "--db",
    "db_path",
    default=None,
    type=click.Path(dir_okay=False),
    help="SQLite database file [default: $CLAUSEWATCH_DB or data/clausewatch.db].",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--problems", is_flag=True, help="Only documents that need attention.")
@click.option(
    "--check",
    is_flag=True,
    help="Exit 1 when a document is failing, held back or suspect (monitoring).",
)
def status(db_path: str | None, as_json: bool, problems: bool, check: bool) -> None:
    """Show each document's health: ok, failing (since when, why), held back or suspect.

    "Not tracked since" is the last successful fetch of a document that now fails:
    a selector that stopped matching shows up here, not as a silent gap.  A suspect
    document's text collapsed (a heading or a fragment is left: the selector probably
    broke); nothing of it is recorded until the full page comes back, the declaration
    is fixed, or 'clausewatch confirm' accepts the cut.  Problems are listed under the
    table, one line each.

    \b
    Examples:
        clausewatch status --db data/clausewatch.db
        clausewatch status --problems --check   # for monitoring
        clausewatch status --json
    """
    from tracker.cli.options import default_db, open_existing
    from tracker.status import status_report

    db_path = db_path or default_db()
    report = status_report(open_existing(db_path), db_path)
    shown = [d for d in report["documents"] if d["needs_attention"] or not problems]
    if as_json:
        click.echo(json.dumps({**report, "documents": shown}, indent=2, ensure_ascii=False))
    else:
        _print(report, shown)
    sys.exit(1 if check and report["needs_attention"] else 0)


def _print(report: dict[str, Any], documents: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from tracker.normalize import shown

    console = Console(width=max(110, Console().width))
    if report["running_pid"]:
        console.print(f"A crawl is running now (pid {report['running_pid']}).")
    if report["runs"]:
        run = report["runs"][0]
        r = run["report"]
        console.print(
            f"Last run {run['id']} ({run['status']}), {_when(run['started_at'])}: "
            f"{r.get('checked', 0)} checked, {r.get('unchanged', 0)} unchanged, "
            f"{r.get('changed', 0)} changed, {r.get('failed', 0)} failed"
            + (f", {r['held_back']} held back" if r.get("held_back") else "")
            + (f", {r['suspect']} suspect" if r.get("suspect") else "")
        )
    else:
        console.print("No run yet: run 'clausewatch crawl'.")
    if not documents:
        console.print("Every document is healthy." if report["documents"] else "No document.")
        return
    table = Table(show_lines=False)
    for col in ("service", "document", "status", "not tracked since", "fails", "why", "versions"):
        table.add_column(col)
    for d in documents:
        style = STATUS_STYLE.get(d["status"] or "", "")
        attention = d["needs_attention"]
        table.add_row(
            Text(shown(d["service"])),  # names: no rich markup, no raw control characters
            Text(shown(d["document"])),
            f"[{style}]{d['status']}[/]" if style else str(d["status"]),
            _when(d["last_success_at"]) if attention else "",
            str(d["consecutive_failures"] or "") if attention else "",
            (d["last_failure_reason"] or "") if attention or d["status"] == "skipped" else "",
            str(d["versions"]),
        )
    console.print(table)
    _print_problems(console, documents)
    _print_doctor(console, documents)
    bad = report["needs_attention"]
    if bad:
        console.print(
            f"{bad} document(s) need attention; details: clausewatch status --problems --json"
        )


def _print_problems(console: Any, documents: list[dict[str, Any]]) -> None:
    """One line per problem, then what to do about a suspect collapse."""
    from rich.text import Text

    problems = [d for d in documents if d.get("problem")]
    if problems:
        console.print("Problems:")
    for d in problems:
        # Text(), not markup: names and details come from declarations and pages
        console.print(Text(f"  {d['service']} · {d['document']}: {d['problem']}"))
        if d["status"] != "suspect":
            continue
        if d.get("proposal"):
            console.print(Text(f"    the selector doctor proposes: {d['proposal']}"))
        console.print(
            Text(
                "    fix the declaration's selector, or if the document really was cut: "
                f'clausewatch confirm "{d["service"]}" "{d["document"]}"'
            )
        )


def _print_doctor(console: Any, documents: list[dict[str, Any]]) -> None:
    """What the selector doctor proposes for each document that needs attention."""
    from rich.markup import escape

    broken = [d for d in documents if d.get("needs_attention")]
    unseen = [d for d in broken if not d.get("doctor")]
    for d in broken:
        doctor = d.get("doctor")
        if not doctor:
            continue
        name = f"{d['service']} / {d['document']}"
        console.print(f"{escape(name)}: the doctor ({_when(doctor['checked_at'])}): ", end="")
        console.print(escape(doctor["summary"] or doctor["status"]), soft_wrap=True)
        if doctor.get("fixed_at"):
            console.print("  written into the declaration; the next crawl will tell")
        elif doctor["status"] in ("proposed", "moved"):
            key = f"{d['service']}/{d['document']}"
            console.print(f"  apply: clausewatch catalog doctor {escape(repr(key))} --fix")
    failing_selectors = [
        d for d in unseen if d["last_failure_reason"] in ("selector_no_match", "suspicious_shrink")
    ]
    if failing_selectors:
        console.print(
            f"{len(failing_selectors)} broken selector(s) not diagnosed yet: "
            "clausewatch catalog doctor"
        )
