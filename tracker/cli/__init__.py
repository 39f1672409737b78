"""The ``clausewatch`` command line: a thin layer over library functions.

Every command calls a function that is tested on its own (``tracker.crawl.crawl``,
``tracker.site.build_site``, ``tracker.store.queries.list_changes``, ...).  One module
per group of commands:

- :mod:`~tracker.cli.run`: ``crawl``, ``build``, ``run``; :mod:`~tracker.cli.watch`: ``watch``
- :mod:`~tracker.cli.history`: ``changes``, ``reextract``
- :mod:`~tracker.cli.status`: ``status``; :mod:`~tracker.cli.catalog`: ``catalog …``
  (its ``doctor`` and ``sync-ota`` in :mod:`~tracker.cli.doctor`)
- :mod:`~tracker.cli.diff`: ``diff``; :mod:`~tracker.cli.flag`: ``flag``
- :mod:`~tracker.cli.demo`: ``demo``

An expected failure (:class:`~tracker.errors.ClausewatchError`: a broken catalog, a
database in use or unusable, a bad setting) is printed as one ``Error:`` line and
exits with its status (2); only a bug shows a traceback.
"""

from __future__ import annotations

from typing import Any

import click

from tracker.errors import ClausewatchError


class _Group(click.Group):
    """A command group that turns a :class:`ClausewatchError` into a clear error."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ClausewatchError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="clausewatch")
def cli() -> None:
    """Track terms-of-service changes clause by clause, flag what matters, publish a site.

    \b
    Quick start (offline, nothing to configure):
        clausewatch demo
    Live use:
        clausewatch run --catalog catalog --db data/clausewatch.db --out site
    """


def _register() -> None:
    from tracker.cli.catalog import catalog
    from tracker.cli.demo import demo_cmd
    from tracker.cli.diff import diff
    from tracker.cli.flag import flag
    from tracker.cli.history import changes_cmd, reextract_cmd
    from tracker.cli.run import build_cmd, crawl_cmd, run_cmd
    from tracker.cli.status import status
    from tracker.cli.watch import watch

    for command in (
        crawl_cmd,
        build_cmd,
        run_cmd,
        changes_cmd,
        reextract_cmd,
        demo_cmd,
        diff,
        flag,
        catalog,
        watch,
        status,
    ):
        cli.add_command(command)


_register()
