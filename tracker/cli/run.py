"""``clausewatch crawl``, ``build`` and ``run``: fetch, record, publish."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from tracker.cli.options import (
    base_url_option,
    catalog_option,
    db_option,
    only_option,
    open_existing,
    out_option,
    quiet_option,
    run_options,
    verbose_option,
)


def print_crawl_report(report: Any, quiet: bool = False) -> None:
    """The run's summary line, then one line per document that collapsed (a suspect).

    With ``quiet``, nothing when there is no news; a run whose only news is a suspect
    collapse prints just one line per such document, naming it, for cron to mail.
    """
    s = report.summary
    for problem in report.problems:
        click.echo(f"catalog problem: {problem}", err=True)
    if quiet and not report.needs_attention and not s.get("changed"):
        return
    only_suspects = report.suspects and not (
        s.get("failed") or s.get("held_back") or s.get("changed") or report.returncode
    )
    if not (quiet and only_suspects):
        click.echo(_summary_line(report.run_id, s))
    for doc in report.suspects:
        click.echo(f"{doc['service']} · {doc['document']}: {doc['problem']}")
    for run_id in s.get("crashed_runs_closed") or ():
        click.echo(f"note: run {run_id} had been killed; it is now marked crashed", err=True)


def _summary_line(run_id: int, s: dict[str, Any]) -> str:
    reasons = ", ".join(f"{k}: {v}" for k, v in sorted(s.get("failed_by_reason", {}).items()))
    return (
        f"run {run_id}: {s['checked']} checked, {s['unchanged']} unchanged, "
        f"{s['changed']} changed, {s['failed']} failed"
        + (f" ({reasons})" if reasons else "")
        + (f", {s['held_back']} held back (shrank; see 'status')" if s.get("held_back") else "")
        + (f", {s['suspect']} suspect (collapsed; never recorded)" if s.get("suspect") else "")
        + (f", {s['skipped']} skipped" if s.get("skipped") else "")
        + f" in {s.get('seconds', 0)}s"
        + (" [the crawl crashed]" if s.get("status") == "crashed" else "")
    )


def _do_crawl(
    catalog_dir: str, db_path: str, only: tuple[str, ...], verbose: bool, progress: bool = False
) -> Any:
    from tracker.crawl import crawl

    return crawl(
        catalog_dir,
        db_path,
        list(only) or None,
        log_level="INFO" if verbose else "WARNING",
        progress=progress and not verbose and sys.stderr.isatty(),
    )


@click.command("crawl")
@catalog_option
@db_option()
@only_option
@verbose_option
@quiet_option
def crawl_cmd(
    catalog_dir: str, db_path: str, only: tuple[str, ...], verbose: bool, quiet: bool
) -> None:
    """Fetch every document of the catalog once and record new versions.

    Exits 1 when a document failed, was held back or collapsed (a suspect: its
    selector probably broke), or a declaration is broken, so cron can tell; 2 when it
    could not run (another run holds the database's lock).
    Shows progress on a terminal, nothing under cron.

    \b
    Example:
        clausewatch crawl --catalog catalog --db data/clausewatch.db
    """
    report = _do_crawl(catalog_dir, db_path, only, verbose, progress=not quiet)
    print_crawl_report(report, quiet)
    sys.exit(1 if report.needs_attention else 0)


force_option = click.option(
    "--force",
    is_flag=True,
    help="Build into a non-empty folder that no earlier build made (files clausewatch did "
    "not write are kept).",
)


@click.command("build")
@db_option()
@out_option
@base_url_option
@force_option
@click.option(
    "--lang",
    "languages",
    default=None,
    metavar="LANGS",
    help="The languages of the site, comma-separated: en (always built, at the root of the "
    "site) and ar (Arabic, under ar/).  [default: all: en,ar]",
)
@click.option("-q", "--quiet", is_flag=True, help="Do not list the pages written.")
def build_cmd(
    db_path: str, out_dir: str, base_url: str, force: bool, languages: str | None, quiet: bool
) -> None:
    """Render the static site (and feeds) from the database, in English and Arabic.

    The site appears all at once: it is built beside --out, then swapped in. It is
    never built into / or your home folder, nor into a non-empty folder that an
    earlier build did not make (unless --force). Exits 1 when a page could not be
    built (each is listed; every other page is), 2 when the site could not be built.

    \b
    Example:
        clausewatch build --db data/clausewatch.db --out site --base-url https://example.org/tos
        clausewatch build --lang en        # English only: half the pages
    """
    from tracker.site.build import build_site, site_languages

    wanted = site_languages(languages.split(",") if languages is not None else None)
    report = build_site(
        open_existing(db_path), out_dir, base_url or None, force=force, languages=wanted
    )
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    for problem in report.problems:
        click.echo(f"build problem: {problem}", err=True)
    if not quiet:
        for rel in report.written:
            click.echo(f"wrote {Path(out_dir) / rel}")
        for rel in report.removed:
            click.echo(f"removed {Path(out_dir) / rel}")
        click.echo(
            f"{len(report.written)} pages written, {len(report.removed)} removed, "
            f"{report.unchanged} unchanged, site at {Path(out_dir).resolve() / 'index.html'}"
        )
        for language, home in report.homes.items():
            if home != "index.html":
                click.echo(f"  {language}: {Path(out_dir).resolve() / home}")
    sys.exit(1 if report.problems else 0)


@click.command("run")
@run_options
@force_option
def run_cmd(
    catalog_dir: str,
    db_path: str,
    out_dir: str,
    base_url: str,
    only: tuple[str, ...],
    quiet: bool,
    verbose: bool,
    force: bool,
) -> None:
    """Crawl, build the site, send alerts: the entry point for cron.

    Alerts are the [[alerts]] subscriptions of the settings file (docs/alerts.md).
    Exits 1 when a document failed or collapsed (one line names each suspect
    document) or an alert could not be delivered, so cron mails you only when
    something needs you.

    \b
    Example (crontab, every six hours):
        0 */6 * * * cd /srv/clausewatch && .venv/bin/clausewatch run --quiet
    """
    outcome = run_and_report(
        catalog_dir,
        db_path,
        out_dir,
        base_url,
        only,
        quiet,
        verbose,
        progress=not quiet and not verbose and sys.stderr.isatty(),
        force=force,
    )
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
    force: bool = False,
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
        force=force,
    )
    print_crawl_report(outcome.report, quiet)
    for problem in outcome.build_problems:
        click.echo(f"build problem: {problem}", err=True)
    if not quiet or outcome.report.summary.get("changed"):
        click.echo(f"site: {outcome.pages_written} pages written to {out_dir}")
    if outcome.alerts is not None:
        delivery = outcome.alerts.delivery
        for line in delivery.errors:
            click.echo(f"alert not delivered: {line}", err=True)
        if not quiet or delivery.sent or delivery.errors:
            for line in delivery.waiting:
                click.echo(f"alerts waiting: {line}")
            click.echo(outcome.alerts.summary())
    return outcome
