"""``clausewatch import ota|wayback``: years of history on day one (docs/import.md)."""

from __future__ import annotations

from typing import Any

import click

from tracker.cli.options import catalog_option, config, db_option, only_option


@click.group("import")
def import_group() -> None:
    """Import history: an Open Terms Archive repository, or the Wayback Machine.

    Imported versions get their diffs, flags and headlines like crawled ones, are
    dated with their archive dates, and never send alerts.

    \b
    Example:
        clausewatch import ota ~/pga-versions --db data/clausewatch.db
    """


def _ota_line(doc: Any) -> str:
    text = f"{doc.service} / {doc.terms_type}: {doc.commits} commits, {doc.versions} new versions"
    if doc.upgrades:
        text += f" ({doc.upgrades} archive re-extractions, minor)"
    if doc.same_text:
        text += f", {doc.same_text} without visible change"
    if doc.older:
        text += f", {doc.older} already imported or older than its history"
    return text + ("" if doc.in_catalog else " [not in the catalog]")


@import_group.command("ota")
@click.argument("path", type=click.Path(file_okay=False))
@db_option()
@catalog_option
@only_option
@click.option("-q", "--quiet", is_flag=True, help="Print the summary only.")
def ota_cmd(path: str, db_path: str, catalog_dir: str, only: tuple[str, ...], quiet: bool) -> None:
    """Import an Open Terms Archive versions repository (a local git clone) at PATH.

    Every SERVICE/TERMS TYPE.md is imported, commit by commit; documents the catalog
    lacks are imported all the same and listed. Running it again adds only new commits.

    \b
    Example:
        git clone https://github.com/OpenTermsArchive/pga-versions ~/pga-versions
        clausewatch import ota ~/pga-versions --only TikTok
    """
    from tracker.importers.ota import import_ota

    def show(doc: Any) -> None:
        if not quiet:
            click.echo(_ota_line(doc))
        for error in doc.errors:
            click.echo(f"  {doc.path}: {error}", err=True)

    report = import_ota(path, db_path, catalog_dir, list(only) or None, progress=show)
    missing = report.missing_from_catalog
    click.echo(
        f"{report.versions} new versions of {len(report.documents)} documents imported "
        f"from {path} into {db_path}"
    )
    if missing:
        names = ", ".join(f"{d.service} / {d.terms_type}" for d in missing)
        click.echo(f"Not in the catalog (imported all the same): {names}")
    if report.unknown_messages:
        click.echo(
            f"{report.unknown_messages} commits have a message the archive's engine does not "
            "write; they were imported as changes"
        )


@import_group.command("wayback")
@catalog_option
@db_option()
@only_option
@click.option(
    "--per",
    type=click.Choice(["capture", "hour", "day", "month", "year"]),
    default="day",
    show_default=True,
    help="Keep at most one capture per day (month...); 'capture' keeps every distinct one.",
)
@click.option("--from", "since", help="First date, YYYY[MM[DD]].")
@click.option("--to", "until", help="Last date, YYYY[MM[DD]].")
@click.option("--limit", type=int, help="Only the newest N new captures of each document.")
@click.option("--wayback-url", help="Base URL of the archive [default: setting wayback.url].")
@click.option("--delay", type=float, help="Seconds between requests [default: wayback.delay].")
@click.option("-q", "--quiet", is_flag=True, help="Print the summary only.")
def wayback_cmd(
    catalog_dir: str,
    db_path: str,
    only: tuple[str, ...],
    per: str,
    since: str | None,
    until: str | None,
    limit: int | None,
    wayback_url: str | None,
    delay: float | None,
    quiet: bool,
) -> None:
    """Backfill documents of the catalog from the Wayback Machine's captures.

    Politely: one request at a time, --delay seconds apart. Run it before the first
    crawl of a document: history is only ever added after a document's latest version.

    \b
    Example:
        clausewatch import wayback --only "Bluesky/Terms of Service" --from 2023 --per month
    """
    from tracker.importers.wayback import import_wayback

    settings = config()

    def show(doc: Any) -> None:
        if not quiet:
            line = f"{doc.service} / {doc.terms_type}: "
            if doc.skipped:
                line += f"skipped: {doc.skipped}"
            else:
                line += f"{doc.captures} captures, {doc.versions} new versions"
                line += f", {doc.same_text} without visible change" if doc.same_text else ""
                line += f", {doc.older} already there or older" if doc.older else ""
            click.echo(line)
        for error in doc.errors:
            click.echo(f"  {error}", err=True)

    report = import_wayback(
        catalog_dir,
        db_path,
        base_url=wayback_url or settings.get("wayback.url"),
        user_agent=settings.user_agent,
        delay=settings.get("wayback.delay") if delay is None else delay,
        only=list(only) or None,
        per=per,
        since=since,
        until=until,
        limit=limit,
        progress=show,
    )
    click.echo(
        f"{report.versions} new versions of {len(report.documents)} documents imported "
        f"from the Wayback Machine ({report.requests} requests)"
    )
