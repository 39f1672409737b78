"""``clausewatch confirm``: accept a suspect collapse as a real cut of the document."""

from __future__ import annotations

import getpass

import click

from tracker.cli.options import db_option, open_existing


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no login name (some containers)
        return ""


@click.command("confirm")
@click.argument("service")
@click.argument("terms_type", metavar="TERMS_TYPE")
@db_option()
@click.option(
    "--by",
    default=_login,
    show_default="your login name",
    help="Who confirms the cut (a name or an e-mail address); recorded with the change.",
)
def confirm_cmd(service: str, terms_type: str, db_path: str, by: str) -> None:
    """Accept a suspect collapse: the document really was cut to what is left.

    A text that collapsed (a heading or a fragment of the document is left) is never
    recorded on its own, because a broken selector repeats itself run after run.
    When the publisher really did cut the document, this records the held text as
    one change, marked as confirmed by you, with the date.  If the selector broke
    instead, fix the declaration: the next crawl ends the suspect state.

    \b
    Example:
        clausewatch confirm Acme "Privacy Policy" --by "Jo Maintainer" --db data/clausewatch.db
    """
    from tracker.analysis import default_analyser
    from tracker.store.confirm import confirm_suspect
    from tracker.store.lock import RunLock

    db = open_existing(db_path)
    with RunLock(db_path):  # writes a version: never while a crawl writes them
        result = confirm_suspect(db, service, terms_type, by, default_analyser())
    click.echo(
        f'recorded version {result.number} of {service} "{terms_type}", '
        f"confirmed by {by.strip()}: {result.headline}"
    )
    click.echo("run 'clausewatch build' (or the next 'clausewatch run') to publish it")
