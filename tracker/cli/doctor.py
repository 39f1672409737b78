"""``clausewatch catalog doctor`` and ``catalog sync-ota``: keep the catalog working.

A thin layer over :mod:`tracker.catalog.doctor` and :mod:`tracker.catalog.ota`; the
commands belong to the ``catalog`` group (:mod:`tracker.cli.catalog`).
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from tracker.cli.options import browser_default, catalog_option, db_option, page_fetcher


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


@click.command("doctor")
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
    default=browser_default,
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
        page_fetcher(timeout),
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


@click.command("sync-ota")
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
