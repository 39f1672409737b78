"""What the ``clausewatch`` commands share: settings, common options, error exits.

Defaults come from ``clausewatch.toml`` and ``CLAUSEWATCH_*`` variables
(docs/configuration.md), read when a command runs, not at import.
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import click


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``Error: message`` on standard error and exit (2: usage or setup problem)."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def config() -> Any:
    """Settings from clausewatch.toml and CLAUSEWATCH_* variables.

    A bad value raises :class:`~tracker.errors.ConfigError`, which the command group
    prints as a clear error.
    """
    from tracker.config import load_config

    return load_config()


def open_existing(db_path: str) -> Any:
    """Open a database that must exist (``StoreError`` otherwise, shown as an error)."""
    from tracker.store.db import open_db

    return open_db(db_path, create=False)


def default_db() -> str:
    return str(config().db)


def default_site() -> str:
    return str(config().site)


def default_base_url() -> str:
    return str(config().base_url)


def default_catalog() -> str:
    from tracker.catalog import default_catalog_dir

    return str(config().catalog or default_catalog_dir())


def page_fetcher(timeout: float) -> Any:
    """A plain page fetcher for the catalog tools, with the configured User-Agent."""
    from tracker.fetch.http import make_fetcher

    settings = config()
    return make_fetcher(settings.user_agent, timeout, settings.get("crawl.chromium") or None)


def browser_default() -> bool:
    """Whether the catalog tools render ``executeClientScripts`` pages by default."""
    return bool(config().get("crawl.browser"))


def db_option(help: str = "SQLite database file.") -> Any:
    return click.option(
        "--db",
        "db_path",
        default=default_db,
        show_default="$CLAUSEWATCH_DB or data/clausewatch.db",
        type=click.Path(dir_okay=False),
        help=help,
    )


catalog_option = click.option(
    "--catalog",
    "catalog_dir",
    default=default_catalog,
    show_default="$CLAUSEWATCH_CATALOG, ./catalog, or the shipped catalog",
    type=click.Path(file_okay=False),
    help="Folder of Open Terms Archive declaration files.",
)
out_option = click.option(
    "--out",
    "out_dir",
    default=default_site,
    show_default="$CLAUSEWATCH_SITE or site",
    type=click.Path(file_okay=False),
    help="Folder to write the static site into.",
)
base_url_option = click.option(
    "--base-url",
    default=default_base_url,
    help="Public URL of the site, for absolute links in feeds.",
)
only_option = click.option(
    "--only", multiple=True, help='Only these services (or "Service/Type"). Repeatable.'
)
quiet_option = click.option(
    "-q", "--quiet", is_flag=True, help="Print nothing unless something changed or failed."
)
verbose_option = click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")


def run_options(f: Any) -> Any:
    """The options of a crawl-then-build run, shared by ``run`` and ``watch``."""
    options = (
        catalog_option,
        db_option(),
        out_option,
        base_url_option,
        only_option,
        quiet_option,
        verbose_option,
    )
    for option in reversed(options):  # applied bottom-up, like stacked decorators
        f = option(f)
    return f
