"""``clausewatch catalog``: list, check, try, add and repair declarations.

A thin layer over :mod:`tracker.catalog` (list, check, try, add, doctor, sync-ota).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from tracker.cli.options import (
    browser_default,
    catalog_option,
    db_option,
    default_catalog,
    page_fetcher,
)
from tracker.errors import CatalogError


@click.group("catalog")
def catalog() -> None:
    """List, check, try, add and repair the declarations of a catalog.

    \b
    Examples:
        clausewatch catalog list
        clausewatch catalog check catalog/
        clausewatch catalog try catalog/Bluesky.json
        clausewatch catalog doctor --fix
        clausewatch catalog sync-ota ~/src/pga-declarations
        clausewatch catalog add https://example.com/terms --service Example \\
            --type "Terms of Service"
    """


@catalog.command("list")
@catalog_option
@db_option(help="Database to read each document's health from (skipped if it does not exist).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document, in a list.")
def list_cmd(catalog_dir: str, db_path: str, as_json: bool) -> None:
    """List services and documents, with their health when the database exists.

    \b
    Example:
        clausewatch catalog list --db data/clausewatch.db --json \\
            | jq '.[] | select(.status == "failing")'
    """
    from tracker.catalog.listing import list_documents

    try:
        rows = list_documents(catalog_dir, db_path)
    except CatalogError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from tracker.normalize import shown

    health = bool(rows) and "status" in rows[0]
    table = Table(show_lines=False)
    for col in ("service", "document", "url", "notes"):
        table.add_column(col, overflow="fold")
    if health:
        for col in ("health", "last success", "versions"):
            table.add_column(col)
    for r in rows:
        notes = [
            n
            for n, on in (
                ("browser", r["browser"]),
                ("unverified", r["unverified"]),
                (r["jurisdiction"] or "", bool(r["jurisdiction"])),
                (f"{r['pages']} pages", r["pages"] > 1),
            )
            if on
        ]
        # names and URLs as plain text: no rich markup, no raw control or bidi characters
        cells: list[Any] = [Text(shown(str(r[k]))) for k in ("service", "document", "url")]
        cells.append(", ".join(notes))
        if health:
            status = r["status"] or "never crawled"
            if r["status"] == "failing":
                status += f" ({r['last_failure_reason']}, {r['consecutive_failures']}x)"
            cells += [
                status,
                (r["last_success_at"] or "-")[:16].replace("T", " "),
                "-" if r["versions"] is None else str(r["versions"]),
            ]
        table.add_row(*cells)
    Console(width=max(120, Console().width)).print(table)
    services = len({r["service"] for r in rows})
    click.echo(f"{services} services, {len(rows)} documents")


@catalog.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("--strict", is_flag=True, help="Warnings count as problems (exit 1).")
@click.option("-q", "--quiet", is_flag=True, help="Print problems only.")
def check_cmd(directory: str | None, strict: bool, quiet: bool) -> None:
    """Validate every declaration offline; exit 1 on any problem.

    Each problem names the file, the terms type and the field:
    catalog/X.json: terms "Terms of Service": field "select": invalid CSS selector ...

    \b
    Example:
        clausewatch catalog check catalog/
    """
    from tracker.catalog.check import check_catalog

    report = check_catalog(directory or default_catalog())
    for problem in report.problems:
        click.echo(f"error: {problem}", err=True)
    if not quiet:
        for warning in report.warnings:
            click.echo(f"warning: {warning}", err=True)
    failed = bool(report.problems) or (strict and bool(report.warnings))
    if not quiet or failed:
        click.echo(
            f"{report.directory}: {report.files} files, {report.services} services, "
            f"{report.documents} documents: "
            + (
                f"{len(report.problems)} problems, {len(report.warnings)} warnings"
                if failed or report.warnings
                else "OK"
            )
        )
    sys.exit(1 if failed else 0)


def _print_try(report: Any, full: bool, lines: int) -> None:
    title = f"{report.service} / {report.document}"
    click.secho(f"== {title}", bold=True)
    for page in report.pages:
        how = " (browser)" if page.browser else ""
        if page.error:
            click.echo(f"   {page.url}: {page.error}")
        else:
            moved = f" -> {page.final_url}" if page.final_url and page.final_url != page.url else ""
            click.echo(
                f"   {page.url}{moved}: HTTP {page.status}, {page.bytes:,} bytes, "
                f"{page.seconds}s{how}"
            )
    if report.markdown is not None:
        text = report.markdown.splitlines()
        shown = text if full else text[:lines]
        click.echo("")
        for line in shown:
            click.echo(f"   | {line}")
        if len(shown) < len(text):
            click.echo(f"   | ... ({len(text) - len(shown)} more lines; --full shows all)")
        click.echo("")
        click.echo(f"   size: {report.chars:,} characters, {report.words:,} words")
    if report.stable is True:
        click.echo("   stable: two fetches gave the same text")
    for line in report.instability:
        click.echo(f"   differs: {line}")
    if report.score is not None:
        click.echo(f"   against the last recorded {report.reference}: {report.score.describe()}")
    for warning in report.warnings:
        click.secho(f"   warning: {warning}", fg="yellow")
    for error in report.errors:
        click.secho(f"   error: {error}", fg="red")
    for proposal in report.proposals[:1]:
        rules = f"select {json.dumps(proposal.select)}"
        if proposal.remove:
            rules += f" remove {json.dumps(proposal.remove)}"
        click.echo(
            f"   the doctor's candidate on this page: {rules} ({proposal.score.describe()}); "
            "'clausewatch catalog doctor' checks it and can write it"
        )


@catalog.command("try")
@click.argument("target")
@click.option("--type", "terms_type", help="Only this terms type of the declaration.")
@click.option("--select", help="Try this CSS selector instead of the declaration's.")
@click.option("--remove", multiple=True, help="CSS selector to remove first. Repeatable.")
@click.option("--once", is_flag=True, help="Fetch once (skip the stability check).")
@click.option(
    "--browser/--no-browser",
    default=browser_default,
    show_default="$CLAUSEWATCH_BROWSER",
    help="Render executeClientScripts pages in headless chromium.",
)
@click.option("--timeout", type=float, default=30, show_default=True, help="Seconds per fetch.")
@click.option("--full", is_flag=True, help="Show the whole Markdown.")
@click.option("--lines", type=int, default=40, show_default=True, help="Markdown lines shown.")
@click.option("--json", "as_json", is_flag=True, help="Print the reports as JSON.")
@db_option(help="Score the text against each document's last version in this database.")
def try_cmd(
    target: str,
    terms_type: str | None,
    select: str | None,
    remove: tuple[str, ...],
    once: bool,
    browser: bool,
    timeout: float,
    full: bool,
    lines: int,
    as_json: bool,
    db_path: str,
) -> None:
    """Fetch a declaration's pages (or a URL) and show the Markdown they give.

    TARGET is a declaration file (every terms type, or --type) or a URL (the selector
    is then --select, or a guess). Each page is fetched twice to check the text is
    stable. Warns when the text is tiny, huge, mostly links or unstable; exits 1 when
    a page fails or a selector matches nothing. When the database exists, the text is
    scored against the document's last recorded version (similarity, share of its text
    recovered), and a selector that matches nothing gets the doctor's candidate.

    \b
    Examples:
        clausewatch catalog try catalog/Bluesky.json --type "Terms of Service"
        clausewatch catalog try https://example.com/terms --select main
    """
    from tracker.catalog.tryout import try_target
    from tracker.errors import BrowserUnavailable, FetchError, TryError
    from tracker.store.queries import last_versions

    last = last_versions(db_path) if Path(db_path).is_file() else None
    try:
        reports = try_target(
            target,
            page_fetcher(timeout),
            terms_type=terms_type,
            browser=browser,
            twice=not once,
            select=select,
            remove=list(remove) or None,
            last_versions=last,
        )
    except (TryError, FetchError, BrowserUnavailable) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in reports], indent=2, ensure_ascii=False))
    else:
        for report in reports:
            _print_try(report, full, lines)
    sys.exit(0 if all(r.ok for r in reports) else 1)


@catalog.command("add")
@click.argument("url")
@click.option("--service", required=True, help="Service name, e.g. 'Acme'.")
@click.option(
    "--type",
    "terms_type",
    required=True,
    help='Open Terms Archive terms type, e.g. "Terms of Service" or "Privacy Policy".',
)
@catalog_option
@click.option("--select", help="Use this CSS selector instead of the guess.")
@click.option("--remove", multiple=True, help="CSS selector to remove. Repeatable.")
@click.option("--browser", is_flag=True, help="Render the page in chromium (executeClientScripts).")
@click.option("--force", is_flag=True, help="Replace the terms type if it is already declared.")
@click.option("--dry-run", is_flag=True, help="Show the declaration, write nothing.")
@click.option("--timeout", type=float, default=30, show_default=True, help="Seconds per fetch.")
@click.option("--lines", type=int, default=20, show_default=True, help="Markdown lines shown.")
def add_cmd(
    url: str,
    service: str,
    terms_type: str,
    catalog_dir: str,
    select: str | None,
    remove: tuple[str, ...],
    browser: bool,
    force: bool,
    dry_run: bool,
    timeout: float,
    lines: int,
) -> None:
    """Write a declaration for URL with a suggested selector, and show what it extracts.

    The selector is guessed from the page: main, article or [role=main] when it holds
    most of the text, else the text-dense block with an id or class. Check the result
    with 'clausewatch catalog try' before the first crawl.

    \b
    Example:
        clausewatch catalog add https://example.com/legal/terms --service Example \\
            --type "Terms of Service" --catalog catalog
    """
    from tracker.catalog import TERMS_TYPES
    from tracker.catalog.add import add_declaration
    from tracker.errors import AddError, BrowserUnavailable

    if terms_type not in TERMS_TYPES:
        click.echo(
            f'warning: "{terms_type}" is not an Open Terms Archive terms type '
            "(see docs/catalog.md)",
            err=True,
        )
    try:
        report = add_declaration(
            url,
            service,
            terms_type,
            catalog_dir,
            page_fetcher(timeout),
            select=select,
            remove=list(remove) or None,
            browser=browser,
            force=force,
            dry_run=dry_run,
        )
    except (AddError, BrowserUnavailable) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    if report.suggestion is not None:
        click.echo(f"suggested select: {report.suggestion.select!r} ({report.suggestion.reason})")
        others = [s for s, _ in report.suggestion.candidates[1:4]]
        if others:
            click.echo(f"other candidates: {', '.join(others)}")
    click.echo(json.dumps({terms_type: report.entry}, indent=2, ensure_ascii=False))
    _print_try(report.trial, False, lines)
    if report.written:
        verb = "wrote" if report.created else "added to"
        click.echo(f'{verb} {report.path} (terms "{terms_type}")')
    else:
        click.echo(f"dry run: {Path(report.path)} not written")
    sys.exit(0 if report.trial.ok else 1)


def _register() -> None:
    from tracker.cli.doctor import doctor_cmd, sync_ota_cmd

    catalog.add_command(doctor_cmd)
    catalog.add_command(sync_ota_cmd)


_register()
