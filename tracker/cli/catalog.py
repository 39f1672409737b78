"""``clausewatch catalog``: list, check, try, add and repair declarations.

A thin layer over :mod:`tracker.catalog` (list, check, try, add, doctor, sync-ota).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from tracker.cli.options import catalog_option, config, db_option, default_catalog
from tracker.errors import CatalogError


def _fetcher(timeout: float) -> Any:
    from tracker.fetch.http import make_fetcher

    settings = config()
    return make_fetcher(settings.user_agent, timeout, settings.get("crawl.chromium") or None)


def _browser_default() -> bool:
    return bool(config().get("crawl.browser"))


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
        cells = [r["service"], r["document"], r["url"], ", ".join(notes)]
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
    default=_browser_default,
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
            _fetcher(timeout),
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
            _fetcher(timeout),
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


def _print_diagnosis(d: Any) -> None:
    click.secho(f"== {d.service} / {d.terms_type}: {d.status.replace('_', ' ')}", bold=True)
    if d.problem:
        click.echo(f"   problem: {d.problem}")
    if d.last_version:
        when = (d.last_version["recorded_at"] or "")[:16].replace("T", " ")
        click.echo(f"   compared with: version {d.last_version['number']} ({when} UTC)")
    for page in d.pages:
        where = f"page {page.index + 1}: " if len(d.pages) > 1 else ""
        click.echo(f"   {where}page examined: {page.source}")
        if page.error:
            click.secho(f"   {where}error: {page.error}", fg="red")
        best = page.proposal or page.best_below
        if page.proposal is not None:
            if page.moved_because:
                click.echo(f"   moved: to {page.fetch} ({page.moved_because})")
            click.secho(f"   proposes: select {json.dumps(best.select)}", fg="green")
            if best.remove:
                click.secho(f"             remove {json.dumps(best.remove)}", fg="green")
        elif best is not None:
            click.secho(
                f"   nothing clears {d.threshold:g}; the closest: select "
                f"{json.dumps(best.select)}"
                + (f" remove {json.dumps(best.remove)}" if best.remove else ""),
                fg="yellow",
            )
        if best is not None:
            click.echo(f"   score: {best.score.describe()}")
            click.echo(f"   found: {best.how}")
            if best.on_previous:
                click.echo("   stable: the same rules give the last version on its own page")
            for part in best.fragile:
                click.secho(f"   fragile: {part}", fg="yellow")
        if page.leads_tried and page.proposal is None:
            click.echo(f"   links tried: {', '.join(page.leads_tried)}")
    if d.fixed:
        click.secho("   fixed: the declaration file now has the proposal", fg="green")


@catalog.command("doctor")
@click.argument("services", nargs=-1)
@catalog_option
@db_option(help="Database with each document's health, last version and failed page.")
@click.option("--fix", is_flag=True, help="Write each proposal into its declaration file.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document, in a list.")
@click.option("--live", is_flag=True, help="Fetch the page now instead of using the failed one.")
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=0.8,
    show_default=True,
    help="Least similarity to the last version for a proposal.",
)
@click.option(
    "--browser/--no-browser",
    default=_browser_default,
    show_default="$CLAUSEWATCH_BROWSER",
    help="Render executeClientScripts pages in headless chromium when fetching.",
)
@click.option("--timeout", type=float, default=30, show_default=True, help="Seconds per fetch.")
def doctor_cmd(
    services: tuple[str, ...],
    catalog_dir: str,
    db_path: str,
    fix: bool,
    as_json: bool,
    live: bool,
    threshold: float,
    browser: bool,
    timeout: float,
) -> None:
    """Propose new selectors for documents whose selector broke.

    For each document whose last fetch failed because its selector matched nothing
    (or whose text collapsed), search the page the crawl failed on for the text of
    the last recorded version, and propose the selector (and what to remove) that
    gives it back, with its similarity. When nothing on the page clears the
    threshold, follow the page's redirect and its links that name the document (the
    document may have moved). SERVICE limits it to those services ("Service/Type"
    for one document). Nothing is recorded: the next crawl with the fixed declaration
    records the document again. Exit 1 when a broken document has no proposal.

    \b
    Examples:
        clausewatch catalog doctor
        clausewatch catalog doctor Bluesky --json
        clausewatch catalog doctor "Bluesky/Privacy Policy" --fix
    """
    from tracker.catalog.doctor import run_doctor
    from tracker.cli.options import open_existing

    db = open_existing(db_path)
    run = run_doctor(
        catalog_dir,
        db,
        _fetcher(timeout),
        services,
        threshold=threshold,
        live=live,
        browser=browser,
        fix=fix,
    )
    if as_json:
        click.echo(json.dumps([d.to_dict() for d in run.diagnoses], indent=2, ensure_ascii=False))
    else:
        if not run.diagnoses:
            click.echo("No document has a broken selector.")
        for d in run.diagnoses:
            _print_diagnosis(d)
        proposed = [d for d in run.diagnoses if d.proposed and not d.fixed]
        if proposed and not fix:
            click.echo(
                f"{len(proposed)} proposal(s); check them with 'clausewatch catalog try', "
                "then write them with --fix"
            )
        for key in run.fixed:
            click.echo(f"fixed: {key} (the old entry is kept in the .history.json file)")
    for error in run.errors:
        click.echo(f"error: {error}", err=True)
    sys.exit(1 if run.unresolved or run.errors else 0)


_STATE_WORDS = {
    "same": "same",
    "theirs_newer": "theirs is newer",
    "ours_newer": "ours is newer",
    "conflict": "conflict",
    "unusable": "theirs does not load here",
}


@catalog.command("sync-ota")
@click.argument("path", type=click.Path(exists=True, file_okay=False))
@catalog_option
@click.option("--apply", is_flag=True, help="Adopt their declaration where theirs is newer.")
@click.option("--take-theirs", is_flag=True, help="With --apply, adopt theirs in conflicts too.")
@click.option("--only", multiple=True, help='Only these services (or "Service/Type").')
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@click.option("--all", "show_all", is_flag=True, help="List the documents that are the same too.")
def sync_ota_cmd(
    path: str,
    catalog_dir: str,
    apply: bool,
    take_theirs: bool,
    only: tuple[str, ...],
    as_json: bool,
    show_all: bool,
) -> None:
    """Compare the catalog with a local clone of Open Terms Archive declarations.

    PATH is a clone of one of their declarations repositories (its declarations/
    folder and *.history.json files are read; their files are AGPL-3.0 and are never
    copied into clausewatch). For each document both catalogs track (same service and
    terms type, or same URL) it shows how fetch, select, remove, executeClientScripts
    and combine differ, and which side is newer according to the history files. With
    --apply, their declaration replaces ours where theirs is newer (--take-theirs: in
    conflicts too); our entry is kept in our .history.json with validUntil, and our own
    fields (language, jurisdiction, note) stay. Their JavaScript filters are left out.
    It also lists what each side tracks that the other does not.

    \b
    Examples:
        git clone https://github.com/OpenTermsArchive/pga-declarations ~/ota/pga
        clausewatch catalog sync-ota ~/ota/pga
        clausewatch catalog sync-ota ~/ota/pga --apply --only X
    """
    from tracker.catalog.ota import sync_ota

    report = sync_ota(path, catalog_dir, apply=apply, take_theirs=take_theirs, only=only)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        return
    for match in report.matches:
        if match.state == "same" and not show_all:
            continue
        name = f"{match.ours.service} / {match.ours.terms_type}"
        if match.by == "url":
            name += f" (theirs: {match.theirs.service} / {match.theirs.terms_type}, same URL)"
        click.secho(f"== {name}: {_STATE_WORDS[match.state]}", bold=True)
        if match.why:
            click.echo(f"   {match.why}")
        for line in match.differences:
            click.echo(f"   {line}")
        if match.applied:
            click.secho(f"   adopted theirs ({match.theirs.file})", fg="green")
    counts: dict[str, int] = {}
    for match in report.matches:
        counts[match.state] = counts.get(match.state, 0) + 1
    click.echo(
        f"{len(report.matches)} documents in both: "
        + ", ".join(f"{n} {_STATE_WORDS[s]}" for s, n in sorted(counts.items()))
    )
    for side, docs, services in (
        ("ours", report.only_ours, report.services_only_ours),
        ("theirs", report.only_theirs, report.services_only_theirs),
    ):
        gone = {s.casefold() for s in services}
        shared = [d for d in docs if d.split(" / ")[0].casefold() not in gone]
        if shared:
            click.echo(f"only {side} ({len(shared)}): {', '.join(shared)}")
        if services:
            click.echo(f"services only {side} ({len(services)}): {', '.join(services)}")
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    applied = [m for m in report.matches if m.applied]
    if apply:
        click.echo(f"adopted {len(applied)} declaration(s); run 'clausewatch catalog check'")
    elif any(m.state in ("theirs_newer", "conflict") for m in report.matches):
        click.echo("--apply adopts theirs where theirs is newer (--take-theirs: conflicts too)")
