"""The ``clausewatch`` command line: a thin layer over library functions.

Every command calls a function that is tested on its own (``tracker.crawl.crawl``,
``tracker.site.build_site``, ``tracker.store.queries.list_changes``, ...).  One module
per group of commands:

- :mod:`~tracker.cli.run`: ``crawl``, ``build``, ``run``; :mod:`~tracker.cli.watch`: ``watch``
- :mod:`~tracker.cli.history`: ``changes``, ``reextract``, ``reanalyse``
- :mod:`~tracker.cli.confirm`: ``confirm``
- :mod:`~tracker.cli.status`: ``status``; :mod:`~tracker.cli.catalog`: ``catalog …``
  (its ``doctor`` and ``sync-ota`` in :mod:`~tracker.cli.doctor`)
- :mod:`~tracker.cli.diff`: ``diff``; :mod:`~tracker.cli.flag`: ``flag``
- :mod:`~tracker.cli.demo`: ``demo``
- :mod:`~tracker.cli.alerts`: ``alerts …``; :mod:`~tracker.cli.imports`: ``import ota|wayback``

Every failure is one ``Error:`` line on standard error, never a traceback (unless the
global ``--debug`` option is given), and a documented exit status:

- ``0``: done; ``1``: done, but something needs attention (a document failed, a page
  was not built, a declaration has a problem);
- ``2``: the command could not do its job (:class:`~tracker.errors.ClausewatchError`: a
  broken catalog, a database in use, read-only or on a full disk, a bad setting or
  input), and an operating-system error (full disk, permission denied);
- ``3``: clausewatch itself failed (a bug: please report it, with ``--debug``'s output);
- ``130``: interrupted (Ctrl-C).
"""

from __future__ import annotations

import sqlite3
import traceback
from typing import Any

import click

from tracker.errors import ClausewatchError, describe_os_error

#: exit status of an unexpected failure (a bug) and of an interruption
INTERNAL_ERROR, INTERRUPTED = 3, 130


def explain(exc: BaseException) -> tuple[str, int]:
    """The ``Error:`` message and exit status of an exception a command let through."""
    if isinstance(exc, ClausewatchError):
        return str(exc), exc.exit_code
    if isinstance(exc, OSError):
        return describe_os_error(exc), 2
    if isinstance(exc, sqlite3.Error):
        from tracker.store.db import explain_sqlite_error

        return explain_sqlite_error("the database", exc), 2
    return (
        f"clausewatch failed unexpectedly ({type(exc).__name__}: {exc}). This is a bug: "
        "please report it with the output of the same command run as 'clausewatch --debug …'",
        INTERNAL_ERROR,
    )


class _Group(click.Group):
    """A command group that turns every failure into one clear error and an exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise  # usage errors, --help, exits: click's own
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(INTERRUPTED)
        except Exception as exc:
            message, code = explain(exc)
            if ctx.params.get("debug"):
                click.echo(traceback.format_exc(), err=True, nl=False)
            click.echo(f"Error: {message}", err=True)
            ctx.exit(code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="clausewatch")
@click.option(
    "--debug", is_flag=True, help="Show the full traceback of an error (for a bug report)."
)
def cli(debug: bool) -> None:
    """Track terms-of-service changes clause by clause, flag what matters, publish a site.

    Exit status: 0 done, 1 something needs attention, 2 could not do its job (the
    "Error:" line says why and what to do), 3 a bug (run again with --debug).

    \b
    Quick start (offline, nothing to configure):
        clausewatch demo
    Live use:
        clausewatch run --catalog catalog --db data/clausewatch.db --out site
    """


def _register() -> None:
    from tracker.cli.alerts import alerts
    from tracker.cli.catalog import catalog
    from tracker.cli.confirm import confirm_cmd
    from tracker.cli.demo import demo_cmd
    from tracker.cli.diff import diff
    from tracker.cli.flag import flag
    from tracker.cli.history import changes_cmd, reanalyse_cmd, reextract_cmd
    from tracker.cli.imports import import_group
    from tracker.cli.run import build_cmd, crawl_cmd, run_cmd
    from tracker.cli.status import status
    from tracker.cli.watch import watch

    for command in (
        crawl_cmd,
        build_cmd,
        run_cmd,
        changes_cmd,
        reextract_cmd,
        reanalyse_cmd,
        demo_cmd,
        diff,
        flag,
        catalog,
        watch,
        status,
        confirm_cmd,
        alerts,
        import_group,
    ):
        cli.add_command(command)


_register()
