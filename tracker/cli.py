"""The ``clausewatch`` command line: a thin layer over library functions.

Every command calls a function that is tested on its own (``tracker.crawl.crawl``,
``tracker.site.build_site``, ``tracker.store.list_changes``, ...).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from tracker.catalog import CatalogError
from tracker.cli_options import (
    base_url_option,
    catalog_option,
    db_option,
    fail,
    only_option,
    out_option,
    quiet_option,
    run_options,
    verbose_option,
)
from tracker.store import StoreError


def _open(db_path: str, create: bool = False) -> Any:
    from tracker.store import open_db

    try:
        return open_db(db_path, create=create)
    except StoreError as exc:
        fail(str(exc))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="clausewatch")
def cli() -> None:
    """Track terms-of-service changes clause by clause, flag what matters, publish a site.

    \b
    Quick start (offline, nothing to configure):
        clausewatch demo
    Live use:
        clausewatch run --catalog catalog --db data/clausewatch.db --out site
    """


def print_crawl_report(report: Any, quiet: bool = False) -> None:
    s = report.summary
    for problem in report.problems:
        click.echo(f"catalog problem: {problem}", err=True)
    if quiet and not report.needs_attention and not s.get("changed"):
        return
    reasons = ", ".join(f"{k}: {v}" for k, v in sorted(s.get("failed_by_reason", {}).items()))
    click.echo(
        f"run {report.run_id}: {s['checked']} checked, {s['unchanged']} unchanged, "
        f"{s['changed']} changed, {s['failed']} failed"
        + (f" ({reasons})" if reasons else "")
        + (f", {s['held_back']} held back (shrank; see 'status')" if s.get("held_back") else "")
        + (f", {s['skipped']} skipped" if s.get("skipped") else "")
        + f" in {s.get('seconds', 0)}s"
        + (" [the crawl crashed]" if s.get("status") == "crashed" else "")
    )
    for run_id in s.get("crashed_runs_closed") or ():
        click.echo(f"note: run {run_id} had been killed; it is now marked crashed", err=True)


def _do_crawl(
    catalog_dir: str, db_path: str, only: tuple[str, ...], verbose: bool, progress: bool = False
) -> Any:
    from tracker.crawl import crawl

    try:
        return crawl(
            catalog_dir,
            db_path,
            list(only) or None,
            log_level="INFO" if verbose else "WARNING",
            progress=progress and not verbose and sys.stderr.isatty(),
        )
    except (CatalogError, StoreError) as exc:  # LockError is a StoreError
        fail(str(exc))


@cli.command("crawl")
@catalog_option
@db_option()
@only_option
@verbose_option
@quiet_option
def crawl_cmd(
    catalog_dir: str, db_path: str, only: tuple[str, ...], verbose: bool, quiet: bool
) -> None:
    """Fetch every document of the catalog once and record new versions.

    Exits 1 when a document failed or was held back, or a declaration is broken, so
    cron can tell; 2 when it could not run (another run holds the database's lock).
    Shows progress on a terminal, nothing under cron.

    \b
    Example:
        clausewatch crawl --catalog catalog --db data/clausewatch.db
    """
    report = _do_crawl(catalog_dir, db_path, only, verbose, progress=not quiet)
    print_crawl_report(report, quiet)
    sys.exit(1 if report.needs_attention else 0)


@cli.command("build")
@db_option()
@out_option
@base_url_option
@click.option("-q", "--quiet", is_flag=True, help="Do not list the pages written.")
def build_cmd(db_path: str, out_dir: str, base_url: str, quiet: bool) -> None:
    """Render the static site (and feeds) from the database.

    \b
    Example:
        clausewatch build --db data/clausewatch.db --out site --base-url https://example.org/tos
    """
    from tracker.site import build_site

    db = _open(db_path)
    report = build_site(db, out_dir, base_url or None)
    if not quiet:
        for rel in report.written:
            click.echo(f"wrote {Path(out_dir) / rel}")
        for rel in report.removed:
            click.echo(f"removed {Path(out_dir) / rel}")
        click.echo(
            f"{len(report.written)} pages written, {len(report.removed)} removed, "
            f"{report.unchanged} unchanged, site at {Path(out_dir).resolve() / 'index.html'}"
        )


@cli.command("run")
@run_options
def run_cmd(
    catalog_dir: str,
    db_path: str,
    out_dir: str,
    base_url: str,
    only: tuple[str, ...],
    quiet: bool,
    verbose: bool,
) -> None:
    """Crawl, then build the site: the entry point for cron.

    Exits 1 when a document failed, so cron mails you only when something needs you.

    \b
    Example (crontab, every six hours):
        0 */6 * * * cd /srv/clausewatch && .venv/bin/clausewatch run --quiet
    """
    try:
        outcome = run_and_report(
            catalog_dir,
            db_path,
            out_dir,
            base_url,
            only,
            quiet,
            verbose,
            progress=not quiet and not verbose and sys.stderr.isatty(),
        )
    except (CatalogError, StoreError) as exc:  # LockError is a StoreError
        fail(str(exc))
    sys.exit(1 if outcome.needs_attention else 0)


def run_and_report(
    catalog_dir: str,
    db_path: str,
    out_dir: str,
    base_url: str,
    only: tuple[str, ...],
    quiet: bool,
    verbose: bool,
    progress: bool = False,
) -> Any:
    """One crawl-then-build run with its report printed: ``run`` and each ``watch`` run."""
    from tracker.schedule import run_once

    outcome = run_once(
        catalog_dir,
        db_path,
        out_dir,
        base_url or None,
        list(only) or None,
        log_level="INFO" if verbose else "WARNING",
        progress=progress,
    )
    print_crawl_report(outcome.report, quiet)
    if not quiet or outcome.report.summary.get("changed"):
        click.echo(f"site: {outcome.pages_written} pages written to {out_dir}")
    return outcome


@cli.command("changes")
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
    from tracker.store import list_changes

    changes = list_changes(_open(db_path), service, significance, limit)
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


@cli.command("reextract")
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
    from tracker.lock import RunLock
    from tracker.store import reextract

    db = _open(db_path)
    try:
        with RunLock(db_path):  # rewrites versions: never while a crawl writes them
            report = reextract(db, dry_run=dry_run)
    except StoreError as exc:
        fail(str(exc))
    for error in report.errors:
        click.echo(f"warning: {error}", err=True)
    click.echo(
        f"{report.documents} documents: {report.versions_before} versions → "
        f"{report.versions_after}, {report.changed_texts} texts changed"
        + (" (dry run, nothing written)" if dry_run else "")
    )


@cli.command("demo")
@click.option(
    "--dir",
    "workdir",
    default="clausewatch-demo",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Where to put the demo database and site.",
)
def demo_cmd(workdir: str) -> None:
    """Run the whole pipeline offline on a fictional platform, then build the site.

    Serves three releases of made-up policies on 127.0.0.1, crawls each with the real
    spider into a fresh database, and builds the site.

    \b
    Example:
        clausewatch demo --dir /tmp/cw-demo && xdg-open /tmp/cw-demo/site/index.html
    """
    from rich.console import Console
    from rich.table import Table

    from tracker.demo import run_demo

    report = run_demo(workdir)
    console = Console()
    table = Table(title="clausewatch demo: one crawl per release")
    for col in (
        "release",
        "what changed on the server",
        "checked",
        "unchanged",
        "changed",
        "failed",
    ):
        table.add_column(col)
    for r in report.releases:
        table.add_row(
            r["release"],
            r["description"],
            str(r["checked"]),
            str(r["unchanged"]),
            str(r["changed"]),
            str(r["failed"]),
        )
    console.print(table)
    console.print("Recorded changes:")
    for c in report.changes:
        console.print(
            f"  • {c['service']} / {c['document']} [{c['significance']}]: {c['headline'] or '-'}",
            markup=False,
            highlight=False,
        )
    console.print(f"Database: {report.db_path}")
    console.print(f"Site: {(report.site / 'index.html').resolve()}  ({report.pages_written} pages)")
    console.print(f"Try: clausewatch changes --db {report.db_path} --json")


# Commands that live in their own modules (imported last: they import this module's helpers).
from tracker.cli_catalog import catalog  # noqa: E402
from tracker.cli_diff import diff  # noqa: E402
from tracker.cli_flag import flag  # noqa: E402
from tracker.cli_status import status  # noqa: E402
from tracker.cli_watch import watch  # noqa: E402

for _command in (diff, flag, catalog, watch, status):
    cli.add_command(_command)
