"""``clausewatch changes`` and ``reextract``: read and rebuild the recorded history."""

from __future__ import annotations

import json

import click

from tracker.cli.options import db_option, open_existing


@click.command("changes")
@db_option()
@click.option("--service", help="Only this service.")
@click.option("--significance", type=click.Choice(["substantive", "minor"]), help="Only these.")
@click.option("--limit", type=int, default=None, help="At most this many changes.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per change, in a list.")
def changes_cmd(
    db_path: str, service: str | None, significance: str | None, limit: int | None, as_json: bool
) -> None:
    """List recorded changes, newest first.

    \b
    Example:
        clausewatch changes --db data/clausewatch.db --significance substantive --json
    """
    from tracker.store.queries import list_changes

    changes = list_changes(open_existing(db_path), service, significance, limit)
    if as_json:
        click.echo(json.dumps(changes, indent=2, ensure_ascii=False))
        return
    if not changes:
        click.echo("No change recorded.")
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False)
    for col in ("detected", "service", "document", "significance", "headline"):
        table.add_column(col)
    for c in changes:
        # Text(), not str: captured words are never read as rich markup
        table.add_row(
            *(
                Text(value)
                for value in (
                    c["detected_at"][:16].replace("T", " "),
                    c["service"],
                    c["document"],
                    c["significance"],
                    c["headline"] or "-",
                )
            )
        )
    Console(width=max(100, Console().width)).print(table)


@click.command("reextract")
@db_option()
@click.option("--dry-run", is_flag=True, help="Say what would change, write nothing.")
def reextract_cmd(db_path: str, dry_run: bool) -> None:
    """Rebuild every version from the stored snapshots with the current extractor.

    Use it after upgrading clausewatch: versions that differed only by markup merge,
    and the changes between versions are recomputed.

    \b
    Example:
        clausewatch reextract --db data/clausewatch.db --dry-run
    """
    from tracker.analysis import default_analyser
    from tracker.reextract import reextract
    from tracker.store.lock import RunLock

    db = open_existing(db_path)
    with RunLock(db_path):  # rewrites versions: never while a crawl writes them
        report = reextract(db, default_analyser(), dry_run=dry_run)
    for error in report.errors:
        click.echo(f"warning: {error}", err=True)
    click.echo(
        f"{report.documents} documents: {report.versions_before} versions → "
        f"{report.versions_after}, {report.changed_texts} texts changed"
        + (" (dry run, nothing written)" if dry_run else "")
    )


@click.command("reanalyse")
@db_option()
def reanalyse_cmd(db_path: str) -> None:
    """Recompute the flags, events and headline of every recorded change.

    Use it after upgrading clausewatch, when the analysis has improved: the stored
    versions are analysed again in place.  Nothing is fetched or extracted again, and
    change pages and feed entries keep their URLs and ids.  Then run 'build'.

    \b
    Example:
        clausewatch reanalyse --db data/clausewatch.db && clausewatch build
    """
    from tracker.analysis import default_analyser
    from tracker.reanalyse import reanalyse
    from tracker.store.lock import RunLock

    db = open_existing(db_path)
    with RunLock(db_path):  # rewrites changes: never while a crawl writes them
        report = reanalyse(db, default_analyser())
    click.echo(
        f"{report.documents} documents, {report.versions} versions, {report.changes} changes "
        f"analysed again; {report.headlines_changed} headlines changed"
    )
